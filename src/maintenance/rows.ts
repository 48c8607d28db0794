/** Store rows as an ordered list of `[key, entry]`, the shape every rule reads and returns. */

export type Row = readonly [string, unknown]

/**
 * An ordered list of rows: what every rule reads and returns. An array of rows is one; a
 * snapshot's rows are a view over the scanned store (`store/rowView.ts`) whose `[key, entry]`
 * pairs are made as they are read, so no object per row is kept for the whole plan.
 */
export interface Rows extends Iterable<Row> {
  readonly length: number
  /** The `index`th row (undefined beyond the end). */
  at(index: number): Row | undefined
  /** The `index`th row's key, when the rows can give it without its entry. */
  keyAt?(index: number): string
  /** The rows `predicate` admits, in order. */
  filter(predicate: (row: Row) => boolean): Rows
  map<T>(f: (row: Row, index: number) => T): Array<T>
  forEach(f: (row: Row, index: number) => void): void
}

/** The keys of `rows`, as a set (in their order). */
export const keySet = (rows: Rows): ReadonlySet<string> => {
  const keys = new Set<string>()
  for (const [k] of rows) keys.add(k)
  return keys
}

/** The rows without the given keys (store order kept). */
export const withoutKeys = (rows: Rows, keys: ReadonlySet<string>): Rows =>
  keys.size === 0 ? rows : rows.filter(([k]) => !keys.has(k))

/** The rows of `a`, then those of `b`, as they are read (no list of both is made; read as often as wanted). */
export const concatRows = (a: Rows, b: Rows): Iterable<Row> => ({
  *[Symbol.iterator]() {
    yield* a
    yield* b
  }
})

/** `entry?.updatedAt` as JavaScript sees it (undefined for non-object rows). */
export { updatedAtOf } from "../domain/entry.js"

/** A removed row's `sessionId → sessionFile`, remembered for archiving. */
export type RemovedSessionFiles = ReadonlyMap<string, string | undefined>
