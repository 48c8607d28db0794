/**
 * The summaries of a plan (docs/cleanup.md#output), derived from its rows and file actions: nothing is
 * counted twice, so the preview and the apply cannot drift apart.
 */
import type { AppliedSummary, ApplyPlan, CleanupSummary, DiskBudgetSummary, FileAction, PreviewPlan, RowAction } from "./types.js"

type AnyPlan = PreviewPlan | ApplyPlan

/** An apply plan (it has a store write), as opposed to a preview. */
export const isApplyPlan = (plan: AnyPlan): plan is ApplyPlan => "write" in plan

/** How many of a plan's rows have each action (one pass over the rows). */
const rowCounts = (plan: AnyPlan): Readonly<Record<RowAction, number>> => plan.rows.actionCounts()

const counted = (files: ReadonlyArray<FileAction>, reasons: ReadonlyArray<FileAction["reason"]>) => {
  const chosen = files.filter((f) => f.counted && reasons.includes(f.reason))
  return { removedFiles: chosen.length, freedBytes: chosen.reduce((s, f) => s + f.bytes, 0) }
}

const diskBudgetOf = (plan: AnyPlan, counts: Readonly<Record<RowAction, number>>): DiskBudgetSummary | null => {
  const p = plan.diskBudget
  if (p === null) return null
  const { removedFiles, freedBytes } = counted(plan.files, ["disk-budget-file", "disk-budget-row-artifact"])
  return {
    totalBytesBefore: p.totalBytesBefore,
    totalBytesAfter: p.totalBytesAfter,
    removedFiles,
    removedEntries: counts["evict-budget"],
    freedBytes,
    maxBytes: p.maxBytes,
    highWaterBytes: p.highWaterBytes,
    overBudget: p.overBudget
  }
}

/** The summary of a plan: the preview's (dry run) or the apply's (without `applied`). */
export const summarize = (plan: AnyPlan): CleanupSummary => {
  const preview = !isApplyPlan(plan)
  const counts = rowCounts(plan)
  const missing = counts["prune-missing"]
  const dmScopeRetired = counts["retire-dm-scope"]
  // a `sessions prune` plan removes its rows as `prune-selected` (cleanup plans never have one)
  const pruned = counts["prune-stale"] + counts["prune-selected"]
  const capped = counts["cap-overflow"]
  const afterCount = counts.keep
  const olderThanMs = Number.isFinite(plan.settings.pruneAfterMs) && plan.settings.pruneAfterMs > 0 ? plan.settings.pruneAfterMs : 0
  const sweep = counted(plan.files, ["unreferenced-artifact"])
  const unreferencedArtifacts = { scannedFiles: plan.scannedFiles, removedFiles: sweep.removedFiles, freedBytes: sweep.freedBytes, olderThanMs }
  const diskBudget = diskBudgetOf(plan, counts)
  const wouldMutate =
    missing > 0 ||
    dmScopeRetired > 0 ||
    pruned > 0 ||
    capped > 0 ||
    sweep.removedFiles > 0 ||
    (diskBudget?.removedEntries ?? 0) > 0 ||
    (diskBudget?.removedFiles ?? 0) > 0
  const beforeCount = preview ? plan.rows.length : plan.rows.length - missing - dmScopeRetired
  return {
    agentId: plan.target.agentId,
    storePath: plan.target.storePath,
    mode: plan.mode,
    dryRun: preview ? plan.options.dryRun : false,
    beforeCount,
    afterCount,
    missing,
    dmScopeRetired,
    pruned,
    capped,
    unreferencedArtifacts,
    diskBudget,
    wouldMutate
  }
}

/** The applied summary of an apply plan once executed (`appliedCount` = rows written). */
export const appliedSummary = (plan: ApplyPlan, appliedCount: number = rowCounts(plan).keep): AppliedSummary => ({
  ...summarize(plan),
  applied: true,
  appliedCount
})
