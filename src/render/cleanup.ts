/**
 * Output of `sessions cleanup` (docs/cleanup.md#output): the JSON document, the dry-run text with its
 * per-session action table, and the applied text. Pure functions of plans and summaries.
 */
import { displayModelRef } from "../domain/displayModel.js"
import type { MaintenanceMode, OpenClawSettings } from "../domain/config.js"
import { updatedAtOf } from "../maintenance/rows.js"
import type { AppliedSummary, CleanupPlan, CleanupSummary, PreviewPlan, RowAction } from "../maintenance/types.js"
import { formatAge, formatFlags, truncateKey } from "./cells.js"
import type { ColorRole, Palette } from "./colors.js"

/** One summary bare, several wrapped (`{allAgents, mode, dryRun, stores}`). */
export const cleanupJsonValue = (
  summaries: ReadonlyArray<CleanupSummary | AppliedSummary>,
  mode: MaintenanceMode,
  dryRun: boolean
): unknown => (summaries.length === 1 ? summaries[0] : { allAgents: true, mode, dryRun, stores: summaries })

export const renderCleanupJson = (
  summaries: ReadonlyArray<CleanupSummary | AppliedSummary>,
  mode: MaintenanceMode,
  dryRun: boolean
): string => JSON.stringify(cleanupJsonValue(summaries, mode, dryRun) ?? {}, null, 2) + "\n"

const ACTION_ROLE: Readonly<Record<RowAction, ColorRole>> = {
  keep: "muted",
  "prune-missing": "error",
  "prune-stale": "warn",
  "retire-dm-scope": "warn",
  "cap-overflow": "accentBright",
  "evict-budget": "error",
  "prune-selected": "warn"
}

const sortTime = (entry: unknown): number => {
  const v = updatedAtOf(entry) ?? null
  return Number(v ?? 0)
}

/** Age cell: any truthy `updatedAt` is coerced to a number, as the reference's subtraction does. */
const ageCell = (updatedAt: unknown, nowMs: number): string => {
  if (!updatedAt) return "unknown"
  return formatAge(typeof updatedAt === "number" ? updatedAt : Number(updatedAt), nowMs)
}

/** The dry-run block of one store. */
export const renderDryRunStore = (
  plan: PreviewPlan,
  summary: CleanupSummary,
  config: OpenClawSettings,
  palette: Palette,
  showAgentHeader: boolean
): ReadonlyArray<string> => {
  const lines: Array<string> = []
  if (showAgentHeader) lines.push(`Agent: ${summary.agentId}`)
  lines.push(`Session store: ${summary.storePath}`)
  lines.push(`Maintenance mode: ${summary.mode}`)
  lines.push(`Entries: ${summary.beforeCount} -> ${summary.afterCount} (remove ${summary.beforeCount - summary.afterCount})`)
  lines.push(`Would prune missing transcripts: ${summary.missing}`)
  lines.push(`Would retire stale direct DM sessions: ${summary.dmScopeRetired}`)
  lines.push(`Would prune stale: ${summary.pruned}`)
  lines.push(`Would cap overflow: ${summary.capped}`)
  if (summary.unreferencedArtifacts.scannedFiles) {
    lines.push(`Would prune unreferenced artifacts: ${summary.unreferencedArtifacts.removedFiles}`)
  }
  const b = summary.diskBudget
  if (b) {
    lines.push(`Would enforce disk budget: ${b.totalBytesBefore} -> ${b.totalBytesAfter} bytes (files ${b.removedFiles}, entries ${b.removedEntries})`)
  }
  if (plan.rows.length === 0) return lines
  lines.push("")
  lines.push("Planned session actions:")
  const header = ["Action".padEnd(16), "Key".padEnd(26), "Age".padEnd(9), "Model".padEnd(14), "Flags"].join(" ")
  lines.push(palette.enabled ? palette.paint("heading", header) : header)
  const sorted = [...plan.rows].sort((a, b) => sortTime(b.entry) - sortTime(a.entry))
  for (const row of sorted) {
    const action = row.action.padEnd(16)
    const key = truncateKey(row.key).padEnd(26)
    const age = ageCell(updatedAtOf(row.entry), plan.nowMs).padEnd(9)
    const model = displayModelRef(config, row.key, row.entry).model.padEnd(14)
    const flags = formatFlags(row.entry)
    const cells = palette.enabled
      ? [
          palette.paint(ACTION_ROLE[row.action], action),
          palette.paint("accent", key),
          palette.paint("muted", age),
          palette.paint("info", model),
          flags === "" ? "" : palette.paint("muted", flags)
        ]
      : [action, key, age, model, flags]
    lines.push(cells.join(" ").trimEnd())
  }
  return lines
}

/** The whole dry-run text (stores separated by an empty line). */
export const renderDryRunText = (
  stores: ReadonlyArray<{ readonly plan: CleanupPlan; readonly summary: CleanupSummary }>,
  config: OpenClawSettings,
  palette: Palette
): string => renderDryRunLines(stores, config, palette).map((l) => l + "\n").join("")

/** `renderDryRunText` as lines (without their newlines). */
export const renderDryRunLines = (
  stores: ReadonlyArray<{ readonly plan: CleanupPlan; readonly summary: CleanupSummary }>,
  config: OpenClawSettings,
  palette: Palette
): ReadonlyArray<string> => {
  const lines: Array<string> = []
  stores.forEach(({ plan, summary }, i) => {
    if (i > 0) lines.push("")
    for (const line of renderDryRunStore(plan.preview, summary, config, palette, stores.length > 1)) lines.push(line)
  })
  return lines
}

/** The applied text (docs/cleanup.md#output). */
export const renderAppliedText = (summaries: ReadonlyArray<AppliedSummary>): string => {
  const lines: Array<string> = []
  summaries.forEach((s, i) => {
    if (i > 0) lines.push("")
    if (summaries.length > 1) lines.push(`Agent: ${s.agentId}`)
    lines.push(`Session store: ${s.storePath}`)
    lines.push(`Applied maintenance. Current entries: ${s.appliedCount ?? 0}`)
    if (s.unreferencedArtifacts.removedFiles) lines.push(`Pruned unreferenced artifacts: ${s.unreferencedArtifacts.removedFiles}`)
  })
  return lines.map((l) => l + "\n").join("")
}
