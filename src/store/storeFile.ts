/**
 * Reading and writing `sessions.json` (docs/store-model.md#reading-sessionsjson). A store is an ordered map of key → raw
 * JSON value: entries are never rebuilt, so unknown fields and key order survive a rewrite.
 */
import { Effect } from "effect"
import { FileSystemError, StoreUnreadableError } from "../domain/errors.js"
import { createHash } from "node:crypto"
import type { StoreFingerprint } from "../maintenance/types.js"
import { errorCode, errorMessage, SessionFs, type SyncFs } from "./sessionFs.js"
import { parseStoreText, serializeStore, type SessionStore } from "../domain/storeText.js"

export type { SessionStore } from "../domain/storeText.js"
export { isArrayIndexKey, parseStoreText, serializeEntry, serializeStore, storeKeyOrder } from "../domain/storeText.js"

export type StoreStatus = "missing" | "ok" | "invalid"

export interface StoreRead {
  readonly path: string
  /** `missing`: no file; `invalid`: a path that cannot be read, or not a JSON object (read as empty). */
  readonly status: StoreStatus
  /** The file's text when it could be read. */
  readonly text: string | undefined
  readonly entries: SessionStore
}

/** A store read with the fingerprint of the bytes it was read from. */
export interface FingerprintedStoreRead extends StoreRead {
  readonly fingerprint: StoreFingerprint
  /** False when the bytes are not valid UTF-8 (the text then holds U+FFFD where they were). */
  readonly utf8: boolean
  /** The file's bytes as read (undefined when it could not be read). */
  readonly bytes: Uint8Array | undefined
}

// ignoreBOM: a leading byte-order mark stays in the text, where JSON.parse rejects it, as the reference reads it
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })

const ABSENT: StoreFingerprint = { exists: false, size: 0, mtimeMs: 0, ino: 0, sha256: "" }

/**
 * The whole content of an open file: one buffer of the size `fstat` gave (plus one byte, to see
 * the end), grown only if the file grew meanwhile.
 */
const readAll = (fs: SyncFs, fd: number, sizeHint: number): Buffer => {
  let buffer = Buffer.allocUnsafe(sizeHint + 1)
  let total = 0
  for (;;) {
    if (total === buffer.length) {
      const grown = Buffer.allocUnsafe(buffer.length * 2)
      buffer.copy(grown, 0, 0, total)
      buffer = grown
    }
    const n = fs.read(fd, buffer, total, buffer.length - total, null)
    if (n === 0) break
    total += n
  }
  return buffer.subarray(0, total)
}

/** The fingerprint of store bytes as read (`fstat` of the open file, SHA-256 of the bytes). */
export const storeFingerprint = (info: { readonly size: number; readonly mtimeMs: number; readonly ino: number }, bytes: Uint8Array): StoreFingerprint => ({
  exists: true,
  size: info.size,
  mtimeMs: info.mtimeMs,
  ino: info.ino,
  sha256: createHash("sha256").update(bytes).digest("hex")
})

/**
 * Reads a store and fingerprints it; a missing file, an unreadable path or a file that is not a
 * JSON object reads as empty (status `missing` / `invalid`).
 */
export const readStoreFingerprinted = (storePath: string): Effect.Effect<FingerprintedStoreRead, FileSystemError, SessionFs> =>
  Effect.flatMap(SessionFs, ({ sync: fs }) =>
    Effect.try({
      try: (): FingerprintedStoreRead => {
        let bytes: Buffer
        let fingerprint: StoreFingerprint
        try {
          const fd = fs.open(storePath, "r")
          try {
            const info = fs.fstat(fd)
            bytes = readAll(fs, fd, info.size)
            fingerprint = storeFingerprint(info, bytes)
          } finally {
            fs.close(fd)
          }
        } catch (error) {
          const code = errorCode(error)
          if (code === "ENOENT" || code === "ENOTDIR") {
            return { path: storePath, status: "missing", text: undefined, entries: new Map(), fingerprint: ABSENT, utf8: true, bytes: undefined }
          }
          // Anything else that cannot be read (a directory, no permission, …) lists as empty, as in
          // the reference; writers refuse it like an unparseable file (D5).
          return { path: storePath, status: "invalid", text: undefined, entries: new Map(), fingerprint: ABSENT, utf8: true, bytes: undefined }
        }
        let text: string
        let utf8 = true
        try {
          text = strictUtf8.decode(bytes)
        } catch {
          text = bytes.toString("utf8")
          utf8 = false
        }
        const entries = parseStoreText(text)
        return entries === undefined
          ? { path: storePath, status: "invalid", text, entries: new Map(), fingerprint, utf8, bytes }
          : { path: storePath, status: "ok", text, entries, fingerprint, utf8, bytes }
      },
      catch: (error) => new FileSystemError({ path: storePath, message: errorMessage(error) })
    })
  ).pipe(Effect.tap((read) => Effect.logDebug(`read store ${storePath}: ${read.status}, ${read.entries.size} rows, ${read.fingerprint.size} bytes`)))

