/**
 * The one door to the disk. Every read and write of clawkeep (store, transcripts, sidecars,
 * archives, config, the SQLite-era probe, export bundles, the list scanner's bytes) goes through
 * the `SessionFs` service.
 *
 * A layer supplies a `SyncFs`: a small, Node-`fs`-shaped set of synchronous calls that throw
 * Node-style errors (with `code`). The live layer (`nodeFs.ts`) passes Node's own `fs`; the
 * in-memory layer (`memoryFs.ts`) passes a `memfs` volume, which has symlinks, `lstat` and
 * `realpath` too. On top of it, `makeSessionFs` builds the Effect operations the programs use.
 *
 * Byte scanners (the list scanner, the transcript reader) and the pure planners' path probe
 * read synchronously through `sync`; everything else uses the Effect operations.
 */
import { Context, Effect } from "effect"
import * as path from "node:path"
import { FileSystemError } from "../domain/errors.js"

/** What `lstat`/`stat`/`fstat` answer, in the fields clawkeep uses. */
export interface FileInfo {
  readonly kind: "file" | "directory" | "symlink" | "other"
  readonly size: number
  readonly mtimeMs: number
  readonly ino: number
  readonly dev: number
  /** Permission and type bits (`st_mode`). */
  readonly mode: number
  /** Hard links to the file. */
  readonly nlink: number
}

/** The synchronous, Node-shaped calls a layer provides. Failures throw errors with a `code`. */
export interface SyncFs {
  lstat(p: string): FileInfo
  /**
   * `lstat`, or undefined when nothing is at `p` (`ENOENT`, `ENOTDIR`): asked of paths that
   * mostly do not exist (archive names), without the cost of a thrown error.
   */
  lstatIfAny(p: string): FileInfo | undefined
  stat(p: string): FileInfo
  fstat(fd: number): FileInfo
  realpath(p: string): string
  readdir(p: string): Array<string>
  readFile(p: string): Uint8Array
  readText(p: string): string
  exists(p: string): boolean
  /** `flags` as Node's: `r`, `wx` (create exclusively), `w`, `a`. */
  open(p: string, flags: string, mode?: number): number
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number
  write(fd: number, data: Uint8Array, offset?: number, length?: number): number
  fsync(fd: number): void
  close(fd: number): void
  rename(from: string, to: string): void
  unlink(p: string): void
  rmdir(p: string): void
  mkdir(p: string, options?: { readonly recursive?: boolean; readonly mode?: number }): void
  chmod(p: string, mode: number): void
  /** The process umask (the in-memory layer answers 0o022). */
  umask(): number
  /** A fresh random suffix for temp names. */
  randomId(): string
  /** The OS's `realpath(3)` (Node's `realpathSync.native`): its errors name `realpath` and the whole path. */
  realpathNative(p: string): string
}

/** A Node-style error code (`ENOENT`, `EEXIST`, …) of a thrown value, if any. */
export const errorCode = (error: unknown): string | undefined => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  return typeof code === "string" ? code : undefined
}

/** The message of a thrown value. */
export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === "object" && error !== null && "message" in error ? String((error as { message: unknown }).message) : String(error)

const failure = (p: string) => (error: unknown) => new FileSystemError({ path: p, message: errorMessage(error) })

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  /** Mode of the new file (default 0o600). */
  readonly mode?: number
  /** Prefix of the temp file's name, made in the same directory (default `.clawkeep-write`). */
  readonly tempPrefix?: string
}

export interface SessionFsShape {
  /** The layer's synchronous calls (byte scanners, the planners' probe). */
  readonly sync: SyncFs
  readonly lstat: (p: string) => Effect.Effect<FileInfo, FileSystemError>
  readonly stat: (p: string) => Effect.Effect<FileInfo, FileSystemError>
  /** `lstat`, or undefined when the path does not exist. */
  readonly lstatOrUndefined: (p: string) => Effect.Effect<FileInfo | undefined, FileSystemError>
  readonly realpath: (p: string) => Effect.Effect<string, FileSystemError>
  readonly readdir: (p: string) => Effect.Effect<ReadonlyArray<string>, FileSystemError>
  readonly readFile: (p: string) => Effect.Effect<Uint8Array, FileSystemError>
  readonly readText: (p: string) => Effect.Effect<string, FileSystemError>
  readonly exists: (p: string) => Effect.Effect<boolean>
  readonly rename: (from: string, to: string) => Effect.Effect<void, FileSystemError>
  readonly unlink: (p: string) => Effect.Effect<void, FileSystemError>
  readonly mkdir: (p: string, options?: { readonly recursive?: boolean; readonly mode?: number }) => Effect.Effect<void, FileSystemError>
  /** Creates a file that must not exist yet (`O_EXCL`) with the given bytes, fsynced. */
  readonly createExclusive: (p: string, data: Uint8Array | string, mode?: number) => Effect.Effect<void, FileSystemError>
  /**
   * Replaces `p` atomically: a temp file in the same directory (created exclusively, fsynced),
   * renamed over `p`, then the directory fsynced (best effort). The temp file is removed when
   * any step fails. Missing parent directories are created (never re-moded).
   */
  readonly writeFileAtomic: (p: string, data: Uint8Array | string, options?: AtomicWriteOptions) => Effect.Effect<void, FileSystemError>
}

