/**
 * Reading `sessions.json` for a plan (cleanup, prune, du) and for apply's store write, in bounded
 * memory: one pass through the scanner's window fingerprints the bytes (SHA-256, UTF-8 check)
 * and keeps, per row, its key, where its value is in the file and its planning projection
 * (`projectPlanEntry`: the few fields the rules read; the rules' own few in columns, read
 * through a handle made at each read). Whole rows are read back from the file,
 * one at a time, only when something needs them (the disk budget's measure, the unchanged-text
 * check, the store write). No object model of every row and no whole-file buffer or string.
 */
import { createHash, type Hash } from "node:crypto"
import { isUtf8 } from "node:buffer"
import { projectionFieldSet, type ProjectionFields } from "../domain/entry.js"
import { entryKeyText, parseStoreText, serializeEntry, serializeEntryValue, serializeStore } from "../domain/storeText.js"
import type { StoreFingerprint } from "../maintenance/types.js"
import type { Rows } from "../maintenance/rows.js"
import { RowView } from "./rowView.js"
import { isCanonicalValue } from "./canonical.js"
import { type ByteSource, fileSource, scanSource, type ScannedStore, StoreChangedError } from "./scan.js"
import { errorCode, type FileInfo, type SyncFs } from "./sessionFs.js"

export type PlanStoreStatus = "missing" | "ok" | "invalid"

/** A store as a plan reads it. */
export interface PlanStore {
  readonly status: PlanStoreStatus
  /** Rows in `Object.entries` order: the key and the row's planning projection (or a handle on it: `ScannedStore.entry`). */
  readonly entries: Rows
  readonly fingerprint: StoreFingerprint
  /** Whether the file's bytes are valid UTF-8 (a missing or unreadable file counts as valid). */
  readonly utf8: boolean
  /** The whole value of a row (read back from the file; undefined for an unknown key). */
  readonly value: (key: string) => unknown
  /**
   * Whether the file's text is already what writing every row back would give
   * (`serializeStore` of all rows): a store whose rows all stay is then left as it is.
   */
  readonly unchanged: () => boolean
  /** Keys of the rows nested so deeply that writing them back may exceed the stack. */
  readonly deepKeys: ReadonlyArray<string>
  /**
   * Closes the file the rows were scanned from. Until then rows are read back from it (the bytes
   * scanned, even if the store has been replaced since); after, from the file at the path, if it
   * is still the one scanned (`StoreChangedError` otherwise).
   */
  readonly release: () => void
}

const ABSENT: StoreFingerprint = { exists: false, size: 0, mtimeMs: 0, ino: 0, sha256: "" }

const emptyStore = (status: PlanStoreStatus, fingerprint: StoreFingerprint, utf8 = true): PlanStore => ({
  status,
  entries: [],
  fingerprint,
  utf8,
  value: () => undefined,
  unchanged: () => false,
  deepKeys: [],
  release: () => {}
})

/** Incremental UTF-8 validation over consecutive chunks (a sequence may straddle two chunks). */
class Utf8Check {
  ok = true
  private carry: Buffer = Buffer.alloc(0)
  push(chunk: Uint8Array): void {
    if (!this.ok || chunk.length === 0) return
    const data = this.carry.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length) : Buffer.concat([this.carry, chunk])
    // keep back the start of a sequence that the chunk cuts
    let cut = data.length
    for (let k = 1; k <= Math.min(3, data.length); k++) {
      const c = data[data.length - k]!
      if ((c & 0xc0) === 0x80) continue
      if (c >= 0xc0) {
        const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
        if (need > k) cut = data.length - k
      }
      break
    }
    if (!isUtf8(data.subarray(0, cut))) this.ok = false
    this.carry = Buffer.from(data.subarray(cut))
  }
  end(): boolean {
    if (this.carry.length > 0) this.ok = false
    this.carry = Buffer.alloc(0)
    return this.ok
  }
}

/**
 * A source over an open file that feeds every byte, in file order, to the hash and the UTF-8
 * check as the scanner reads it (read-backs of earlier bytes are not fed twice).
 */
