/**
 * Cap the row count (docs/cleanup.md#cap): skipped rows count toward `maxEntries` but are never
 * removed; the others are ranked by `updatedAt` descending (missing = −∞, stable) and all after
 * the first `maxEntries − skipped` are removed.
 */
import { isSkipped } from "./protection.js"
import { type Rows, updatedAtOf } from "./rows.js"

const capTime = (entry: unknown): number => {
  const v = updatedAtOf(entry)
  return v == null ? Number.NEGATIVE_INFINITY : Number(v)
}

/** The rows capped, in the order they rank (newest first). */
export const capEntries = (rows: Rows, maxEntries: number, preserve: ReadonlySet<string>): Rows => {
  const candidates = rows.filter(([k, e]) => !isSkipped(k, e, preserve))
  const skipped = rows.length - candidates.length
  const budget = Math.max(0, maxEntries - skipped)
  if (candidates.length <= budget) return []
  // Array.prototype.sort is stable; a NaN comparison counts as equal, as in the reference.
  const ranked = Array.from(candidates).sort((a, b) => capTime(b[1]) - capTime(a[1]))
  return ranked.slice(budget)
}