const encoder = new TextEncoder()
const bytesOf = (data: Uint8Array | string): Uint8Array => (typeof data === "string" ? encoder.encode(data) : data)

const writeAll = (fs: SyncFs, fd: number, data: Uint8Array) => {
  let done = 0
  while (done < data.length) done += fs.write(fd, data, done, data.length - done)
}

/** Creates `p` exclusively with `data`, fsynced; on a failure the partial file is removed. */
export const createExclusiveSync = (fs: SyncFs, p: string, data: Uint8Array, mode: number): void =>
  createExclusiveWith(fs, p, mode, (fd) => writeAll(fs, fd, data))

/**
 * `createExclusiveSync` of bytes given in pieces: `produce` calls `write` with each piece, in
 * order — bytes, or text written as UTF-8 — and the pieces are gathered into large writes (text
 * is encoded straight into the write buffer). A failure, in `produce` too, removes the file.
 */
export const createExclusiveStreamSync = (
  fs: SyncFs,
  p: string,
  produce: (write: (data: Uint8Array | string) => void) => void,
  mode: number
): void =>
  createExclusiveWith(fs, p, mode, (fd) => {
    const pending = Buffer.allocUnsafe(1 << 20)
    let used = 0
    const flush = () => {
      if (used > 0) writeAll(fs, fd, pending.subarray(0, used))
      used = 0
    }
    produce((data) => {
      const length = typeof data === "string" ? Buffer.byteLength(data) : data.length
      if (length > pending.length - used) flush()
      if (length >= pending.length) writeAll(fs, fd, typeof data === "string" ? Buffer.from(data) : data)
      else if (typeof data === "string") used += pending.write(data, used)
      else {
        pending.set(data, used)
        used += data.length
      }
    })
    flush()
  })

/** Creates `p` exclusively with `mode`, lets `fill` write it, fsyncs it; any failure removes it. */
const createExclusiveWith = (fs: SyncFs, p: string, mode: number, fill: (fd: number) => void): void => {
  const fd = fs.open(p, "wx", mode)
  try {
    fill(fd)
    fs.fsync(fd)
  } catch (error) {
    fs.close(fd)
    try {
      fs.unlink(p)
    } catch {
      // already gone
    }
    throw error
  }
  fs.close(fd)
}

/** fsyncs a directory (after a rename in it); best effort. */
export const fsyncDir = (fs: SyncFs, dir: string): void => {
  try {
    const fd = fs.open(dir, "r")
    try {
      fs.fsync(fd)
    } finally {
      fs.close(fd)
    }
  } catch {
    // directory fsync is best effort (not supported everywhere)
  }
}

/** The Effect operations over a layer's synchronous calls. */
export const makeSessionFs = (fs: SyncFs): SessionFsShape => {
  const attempt = <A>(p: string, f: () => A): Effect.Effect<A, FileSystemError> => Effect.try({ try: f, catch: failure(p) })
  return {
    sync: fs,
    lstat: (p) => attempt(p, () => fs.lstat(p)),
    stat: (p) => attempt(p, () => fs.stat(p)),
    lstatOrUndefined: (p) =>
      Effect.try({
        try: () => {
          try {
            return fs.lstat(p)
          } catch (error) {
            const code = errorCode(error)
            if (code === "ENOENT" || code === "ENOTDIR") return undefined
            throw error
          }
        },
        catch: failure(p)
      }),
    realpath: (p) => attempt(p, () => fs.realpath(p)),
    readdir: (p) => attempt(p, () => fs.readdir(p)),
    readFile: (p) => attempt(p, () => fs.readFile(p)),
    readText: (p) => attempt(p, () => fs.readText(p)),
    exists: (p) => Effect.sync(() => fs.exists(p)),
    rename: (from, to) => attempt(from, () => fs.rename(from, to)),
    unlink: (p) => attempt(p, () => fs.unlink(p)),
    mkdir: (p, options) => attempt(p, () => fs.mkdir(p, options)),
    createExclusive: (p, data, mode = 0o600) => attempt(p, () => createExclusiveSync(fs, p, bytesOf(data), mode)),
    writeFileAtomic: (p, data, options) =>
      attempt(p, () => {
        const dir = path.dirname(p)
        if (!fs.exists(dir)) fs.mkdir(dir, { recursive: true })
        const tmp = path.join(dir, `${options?.tempPrefix ?? ".clawkeep-write"}.${fs.randomId()}.tmp`)
        createExclusiveSync(fs, tmp, bytesOf(data), options?.mode ?? 0o600)
        try {
          fs.rename(tmp, p)
        } catch (error) {
          try {
            fs.unlink(tmp)
          } catch {
            // already gone
          }
          throw error
        }
        fsyncDir(fs, dir)
      })
  }
}

/** The file-system service. Provide `NodeSessionFs.layer` (live) or a `memoryFs(...)` layer. */
export class SessionFs extends Context.Tag("clawkeep/SessionFs")<SessionFs, SessionFsShape>() {}

/** Reads the service's synchronous calls. */
export const syncFs: Effect.Effect<SyncFs, never, SessionFs> = Effect.map(SessionFs, (fs) => fs.sync)