/**
 * Reads a store; a missing file, an unreadable path or a file that is not a JSON object reads as
 * empty (status `missing` / `invalid`).
 */
export const readStore = (storePath: string): Effect.Effect<StoreRead, FileSystemError, SessionFs> =>
  Effect.map(readStoreFingerprinted(storePath), ({ fingerprint: _, utf8: __, bytes: ___, ...read }) => read)

/**
 * The stderr line read-only commands print for a store that exists but is not a JSON object
 * (they read it as empty, as the reference does silently; writing commands refuse it, D5).
 */
export const unreadableStoreWarning = (storePath: string): string =>
  `Warning: session store is not a valid JSON object and was read as empty: ${storePath}`

/** The same warning for a store path that is a directory, which is no store file at all. */
export const directoryStoreWarning = (storePath: string): string =>
  `Warning: session store path is a directory, not a file, and was read as empty: ${storePath}`

/** Whether a stderr line is one of those warnings (differential tests drop them; the reference has none). */
export const isUnreadableStoreWarning = (line: string): boolean =>
  line.startsWith("Warning: session store is not a valid JSON object and was read as empty: ") ||
  line.startsWith("Warning: session store path is a directory, not a file, and was read as empty: ")

/**
 * The stderr note `sessions --store <path>` prints when nothing is at that path (the list then
 * says "No sessions found.", as the reference does, which hides a mistyped path).
 */
export const missingStoreNote = (storePath: string): string => `Note: no session store at ${storePath}`

/** Whether a stderr line is that note (differential tests drop it; the reference has none). */
export const isMissingStoreNote = (line: string): boolean => line.startsWith("Note: no session store at ")

/** Fails when a store exists but could not be read as a JSON object (D5): writers must not overwrite it. */
export const requireWritable = (read: StoreRead): Effect.Effect<StoreRead, StoreUnreadableError> =>
  read.status === "invalid"
    ? Effect.fail(
        new StoreUnreadableError({
          path: read.path,
          message: `Session store is not a valid JSON object: ${read.path}; refusing to write`
        })
      )
    : Effect.succeed(read)

/**
 * Where a write of the store must go: the store path itself, or, when it is a symbolic link, the
 * file it points to (so the link and its target never diverge). Fails with the reason when the
 * link dangles or points at something that is not a regular file.
 */
export const storeWriteTarget = (storePath: string): Effect.Effect<string, StoreUnreadableError, SessionFs> =>
  Effect.flatMap(SessionFs, ({ sync: fs }) => {
    let isLink = false
    try {
      isLink = fs.lstat(storePath).kind === "symlink"
    } catch {
      return Effect.succeed(storePath)
    }
    if (!isLink) return Effect.succeed(storePath)
    const refuse = (why: string) =>
      Effect.fail(new StoreUnreadableError({ path: storePath, message: `Session store ${storePath} is a symbolic link ${why}; refusing to write` }))
    let real: string
    try {
      real = fs.realpath(storePath)
    } catch {
      return refuse("whose target does not exist")
    }
    let kind: string
    try {
      kind = fs.stat(real).kind
    } catch {
      return refuse("whose target cannot be read")
    }
    return kind === "file" ? Effect.succeed(real) : refuse(`to a ${kind} (${real})`)
  })

export interface WriteResult {
  readonly path: string
  /** False when the serialised text equalled the file's text and nothing was written. */
  readonly written: boolean
  readonly bytes: number
}

/**
 * Writes a store atomically: a temp file in the same directory (created exclusively, mode 0600,
 * fsynced), renamed over `sessions.json`. Skipped when the text is unchanged.
 */
export const writeStoreText = (
  storePath: string,
  text: string,
  previousText: string | undefined
): Effect.Effect<WriteResult, FileSystemError, SessionFs> =>
  Effect.gen(function* () {
    const bytes = Buffer.byteLength(text)
    if (previousText !== undefined && previousText === text) return { path: storePath, written: false, bytes }
    const fs = yield* SessionFs
    yield* fs.writeFileAtomic(storePath, text, { mode: 0o600 })
    yield* Effect.logDebug(`wrote store ${storePath}: ${bytes} bytes`)
    return { path: storePath, written: true, bytes }
  })

/** Serialises and writes a store (see `writeStoreText`). */
export const writeStore = (storePath: string, entries: SessionStore, previousText: string | undefined) =>
  writeStoreText(storePath, serializeStore(entries), previousText)
