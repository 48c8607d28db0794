/**
 * Reading one store for the list: the light rows (key, `updatedAt`, where the value is) without
 * parsing the values of rows that will not be printed (list §3, store-model §5.1).
 *
 * Rows are addressed by index (0 … count−1, in `Object.entries` order) so that a store of
 * 100 000 rows costs a few numbers per row rather than an object per row.
 */
import * as fs from "node:fs"
import { constants as bufferConstants } from "node:buffer"
import { isRecord } from "../domain/json.js"
import { fileSource, scanSource, scanStore, type ScannedStore } from "./scan.js"

/** The rows of one store. */
export interface StoreRows {
  readonly count: number
  key(row: number): string
  /** `entry?.updatedAt` of the raw entry (undefined when absent or the entry is not an object). */
  updatedAt(row: number): unknown
  /** The row's value (parsed on demand for scanned stores). */
  value(row: number): unknown
  /** Where the row is in the file (rows are read back fastest in this order). */
  position(row: number): number
  /** The file exists but could not be read or is not a JSON object (it lists as empty). */
  readonly unreadable: boolean
  /** Releases the open file, if any; rows cannot be read after this. */
  close(): void
}

/** Reads a whole open file into a Buffer; works beyond `readFileSync`'s 2 GiB limit. */
const readWhole = (fd: number): Buffer => {
  const size = fs.fstatSync(fd).size
  const buffer = Buffer.allocUnsafe(size)
  let offset = 0
  while (offset < size) {
    const read = fs.readSync(fd, buffer, offset, Math.min(0x40000000, size - offset), offset)
    if (read === 0) break
    offset += read
  }
  return offset === size ? buffer : buffer.subarray(0, offset)
}

const noop = (): void => {}

/** Rows of an object that is already in memory. */
const rowsOfObject = (store: Record<string, unknown>, unreadable = false): StoreRows => {
  const entries = Object.entries(store)
  return {
    count: entries.length,
    key: (row) => entries[row]![0],
    updatedAt: (row) => {
      const entry = entries[row]![1]
      return isRecord(entry) ? entry["updatedAt"] : undefined
    },
    value: (row) => entries[row]![1],
    position: (row) => row,
    unreadable,
    close: noop
  }
}

const EMPTY_UNREADABLE = rowsOfObject({}, true)

/** Rows of a scanned store; `close` releases what the scan reads values from. */
const rowsOfScan = (scan: ScannedStore, close: () => void): StoreRows => ({
  count: scan.count,
  key: (row) => scan.key(row),
  updatedAt: (row) => scan.updatedAt(row),
  value: (row) => scan.value(row),
  position: (row) => scan.start(row),
  unreadable: false,
  close
})

/** The plain path: decode and `JSON.parse` the whole file; undefined when it is not an object. */
const rowsByJsonParse = (buffer: Buffer): StoreRows | undefined => {
  if (buffer.length > bufferConstants.MAX_STRING_LENGTH) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(buffer.toString("utf8"))
  } catch {
    return undefined
  }
  return isRecord(parsed) ? rowsOfObject(parsed as Record<string, unknown>) : undefined
}

/** Rows of a store buffer: the scanner when it accepts the buffer, else the plain path (anything but an object is empty). */
export const rowsOfBuffer = (buffer: Buffer): StoreRows => {
  const scanned = scanStore(buffer)
  if (scanned._tag === "object") return rowsOfScan(scanned, noop)
  return rowsByJsonParse(buffer) ?? rowsOfObject({})
}

/**
 * The rows of the store at `file`, in `Object.entries` order. A missing file is an empty store;
 * a file that cannot be read or is not a JSON object is an empty store too (as in the
 * reference), flagged `unreadable` so the command can warn about it.
 *
 * The file is scanned through a window and stays open until `close()`: printed rows are read
 * back from the same open file, so a store replaced meanwhile (the Gateway writes a new file and
 * renames it into place) does not mix two versions.
 */
export const openStoreRows = (file: string): StoreRows => {
  let fd: number
  try {
    fd = fs.openSync(file, "r")
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === "ENOENT" || code === "ENOTDIR" ? rowsOfObject({}) : EMPTY_UNREADABLE
  }
  let keepOpen = false
  try {
    const scanned = scanSource(fileSource(fd))
    if (scanned._tag === "object") {
      keepOpen = true
      return rowsOfScan(scanned, () => fs.closeSync(fd))
    }
    // not a JSON object as scanned: the plain path decides (and reads the file whole)
    return rowsByJsonParse(readWhole(fd)) ?? EMPTY_UNREADABLE
  } catch (error) {
    // EISDIR and other read errors: the reference reads such a store as empty
    if (typeof (error as NodeJS.ErrnoException).code === "string") return EMPTY_UNREADABLE
    throw error
  } finally {
    if (!keepOpen) fs.closeSync(fd)
  }
}
