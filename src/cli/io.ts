/**
 * Where command output goes. stdout carries only command data; diagnostics go to stderr.
 * A service so tests (and library callers) can capture both.
 */
import { Context, Effect, Layer } from "effect"

export interface StdioShape {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** Whether stdout is a terminal (colour detection); absent means no. */
  readonly isTty?: boolean
  /** Whether stderr is a terminal (colour of argument errors, progress); absent means no. */
  readonly errIsTty?: boolean
  /** The width of stderr's terminal, when it is one. */
  readonly errColumns?: number
}

export class Stdio extends Context.Tag("clawkeep/Stdio")<Stdio, StdioShape>() {
  /**
   * The process's stdout and stderr. A reader that goes away early (`clawkeep sessions | head`)
   * closes the pipe: the write fails with EPIPE, reported as an 'error' event that would
   * otherwise crash the process with a stack trace. Such a stream is marked closed and later
   * writes to it are dropped, so the command ends quietly with its own exit code.
   */
  static readonly layer: Layer.Layer<Stdio> = Layer.sync(Stdio, () => {
    const out = closeOnBrokenPipe(process.stdout)
    const err = closeOnBrokenPipe(process.stderr)
    return {
      out: (text) => out(text),
      err: (text) => err(text),
      isTty: process.stdout.isTTY === true,
      errIsTty: process.stderr.isTTY === true,
      ...(process.stderr.isTTY === true && process.stderr.columns > 0 ? { errColumns: process.stderr.columns } : {})
    }
  })
  /** Collects output in memory; read it back through the returned buffers. */
  static readonly memory = (terminals: { readonly isTty?: boolean; readonly errIsTty?: boolean; readonly errColumns?: number } = {}) => {
    const buffers = { stdout: "", stderr: "" }
    const layer = Layer.succeed(Stdio, {
      out: (text: string) => void (buffers.stdout += text),
      err: (text: string) => void (buffers.stderr += text),
      ...terminals
    })
    return { layer, buffers }
  }
}

const guarded = new WeakMap<NodeJS.WriteStream, (text: string) => void>()

/**
 * A writer for `stream` that stops writing once the stream reports EPIPE (its reader is gone).
 * Other stream errors are rethrown as before. Installed once per stream.
 */
export const closeOnBrokenPipe = (stream: NodeJS.WriteStream): ((text: string) => void) => {
  const existing = guarded.get(stream)
  if (existing !== undefined) return existing
  let closed = false
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") {
      closed = true
      return
    }
    throw error
  })
  const write = (text: string): void => {
    if (closed) return
    try {
      stream.write(text)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EPIPE") closed = true
      else throw error
    }
  }
  guarded.set(stream, write)
  return write
}

export const writeStdout = (text: string): Effect.Effect<void, never, Stdio> => Effect.map(Stdio, (io) => io.out(text))

/** Characters of text handed to stdout at once by `writeStdoutLines`. */
const PIECE_CHARS = 1 << 16

/**
 * Writes lines, each followed by a newline, in pieces of some 64 KiB: a table of 100 000 rows is
 * never one string of its whole text (nor a copy of it on the way out).
 */
export const writeStdoutLines = (lines: Iterable<string>): Effect.Effect<void, never, Stdio> =>
  Effect.map(Stdio, (io) => {
    let piece = ""
    for (const line of lines) {
      piece += line + "\n"
      if (piece.length >= PIECE_CHARS) {
        io.out(piece)
        piece = ""
      }
    }
    if (piece !== "") io.out(piece)
  })
export const writeStderr = (text: string): Effect.Effect<void, never, Stdio> => Effect.map(Stdio, (io) => io.err(text))
