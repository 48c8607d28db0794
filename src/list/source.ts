/**
 * Reading one store for the list: the light rows (key, `updatedAt`, where the value is) without
 * parsing the values of rows that will not be printed (docs/list.md#selection, docs/store-model.md#reading-sessionsjson).
 *
 * Rows are addressed by index (0 … count−1, in `Object.entries` order) so that a store of
 * 100 000 rows costs a few numbers per row rather than an object per row.
 */
import { errorCode, type SyncFs } from "../store/sessionFs.js"
import { fileSource, scanSource } from "../store/scan.js"

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

const noop = (): void => {}

/** A store with no rows; `unreadable` when the file exists but is not a JSON object. */
const emptyStore = (unreadable: boolean): StoreRows => ({
  count: 0,
  key: () => "",
  updatedAt: () => undefined,
  value: () => undefined,
  position: () => 0,
  unreadable,
  close: noop
})

const EMPTY = emptyStore(false)
const EMPTY_UNREADABLE = emptyStore(true)

/**
 * The rows of the store at `file` on `fs` (the `SessionFs` layer's synchronous calls), in
 * `Object.entries` order. A missing file is an empty store; a file that cannot be read or is not
 * a JSON object is an empty store too (as in the reference), flagged `unreadable` so the command
 * can warn about it.
 *
 * The file is scanned through a window and stays open until `close()`: printed rows are read
 * back from the same open file, so a store replaced meanwhile (the Gateway writes a new file and
 * renames it into place) does not mix two versions.
 */
export const openStoreRows = (fs: SyncFs, file: string): StoreRows => {
  let fd: number
  try {
    fd = fs.open(file, "r")
  } catch (error) {
    const code = errorCode(error)
    return code === "ENOENT" || code === "ENOTDIR" ? EMPTY : EMPTY_UNREADABLE
  }
  let keepOpen = false
  try {
    // the scanner accepts exactly what `JSON.parse` reads as an object (test/store/scan.test.ts)
    const scanned = scanSource(fileSource(fs, fd))
    if (scanned._tag === "rejected") return EMPTY_UNREADABLE
    keepOpen = true
    const close = () => fs.close(fd)
    return {
      count: scanned.count,
      key: (row) => scanned.key(row),
      updatedAt: (row) => scanned.updatedAt(row),
      value: (row) => scanned.value(row),
      position: (row) => scanned.start(row),
      unreadable: false,
      close
    }
  } catch (error) {
    // EISDIR and other read errors: the reference reads such a store as empty
    if (errorCode(error) !== undefined) return EMPTY_UNREADABLE
    throw error
  } finally {
    if (!keepOpen) fs.close(fd)
  }
}
