/**
 * `sessions cleanup` as programs over the services in context (`Environment`, `OpenClawConfig`,
 * `SessionFs`, `Clock`):
 *
 * - `planStores(request)`: targets → one snapshot per store → one plan per store (preview and
 *   apply parts);
 * - `runCleanup(request)`: those plans, their dry-run summaries, and (unless `--dry-run`) `apply`
 *   of each plan's apply part;
 * - `applyPlans(plans)`: `apply` of saved plans (`--apply-plan`), after the same guards.
 *
 * A store is read once. The only later reads are apply's fingerprint check and, when an earlier
 * store of the same run wrote in the same directory, a fresh snapshot of the next one (the
 * reference's apply sees what the earlier apply left).
 */
import { Clock, Effect } from "effect"
import * as path from "node:path"
import type { MaintenanceMode, OpenClawSettings } from "../domain/config.js"
import type {
  ConfigError,
  FileSystemError,
  PlanMismatchError,
  SessionPathError,
  SqliteStoreError,
  StoreUnreadableError,
  TargetError
} from "../domain/errors.js"
import {
  modeOf,
  type ApplyPlan,
  type ApplyResult,
  type CleanupOptions,
  type CleanupPlan,
  type CleanupSettings,
  type CleanupSummary
} from "../maintenance/index.js"
import { OpenClawConfig } from "../store/config.js"
import type { Environment } from "../store/environment.js"
import type { SessionFs } from "../store/sessionFs.js"
import { requireNoSqliteStore } from "../store/sqliteGuard.js"
import { resolveTargets, type TargetOptions } from "../store/targets.js"
import { apply } from "./apply.js"
import { dryRun } from "./dryRun.js"
import { applyPhase, planPhase } from "./observe.js"
import { snapshotAndPlan } from "./snapshot.js"

export type CleanupRequest = TargetOptions & CleanupOptions

export interface PreviewedStore {
  readonly plan: CleanupPlan
  /** The reference's dry-run summary of the plan. */
  readonly summary: CleanupSummary
}

export interface CleanupRun {
  readonly mode: MaintenanceMode
  readonly dryRun: boolean
  /** The config the run used (the action table's Model column reads it). */
  readonly config: OpenClawSettings
  /** The plan of every target with its preview summary (always computed first, as the reference does). */
  readonly previews: ReadonlyArray<PreviewedStore>
  /** What apply did per target; undefined for `--dry-run`. */
  readonly applied: ReadonlyArray<ApplyResult> | undefined
}

export type CleanupError =
  | ConfigError
  | TargetError
  | SessionPathError
  | FileSystemError
  | StoreUnreadableError
  | SqliteStoreError
  | PlanMismatchError

type Services = Environment | OpenClawConfig | SessionFs

const cleanupOptionsOf = (request: CleanupRequest): CleanupOptions => ({
  dryRun: request.dryRun,
  enforce: request.enforce,
  fixMissing: request.fixMissing,
  fixDmScope: request.fixDmScope,
  activeKey: request.activeKey
})

/** The plans of every target of a request, each from one snapshot, with their dry-run summaries. */
export const planStores = (
  request: CleanupRequest
): Effect.Effect<
  { readonly mode: MaintenanceMode; readonly config: OpenClawSettings; readonly settings: CleanupSettings; readonly nowMs: number; readonly previews: ReadonlyArray<PreviewedStore> },
  ConfigError | TargetError | SessionPathError | FileSystemError | StoreUnreadableError,
  Services
> =>
  Effect.gen(function* () {
    const { settings: config } = yield* OpenClawConfig
    const nowMs = yield* Clock.currentTimeMillis
    const targets = yield* resolveTargets(config, request)
    const settings: CleanupSettings = { maintenance: config.session.maintenance, dmScope: config.session.dmScope }
    const options = cleanupOptionsOf(request)
    // Every target is planned first (an invalid id fails before anything is written).
    const previews = yield* Effect.forEach(targets, (target, i) =>
      Effect.gen(function* () {
        const plan = yield* Effect.flatMap(snapshotAndPlan(target, settings, options, nowMs), (taken) => taken.plan)
        return { plan, summary: yield* dryRun(plan) }
      }).pipe(planPhase(target, i, targets.length))
    )
    return { mode: modeOf(settings, options), config, settings, nowMs, previews }
  })

/** Refuses (before touching any store) when a SQLite-era store is detected (D14). */
const sqliteGuardFor = (plans: ReadonlyArray<ApplyPlan>) =>
  plans.length === 0
    ? Effect.void
    : requireNoSqliteStore(
        plans[0]!.stateDir,
        plans.map((p) => p.target.agentId),
        plans.map((p) => p.sessionsDir)
      )

export const runCleanup = (request: CleanupRequest): Effect.Effect<CleanupRun, CleanupError, Services> =>
  Effect.gen(function* () {
    const { mode, config, settings, nowMs, previews } = yield* planStores(request)
    if (request.dryRun) return { mode, dryRun: true, config, previews, applied: undefined }
    yield* sqliteGuardFor(previews.map((p) => p.plan.apply))
    const written = new Set<string>()
    const applied: Array<ApplyResult> = []
    for (const [i, { plan }] of previews.entries()) {
      let current = plan.apply
      if (written.has(path.resolve(current.sessionsDir))) {
        // An earlier store of this run wrote in this directory: plan again on what it left.
        current = (yield* Effect.flatMap(snapshotAndPlan(current.target, settings, current.options, nowMs), (taken) => taken.plan)).apply
      }
      applied.push(yield* apply(current).pipe(applyPhase(current, i, previews.length)))
      written.add(path.resolve(current.sessionsDir))
    }
    return { mode, dryRun: false, config, previews, applied }
  })

/** Applies saved plans (`--apply-plan`), each checked against its fingerprints first. */
export const applyPlans = (
  plans: ReadonlyArray<ApplyPlan>
): Effect.Effect<ReadonlyArray<ApplyResult>, FileSystemError | StoreUnreadableError | SqliteStoreError | PlanMismatchError, Environment | SessionFs> =>
  Effect.gen(function* () {
    yield* sqliteGuardFor(plans)
    const results: Array<ApplyResult> = []
    for (const [i, plan] of plans.entries()) results.push(yield* apply(plan).pipe(applyPhase(plan, i, plans.length)))
    return results
  })