class FingerprintingSource implements ByteSource {
  readonly hash: Hash = createHash("sha256")
  readonly utf8 = new Utf8Check()
  private fed = 0
  constructor(
    private readonly fs: SyncFs,
    private readonly fd: number
  ) {}
  read = (target: Buffer, offset: number, length: number, position: number): number => {
    const r = this.fs.read(this.fd, target, offset, length, position)
    if (r > 0 && position <= this.fed && position + r > this.fed) {
      const fresh = target.subarray(offset + this.fed - position, offset + r)
      this.hash.update(fresh)
      this.utf8.push(fresh)
      this.fed = position + r
    }
    return r
  }
  /** Reads (and feeds) whatever the scan did not read, up to the end of the file. */
  drain(): void {
    const chunk = Buffer.allocUnsafe(1 << 20)
    while (this.read(chunk, 0, chunk.length, this.fed) > 0) {
      // fed inside read
    }
  }
  fingerprint(info: FileInfo): StoreFingerprint {
    return { exists: true, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, sha256: this.hash.digest("hex") }
  }
}

/**
 * Reads back rows after the scan: each read opens the file again and checks it is still the
 * file that was scanned (inode, size, mtime), so nothing stays open and a store replaced
 * meanwhile is noticed (`StoreChangedError`) rather than mixed with the old one.
 */
const reopeningSource = (fs: SyncFs, file: string, was: StoreFingerprint): ByteSource => ({
  read: (target, offset, length, position) => {
    const fd = fs.open(file, "r")
    try {
      const now = fs.fstat(fd)
      if (now.ino !== was.ino || now.size !== was.size || now.mtimeMs !== was.mtimeMs) throw new StoreChangedError()
      return fs.read(fd, target, offset, length, position)
    } finally {
      fs.close(fd)
    }
  }
})

/**
 * Compares the text `serializeStore` would write for every row with the file's bytes, row by
 * row (a non-UTF-8 file is compared as the text it decodes to, as a whole).
 */
const sameAsWritten = (source: ByteSource, scanned: ScannedStore, fingerprint: StoreFingerprint, utf8: boolean): boolean => {
  if (!utf8) {
    // rare: compare decoded texts, as reading the text and re-serialising it would
    const text = readAt(source, 0, fingerprint.size).toString("utf8")
    const entries = parseStoreText(text)
    return entries !== undefined && serializeStore(entries) === text
  }
  if (scanned.count === 0) return fingerprint.size === 2 && readAt(source, 0, 2).toString("latin1") === "{}"
  let position = 0
  const matches = (text: string): boolean => {
    const expected = Buffer.from(text, "utf8")
    if (position + expected.length > fingerprint.size) return false
    const ok = readAt(source, position, expected.length).equals(expected)
    position += expected.length
    return ok
  }
  for (let row = 0; row < scanned.count; row++) {
    if (!matches((row === 0 ? "{\n" : ",\n") + entryKeyText(scanned.key(row)))) return false
    // a value that is already written as the store write writes it, right here, is its own text
    if (scanned.start(row) === position && isCanonicalValue(scanned.valueBytes(row), 1)) {
      position = scanned.end(row)
      continue
    }
    if (!matches(serializeEntryValue(scanned.value(row)))) return false
  }
  return matches("\n}") && position === fingerprint.size
}

const readAt = (source: ByteSource, position: number, length: number): Buffer => {
  const out = Buffer.allocUnsafe(length)
  let got = 0
  while (got < length) {
    const r = source.read(out, got, length - got, position + got)
    if (r === 0) break
    got += r
  }
  return out.subarray(0, got)
}

/**
 * How a scan keeps each row's projection: the rules' few fields in columns (an entry is then an
 * `EntryFields` made at each read), every planning field as an object per row (the dry-run's
 * table reads a dozen fields of every row, several times while it sorts them; objects are what
 * it reads fastest, and columns of a dozen fields would not take less).
 */
const keepOf = (fields: ProjectionFields): "columns" | "project" => (fields === "rules" ? "columns" : "project")

/**
 * The scan of an open store file: its rows (with projections when `project`), fingerprint and
 * UTF-8 check. Undefined when the bytes are not a JSON object (the fingerprint is still taken).
 */
