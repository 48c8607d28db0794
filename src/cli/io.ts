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
  /** Whether stderr is a terminal (colour of argument errors); absent means no. */
  readonly errIsTty?: boolean
}

export class Stdio extends Context.Tag("clawkeep/Stdio")<Stdio, StdioShape>() {
  static readonly layer: Layer.Layer<Stdio> = Layer.succeed(Stdio, {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTty: process.stdout.isTTY === true,
    errIsTty: process.stderr.isTTY === true
  })
  /** Collects output in memory; read it back through the returned buffers. */
  static readonly memory = () => {
    const buffers = { stdout: "", stderr: "" }
    const layer = Layer.succeed(Stdio, {
      out: (text: string) => void (buffers.stdout += text),
      err: (text: string) => void (buffers.stderr += text)
    })
    return { layer, buffers }
  }
}

export const writeStdout = (text: string): Effect.Effect<void, never, Stdio> => Effect.map(Stdio, (io) => io.out(text))
export const writeStderr = (text: string): Effect.Effect<void, never, Stdio> => Effect.map(Stdio, (io) => io.err(text))
