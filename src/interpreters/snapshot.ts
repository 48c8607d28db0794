/**
 * Taking the snapshot of one store (the only reads of a cleanup before apply's fingerprint
 * check): the store, listing and pointers (`store/cleanupSnapshot.ts`), plus the answers to the
 * questions the rules ask about other paths. Those are found by building the plan once with
 * views that probe the file system in context and record every answer; replaying the planners
 * over the snapshot (`planCleanup`) gives the same plan without touching the disk.
 */
import { Effect } from "effect"
import type { FileSystemError, SessionPathError, StoreUnreadableError } from "../domain/errors.js"
import { FsView } from "../maintenance/fsView.js"
import { planEffect } from "../maintenance/index.js"
import type { InvalidSessionId } from "../maintenance/paths.js"
import { BOTH_PARTS, buildPlan, type CleanupSettings, type PlanParts } from "../maintenance/plan.js"
import type { CleanupOptions, CleanupPlan, CleanupTarget, PathFact, Snapshot } from "../maintenance/types.js"
import type { ProjectionFields } from "../domain/entry.js"
import { probePath, readCleanupBase } from "../store/cleanupSnapshot.js"
import type { Environment } from "../store/environment.js"
import { errorCode, SessionFs, type SyncFs } from "../store/sessionFs.js"
import * as path from "node:path"

/**
 * `probePath`, answering "missing" without an `lstat` for a name its directory does not list (or
 * in a directory that does not exist): the rules ask about many paths outside the sessions dir
 * (the legacy transcript dir, for each row) that mostly do not exist. Each directory is read
 * once; one that cannot be read (no permission to list) is probed path by path.
 */
const probeThroughListings = (fs: SyncFs): ((p: string) => PathFact) => {
  const listings = new Map<string, ReadonlySet<string> | "absent" | "unreadable">()
  return (p) => {
    const dir = path.dirname(p)
    let listing = listings.get(dir)
    if (listing === undefined) {
      try {
        listing = new Set(fs.readdir(dir))
      } catch (error) {
        const code = errorCode(error)
        listing = code === "ENOENT" || code === "ENOTDIR" ? "absent" : "unreadable"
      }
      listings.set(dir, listing)
    }
    if (listing === "absent" || (listing !== "unreadable" && dir !== p && !listing.has(path.basename(p)))) return MISSING_FACT
    return probePath(fs, p)
  }
}

const MISSING_FACT: PathFact = { realpath: undefined, type: "missing", statIsFile: false, size: 0, mtimeMs: 0, ino: 0 }

/**
 * The snapshot of one store and a plan built while taking it by `build` (given the snapshot's
 * base and views that probe and record): cleanup's and prune's planners.
 */
export const snapshotAndBuild = <P extends CleanupPlan>(
  target: CleanupTarget,
  build: (base: Snapshot, view: () => FsView) => P | InvalidSessionId,
  /** The projection rows are read with: `rules` when nothing prints rows (`readPlanStore`). */
  fields: ProjectionFields = "plan"
): Effect.Effect<
  { readonly snapshot: Snapshot; readonly plan: Effect.Effect<P, SessionPathError | StoreUnreadableError> },
  FileSystemError,
  SessionFs | Environment
> =>
  Effect.gen(function* () {
    const { base, release } = yield* readCleanupBase(target, fields)
    const { sync: fs } = yield* SessionFs
    const recorded: Record<string, PathFact> = {}
    const probe = probeThroughListings(fs)
    // Every question is asked once against the file system; the answers become the snapshot.
    // Rows are read back from the store file as it was scanned, until it is closed after planning.
    const plan = yield* Effect.either(planEffect(target.storePath, () => build(base, () => new FsView(base, probe, recorded)))).pipe(
      Effect.ensuring(Effect.sync(release))
    )
    return { snapshot: { ...base, probes: recorded }, plan: plan._tag === "Right" ? Effect.succeed(plan.right) : Effect.fail(plan.left) }
  })

/**
 * The snapshot of one store and the plan built while taking it (the same plan a replay gives);
 * `parts`: the parts built now (`buildPlan`).
 */
export const snapshotAndPlan = (
  target: CleanupTarget,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number,
  parts: PlanParts = BOTH_PARTS,
  fields: ProjectionFields = "plan"
) => snapshotAndBuild(target, (base, view) => buildPlan(base, settings, options, nowMs, view, parts), fields)

/** The snapshot of one store (for replaying plans over it; see `planCleanup`). */
export const takeSnapshot = (
  target: CleanupTarget,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number,
  fields: ProjectionFields = "plan"
): Effect.Effect<Snapshot, FileSystemError | StoreUnreadableError, SessionFs | Environment> =>
  Effect.flatMap(snapshotAndPlan(target, settings, options, nowMs, BOTH_PARTS, fields), ({ snapshot, plan }) =>
    // a store nested too deeply to plan cannot be snapshotted either; an invalid id can
    Effect.as(Effect.catchTag(plan, "SessionPathError", () => Effect.void), snapshot)
  )
