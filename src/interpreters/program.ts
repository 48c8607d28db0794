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
import type { ProjectionFields } from "../domain/entry.js"
import type {
  ConfigError,
  FileSystemError,
  GatewayRunningError,
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
  type CleanupSummary,
  type CleanupTarget,
  summarize
} from "../maintenance/index.js"
import { StoreChangedError } from "../domain/errors.js"
import { Collector } from "../store/collector.js"
import { OpenClawConfig } from "../store/config.js"
import type { Environment } from "../store/environment.js"
import { requireNoLiveGateway } from "../store/gateway.js"
import type { SessionFs } from "../store/sessionFs.js"
import { requireNoSqliteStore } from "../store/sqliteGuard.js"
import { forEachTarget, plainTarget, resolveTargets, type TargetOptions } from "../store/targets.js"
import { apply, type ApplyOptions } from "./apply.js"
import { recoverPending } from "./journal.js"
import { dryRun } from "./dryRun.js"
import { applyPhase, planPhase } from "./observe.js"
import { snapshotAndPlan } from "./snapshot.js"

export type CleanupRequest = TargetOptions &
  CleanupOptions & {
    /** Apply even when a Gateway answers (`requireNoLiveGateway`). */
    readonly force?: boolean | undefined
    /** Move files apply deletes into the journal's trash, so `sessions restore` can bring them back. */
    readonly trash?: boolean
    /** See `ApplyOptions.settleMs`. */
    readonly settleMs?: number
    /**
     * For a dry run: whether the caller reads each plan's apply part (`--explain`, `--plan-out`);
     * default true. When false, a dry run in enforce mode builds only the preview now (the apply
     * part is built if it is read after all; warn mode builds both, for the note that apply does less).
     */
    readonly applyPart?: boolean
    /**
     * For an apply: whether each plan's preview (and its summary in `previews`) is built before
     * the apply; default true. When false (the CLI, which in enforce mode prints only what apply
     * did), an enforce-mode apply builds only the apply part; a summary read later is built then,
     * from the disk as it is then (after the apply).
     */
    readonly previewPart?: boolean
    /**
     * The projection rows are read with (default `plan`): `rules` when nothing prints rows (the
     * JSON summary, an apply, `--explain`), which keeps only the fields the rules read.
     */
    readonly fields?: ProjectionFields
  }

/** How many times apply re-plans a store that someone else wrote meanwhile before giving up. */
export const APPLY_ATTEMPTS = 3

export interface PreviewedStore {
  /** The store planned (read without building either part of the plan). */
  readonly target: CleanupTarget
  readonly plan: CleanupPlan
  /** The reference's dry-run summary of the plan. */
  readonly summary: CleanupSummary
  /** Only under `--discover`: whether the store was found on disk only (its agent is not configured). */
  readonly discovered?: boolean
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
  /** Interrupted applies this run finished or rolled back first (lines for stderr). */
  readonly recovered: ReadonlyArray<string>
}

export type CleanupError =
  | ConfigError
  | TargetError
  | SessionPathError
  | FileSystemError
  | StoreUnreadableError
  | SqliteStoreError
  | PlanMismatchError
  | GatewayRunningError
  | StoreChangedError

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
    const options = cleanupOptionsOf(request)
    const { config, settings, nowMs, previews } = yield* planTargets(request, (target, settings, nowMs) =>
      Effect.gen(function* () {
        // the parts read now: a dry run reads the preview, an apply the apply part; warn mode both
        // (for the note that apply does less than the preview)
        const warn = modeOf(settings, options) === "warn"
        const parts = { preview: request.dryRun || request.previewPart !== false || warn, apply: !request.dryRun || request.applyPart !== false || warn }
        const plan = yield* Effect.flatMap(snapshotAndPlan(target, settings, options, nowMs, parts, request.fields), (taken) => taken.plan)
        return parts.preview ? { target, plan, summary: yield* dryRun(plan) } : previewedLater(target, plan)
      })
    )
    return { mode: modeOf(settings, options), config, settings, nowMs, previews }
  })

/** A store whose preview (and its summary) is built when first read. */
const previewedLater = (target: CleanupTarget, plan: CleanupPlan): PreviewedStore => {
  let summary: CleanupSummary | undefined
  return {
    target,
    plan,
    get summary() {
      return (summary ??= summarize(plan.preview))
    }
  }
}

/**
 * Plans every target of a request with `planOne` (given the store, the config's maintenance
 * settings and the run's instant, read once), marking the stores `--discover` found. Every
 * target is planned first (an invalid id fails before anything is written); the plans are
 * read-only, so several stores are planned at once.
 */
export const planTargets = <A extends object, E>(
  request: TargetOptions,
  planOne: (target: CleanupTarget, settings: CleanupSettings, nowMs: number) => Effect.Effect<A, E, Services>
): Effect.Effect<
  {
    readonly config: OpenClawSettings
    readonly settings: CleanupSettings
    readonly nowMs: number
    readonly previews: ReadonlyArray<A & { readonly discovered?: boolean }>
  },
  E | ConfigError | TargetError | FileSystemError,
  Services
