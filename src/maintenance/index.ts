/**
 * Session-store maintenance as a library: snapshot → plan (pure) → dry-run or apply.
 *
 * - `planCleanup(snapshot, settings, options, nowMs, semantics)` builds a plan (`preview` = what
 *   `--dry-run` reports, `apply` = what an apply does, every file operation listed);
 * - `dryRun(plan)` / `apply(plan)` (from `../interpreters/index.js`) interpret it.
 */
import { Effect } from "effect"
import { SessionPathError, storeTooDeep, type StoreUnreadableError } from "../domain/errors.js"
import { buildPlan, type CleanupSettings } from "./plan.js"
import { InvalidSessionId } from "./paths.js"
import type { CleanupOptions, CleanupPlan, Snapshot } from "./types.js"

export * from "./types.js"
export { appliedSummary, isApplyPlan, summarize } from "./summary.js"
export { buildPlan, modeOf, type CleanupSettings } from "./plan.js"
export { FsView, UnrecordedQuestion, type Probe } from "./fsView.js"

/**
 * Builds the plan of one store from its snapshot (preview and apply parts); an invalid session
 * id under `--fix-missing` fails with the reference's error. A question the snapshot cannot
 * answer is a defect (`UnrecordedQuestion`).
 */
export const planCleanup = (
  snapshot: Snapshot,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number
): Effect.Effect<CleanupPlan, SessionPathError | StoreUnreadableError> =>
  Effect.suspend((): Effect.Effect<CleanupPlan, SessionPathError | StoreUnreadableError> => {
    let plan: ReturnType<typeof buildPlan>
    try {
      plan = buildPlan(snapshot, settings, options, nowMs)
    } catch (error) {
      // JSON.stringify recurses: a value nested deeper than the stack allows cannot be planned.
      if (error instanceof RangeError) return Effect.fail(storeTooDeep(snapshot.target.storePath))
      throw error
    }
    return plan instanceof InvalidSessionId
      ? Effect.fail(new SessionPathError({ message: `Error: ${plan.message}` }))
      : Effect.succeed(plan)
  })