const scanOpenStore = (
  fs: SyncFs,
  fd: number,
  /** The projection each row keeps; `offsets`: none, and no keys either (read back when asked). */
  project: ProjectionFields | "offsets"
): { readonly scanned: ScannedStore | undefined; readonly fingerprint: StoreFingerprint; readonly utf8: boolean } => {
  const info = fs.fstat(fd)
  const source = new FingerprintingSource(fs, fd)
  const result =
    project === "offsets" ? scanSource(source, undefined, "offsets") : scanSource(source, undefined, keepOf(project), projectionFieldSet(project))
  source.drain()
  const utf8 = source.utf8.end()
  return { scanned: result._tag === "rejected" ? undefined : result, fingerprint: source.fingerprint(info), utf8 }
}

/** A store file opened and scanned: its rows (`ok`), or why there are none. */
type Opened =
  | { readonly status: "missing" | "invalid"; readonly fingerprint: StoreFingerprint; readonly utf8: boolean }
  | {
      readonly status: "ok"
      readonly scanned: ScannedStore
      readonly fingerprint: StoreFingerprint
      readonly utf8: boolean
      /** The row of a key (undefined for an unknown key). */
      readonly rowOf: (key: string) => number | undefined
      /** Where rows are read back from now. */
      readonly source: () => ByteSource
      readonly release: () => void
    }

/**
 * Opens and scans `file` (with projections when `project`) and keeps it open: rows are read
 * back through it (the bytes scanned) until `release()`, then through the path
 * (`reopeningSource`). A missing file is `missing`; one that cannot be read or is not a JSON
 * object is `invalid` (read as empty, as the reference reads it; writers refuse it, D5).
 */
const openScanned = (fs: SyncFs, file: string, project: ProjectionFields | "offsets"): Opened => {
  let fd: number
  try {
    fd = fs.open(file, "r")
  } catch (error) {
    const code = errorCode(error)
    return { status: code === "ENOENT" || code === "ENOTDIR" ? "missing" : "invalid", fingerprint: ABSENT, utf8: true }
  }
  let read: ReturnType<typeof scanOpenStore>
  try {
    read = scanOpenStore(fs, fd, project)
  } catch (error) {
    fs.close(fd)
    if (errorCode(error) !== undefined) return { status: "invalid", fingerprint: ABSENT, utf8: true }
    throw error
  }
  const { scanned, fingerprint, utf8 } = read
  if (scanned === undefined) {
    fs.close(fd)
    return { status: "invalid", fingerprint, utf8 }
  }
  let current: ByteSource = fileSource(fs, fd)
  let open = true
  scanned.readBackFrom(current)
  const release = () => {
    if (!open) return
    open = false
    fs.close(fd)
    current = reopeningSource(fs, file, fingerprint)
    scanned.readBackFrom(current)
  }
  let rows: Map<string, number> | undefined
  const rowOf = (key: string) => {
    if (rows === undefined) {
      rows = new Map()
      for (let row = 0; row < scanned.count; row++) rows.set(scanned.key(row), row)
    }
    return rows.get(key)
  }
  return { status: "ok", scanned, fingerprint, utf8, rowOf, source: () => current, release }
}

/**
 * Reads the store at `file` for a plan. A missing file is an empty store (`missing`); a path that
 * cannot be read or is not a JSON object reads as empty (`invalid`), as the reference reads it.
 */
export const readPlanStore = (fs: SyncFs, file: string, fields: ProjectionFields = "plan"): PlanStore => {
  const opened = openScanned(fs, file, fields)
  if (opened.status !== "ok") return emptyStore(opened.status, opened.fingerprint, opened.utf8)
  const { scanned, fingerprint, utf8, rowOf, source, release } = opened
  // (each row's pair is made when a rule reads it: `RowView`; the keys are the scanner's own)
  const entries = new RowView({ count: scanned.count, key: (row) => scanned.key(row), entry: (row) => scanned.entry(row) })
  let unchanged: boolean | undefined
  return {
    status: "ok",
    entries,
    fingerprint,
    utf8,
    value: (key) => {
      const row = rowOf(key)
      return row === undefined ? undefined : scanned.value(row)
    },
    unchanged: () => (unchanged ??= sameAsWritten(source(), scanned, fingerprint, utf8)),
    deepKeys: scanned.deepRows().map((row) => scanned.key(row)),
    release
  }
}

