/**
 * The apply interpreter: the only code of `sessions cleanup` that writes. It executes an apply
 * plan in an order that never loses data if interrupted:
 *
 * 1. guards: the store must be a JSON object or missing (D5), and `beforeWriteGuards` (the
 *    SQLite-era detection of `store/sqliteGuard.ts`, D14) must pass — nothing is touched otherwise;
 * 2. every archive rename (`<file>.deleted.<ts>`), so a transcript is archived before the row
 *    that references it is dropped;
 * 3. the one atomic store write (skipped when the text is unchanged);
 * 4. every deletion (trajectory sidecars, expired archives, disk-budget files, unreferenced
 *    artifacts), each of a file no remaining row references.
 *
 * Per file this is the order of the plan (which is the reference's order), so the end state is
 * the reference's. It never contacts a Gateway (D2) and prints nothing (D3).
 */
import { Effect } from "effect"
import * as path from "node:path"
import { FileSystemError, type SqliteStoreError, StoreUnreadableError } from "../domain/errors.js"
import { isInside } from "../domain/sessionFiles.js"
import { appliedSummary } from "../maintenance/summary.js"
import type { AppliedSummary, CleanupPlan, FileAction } from "../maintenance/types.js"
import { requireNoSqliteStore } from "../store/sqliteGuard.js"
import { SessionFs, type SyncFs } from "../store/sessionFs.js"
import { readStore, writeStoreText } from "../store/storeFile.js"

/** The SQLite-era detection (store-model §8, D14) for the plan's agent and sessions dir. */
export const sqliteEraGuard = (plan: CleanupPlan): Effect.Effect<void, SqliteStoreError | FileSystemError, SessionFs> =>
  requireNoSqliteStore(plan.stateDir, [plan.target.agentId], [plan.sessionsDir])

/** Checks run before anything is written; any failure leaves the disk untouched. */
export const beforeWriteGuards: ReadonlyArray<(plan: CleanupPlan) => Effect.Effect<void, SqliteStoreError | FileSystemError, SessionFs>> = [sqliteEraGuard]

const realDirOf = (fs: SyncFs, dir: string): string => {
  try {
    return fs.realpath(dir)
  } catch {
    return path.resolve(dir)
  }
}

const insideDir = (fs: SyncFs, dir: string, p: string): boolean => {
  const real = realDirOf(fs, dir)
  return (isInside(real, p) && path.resolve(p) !== real) || (isInside(path.resolve(dir), p) && path.resolve(p) !== path.resolve(dir))
}

const runRename = (fs: SyncFs, plan: CleanupPlan, a: FileAction) => {
  if (a.to === undefined || !insideDir(fs, plan.sessionsDir, a.path) || !insideDir(fs, plan.sessionsDir, a.to)) return
  try {
    fs.rename(a.path, a.to)
  } catch {
    // gone since the snapshot: nothing to archive
  }
}

const runDelete = (fs: SyncFs, plan: CleanupPlan, a: FileAction) => {
  if (!insideDir(fs, plan.sessionsDir, a.path)) return
  try {
    const st = fs.lstat(a.path)
    if (st.kind === "directory") return
    fs.unlink(a.path)
  } catch {
    // already gone
  }
}

export const apply = (
  plan: CleanupPlan
): Effect.Effect<AppliedSummary, StoreUnreadableError | SqliteStoreError | FileSystemError, SessionFs> =>
  Effect.gen(function* () {
    const { sync: fs } = yield* SessionFs
    if (plan.semantics !== "apply" || plan.write === undefined) {
      return yield* Effect.fail(new FileSystemError({ path: plan.target.storePath, message: "not an apply plan" }))
    }
    const storePath = plan.target.storePath
    if (plan.storeStatus === "invalid") {
      return yield* Effect.fail(
        new StoreUnreadableError({ path: storePath, message: `Session store is not a valid JSON object: ${storePath}; refusing to write` })
      )
    }
    for (const guard of beforeWriteGuards) yield* guard(plan)
    const write = plan.write
    yield* Effect.try({
      try: () => {
        for (const a of plan.files) if (a.op === "archive") runRename(fs, plan, a)
      },
      catch: (e) => new FileSystemError({ path: plan.sessionsDir, message: String(e) })
    })
    if (!write.skip) {
      yield* writeStoreText(storePath, write.text, undefined)
      // The reference widens the sessions dir to 0777 & ~umask when it writes (store-model §5.2).
      yield* Effect.try({
        try: () => {
          fs.chmod(path.dirname(storePath), 0o777 & ~fs.umask())
        },
        catch: (e) => new FileSystemError({ path: storePath, message: String(e) })
      })
    }
    yield* Effect.try({
      try: () => {
        for (const a of plan.files) if (a.op === "delete") runDelete(fs, plan, a)
      },
      catch: (e) => new FileSystemError({ path: plan.sessionsDir, message: String(e) })
    })
    const after = yield* readStore(storePath)
    return appliedSummary(plan, after.entries.size)
  })
