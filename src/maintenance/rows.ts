/** Store rows as an ordered list of `[key, entry]`, the shape every rule reads and returns. */

export type Row = readonly [string, unknown]

/**
 * An ordered list of rows: what every rule reads and returns. An array of rows is one; a
 * snapshot's rows are a view over the scanned store (`store/rowView.ts`) whose `[key, entry]`
 * pairs are made as they are read, so no object per row is kept for the whole plan.
 */
export interface Rows extends Iterable<Row> {
  readonly length: number
  /** The rows `predicate` admits, in order. */
  filter(predicate: (row: Row) => boolean): Rows
  map<T>(f: (row: Row, index: number) => T): Array<T>
  forEach(f: (row: Row, index: number) => void): void
}

/**
 * Rows that read a row's entry again by its index (a view over a scan, whose entries may be made
 * at each read): what keeps rows for later can keep the index instead of the entry.
 */
export interface IndexedRows extends Rows {
  /** The entry of the `index`th row (as iterating gives it). */
  entryAt(index: number): unknown
}

export const isIndexedRows = (rows: Rows): rows is IndexedRows => typeof (rows as Partial<IndexedRows>).entryAt === "function"

/** The keys of `rows`, as a set (in their order). */
export const keySet = (rows: Rows): ReadonlySet<string> => {
  const keys = new Set<string>()
  for (const [k] of rows) keys.add(k)
  return keys
}

/** The rows without the given keys (store order kept). */
export const withoutKeys = (rows: Rows, keys: ReadonlySet<string>): Rows =>
  keys.size === 0 ? rows : rows.filter(([k]) => !keys.has(k))

/** The rows of `a`, then those of `b`, as they are read (no list of both is made). */
export function* concatRows(a: Rows, b: Rows): Iterable<Row> {
  yield* a
  yield* b
}

/** `entry?.updatedAt` as JavaScript sees it (undefined for non-object rows). */
export { updatedAtOf } from "../domain/entry.js"

/** A removed row's `sessionId → sessionFile`, remembered for archiving. */
export type RemovedSessionFiles = ReadonlyMap<string, string | undefined>
