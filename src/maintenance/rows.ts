/** Store rows as an ordered list of `[key, entry]`, the shape every rule reads and returns. */

export type Row = readonly [string, unknown]
export type Rows = ReadonlyArray<Row>

/** The keys of `rows`, as a set (in their order). */
export const keySet = (rows: Rows): ReadonlySet<string> => {
  const keys = new Set<string>()
  for (const [k] of rows) keys.add(k)
  return keys
}

/** The rows without the given keys (store order kept). */
export const withoutKeys = (rows: Rows, keys: ReadonlySet<string>): Rows =>
  keys.size === 0 ? rows : rows.filter(([k]) => !keys.has(k))

/** `entry?.updatedAt` as JavaScript sees it (undefined for non-object rows). */
export { updatedAtOf } from "../domain/entry.js"

/** A removed row's `sessionId → sessionFile`, remembered for archiving. */
export type RemovedSessionFiles = ReadonlyMap<string, string | undefined>
