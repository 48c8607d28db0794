/**
 * What an apply did, in words, for stderr after the reference's applied summary (text mode
 * only; stdout stays the reference's `Applied maintenance. Current entries: N`): rows removed,
 * transcripts archived, files deleted and the bytes that freed, counted from the operations
 * apply reports as done.
 */
import type { ApplyResult } from "../maintenance/types.js"
import { removals } from "./explain.js"

const plural = (n: number, one: string, many: string = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`

/** A byte count for people: `512 bytes`, `1.5 KB`, `12.3 MB` (1 KB = 1024 bytes, as `maxDiskBytes` counts). */
export const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return plural(bytes, "byte")
  const units = ["KB", "MB", "GB", "TB"]
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

export interface ApplyTotals {
  readonly rowsRemoved: number
  readonly archived: number
  readonly deleted: number
  readonly bytesFreed: number
}

/** The totals of one or more applies: rows of the stores whose write completed, operations done. */
export const applyTotals = (results: ReadonlyArray<ApplyResult>): ApplyTotals => {
  let rowsRemoved = 0
  let archived = 0
  let deleted = 0
  let bytesFreed = 0
  for (const result of results) {
    if (result.completed) rowsRemoved += removals(result.summary)
    for (const o of result.operations) {
      if (o.status !== "done") continue
      if (o.op === "archive") archived++
      if (o.op === "delete") {
        deleted++
        bytesFreed += o.bytes ?? 0
      }
    }
  }
  return { rowsRemoved, archived, deleted, bytesFreed }
}

/**
 * THE place for the stderr lines after an apply: the totals line, then — when the caller has
 * one — the command that undoes this apply (`undoCommand`, e.g. a restore command).
 */
export const applyReportLines = (results: ReadonlyArray<ApplyResult>, undoCommand?: string): ReadonlyArray<string> => {
  const t = applyTotals(results)
  const lines = [
    `Removed ${plural(t.rowsRemoved, "row")}, archived ${plural(t.archived, "transcript")}, ` +
      `deleted ${plural(t.deleted, "file")} (${formatBytes(t.bytesFreed)} freed).`
  ]
  if (undoCommand !== undefined) lines.push(`To undo: ${undoCommand}`)
  return lines
}

const TOTALS_LINE = /^Removed [\d,]+ rows?, archived [\d,]+ transcripts?, deleted [\d,]+ files? \(.+ freed\)\.$/

/** Whether a stderr line is the totals line (differential tests drop it; the reference has none). */
export const isApplyTotalsLine = (line: string): boolean => TOTALS_LINE.test(line)
