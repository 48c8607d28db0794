/**
 * What the cleanup programs report while they run, kept out of the programs themselves: a
 * progress phase per store (the `Progress` service, silent unless the caller provides one) and
 * debug log lines (`Effect.logDebug`, shown by the CLI's `--log-level debug`) — the plan of each
 * store and every file apply touched.
 */
import { Effect, LogLevel } from "effect"
import { inPhase } from "../domain/progress.js"
import type { ApplyPlan, ApplyResult, CleanupPlan, CleanupTarget } from "../maintenance/types.js"

const ofCount = (index: number, count: number): string => (count > 1 ? ` (${index + 1}/${count})` : "")

const planLine = (plan: ApplyPlan): string => {
  const kept = plan.rows.actionCounts().keep
  const archives = plan.files.filter((f) => f.op === "archive").length
  const write = plan.storeStatus === "invalid" ? "refused" : plan.write.skip ? "none" : `${plan.write.keys.length} rows`
  return (
    `planned ${plan.target.storePath}: rows ${plan.rows.length} -> ${kept}, ` +
    `archive ${archives} file(s), delete ${plan.files.length - archives} file(s), store write ${write}`
  )
}

/** Planning one store of `count`: shown as a phase, its plan logged. */
export const planPhase =
  (target: CleanupTarget, index: number, count: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    effect.pipe(
      inPhase(`Planning cleanup of ${target.agentId}${ofCount(index, count)}`),
      // a planned store (cleanup's or prune's) is logged with its counts
      Effect.tap((a) => {
        const plan = typeof a === "object" && a !== null && "plan" in a ? (a as { readonly plan: CleanupPlan }).plan : undefined
        // (only when debug lines are shown: a dry run's apply part may not be built yet)
        return plan === undefined ? Effect.void : Effect.whenLogLevel(Effect.suspend(() => Effect.logDebug(planLine(plan.apply))), LogLevel.Debug)
      })
    )

/** Applying one store's plan of `count`: shown as a phase, every operation's outcome and the journal logged. */
export const applyPhase =
  (plan: ApplyPlan, index: number, count: number) =>
  <E, R>(effect: Effect.Effect<ApplyResult, E, R>): Effect.Effect<ApplyResult, E, R> =>
    effect.pipe(
      inPhase(`Applying cleanup of ${plan.target.agentId}${ofCount(index, count)}`),
      // (only when debug lines are shown: an apply of many files would make a line per file for nothing)
      Effect.tap((result) =>
        Effect.whenLogLevel(
          Effect.forEach(
            result.operations,
            (o) => Effect.logDebug(`${o.op} ${o.path}${o.to === undefined ? "" : ` -> ${o.to}`}: ${o.status}${o.detail === undefined ? "" : ` (${o.detail})`}`),
            { discard: true }
          ).pipe(
            Effect.zipRight(
              result.journalId === undefined
                ? Effect.void
                : Effect.logDebug(`journal ${result.journalId} of ${plan.target.storePath}: ${result.completed ? "committed" : "rolled back"}`)
            )
          ),
          LogLevel.Debug
        )
      )
    )
