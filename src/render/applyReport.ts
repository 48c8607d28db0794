/**
 * What an apply or a restore did, in words, for stderr (text mode only). After an apply, stdout
 * stays the reference's `Applied maintenance. Current entries: N`; stderr gets the rows removed,
 * transcripts archived, files deleted (or moved to the trash) and the bytes that freed, counted
 * from the operations apply reports as done, the archives a stopped apply put back, and the
 * command that undoes it. After a restore, what it put back and what could not come back.
 */
import type { RestoreResult } from "../maintenance/journal.js"
import type { ApplyResult } from "../maintenance/types.js"
import { formatSize } from "./du.js"
import { removals } from "./explain.js"

const plural = (n: number, one: string, many: string = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`

/** A byte count for people: `512 bytes`, `1.5 KB`, `12.3 MB` (1 KB = 1024 bytes, as `maxDiskBytes` counts; `sessions du`'s units). */
export const formatBytes = (bytes: number): string => (bytes < 1024 ? plural(bytes, "byte") : formatSize(bytes))

export interface ApplyTotals {
  readonly rowsRemoved: number
  readonly archived: number
  readonly deleted: number
  readonly bytesFreed: number
  /** Deletions that moved the file into the journal's trash (`--trash`), and their bytes. */
  readonly trashed: number
  readonly bytesTrashed: number
  /** Archives a stopped apply (or a writer that brought rows back) put back, by why. */
  readonly putBack: ReadonlyMap<string, number>
}

const PUT_BACK = "put back: "

/** The totals of one or more applies: rows of the stores whose write completed, operations done. */
export const applyTotals = (results: ReadonlyArray<ApplyResult>): ApplyTotals => {
  const t = { rowsRemoved: 0, archived: 0, deleted: 0, bytesFreed: 0, trashed: 0, bytesTrashed: 0, putBack: new Map<string, number>() }
  for (const result of results) {
    if (result.completed) t.rowsRemoved += removals(result.summary)
    for (const o of result.operations) {
      if (o.op === "archive" && o.status === "skipped" && o.detail?.startsWith(PUT_BACK) === true) {
        const why = o.detail.slice(PUT_BACK.length)
        t.putBack.set(why, (t.putBack.get(why) ?? 0) + 1)
      }
      if (o.status !== "done") continue
      if (o.op === "archive") t.archived++
      if (o.op === "delete" && o.to !== undefined) {
        // a deletion with a destination moved the file into the trash: nothing freed yet
        t.trashed++
        t.bytesTrashed += o.bytes ?? 0
      } else if (o.op === "delete") {
        t.deleted++
        t.bytesFreed += o.bytes ?? 0
      }
    }
  }
  return t
}

/** The command that undoes the applies of a run (their journals), or undefined when none wrote one. */
export const undoCommand = (results: ReadonlyArray<ApplyResult>): string | undefined => {
  const ids = results.filter((r) => r.completed && r.journalId !== undefined).map((r) => r.journalId!)
  return ids.length === 0 ? undefined : ids.map((id) => `clawkeep sessions restore --id ${id}`).join("; ")
}

/**
 * THE stderr report after an apply (text mode): the totals line; a line per reason archives
 * were put back; then, when a journal was written, `To undo: clawkeep sessions restore --id <id>`.
 */
export const applyReportLines = (results: ReadonlyArray<ApplyResult>): ReadonlyArray<string> => {
  const t = applyTotals(results)
  const trash = t.trashed === 0 ? "" : `, moved ${plural(t.trashed, "file")} to the trash (${formatBytes(t.bytesTrashed)})`
  const lines = [
    `Removed ${plural(t.rowsRemoved, "row")}, archived ${plural(t.archived, "transcript")}, ` +
      `deleted ${plural(t.deleted, "file")} (${formatBytes(t.bytesFreed)} freed)${trash}.`
  ]
  for (const [why, n] of t.putBack) lines.push(`Put back ${plural(n, "archived transcript")}: ${why}.`)
  const undo = undoCommand(results)
  if (undo !== undefined) lines.push(`To undo: ${undo}`)
  return lines
}

/** Why a file could not come back, without its path (the text output names each file). */
const lossKind = (reason: string | undefined): string => {
  if (reason === undefined) return "unknown"
  if (reason.startsWith("deleted outright")) return "deleted outright, the apply ran without --trash"
  if (reason.endsWith(" exists again")) return "something is at its name again"
  if (reason.endsWith(" no longer exists")) return "its archive or trash copy is gone"
  return reason
}

/**
 * THE stderr report after `sessions restore` (text mode): what it put back (or would), and how
 * many files could not come back, by why.
 */
export const restoreReportLines = (results: ReadonlyArray<RestoreResult>): ReadonlyArray<string> => {
  if (results.length === 0) return []
  const rows = results.reduce((n, r) => n + r.rowsRestored.length, 0)
  const files = results.reduce((n, r) => n + r.files.filter((f) => f.restored).length, 0)
  const lost = new Map<string, number>()
  for (const r of results) for (const f of r.files) if (!f.restored) lost.set(lossKind(f.reason), (lost.get(lossKind(f.reason)) ?? 0) + 1)
  const dryRun = results.some((r) => r.dryRun)
  const losses = [...lost].map(([why, n]) => `${plural(n, "file")} ${dryRun ? "cannot" : "could not"} come back (${why})`)
  return [`${dryRun ? "Would put back" : "Put back"} ${plural(rows, "row")} and ${plural(files, "file")}${losses.length === 0 ? "" : `; ${losses.join("; ")}`}.`]
}

const TOTALS_LINE = /^Removed [\d,]+ rows?, archived [\d,]+ transcripts?, deleted [\d,]+ files? \(.+ freed\)(?:, moved [\d,]+ files? to the trash \(.+\))?\.$/

/** Whether a stderr line is the totals line (differential tests drop it; the reference has none). */
export const isApplyTotalsLine = (line: string): boolean => TOTALS_LINE.test(line)
