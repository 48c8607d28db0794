/**
 * `sessions cleanup` as one program: targets → snapshot → plan → dry-run for every target, then
 * (unless `--dry-run`) a fresh snapshot and apply plan per target, interpreted by `apply`.
 * The CLI and library callers run this and render its result.
 */
import { Clock, Effect } from "effect"
import * as path from "node:path"
import { dmScopeOf, maintenanceSettings, type MaintenanceMode } from "../domain/config.js"
import type {
  ConfigError,
  FileSystemError,
  SessionPathError,
  SqliteStoreError,
  StoreUnreadableError,
  TargetError
} from "../domain/errors.js"
import type { JsonObject } from "../domain/json.js"
import {
  modeOf,
  planCleanup,
  type AppliedSummary,
  type CleanupOptions,
  type CleanupPlan,
  type CleanupSettings,
  type CleanupSummary
} from "../maintenance/index.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment, stateDir } from "../store/environment.js"
import { SessionFs } from "../store/sessionFs.js"
import { readSnapshot } from "../store/snapshot.js"
import { requireNoSqliteStore } from "../store/sqliteGuard.js"
import { resolveTargets, type TargetOptions } from "../store/targets.js"
import { apply } from "./apply.js"
import { dryRun } from "./dryRun.js"

export type CleanupRequest = TargetOptions & CleanupOptions

export interface PreviewedStore {
  readonly plan: CleanupPlan
  readonly summary: CleanupSummary
}

export interface CleanupRun {
  readonly mode: MaintenanceMode
  readonly dryRun: boolean
  /** The config the run used (the action table's Model column reads it). */
  readonly config: JsonObject
  /** The preview of every target (always computed first, as the reference does). */
  readonly previews: ReadonlyArray<PreviewedStore>
  /** The applied summaries; undefined for `--dry-run`. */
  readonly applied: ReadonlyArray<AppliedSummary> | undefined
}

export type CleanupError =
  | ConfigError
  | TargetError
  | SessionPathError
  | FileSystemError
  | StoreUnreadableError
  | SqliteStoreError

export const runCleanup = (
  request: CleanupRequest
): Effect.Effect<CleanupRun, CleanupError, Environment | OpenClawConfig | SessionFs> =>
  Effect.gen(function* () {
    const env = yield* Environment
    const fs = yield* SessionFs
    const { value: config } = yield* OpenClawConfig
    const nowMs = yield* Clock.currentTimeMillis
    const targets = yield* resolveTargets(config, request)
    const settings: CleanupSettings = { maintenance: maintenanceSettings(config), dmScope: dmScopeOf(config) }
    const options: CleanupOptions = {
      dryRun: request.dryRun,
      enforce: request.enforce,
      fixMissing: request.fixMissing,
      fixDmScope: request.fixDmScope,
      activeKey: request.activeKey
    }
    const mode = modeOf(settings, options)
    // The preview runs for every target first (an invalid id fails before anything is written).
    const previews = yield* Effect.forEach(targets, (target) =>
      Effect.gen(function* () {
        const snapshot = yield* readSnapshot(env, target, settings, options, nowMs, "preview")
        const plan = yield* planCleanup(snapshot, settings, options, nowMs, "preview")
        return { plan, summary: yield* dryRun(plan) }
      })
    )
    if (options.dryRun) return { mode, dryRun: true, config, previews, applied: undefined }
    // Refuse before touching any target when a SQLite-era store is detected (D14).
    yield* requireNoSqliteStore(
      stateDir(env, fs.sync.exists),
      targets.map((t) => t.agentId),
      targets.map((t) => path.dirname(path.resolve(t.storePath)))
    )
    const applied = yield* Effect.forEach(targets, (target) =>
      Effect.gen(function* () {
        const snapshot = yield* readSnapshot(env, target, settings, options, nowMs, "apply")
        const plan = yield* planCleanup(snapshot, settings, options, nowMs, "apply")
        return yield* apply(plan)
      })
    )
    return { mode, dryRun: false, config, previews, applied }
  })