> =>
  Effect.gen(function* () {
    const { settings: config } = yield* OpenClawConfig
    const nowMs = yield* Clock.currentTimeMillis
    const targets = yield* resolveTargets(config, request)
    const settings: CleanupSettings = { maintenance: config.session.maintenance, dmScope: config.session.dmScope }
    const previews = yield* forEachTarget(targets, (target, i) =>
      // (`assign`, not a spread: a spread would read a summary that is built when first read)
      Effect.map(planOne(plainTarget(target), settings, nowMs), (a): A & { readonly discovered?: boolean } =>
        target.discovered === undefined ? a : Object.assign(a, { discovered: target.discovered })
      ).pipe(planPhase(target, i, targets.length))
    )
    return { config, settings, nowMs, previews }
  })

/** The plans are made (or read): what planning threw away goes before apply starts (`Collector`). */
const collectBetweenPhases = Effect.flatMap(Collector, (collector) => Effect.sync(collector.betweenPhases))

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
    const recovered = yield* recoverPending
    const { mode, config, settings, nowMs, previews } = yield* planStores(request)
    if (request.dryRun) return { mode, dryRun: true, config, previews, applied: undefined, recovered }
    const replan = (plan: ApplyPlan) =>
      Effect.map(
        Effect.flatMap(snapshotAndPlan(plan.target, settings, plan.options, nowMs, { preview: false, apply: true }, "rules"), (taken) => taken.plan),
        (p) => p.apply
      )
    const applied = yield* applyEach(
      previews.map((p) => p.plan.apply),
      replan,
      request
    )
    return { mode, dryRun: false, config, previews, applied, recovered }
  })

/**
 * Applies the plans of a run, one store after the other, after the guards (the SQLite-era
 * store; a running Gateway unless `--store` names the store). A store in a directory an earlier
 * store of the run wrote is planned again (`replan`) on what that left; a store someone else
 * wrote meanwhile is planned again on what they wrote, a bounded number of times.
 */
export const applyEach = (
  plans: ReadonlyArray<ApplyPlan>,
  replan: (plan: ApplyPlan) => Effect.Effect<ApplyPlan, CleanupError, Services>,
  request: { readonly store?: string | undefined; readonly force?: boolean | undefined; readonly trash?: boolean; readonly settleMs?: number }
): Effect.Effect<ReadonlyArray<ApplyResult>, CleanupError, Services> =>
  Effect.gen(function* () {
    yield* collectBetweenPhases
    yield* sqliteGuardFor(plans)
    // Like the reference, which asks a Gateway first unless --store is given.
    if (!request.store) yield* requireNoLiveGateway({ force: request.force })
    const written = new Set<string>()
    const applied: Array<ApplyResult> = []
    for (const [i, plan] of plans.entries()) {
      let current = plan
      // An earlier store of this run wrote in this directory: plan again on what it left.
      if (written.has(path.resolve(current.sessionsDir))) current = yield* replan(current)
      // Someone else wrote the store meanwhile — after this run planned (apply finds its plan no
      // longer matches, before changing anything) or while it applied (everything was put back):
      // plan again on what they wrote (their rows are kept) a bounded number of times.
      let attempt = 1
      const again = (error: StoreChangedError | PlanMismatchError): Effect.Effect<ApplyResult, CleanupError, Services> =>
        attempt >= APPLY_ATTEMPTS
          ? Effect.fail(
              new StoreChangedError({
                path: error.path,
                message: `The session store ${error.path} kept changing while clawkeep applied (${APPLY_ATTEMPTS} attempts; a Gateway is probably running); nothing was changed`
              })
            )
          : Effect.flatMap(replan(current), (next) => {
              attempt++
              current = next
              return loop()
            })
      const loop = (): Effect.Effect<ApplyResult, CleanupError, Services> =>
        apply(current, applyOptionsOf(request)).pipe(applyPhase(current, i, plans.length), Effect.catchTags({ StoreChangedError: again, PlanMismatchError: again }))
      const result = yield* Effect.suspend(loop)
      applied.push(result)
      written.add(path.resolve(current.sessionsDir))
    }
    return applied
  })

const applyOptionsOf = (request: { readonly trash?: boolean; readonly settleMs?: number }): ApplyOptions => ({
  ...(request.trash === undefined ? {} : { trash: request.trash }),
  ...(request.settleMs === undefined ? {} : { settleMs: request.settleMs })
})

/** Applies saved plans (`--apply-plan`), each checked against its fingerprints first. */
export const applyPlans = (
  plans: ReadonlyArray<ApplyPlan>,
  options: { readonly force?: boolean | undefined; readonly trash?: boolean; readonly settleMs?: number } = {}
): Effect.Effect<
  { readonly applied: ReadonlyArray<ApplyResult>; readonly recovered: ReadonlyArray<string> },
  FileSystemError | StoreUnreadableError | SqliteStoreError | PlanMismatchError | StoreChangedError | GatewayRunningError,
  Environment | OpenClawConfig | SessionFs
> =>
  Effect.gen(function* () {
    const recovered = yield* recoverPending
    yield* collectBetweenPhases
    yield* sqliteGuardFor(plans)
    // A saved plan does not say whether its stores were configured ones: always look.
    if (plans.length > 0) yield* requireNoLiveGateway(options)
    const applied: Array<ApplyResult> = []
    for (const [i, plan] of plans.entries()) applied.push(yield* apply(plan, applyOptionsOf(options)).pipe(applyPhase(plan, i, plans.length)))
    return { applied, recovered }
  })