/**
 * `rowOf` for keys asked in store order (the kept rows of a plan are): each is looked for from
 * where the last one was found (`keyIs(row, key)`: whether row `row` of the `count` has key
 * `key`), without a map of every key; after the first key that is not found that way (asked out
 * of order, or unknown), `rowOf` answers.
 */
export const inStoreOrder = (count: number, keyIs: (row: number, key: string) => boolean, rowOf: (key: string) => number | undefined) => {
  let next = 0
  let ordered = true
  return (key: string): number | undefined => {
    if (ordered) {
      for (let row = next; row < count; row++) {
        if (keyIs(row, key)) {
          next = row + 1
          return row
        }
      }
      ordered = false
    }
    return rowOf(key)
  }
}

/**
 * A store as apply reads it before writing: how many rows it has, whether a row has a given key
 * (no key is kept or made: apply has its plan's), and the means to stream it.
 */
export interface StoreForWrite {
  readonly status: PlanStoreStatus
  readonly fingerprint: StoreFingerprint
  readonly utf8: boolean
  /** How many rows (`Object.entries`). */
  readonly count: number
  /** Whether row `row` (in `Object.entries` order) has key `key`. */
  readonly keyIs: (row: number, key: string) => boolean
  /** The rows' keys in `Object.entries` order, made now. */
  readonly keys: () => ReadonlyArray<string>
  /** Streams the file's bytes as they were read (`StoreChangedError` when it was replaced since). */
  readonly copy: (write: (data: Uint8Array) => void) => void
  /**
   * Streams `serializeStore` of the rows `keys` (in that order), as text: each row's value read
   * back from the file and written as the reference writes it. A `RangeError` for a value nested
   * too deeply; `StoreChangedError` when the file was replaced since.
   */
  readonly serialize: (keys: ReadonlyArray<string>, write: (data: string | Uint8Array) => void) => void
  /** Closes the store file (read back until then: the bytes scanned). */
  readonly release: () => void
}

/**
 * Reads the store at `file` for a write, in bounded memory (one scan: byte ranges, fingerprint,
 * UTF-8 check; keys are read back from the file when asked). Missing and unreadable files as in
 * `readPlanStore`.
 */
export const readStoreForWrite = (fs: SyncFs, file: string): StoreForWrite => {
  const empty = (status: PlanStoreStatus, fingerprint: StoreFingerprint, utf8 = true): StoreForWrite => ({
    status,
    fingerprint,
    utf8,
    count: 0,
    keyIs: () => false,
    keys: () => [],
    copy: () => {},
    serialize: (_keys, write) => write("{}"),
    release: () => {}
  })
  const opened = openScanned(fs, file, "offsets")
  if (opened.status !== "ok") return empty(opened.status, opened.fingerprint, opened.utf8)
  const { scanned, fingerprint, utf8, rowOf, source, release } = opened
  const keyIs = (row: number, key: string) => scanned.keyIs(row, key)
  return {
    status: "ok",
    fingerprint,
    utf8,
    count: scanned.count,
    keyIs,
    keys: () => {
      const keys: Array<string> = new Array(scanned.count)
      for (let row = 0; row < scanned.count; row++) keys[row] = scanned.key(row)
      return keys
    },
    copy: (write) => {
      const chunk = Buffer.allocUnsafe(1 << 20)
      for (let position = 0; position < fingerprint.size; ) {
        const r = source().read(chunk, 0, Math.min(chunk.length, fingerprint.size - position), position)
        if (r === 0) throw new StoreChangedError()
        write(chunk.subarray(0, r))
        position += r
      }
    },
    serialize: (wanted, write) => {
      if (wanted.length === 0) return write("{}")
      const rowOfNext = inStoreOrder(scanned.count, keyIs, rowOf)
      wanted.forEach((key, i) => {
        const row = rowOfNext(key)
        if (row === undefined) throw new Error(`no row ${key} in ${file}`)
        // a row already written as the reference writes it goes through as it is
        const bytes = scanned.valueBytes(row)
        if (isCanonicalValue(bytes, 1)) {
          write((i === 0 ? "{\n" : ",\n") + entryKeyText(key))
          write(bytes)
        } else write((i === 0 ? "{\n" : ",\n") + serializeEntry(key, scanned.value(row)))
      })
      write("\n}")
    },
    release
  }
}
