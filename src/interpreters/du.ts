/**
 * `sessions du` as a program over the services in context: the targets (with `--discover`),
 * then, for several stores at once, the cleanup snapshot and plan of each store exactly as
 * `sessions cleanup --dry-run` makes them (`snapshotAndPlan`, the config's settings, no flags)
 * and its usage (`storeUsage`). Read-only: the only file-system calls are the snapshot's reads
 * and read-only probes (lstat, stat, realpath) for paths the plan never asked about.
 */
import { Clock, Effect } from "effect"
import type { ConfigError, FileSystemError, SessionPathError, StoreUnreadableError, TargetError } from "../domain/errors.js"
import { duTotal, storeUsage, type DuRun } from "../maintenance/du.js"
import { FsView } from "../maintenance/fsView.js"
import { BOTH_PARTS, type CleanupSettings } from "../maintenance/plan.js"
import type { CleanupOptions, PathFact } from "../maintenance/types.js"
import { probePath } from "../store/cleanupSnapshot.js"
import { OpenClawConfig } from "../store/config.js"
import type { Environment } from "../store/environment.js"
import { SessionFs } from "../store/sessionFs.js"
import { forEachTarget, plainTarget, resolveTargets, type TargetOptions } from "../store/targets.js"
import { snapshotAndPlan } from "./snapshot.js"

export interface DuRequest extends TargetOptions {
  /** How many of the largest sessions to report per store. */
  readonly top: number
}

export type DuError = ConfigError | TargetError | FileSystemError | SessionPathError | StoreUnreadableError

/** The options of a `sessions cleanup` without flags: what du reports cleanup would do. */
const PLAIN_CLEANUP: CleanupOptions = { dryRun: true, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined }

export const diskUsage = (request: DuRequest): Effect.Effect<DuRun, DuError, Environment | OpenClawConfig | SessionFs> =>
  Effect.gen(function* () {
    const { settings: config } = yield* OpenClawConfig
    const { sync: fs } = yield* SessionFs
    const nowMs = yield* Clock.currentTimeMillis
    const targets = yield* resolveTargets(config, request)
    const settings: CleanupSettings = { maintenance: config.session.maintenance, dmScope: config.session.dmScope }
    const stores = yield* forEachTarget(targets, (target) =>
      Effect.gen(function* () {
        // (the usage reads of each row only what the rules read: its id, file, chat type and age)
        const taken = yield* snapshotAndPlan(plainTarget(target), settings, PLAIN_CLEANUP, nowMs, BOTH_PARTS, "rules")
        const plan = yield* taken.plan
        // the snapshot's answers first; a question the plan never asked is probed (read-only)
        const recorded: Record<string, PathFact> = {}
        const view = new FsView(taken.snapshot, (p) => probePath(fs, p), recorded)
        const report = storeUsage(view, plan, nowMs, request.top)
        return target.discovered === undefined ? report : { ...report, discovered: target.discovered }
      })
    )
    return { nowMs, top: request.top, discover: request.discover === true, stores, total: duTotal(stores) }
  })
