/**
 * `sessions cleanup --dry-run --explain`: the apply plan in full — every row's action and
 * reason, every file operation with its reason and bytes, the store write — i.e. what apply will
 * do, line by line. Text here; `--json` prints the plan file's form (`maintenance/planSchema.ts`).
 */
import type { ApplyPlan, CleanupSummary, FileAction } from "../maintenance/types.js"

const fileLine = (a: FileAction): string => {
  const what = a.op === "archive" ? `archive ${a.path} -> ${a.to}` : `delete  ${a.path}`
  const owner = a.key !== undefined ? ` (row ${a.key})` : a.sessionId !== undefined ? ` (session ${a.sessionId})` : ""
  return `  ${what}  ${a.bytes} bytes  ${a.reason}${owner}`
}

/** The explanation of one store's apply plan. */
export const explainPlan = (plan: ApplyPlan, showAgentHeader: boolean): ReadonlyArray<string> => {
  const lines: Array<string> = []
  if (showAgentHeader) lines.push(`Agent: ${plan.target.agentId}`)
  lines.push(`Session store: ${plan.target.storePath}`)
  lines.push(`Apply plan (mode ${plan.mode}${plan.options.enforce ? ", --enforce" : ""}):`)
  const removed = plan.rows.length - plan.rows.actionCounts().keep
  lines.push(`Rows: ${plan.rows.length} -> ${plan.rows.length - removed} (remove ${removed})`)
  // (a loop, not `Math.max(...rows)`: a store of 100 000s of rows would overflow the stack)
  let width = 6
  for (const r of plan.rows) width = Math.max(width, r.action.length)
  for (const r of plan.rows) lines.push(`  ${r.action.padEnd(width)}  ${r.key}  ${r.reason}`)
  const archives = plan.files.filter((f) => f.op === "archive").length
  lines.push(`File operations: ${plan.files.length} (archive ${archives}, delete ${plan.files.length - archives})`)
  for (const a of plan.files) lines.push(fileLine(a))
  lines.push(
    plan.storeStatus === "invalid"
      ? "Store write: refused (the store is not a valid JSON object)"
      : plan.write.skip
        ? "Store write: none (the store is unchanged)"
        : `Store write: ${plan.write.keys.length} rows, atomically`
  )
  return lines
}

export const renderExplainText = (plans: ReadonlyArray<ApplyPlan>): string => {
  const lines: Array<string> = []
  plans.forEach((plan, i) => {
    if (i > 0) lines.push("")
    for (const line of explainPlan(plan, plans.length > 1)) lines.push(line)
  })
  return lines.map((l) => l + "\n").join("")
}

/** Rows a summary removes (repairs, prune, cap, budget evictions). */
export const removals = (s: CleanupSummary): number =>
  s.missing + s.dmScopeRetired + s.pruned + s.capped + (s.diskBudget?.removedEntries ?? 0)

const removedFiles = (s: CleanupSummary): number => s.unreferencedArtifacts.removedFiles + (s.diskBudget?.removedFiles ?? 0)

/**
 * How much less an apply in warn mode removes than the preview shows, or undefined when they
 * agree (or the mode is not warn).
 */
const warnModeShortfall = (preview: CleanupSummary, apply: CleanupSummary) => {
  const shown = { rows: removals(preview), files: removedFiles(preview) }
  const applied = { rows: removals(apply), files: removedFiles(apply) }
  return apply.mode !== "warn" || (shown.rows === applied.rows && shown.files === applied.files) ? undefined : { shown, applied }
}

const ENFORCE_HINT = "; run with --enforce to apply the preview."

/**
 * The stderr note of a dry run whose preview differs from what apply will do (warn mode): one
 * line per store, or undefined when they agree.
 */
export const previewApplyNote = (preview: CleanupSummary, apply: CleanupSummary): string | undefined => {
  const d = warnModeShortfall(preview, apply)
  if (d === undefined) return undefined
  return (
    `Note: ${preview.storePath}: apply in ${apply.mode} mode would remove ${d.applied.rows} row(s) and ${d.applied.files} file(s), ` +
    `not the ${d.shown.rows} row(s) and ${d.shown.files} file(s) shown${ENFORCE_HINT}`
  )
}

/**
 * The same note after an apply (no `--dry-run`) in warn mode that did less than the preview of
 * the same run shows; undefined when it did all of it.
 */
export const appliedLessNote = (preview: CleanupSummary, applied: CleanupSummary): string | undefined => {
  const d = warnModeShortfall(preview, applied)
  if (d === undefined) return undefined
  return (
    `Note: ${preview.storePath}: apply in ${applied.mode} mode removed ${d.applied.rows} row(s) and ${d.applied.files} file(s), ` +
    `not the ${d.shown.rows} row(s) and ${d.shown.files} file(s) --dry-run shows${ENFORCE_HINT}`
  )
}

/** Whether a stderr line is one of those notes (differential tests drop them; the reference has none). */
export const isPreviewApplyNote = (line: string): boolean => line.startsWith("Note: ") && line.endsWith(ENFORCE_HINT)
