/**
 * The apply interpreter: the only code of `sessions cleanup` that writes. It executes an
 * `ApplyPlan` (made in this run or read from a plan file) in an order that never loses data if
 * interrupted:
 *
 * 1. guards: the store must be a JSON object or missing (D5), and `beforeWriteGuards` (the
 *    SQLite-era detection of `store/sqliteGuard.ts`, D14) must pass;
 * 2. fingerprints: the store's bytes and every file the plan touches must be as the snapshot saw
 *    them, or nothing is done (`PlanMismatchError` names what changed);
 * 3. every archive rename (`<file>.deleted.<ts>`), so a transcript is archived before the row
 *    that references it is dropped; a failed rename stops apply before the store is written;
 * 4. the one atomic store write of the kept rows (skipped when the text is unchanged);
 * 5. every deletion (trajectory sidecars, expired archives, disk-budget files, unreferenced
 *    artifacts), each of a file no remaining row references.
 *
 * Every operation's outcome is returned; none is reported as done unless it was. It never
 * contacts a Gateway (D2) and prints nothing (D3).
 */
import { Effect } from "effect"
import * as path from "node:path"
import { FileSystemError, PlanMismatchError, type SqliteStoreError, StoreUnreadableError, storeTooDeep } from "../domain/errors.js"
import { isInside } from "../domain/sessionFiles.js"
import { serializeStore } from "../domain/storeText.js"
import { isClawkeepName, STORE_TEMP_NAME } from "../maintenance/safety.js"
import { appliedSummary } from "../maintenance/summary.js"
import type { ApplyPlan, ApplyResult, FileAction, FileFingerprint, OperationOutcome } from "../maintenance/types.js"
import { probePath } from "../store/cleanupSnapshot.js"
import { errorCode, errorMessage, SessionFs, type SyncFs } from "../store/sessionFs.js"
import { requireNoSqliteStore } from "../store/sqliteGuard.js"
import { readStoreFingerprinted, storeWriteTarget, writeStoreText, type FingerprintedStoreRead } from "../store/storeFile.js"

/** The store text of the kept rows; a value nested too deeply to serialise is refused, not a crash. */
export const serializeOrRefuse = (storePath: string, entries: ReadonlyMap<string, unknown>): Effect.Effect<string, StoreUnreadableError> =>
  Effect.try({
    try: () => serializeStore(entries),
    catch: (error) => {
      if (error instanceof RangeError) return storeTooDeep(storePath)
      throw error
    }
  })

/** The SQLite-era detection (docs/store-model.md#sqlite-era-installations, D14) for the plan's agent and sessions dir. */
export const sqliteEraGuard = (plan: ApplyPlan): Effect.Effect<void, SqliteStoreError | FileSystemError, SessionFs> =>
  requireNoSqliteStore(plan.stateDir, [plan.target.agentId], [plan.sessionsDir])

/** Checks run before anything is written; any failure leaves the disk untouched. */
export const beforeWriteGuards: ReadonlyArray<(plan: ApplyPlan) => Effect.Effect<void, SqliteStoreError | FileSystemError, SessionFs>> = [
  sqliteEraGuard
]

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

const describeChange = (before: FileFingerprint, now: ReturnType<typeof probePath>): string | undefined => {
  if (now.type === "missing") return "it no longer exists"
  if (now.type !== before.type) return `it is now a ${now.type}, was a ${before.type}`
  if (now.ino !== before.ino) return "it was replaced by another file"
  if (now.size !== before.size) return `its size changed (${before.size} -> ${now.size} bytes)`
  if (now.mtimeMs !== before.mtimeMs) return "it was modified"
  return undefined
}

/** What no longer matches the plan's fingerprints, in words (empty when everything matches). */
export const planMismatches = (fs: SyncFs, plan: ApplyPlan, store: FingerprintedStoreRead): ReadonlyArray<string> => {
  const out: Array<string> = []
  const was = plan.store
  const now = store.fingerprint
  if (was.exists !== now.exists) {
    out.push(was.exists ? `the session store ${plan.target.storePath} no longer exists` : `the session store ${plan.target.storePath} was created`)
  } else if (was.sha256 !== now.sha256) {
    out.push(`the session store ${plan.target.storePath} changed (${was.size} -> ${now.size} bytes)`)
  }
  for (const a of plan.files) {
    if (a.before === undefined) continue
    const change = describeChange(a.before, probePath(fs, a.path))
    if (change !== undefined) out.push(`${a.path}: ${change}`)
  }
  return out
}

const outcome = (a: FileAction, status: OperationOutcome["status"], detail?: string): OperationOutcome => ({
  op: a.op,
  path: a.path,
  ...(a.to === undefined ? {} : { to: a.to }),
  status,
  ...(detail === undefined ? {} : { detail }),
  bytes: a.bytes
})

const realOrUndefined = (fs: SyncFs, p: string): string | undefined => {
  try {
    return fs.realpath(p)
  } catch {
    return undefined
  }
}

/**
 * Defence in depth (D17): whatever a plan (possibly read from a file) says, the store and
 * clawkeep's own `.clawkeep-*` files are never renamed or deleted, by their path or their real
 * path. Only the stale-temp rule's deletion of a `.clawkeep-write.*.tmp` file is let through.
 */
