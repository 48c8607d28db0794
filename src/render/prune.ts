/**
 * Output of `sessions prune`: the dry run (the rows and files a prune removes, the protected rows
 * it keeps), the applied text, and the JSON of both. Pure functions of plans and results.
 */
import { rawEntryField } from "../domain/entry.js"
import type { ProtectedRow, PruneSummary } from "../maintenance/prune.js"
import type { ApplyResult, PreviewPlan } from "../maintenance/types.js"
import { formatAge } from "./cells.js"

/** One store of a dry run: its preview plan and summary. */
export interface PrunePreview {
  readonly plan: { readonly preview: PreviewPlan; readonly protectedRows: ReadonlyArray<ProtectedRow> }
  readonly summary: PruneSummary
  readonly discovered?: boolean
}

const ageOf = (entry: unknown, nowMs: number): string => {
  const updatedAt = rawEntryField(entry, "updatedAt")
  return typeof updatedAt === "number" ? formatAge(updatedAt, nowMs) : "unknown"
}

const withDiscovered = <S extends object>(summary: S, discovered: boolean | undefined): S =>
  discovered === undefined ? summary : { ...summary, discovered }

/** One store bare, several wrapped (`{allAgents, dryRun, stores}`), as cleanup's JSON. */
const jsonOf = (values: ReadonlyArray<unknown>, dryRun: boolean): string =>
  JSON.stringify(values.length === 1 ? values[0] : { allAgents: true, dryRun, stores: values }, null, 2) + "\n"

export const renderPruneDryRunJson = (stores: ReadonlyArray<PrunePreview>): string =>
  jsonOf(
    stores.map((s) => withDiscovered(s.summary, s.discovered)),
    true
  )

/** The dry-run text: per store its counts, the rows it removes, the protected rows it keeps. */
export const renderPruneDryRunText = (stores: ReadonlyArray<PrunePreview>): string => {
  const lines: Array<string> = []
  stores.forEach(({ plan, summary: s }, i) => {
    if (i > 0) lines.push("")
    if (stores.length > 1) lines.push(`Agent: ${s.agentId}`)
    lines.push(`Session store: ${s.storePath}`)
    lines.push(`Entries: ${s.beforeCount} -> ${s.afterCount} (remove ${s.pruned})`)
    lines.push(`Would archive transcripts: ${s.archivedTranscripts}`)
    lines.push(`Would delete files: ${s.deletedFiles}`)
    lines.push(`Bytes of those files: ${s.bytes}`)
    const removed = plan.preview.rows.withAction("prune-selected")
    if (removed.length > 0) {
      lines.push("", "Would remove:")
      for (const r of removed) lines.push(`  ${r.key}  (updated ${ageOf(r.entry, plan.preview.nowMs)})`)
    }
    const kept = plan.protectedRows
    if (kept.length > 0) {
      lines.push("", `Kept although selected (${kept.length}; --include-protected removes them):`)
      for (const r of kept) lines.push(`  ${r.key}  ${r.reason}`)
    }
  })
  return lines.map((l) => l + "\n").join("")
}

/** What an apply of a prune did, per store. */
export interface PruneApplied {
  readonly agentId: string
  readonly storePath: string
  readonly dryRun: false
  readonly applied: true
  readonly beforeCount: number
  readonly afterCount: number
  readonly pruned: number
  readonly archivedTranscripts: number
  readonly deletedFiles: number
  readonly journalId: string | null
}

export const prunedOf = (r: ApplyResult): PruneApplied => ({
  agentId: r.summary.agentId,
  storePath: r.summary.storePath,
  dryRun: false,
  applied: true,
  beforeCount: r.summary.beforeCount,
  afterCount: r.summary.appliedCount,
  pruned: r.summary.pruned,
  archivedTranscripts: r.operations.filter((o) => o.op === "archive" && o.status === "done").length,
  deletedFiles: r.operations.filter((o) => o.op === "delete" && o.status === "done").length,
  journalId: r.journalId ?? null
})

export const renderPruneAppliedJson = (results: ReadonlyArray<ApplyResult>, discovered: ReadonlyMap<string, boolean> = new Map()): string =>
  jsonOf(
    results.map((r) => withDiscovered(prunedOf(r), discovered.get(r.summary.storePath))),
    false
  )

/** The applied text: per store what was removed. */
export const renderPruneAppliedText = (results: ReadonlyArray<ApplyResult>): string => {
  const lines: Array<string> = []
  results.forEach((r, i) => {
    const s = prunedOf(r)
    if (i > 0) lines.push("")
    if (results.length > 1) lines.push(`Agent: ${s.agentId}`)
    lines.push(`Session store: ${s.storePath}`)
    lines.push(`Pruned rows: ${s.pruned}. Current entries: ${s.afterCount}`)
    lines.push(`Archived transcripts: ${s.archivedTranscripts}`)
    lines.push(`Deleted files: ${s.deletedFiles}`)
  })
  return lines.map((l) => l + "\n").join("")
}
