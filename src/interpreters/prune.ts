/**
 * `sessions prune` as programs over the services in context: the same path as cleanup —
 * targets → one snapshot per store → a plan (`buildPrunePlan`, pure) → `dryRun(plan)` or
 * `apply(plan.apply)` (journaled; `sessions restore` undoes it). Prune only decides which rows
 * go; every write is apply's.
 */
import { Effect } from "effect"
import type { ConfigError, FileSystemError, SessionPathError, StoreUnreadableError, TargetError } from "../domain/errors.js"
import type { CleanupSettings } from "../maintenance/plan.js"
import { buildPrunePlan, pruneSummary, type PruneOptions, type PrunePlan, type PruneSummary } from "../maintenance/prune.js"
import type { ApplyPlan, ApplyResult, CleanupTarget } from "../maintenance/types.js"
import { OpenClawConfig } from "../store/config.js"
import type { Environment } from "../store/environment.js"
import type { SessionFs } from "../store/sessionFs.js"
import type { TargetOptions } from "../store/targets.js"
import { recoverPending } from "./journal.js"
import { applyEach, planTargets, type CleanupError } from "./program.js"
import { snapshotAndBuild } from "./snapshot.js"

export type PruneRequest = TargetOptions &
  PruneOptions & {
    /** Apply even when a Gateway answers (`requireNoLiveGateway`). */
    readonly force?: boolean | undefined
    /** Move files apply deletes into the journal's trash. */
    readonly trash?: boolean
    /** See `ApplyOptions.settleMs`. */
    readonly settleMs?: number
  }

export interface PrunedStore {
  readonly plan: PrunePlan
  readonly summary: PruneSummary
  /** Only under `--discover`: whether the store was found on disk only. */
  readonly discovered?: boolean
}

export interface PruneRun {
  readonly dryRun: boolean
  /** Every target's plan and summary (always made first). */
  readonly previews: ReadonlyArray<PrunedStore>
  /** What apply did per target; undefined for `--dry-run`. */
  readonly applied: ReadonlyArray<ApplyResult> | undefined
  /** Interrupted applies this run finished or rolled back first (lines for stderr). */
  readonly recovered: ReadonlyArray<string>
}

type Services = Environment | OpenClawConfig | SessionFs

/** The prune plan of one store, from one snapshot. */
export const planPruneStore = (target: CleanupTarget, settings: CleanupSettings, options: PruneOptions, nowMs: number) =>
  Effect.flatMap(
    snapshotAndBuild(target, (_base, view) => buildPrunePlan(view(), settings, options, nowMs)),
    (taken) => taken.plan
  )

/** The prune plans of every target of a request, with their summaries. */
export const planPrune = (
  request: PruneRequest
): Effect.Effect<
  { readonly settings: CleanupSettings; readonly nowMs: number; readonly previews: ReadonlyArray<PrunedStore> },
  ConfigError | TargetError | SessionPathError | FileSystemError | StoreUnreadableError,
  Services
> =>
  planTargets(request, (target, settings, nowMs) =>
    Effect.map(planPruneStore(target, settings, request, nowMs), (plan): PrunedStore => ({
      plan,
      summary: pruneSummary(plan.apply, plan.protectedRows, request.dryRun)
    }))
  )

/** Plans every target, then (unless `dryRun`) applies each plan through cleanup's apply path. */
export const runPrune = (request: PruneRequest): Effect.Effect<PruneRun, CleanupError, Services> =>
  Effect.gen(function* () {
    const recovered = yield* recoverPending
    const { settings, nowMs, previews } = yield* planPrune(request)
    if (request.dryRun) return { dryRun: true, previews, applied: undefined, recovered }
    const replan = (plan: ApplyPlan) =>
      Effect.map(planPruneStore(plan.target, settings, { ...request, dryRun: false }, nowMs), (p) => p.apply)
    const applied = yield* applyEach(
      previews.map((p) => p.plan.apply),
      replan,
      request
    )
    return { dryRun: false, previews, applied, recovered }
  })