const forbidden = (fs: SyncFs, plan: ApplyPlan, p: string, a: FileAction): string | undefined => {
  const storePath = path.resolve(plan.target.storePath)
  const store = new Set([storePath, path.join(realDirOf(fs, path.dirname(storePath)), path.basename(storePath))])
  const storeReal = realOrUndefined(fs, storePath)
  if (storeReal !== undefined) store.add(storeReal)
  const spellings = [path.resolve(p), path.join(realDirOf(fs, path.dirname(path.resolve(p))), path.basename(p))]
  const real = realOrUndefined(fs, p)
  if (real !== undefined) spellings.push(real)
  if (spellings.some((s) => store.has(s))) return "the session store"
  const staleTemp = a.op === "delete" && a.reason === "stale-temp-file" && p === a.path
  for (const s of spellings) {
    const name = path.basename(s)
    if (isClawkeepName(name) && !(staleTemp && STORE_TEMP_NAME.test(name))) return "a clawkeep file"
  }
  return undefined
}

const runRename = (fs: SyncFs, plan: ApplyPlan, a: FileAction): OperationOutcome => {
  if (a.to === undefined || !insideDir(fs, plan.sessionsDir, a.path) || !insideDir(fs, plan.sessionsDir, a.to)) {
    return outcome(a, "skipped", "outside the sessions directory")
  }
  const refused = forbidden(fs, plan, a.path, a) ?? forbidden(fs, plan, a.to, a)
  if (refused !== undefined) return outcome(a, "skipped", refused)
  try {
    // only regular files are archived (D18): never a directory, a symlink or a device
    if (fs.lstat(a.path).kind !== "file") return outcome(a, "skipped", "not a regular file")
    fs.rename(a.path, a.to)
    return outcome(a, "done")
  } catch (error) {
    return errorCode(error) === "ENOENT" ? outcome(a, "skipped", "already gone") : outcome(a, "failed", errorMessage(error))
  }
}

const runDelete = (fs: SyncFs, plan: ApplyPlan, a: FileAction): OperationOutcome => {
  if (!insideDir(fs, plan.sessionsDir, a.path)) return outcome(a, "skipped", "outside the sessions directory")
  const refused = forbidden(fs, plan, a.path, a)
  if (refused !== undefined) return outcome(a, "skipped", refused)
  try {
    const kind = fs.lstat(a.path).kind
    if (kind === "directory") return outcome(a, "skipped", "a directory")
    // a stale temp file is removed only while it is still a regular file of ours
    if (a.reason === "stale-temp-file" && kind !== "file") return outcome(a, "skipped", "not a regular file")
    fs.unlink(a.path)
    return outcome(a, "done")
  } catch (error) {
    return errorCode(error) === "ENOENT" ? outcome(a, "skipped", "already gone") : outcome(a, "failed", errorMessage(error))
  }
}

/** Executes an apply plan; see the module comment for the order and the guarantees. */
export const apply = (
  plan: ApplyPlan
): Effect.Effect<ApplyResult, StoreUnreadableError | SqliteStoreError | FileSystemError | PlanMismatchError, SessionFs> =>
  Effect.gen(function* () {
    const { sync: fs } = yield* SessionFs
    const storePath = plan.target.storePath
    if (plan.storeStatus === "invalid") {
      let isDirectory = false
      try {
        isDirectory = fs.stat(storePath).kind === "directory"
      } catch {
        isDirectory = false
      }
      const message = isDirectory
        ? `Session store path is a directory, not a file: ${storePath}; refusing to write`
        : `Session store is not a valid JSON object: ${storePath}; refusing to write`
      return yield* Effect.fail(new StoreUnreadableError({ path: storePath, message }))
    }
    for (const guard of beforeWriteGuards) yield* guard(plan)
    const store = yield* readStoreFingerprinted(storePath)
    const mismatches = planMismatches(fs, plan, store)
    if (mismatches.length > 0) {
      const shown = mismatches.slice(0, 3).join("; ") + (mismatches.length > 3 ? `; and ${mismatches.length - 3} more` : "")
      return yield* Effect.fail(
        new PlanMismatchError({
          path: storePath,
          message: `The cleanup plan for ${storePath} no longer matches the disk (${shown}); nothing was changed. Make a new plan.`
        })
      )
    }
    let text: string | undefined
    let writeTo = storePath
    if (!plan.write.skip) {
      // Kept rows must be written back as they were read: refuse bytes that would not survive.
      if (!store.utf8) {
        return yield* Effect.fail(
          new StoreUnreadableError({
            path: storePath,
            message: `Session store ${storePath} holds bytes that are not valid UTF-8; rewriting it would change kept rows, refusing to write`
          })
        )
      }
      const entries = new Map<string, unknown>()
      for (const key of plan.write.keys) entries.set(key, store.entries.get(key))
      text = yield* serializeOrRefuse(storePath, entries)
      // A symlinked store is written through to its target (never replaced by a regular file).
      writeTo = yield* storeWriteTarget(storePath)
    }
    const operations: Array<OperationOutcome> = []
    for (const a of plan.files) if (a.op === "archive") operations.push(runRename(fs, plan, a))
    const failedRename = operations.find((o) => o.status === "failed")
    if (failedRename !== undefined) return { summary: appliedSummary(plan, store.entries.size), operations, completed: false }
    if (text !== undefined) {
      const written = yield* Effect.either(writeStoreText(writeTo, text, undefined))
      if (written._tag === "Left") {
        operations.push({ op: "write", path: writeTo, status: "failed", detail: written.left.message })
        return { summary: appliedSummary(plan, store.entries.size), operations, completed: false }
      }
      operations.push({ op: "write", path: writeTo, status: "done" })
      // The reference also widens the sessions dir to 0777 & ~umask here; clawkeep never changes
      // a directory's mode (D21).
    }
    for (const a of plan.files) if (a.op === "delete") operations.push(runDelete(fs, plan, a))
    return { summary: appliedSummary(plan, plan.write.keys.length), operations, completed: true }
  })
