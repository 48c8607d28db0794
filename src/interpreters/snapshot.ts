/**
 * Taking the snapshot of one store (the only reads of a cleanup before apply's fingerprint
 * check): the store, listing and pointers (`store/cleanupSnapshot.ts`), plus the answers to the
 * questions the rules ask about other paths. Those questions are found by running the pure
 * planners once with a probe of the file system in context; replaying them over the snapshot
 * (`planCleanup`) then gives the same plans without touching the disk.
 */
import { Effect } from "effect"
import { storeTooDeep, type FileSystemError, type StoreUnreadableError } from "../domain/errors.js"
import { FsView } from "../maintenance/fsView.js"
import { buildApplyPlan, buildPreviewPlan, type CleanupSettings } from "../maintenance/plan.js"
import type { CleanupOptions, CleanupTarget, PathFact, Snapshot } from "../maintenance/types.js"
import { probePath, readCleanupBase } from "../store/cleanupSnapshot.js"
import type { Environment } from "../store/environment.js"
import { SessionFs } from "../store/sessionFs.js"

export const takeSnapshot = (
  target: CleanupTarget,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number
): Effect.Effect<Snapshot, FileSystemError | StoreUnreadableError, SessionFs | Environment> =>
  Effect.gen(function* () {
    const base = yield* readCleanupBase(target)
    const { sync: fs } = yield* SessionFs
    const recorded: Record<string, PathFact> = {}
    const probe = (p: string) => probePath(fs, p)
    // Ask every question once against the file system; the answers become the snapshot.
    try {
      buildPreviewPlan(new FsView(base, probe, recorded), settings, { ...options, dryRun: true }, nowMs)
      buildApplyPlan(new FsView(base, probe, recorded), settings, { ...options, dryRun: false }, nowMs)
    } catch (error) {
      // JSON.stringify recurses: a value nested deeper than the stack allows cannot be planned.
      if (error instanceof RangeError) return yield* Effect.fail(storeTooDeep(target.storePath))
      throw error
    }
    return { ...base, probes: recorded }
  })
