/**
 * Prune stale rows (docs/cleanup.md#prune-stale): in store order, every row not skipped whose `updatedAt` is
 * set and older than `now − pruneAfter` (compared the way JavaScript's `<` compares).
 */
import { isSkipped } from "./protection.js"
import { type Rows, updatedAtOf } from "./rows.js"

/** The rows pruned, in store order. */
export const pruneStale = (rows: Rows, cutoffMs: number, preserve: ReadonlySet<string>): Rows =>
  rows.filter(([key, entry]) => {
    const updatedAt = updatedAtOf(entry)
    // (both questions are pure: the cheaper one first)
    return updatedAt != null && Number(updatedAt) < cutoffMs && !isSkipped(key, entry, preserve)
  })
