/**
 * Reading one store for the list: the light rows (key, `updatedAt`, where the value is) without
 * parsing the values of rows that will not be printed (list §3, store-model §5.1).
 */
import * as fs from "node:fs"
import { constants as bufferConstants } from "node:buffer"
import { isRecord } from "../domain/json.js"
import { parseSlice, scanStore, type ScannedRow } from "./scan.js"

/** A row before enrichment. */
export interface LightRow {
  readonly key: string
  /** `entry?.updatedAt` of the raw entry (undefined when absent or the entry is not an object). */
  readonly updatedAt: unknown
  /** Reads the row's value (parsed on demand for scanned stores). */
  readonly value: () => unknown
}

/** Reads a whole file into a Buffer; works beyond `readFileSync`'s 2 GiB limit. */
export const readFileBuffer = (file: string): Buffer => {
  const fd = fs.openSync(file, "r")
  try {
    const size = fs.fstatSync(fd).size
    if (size <= 0x7fffffff) {
      return fs.readFileSync(fd)
    }
    const buffer = Buffer.allocUnsafe(size)
    let offset = 0
    while (offset < size) {
      const read = fs.readSync(fd, buffer, offset, Math.min(0x40000000, size - offset), offset)
      if (read === 0) break
      offset += read
    }
    return offset === size ? buffer : buffer.subarray(0, offset)
  } finally {
    fs.closeSync(fd)
  }
}

const rowsOfObject = (store: Record<string, unknown>): ReadonlyArray<LightRow> =>
  Object.entries(store).map(([key, entry]) => ({
    key,
    updatedAt: isRecord(entry) ? entry["updatedAt"] : undefined,
    value: () => entry
  }))

/** The plain path: decode and `JSON.parse` the whole file; undefined when it is not an object. */
const objectRowsByJsonParse = (buffer: Buffer): ReadonlyArray<LightRow> | undefined => {
  if (buffer.length > bufferConstants.MAX_STRING_LENGTH) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(buffer.toString("utf8"))
  } catch {
    return undefined
  }
  return isRecord(parsed) ? rowsOfObject(parsed as Record<string, unknown>) : undefined
}

/** The plain path: decode and `JSON.parse` the whole file; anything but an object is empty. */
export const rowsByJsonParse = (buffer: Buffer): ReadonlyArray<LightRow> => objectRowsByJsonParse(buffer) ?? []

/** A scanned row: its value is parsed from its byte range only when asked for. */
class SliceRow implements LightRow {
  constructor(
    private readonly buffer: Buffer,
    private readonly row: ScannedRow
  ) {}
  get key(): string {
    return this.row.key
  }
  get updatedAt(): unknown {
    return this.row.updatedAt
  }
  value(): unknown {
    return parseSlice(this.buffer, this.row.start, this.row.end)
  }
}

/** Rows of a store buffer: the scanner when it accepts the file, else the plain path. */
export const rowsOfBuffer = (buffer: Buffer): ReadonlyArray<LightRow> => {
  const scanned = scanStore(buffer)
  if (scanned._tag === "rejected") return rowsByJsonParse(buffer)
  return scanned.rows.map((row) => new SliceRow(buffer, row))
}

export interface StoreRows {
  readonly rows: ReadonlyArray<LightRow>
  /** The file exists but could not be read or is not a JSON object (it lists as empty). */
  readonly unreadable: boolean
}

/**
 * The rows of the store at `file`, in `Object.entries` order. A missing file is an empty store;
 * a file that cannot be read or is not a JSON object is an empty store too (as in the
 * reference), flagged `unreadable` so the command can warn about it.
 */
export const readStoreRowsChecked = (file: string): StoreRows => {
  let buffer: Buffer
  try {
    buffer = readFileBuffer(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { rows: [], unreadable: code !== "ENOENT" && code !== "ENOTDIR" }
  }
  const scanned = scanStore(buffer)
  if (scanned._tag === "object") return { rows: scanned.rows.map((row) => new SliceRow(buffer, row)), unreadable: false }
  const rows = objectRowsByJsonParse(buffer)
  return rows === undefined ? { rows: [], unreadable: true } : { rows, unreadable: false }
}

/** The rows of the store at `file` (see `readStoreRowsChecked`). */
export const readStoreRows = (file: string): ReadonlyArray<LightRow> => readStoreRowsChecked(file).rows
