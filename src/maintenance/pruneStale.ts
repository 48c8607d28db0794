/**
 * Prune stale rows (docs/cleanup.md#prune-stale): in store order, every row not skipped whose `updatedAt` is
 * set and older than `now − pruneAfter` (compared the way JavaScript's `<` compares).
 */
import { isSkipped } from "./protection.js"
import { type Rows, updatedAtOf } from "./rows.js"

export const pruneStale = (rows: Rows, cutoffMs: number, preserve: ReadonlySet<string>): ReadonlyArray<string> => {
  const removed: Array<string> = []
  for (const [key, entry] of rows) {
    const updatedAt = updatedAtOf(entry)
    // (both questions are pure: the cheaper one first)
    if (updatedAt != null && Number(updatedAt) < cutoffMs && !isSkipped(key, entry, preserve)) removed.push(key)
  }
  return removed
}
