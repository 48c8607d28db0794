/**
 * Session-store maintenance as a library: snapshot → plan (pure) → dry-run or apply.
 *
 * - `planCleanup(snapshot, settings, options, nowMs, semantics)` builds a plan (`preview` = what
 *   `--dry-run` reports, `apply` = what an apply does, every file operation listed);
 * - `dryRun(plan)` / `apply(plan)` (from `../interpreters/index.js`) interpret it.
 */
import { Effect } from "effect"
import { SessionPathError, StoreReadBackError, storeTooDeep, StoreUnreadableError } from "../domain/errors.js"
import { buildPlan, type CleanupSettings } from "./plan.js"
import { InvalidSessionId } from "./paths.js"
import type { CleanupOptions, CleanupPlan, Snapshot } from "./types.js"

export * from "./types.js"
export { appliedSummary, isApplyPlan, summarize } from "./summary.js"
export { buildPlan, modeOf, type CleanupSettings } from "./plan.js"
export { FsView, UnrecordedQuestion, type Probe } from "./fsView.js"
export type { Listing } from "./listing.js"
export { listedRows, PlanRows, ROW_ACTIONS } from "./planRows.js"

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
  planEffect(snapshot.target.storePath, () => buildPlan(snapshot, settings, options, nowMs))

/**
 * Runs a plan builder as an Effect: an invalid session id fails with the reference's error, and
 * a value nested deeper than `JSON.stringify` can recurse with `storeTooDeep` (not a crash).
 */
export const planEffect = <P extends CleanupPlan = CleanupPlan>(
  storePath: string,
  build: () => P | InvalidSessionId
): Effect.Effect<P, SessionPathError | StoreUnreadableError> =>
  Effect.suspend((): Effect.Effect<P, SessionPathError | StoreUnreadableError> => {
    let plan: P | InvalidSessionId
    try {
      plan = build()
    } catch (error) {
      if (error instanceof RangeError) return Effect.fail(storeTooDeep(storePath))
      // a row read back from a store that is no longer the one scanned (written in place, or
      // replaced before a plan was replayed from a snapshot)
      if (error instanceof StoreReadBackError)
        return Effect.fail(new StoreUnreadableError({ path: storePath, message: `The session store ${storePath} changed while it was being read; nothing was changed` }))
      throw error
    }
    return plan instanceof InvalidSessionId
      ? Effect.fail(new SessionPathError({ message: `Error: ${plan.message}` }))
      : Effect.succeed(plan)
  })
