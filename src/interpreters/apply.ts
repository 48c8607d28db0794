/**
 * The apply interpreter: the only code of `sessions cleanup` that writes. It executes an
 * `ApplyPlan` (made in this run or read from a plan file) in an order that never loses data if
 * interrupted:
 *
 * 1. guards: the store must be a JSON object or missing (D5), and `beforeWriteGuards` (the
 *    SQLite-era detection of `store/sqliteGuard.ts`, D14) must pass;
 * 2. fingerprints: the store's bytes and every file the plan touches must be as the snapshot saw
 *    them, or nothing is done (`PlanMismatchError` names what changed);
 * 3. the journal (`store.before`: the store's bytes, streamed), then the new store text streamed
 *    into a temp file beside the store (each kept row read back from the store as it was read
 *    and written as the reference writes it) and its hash recorded;
 * 4. every archive rename (`<file>.deleted.<ts>`), so a transcript is archived before the row
 *    that references it is dropped; a failed rename stops apply before the store is written;
 * 5. the one atomic store write of the kept rows: the temp file renamed over the store when the
 *    store is still the one read (skipped when the text is unchanged);
 * 6. every deletion (trajectory sidecars, expired archives, disk-budget files, unreferenced
 *    artifacts), each of a file no remaining row references.
 *
 * Every operation's outcome is returned; none is reported as done unless it was. It never
 * contacts a Gateway (D2) and prints nothing (D3).
 */
import { Clock, Effect } from "effect"
import { createHash } from "node:crypto"
import * as path from "node:path"
import { FileSystemError, PlanMismatchError, type SqliteStoreError, StoreChangedError, StoreUnreadableError, storeTooDeep } from "../domain/errors.js"
import { journalId, type Journal, type JournalOperation } from "../maintenance/journal.js"
import { Processes } from "../store/processes.js"
import { finishJournalSync, journalDir, moveFileSync, prepareJournal, pruneJournalsSync, putBackSync, recordStoreAfterSync, storeTempPrefix, TRASH_DIR } from "./journal.js"
import { basenameFast, dirnameFast, isInsideFast, joinNameFast, resolveFast } from "../maintenance/pathText.js"
import { isClawkeepName, STORE_TEMP_NAME } from "../maintenance/safety.js"
import { appliedSummary } from "../maintenance/summary.js"
import type { ApplyPlan, ApplyResult, FileAction, FileFingerprint, OperationOutcome, StoreFingerprint } from "../maintenance/types.js"
import { createExclusiveStreamSync, errorCode, errorMessage, fsyncDir, SessionFs, type FileInfo, type SyncFs } from "../store/sessionFs.js"
import { requireNoSqliteStore } from "../store/sqliteGuard.js"
import { storeWriteTarget } from "../store/storeFile.js"
import { readStoreForWrite, type StoreForWrite } from "../store/planStore.js"
import { StoreChangedError as ScanStoreChangedError } from "../store/scan.js"

/** The SQLite-era detection (docs/store-model.md#sqlite-era-installations, D14) for the plan's agent and sessions dir. */
export const sqliteEraGuard = (plan: ApplyPlan): Effect.Effect<void, SqliteStoreError | FileSystemError, SessionFs> =>
  requireNoSqliteStore(plan.stateDir, [plan.target.agentId], [plan.sessionsDir])

/** Checks run before anything is written; any failure leaves the disk untouched. */
export const beforeWriteGuards: ReadonlyArray<(plan: ApplyPlan) => Effect.Effect<void, SqliteStoreError | FileSystemError, SessionFs>> = [
  sqliteEraGuard
]

// The guards ask the OS's realpath(3) (one call per path; the answers equal `realpath`'s for
// the paths an apply touches).
const realDirOf = (fs: SyncFs, dir: string, plan: ApplyPlan): string => {
  let dirs = realDirs.get(plan)
  if (dirs === undefined) realDirs.set(plan, (dirs = new Map()))
  let real = dirs.get(dir)
  if (real === undefined) {
    try {
      real = fs.realpathNative(dir)
    } catch {
      real = path.resolve(dir)
    }
    dirs.set(dir, real)
  }
  return real
}

/**
 * The real paths of the directories an apply's guards ask about (the sessions dir, the store's
 * dir), asked once per apply: every operation of a plan is in the same few directories. Cleared
 * when an apply of the plan starts.
 */
const realDirs = new WeakMap<ApplyPlan, Map<string, string>>()

const insideDir = (fs: SyncFs, plan: ApplyPlan, dir: string, p: string): boolean => {
  const real = realDirOf(fs, dir, plan)
  const abs = resolveFast(p)
  const absDir = resolveFast(dir)
  return (isInsideFast(real, p) && abs !== real) || (isInsideFast(absDir, p) && abs !== absDir)
}

/** The `lstat` of a path: what is there, or the error asking gave. */
const lookAt = (fs: SyncFs, p: string): { readonly found: FileInfo | undefined; readonly error: unknown } => {
  try {
    return { found: fs.lstatIfAny(p), error: undefined }
  } catch (error) {
    return { found: undefined, error }
  }
}

/** What is at a path, undefined when nothing is or it cannot be asked. */
const lstatOrUndefined = (fs: SyncFs, p: string): FileInfo | undefined => lookAt(fs, p).found

/** A file as a fingerprint compares it: `lstat` type and inode, `stat` size and mtime (`probePath` without the real path). */
const fingerprintOf = (
  fs: SyncFs,
  p: string,
  lst: FileInfo | undefined
): { readonly type: FileFingerprint["type"] | "missing"; readonly ino: number; readonly size: number; readonly mtimeMs: number } => {
  if (lst === undefined) return { type: "missing", ino: 0, size: 0, mtimeMs: 0 }
  let st
  try {
    st = lst.kind === "symlink" ? fs.stat(p) : lst
  } catch {
    st = undefined
  }
  return { type: lst.kind === "directory" ? "dir" : lst.kind, ino: lst.ino, size: st?.size ?? 0, mtimeMs: st?.mtimeMs ?? 0 }
}

const describeChange = (before: FileFingerprint, now: ReturnType<typeof fingerprintOf>): string | undefined => {
  if (now.type === "missing") return "it no longer exists"
  if (now.type !== before.type) return `it is now a ${now.type}, was a ${before.type}`
  if (now.ino !== before.ino) return "it was replaced by another file"
  if (now.size !== before.size) return `its size changed (${before.size} -> ${now.size} bytes)`
  if (now.mtimeMs !== before.mtimeMs) return "it was modified"
  return undefined
}

/** The `lstat` answers about a file action's path and destination, asked once for several checks. */
interface Seen {
  readonly path: FileInfo | undefined
  readonly to: FileInfo | undefined
}

const seenOf = (fs: SyncFs, a: FileAction): Seen => ({ path: lstatOrUndefined(fs, a.path), to: a.to === undefined ? undefined : lstatOrUndefined(fs, a.to) })

/**
 * What no longer matches the plan's fingerprints, in words (empty when everything matches).
 * `each`: given the `lstat` answers about each file action, in plan order, as they are asked
 * (for more checks of the same answers; none is kept).
 */
export const planMismatches = (
  fs: SyncFs,
  plan: ApplyPlan,
  store: { readonly fingerprint: StoreFingerprint },
  each?: (a: FileAction, i: number, seen: Seen) => void
): ReadonlyArray<string> => {
  const out: Array<string> = []
  const was = plan.store
  const now = store.fingerprint
  if (was.exists !== now.exists) {
    out.push(was.exists ? `the session store ${plan.target.storePath} no longer exists` : `the session store ${plan.target.storePath} was created`)
  } else if (was.sha256 !== now.sha256) {
    out.push(`the session store ${plan.target.storePath} changed (${was.size} -> ${now.size} bytes)`)
  }
  plan.files.forEach((a, i) => {
    const at = seenOf(fs, a)
    each?.(a, i, at)
    // an archive never replaces a file that appeared at its name after planning (a destination
    // the safety rules refuse anyway is left to them)
    if (a.op === "archive" && a.to !== undefined && at.to !== undefined && insideDir(fs, plan, plan.sessionsDir, a.to) && forbidden(fs, plan, a.to, a, at.to) === undefined) {
      out.push(`${a.to}: its archive name is now taken`)
    }
    if (a.before === undefined) return
    const change = describeChange(a.before, fingerprintOf(fs, a.path, at.path))
    if (change !== undefined) out.push(`${a.path}: ${change}`)
  })
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

/**
 * The real path of `p`, or undefined when nothing is there; `lst` is its `lstat` when the caller
 * has it. Only a symlink asks realpath(3): anything else is its directory's real path and name.
 */
const realOrUndefined = (fs: SyncFs, plan: ApplyPlan, p: string, lst: FileInfo | undefined): string | undefined => {
  if (lst === undefined) return undefined
  if (lst.kind !== "symlink") {
    const abs = resolveFast(p)
    return joinNameFast(realDirOf(fs, dirnameFast(abs), plan), basenameFast(abs))
  }
  try {
    return fs.realpathNative(p)
  } catch {
    return undefined
  }
}

/** The store's path, its path under the real dir and its real path, asked once per apply. */
const storeSpellings = (fs: SyncFs, plan: ApplyPlan): ReadonlySet<string> => {
  let spellings = storeSpellingsOf.get(plan)
  if (spellings === undefined) {
    const storePath = path.resolve(plan.target.storePath)
    const set = new Set([storePath, path.join(realDirOf(fs, path.dirname(storePath), plan), path.basename(storePath))])
    const storeReal = realOrUndefined(fs, plan, storePath, lstatOrUndefined(fs, storePath))
    if (storeReal !== undefined) set.add(storeReal)
    storeSpellingsOf.set(plan, (spellings = set))
  }
  return spellings
}
const storeSpellingsOf = new WeakMap<ApplyPlan, ReadonlySet<string>>()

/**
 * Defence in depth (D17): whatever a plan (possibly read from a file) says, the store and
 * clawkeep's own `.clawkeep-*` files are never renamed or deleted, by their path or their real
 * path. Only the stale-temp rule's deletion of a `.clawkeep-write.*.tmp` file is let through.
 */
const forbidden = (fs: SyncFs, plan: ApplyPlan, p: string, a: FileAction, lst: FileInfo | undefined | "ask"): string | undefined => {
  const store = storeSpellings(fs, plan)
  const abs = resolveFast(p)
  const spellings = [abs, joinNameFast(realDirOf(fs, dirnameFast(abs), plan), basenameFast(p))]
  const real = realOrUndefined(fs, plan, p, lst === "ask" ? lstatOrUndefined(fs, p) : lst)
  if (real !== undefined) spellings.push(real)
  if (spellings.some((s) => store.has(s))) return "the session store"
  const staleTemp = a.op === "delete" && a.reason === "stale-temp-file" && p === a.path
  for (const s of spellings) {
    const name = basenameFast(s)
    if (isClawkeepName(name) && !(staleTemp && STORE_TEMP_NAME.test(name))) return "a clawkeep file"
  }
  return undefined
}

/**
 * Why the safety rules refuse a plan's file action, whatever the plan says (undefined: allowed):
 * its path (and an archive's destination) must be inside the sessions dir and neither the store
 * nor a clawkeep file. Checked when the journal is written (a refused action is recorded as
 * skipped, so recovery never performs it) and again right before the action.
 */
const refusal = (fs: SyncFs, plan: ApplyPlan, a: FileAction, at?: { readonly path: FileInfo | undefined; readonly to: FileInfo | undefined }): string | undefined => {
  if (a.op === "archive") {
    if (a.to === undefined || !insideDir(fs, plan, plan.sessionsDir, a.path) || !insideDir(fs, plan, plan.sessionsDir, a.to)) return "outside the sessions directory"
    return forbidden(fs, plan, a.path, a, at === undefined ? "ask" : at.path) ?? forbidden(fs, plan, a.to, a, at === undefined ? "ask" : at.to)
  }
  if (!insideDir(fs, plan, plan.sessionsDir, a.path)) return "outside the sessions directory"
  return forbidden(fs, plan, a.path, a, at === undefined ? "ask" : at.path)
}

/** The outcome of an operation whose file is gone or could not be asked about; undefined when it is there. */
const goneOutcome = (a: FileAction, looked: ReturnType<typeof lookAt>): OperationOutcome | undefined => {
  if (looked.error !== undefined) return errorCode(looked.error) === "ENOENT" ? outcome(a, "skipped", "already gone") : outcome(a, "failed", errorMessage(looked.error))
  return looked.found === undefined ? outcome(a, "skipped", "already gone") : undefined
}

const runRename = (fs: SyncFs, plan: ApplyPlan, a: FileAction): OperationOutcome => {
  if (a.to === undefined) return outcome(a, "skipped", "outside the sessions directory")
  // (each path is asked once: the guards and the checks below read the same answers)
  const looked = lookAt(fs, a.path)
  const at = { path: looked.found, to: lstatOrUndefined(fs, a.to) }
  const refused = refusal(fs, plan, a, at)
  if (refused !== undefined) return outcome(a, "skipped", refused)
  const gone = goneOutcome(a, looked)
  if (gone !== undefined || at.path === undefined) return gone ?? outcome(a, "skipped", "already gone")
  try {
    // only regular files are archived (D18): never a directory, a symlink or a device
    if (at.path.kind !== "file") return outcome(a, "skipped", "not a regular file")
    // rename replaces its destination: a file that appeared there since the check stops the apply
    if (at.to !== undefined) return outcome(a, "failed", `its archive name ${a.to} is taken`)
    fs.rename(a.path, a.to)
    return outcome(a, "done")
  } catch (error) {
    return errorCode(error) === "ENOENT" ? outcome(a, "skipped", "already gone") : outcome(a, "failed", errorMessage(error))
  }
}

const runDelete = (fs: SyncFs, plan: ApplyPlan, a: FileAction): OperationOutcome => runRemoval(fs, plan, a, () => fs.unlink(a.path))

/** A deletion that moves the file into the journal's trash instead (`--trash`). */
const runTrash = (fs: SyncFs, plan: ApplyPlan, a: FileAction, to: string): OperationOutcome => {
  const o = runRemoval(fs, plan, a, () => moveFileSync(fs, a.path, to))
  return o.status === "done" ? { ...o, to } : o
}

const runRemoval = (fs: SyncFs, plan: ApplyPlan, a: FileAction, remove: () => void): OperationOutcome => {
  const looked = lookAt(fs, a.path)
  const refused = refusal(fs, plan, a, { path: looked.found, to: undefined })
  if (refused !== undefined) return outcome(a, "skipped", refused)
  const gone = goneOutcome(a, looked)
  if (gone !== undefined || looked.found === undefined) return gone ?? outcome(a, "skipped", "already gone")
  try {
    const kind = looked.found.kind
    if (kind === "directory") return outcome(a, "skipped", "a directory")
    // a stale temp file is removed only while it is still a regular file of ours
    if (a.reason === "stale-temp-file" && kind !== "file") return outcome(a, "skipped", "not a regular file")
    remove()
    return outcome(a, "done")
  } catch (error) {
    return errorCode(error) === "ENOENT" ? outcome(a, "skipped", "already gone") : outcome(a, "failed", errorMessage(error))
  }
}

/** How an apply runs. */
export interface ApplyOptions {
  /** Move files that apply deletes into the journal's trash instead, so `restore` can bring them back. */
  readonly trash?: boolean
  /** The command the journal is recorded under (default: `prune` for a plan of `sessions prune`, else `cleanup`). */
  readonly command?: "cleanup" | "prune"
  /**
   * After writing the store, wait this long and look again for a writer that put removed rows
   * back (default 0: look once, right after the write).
   */
  readonly settleMs?: number
}

const statOrUndefined = (fs: SyncFs, p: string) => {
  try {
    return fs.stat(p)
  } catch {
    return undefined
  }
}

const sameFile = (a: { size: number; mtimeMs: number; ino: number } | undefined, b: { size: number; mtimeMs: number; ino: number } | undefined) =>
  a === undefined || b === undefined ? a === b : a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino

const journalOperation = (a: FileAction, trashDir: string | undefined, index: number): JournalOperation => ({
  op: a.op === "archive" ? "archive" : trashDir === undefined ? "delete" : "trash",
  path: a.path,
  ...(a.op === "archive" && a.to !== undefined ? { to: a.to } : {}),
  ...(a.op === "delete" && trashDir !== undefined ? { to: path.join(trashDir, `${index}-${path.basename(a.path)}`) } : {}),
  reason: a.reason,
  ...(a.key === undefined ? {} : { key: a.key }),
  bytes: a.bytes,
  ...(a.before === undefined ? {} : { before: a.before }),
  status: "pending"
})

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Records an operation's outcome in its journal record (`status`, and `detail` when there is one). */
const setOutcome = (op: Mutable<JournalOperation>, o: { readonly status: OperationOutcome["status"]; readonly detail?: string | undefined }): Mutable<JournalOperation> => {
  op.status = o.status
  if (o.detail !== undefined) op.detail = o.detail
  return op
}

/**
 * The keys of the rows apply removes, in store order: the plan's rows that are not in its store
 * write. Apply checks first that the store still has exactly the plan's rows (its fingerprint
 * says the bytes are the planned ones; a plan file could still list other rows): undefined when
 * it does not. The keys are the plan's own strings, none is read from the store again.
 */
const removedKeysOf = (plan: ApplyPlan, store: StoreForWrite): ReadonlyArray<string> | undefined => {
  const rows = plan.rows
  if (rows.length !== store.count) return undefined
  const kept = plan.write.keys
  const removed: Array<string> = []
  // the kept keys are the rows' keys in order, less the removed ones (as a plan makes them)
  let next = 0
  for (let i = 0; i < rows.length; i++) {
    const key = rows.key(i)
    if (!store.keyIs(i, key)) return undefined
    if (next < kept.length && kept[next] === key) next++
    else removed.push(key)
  }
  if (next === kept.length) return removed
  // a plan whose store write lists its rows in another order
  const keep = new Set(kept)
  return removed.filter((k) => !keep.has(k))
}

const STOPPED = "apply stopped before the store write"

/** Written in a prepared journal until the new store text is in its temp file. */
const WRITE_NOT_READY = ""

const changedWhileApplying = (storePath: string) => (_cause: unknown) =>
  new StoreChangedError({
    path: storePath,
    message: `The session store ${storePath} changed while clawkeep was applying (someone else wrote it, probably a running Gateway); nothing was changed`
  })

/** Removes the store's temp file of a stopped apply (if it was written). */
const removeTemp = (fs: SyncFs, writing: boolean, tmp: string): void => {
  if (!writing) return
  try {
    fs.unlink(tmp)
  } catch {
    // not created or already renamed
  }
}

/** The outcomes of archives that were put back afterwards, reported as such. */
const withPutBack = (operations: ReadonlyArray<OperationOutcome>, ops: ReadonlyArray<JournalOperation>, why: string): Array<OperationOutcome> =>
  operations.map((o) => {
    if (o.op !== "archive" || o.status !== "done") return o
    const op = ops.find((j) => j.op === "archive" && j.path === o.path && j.to === o.to)
    if (op?.status === "undone") return { ...o, status: "skipped", detail: `put back: ${why}` }
    if (op?.status === "failed") return { ...o, status: "failed", detail: op.detail ?? "could not be put back" }
    return o
  })

/** Puts back the archives a stopped apply made, newest first. */
const rollBackArchives = (fs: SyncFs, ops: ReadonlyArray<JournalOperation>): ReadonlyArray<JournalOperation> =>
  ops.map((op) => {
    if (op.op !== "archive" || op.status !== "done") return op
    const why = putBackSync(fs, op)
    return why === undefined ? { ...op, status: "undone" } : { ...op, status: "failed", detail: `could not put it back: ${why}` }
  })

/**
 * Executes an apply plan; see the module comment for the order and the guarantees. With a
 * journal (written before the first change, `interpreters/journal.ts`): a stopped apply puts its
 * archives back; the store write is a compare-and-swap (when the store changed since it was read,
 * everything is put back and `StoreChangedError` says so); after the write, a writer that put
 * removed rows back is detected and those rows' archives are put back.
 */
export const apply = (
  plan: ApplyPlan,
  options: ApplyOptions = {}
): Effect.Effect<ApplyResult, StoreUnreadableError | SqliteStoreError | FileSystemError | PlanMismatchError | StoreChangedError, SessionFs> =>
  Effect.gen(function* () {
    const { sync: fs } = yield* SessionFs
    const storePath = plan.target.storePath
    realDirs.delete(plan)
    storeSpellingsOf.delete(plan)
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
    const store = yield* Effect.try({
      try: () => readStoreForWrite(fs, storePath),
      catch: (error) => new FileSystemError({ path: storePath, message: errorMessage(error) })
    })
    // the store stays open until apply ends: what is copied and written is what was read
    return yield* Effect.ensuring(applyRead(fs, plan, options, store), Effect.sync(store.release))
  })

/** Apply, once the store is read (`store`, open until apply ends). */
const applyRead = (
  fs: SyncFs,
  plan: ApplyPlan,
  options: ApplyOptions,
  store: StoreForWrite
): Effect.Effect<ApplyResult, StoreUnreadableError | FileSystemError | PlanMismatchError | StoreChangedError, SessionFs> =>
  Effect.gen(function* () {
    const storePath = plan.target.storePath
    // what the safety rules refuse, from the same answers (as the disk is now; most actions: none)
    const refused = new Map<number, string>()
    const mismatches = planMismatches(fs, plan, store, (a, i, seen) => {
      const why = refusal(fs, plan, a, seen)
      if (why !== undefined) refused.set(i, why)
    })
    if (mismatches.length > 0) {
      const shown = mismatches.slice(0, 3).join("; ") + (mismatches.length > 3 ? `; and ${mismatches.length - 3} more` : "")
      return yield* Effect.fail(
        new PlanMismatchError({
          path: storePath,
          message: `The cleanup plan for ${storePath} no longer matches the disk (${shown}); nothing was changed. Make a new plan.`
        })
      )
    }
    const writing = !plan.write.skip
    let writeTo = storePath
    if (writing) {
      // Kept rows must be written back as they were read: refuse bytes that would not survive.
      if (!store.utf8) {
        return yield* Effect.fail(
          new StoreUnreadableError({
            path: storePath,
            message: `Session store ${storePath} holds bytes that are not valid UTF-8; rewriting it would change kept rows, refusing to write`
          })
        )
      }
      // A symlinked store is written through to its target (never replaced by a regular file).
      writeTo = yield* storeWriteTarget(storePath)
    }
    if (!writing && plan.files.length === 0) {
      // nothing to change, so no journal; old and abandoned journals still go (best effort)
      pruneJournalsSync(fs, plan.stateDir, yield* Clock.currentTimeMillis)
      return { summary: appliedSummary(plan, store.count), operations: [], completed: true, journalId: undefined }
    }

    // ── the journal, before the first change ──────────────────────────────────────────────
    const nowMs = yield* Clock.currentTimeMillis
    const processes = yield* Processes
    const id = journalId(nowMs, fs.randomId())
    const trashDir = options.trash === true ? path.join(journalDir(plan.stateDir, id), TRASH_DIR) : undefined
    const removedKeys = writing ? removedKeysOf(plan, store) : []
    if (removedKeys === undefined) {
      return yield* Effect.fail(
        new PlanMismatchError({
          path: storePath,
          message: `The cleanup plan for ${storePath} does not list the rows the store has (it was edited or made for another store); nothing was changed. Make a new plan.`
        })
      )
    }
    // The journal's operations, each given its outcome in place as apply goes (a record per
    // operation, not one more per outcome: an apply of many files holds every one until it ends).
    const ops: Array<Mutable<JournalOperation>> = plan.files.map((a, i) => {
      const op: Mutable<JournalOperation> = journalOperation(a, trashDir, i)
      const why = refused.get(i)
      return why === undefined ? op : setOutcome(op, { status: "skipped", detail: why })
    })
    let journal: Journal = {
      format: "clawkeep-journal",
      version: 1,
      id,
      // a plan of `sessions prune` (also through --apply-plan) is journaled as one
      command: options.command ?? (plan.rows.hasAction("prune-selected") ? "prune" : "cleanup"),
      createdAtMs: nowMs,
      pid: processes.pid,
      target: { agentId: plan.target.agentId, storePath },
      sessionsDir: plan.sessionsDir,
      stateDir: plan.stateDir,
      writeTarget: writing ? writeTo : null,
      storeBefore: store.fingerprint,
      // the new text's hash is recorded once its temp file is written (until then, recovery
      // rolls back: the store cannot have been replaced yet)
      storeAfterSha256: writing ? WRITE_NOT_READY : null,
      removedKeys,
      trash: trashDir !== undefined,
      operations: ops,
      status: "prepared",
      finishedAtMs: null,
      notes: [],
      restoredAtMs: null
    }
    yield* prepareJournal(journal, store.fingerprint.exists ? store.copy : undefined)
    const finish = (status: Journal["status"], operations: ReadonlyArray<JournalOperation>, notes: ReadonlyArray<string> = []) =>
      Effect.try({
        try: () => {
          journal = { ...journal, status, operations, notes: [...journal.notes, ...notes], finishedAtMs: nowMs }
          finishJournalSync(fs, journal)
          pruneJournalsSync(fs, plan.stateDir, nowMs)
        },
        catch: (e) => new FileSystemError({ path: journalDir(plan.stateDir, id), message: `Could not update the journal ${journalDir(plan.stateDir, id)}: ${errorMessage(e)}` })
      })

    const operations: Array<OperationOutcome> = []

    // ── the new store text, streamed into a temp file beside the store (the journal names it) ──
    const dir = path.dirname(writeTo)
    const tmp = path.join(dir, `${storeTempPrefix(id)}.${fs.randomId()}.tmp`)
    let written: ReturnType<typeof statOrUndefined>
    if (writing) {
      const hash = createHash("sha256")
      const failure = yield* Effect.sync((): unknown => {
        try {
          // a missing sessions dir is created (an existing one is never re-moded, D21)
          if (!fs.exists(dir)) fs.mkdir(dir, { recursive: true })
          createExclusiveStreamSync(
            fs,
            tmp,
            (write) =>
              store.serialize(plan.write.keys, (data) => {
                hash.update(data)
                write(data)
              }),
            0o600
          )
          written = statOrUndefined(fs, tmp)
          journal = { ...journal, storeAfterSha256: hash.digest("hex") }
          recordStoreAfterSync(fs, journal, journal.storeAfterSha256!)
          return undefined
        } catch (error) {
          try {
            fs.unlink(tmp)
          } catch {
            // not created
          }
          return error
        }
      })
      if (failure !== undefined) {
        const notStarted = plan.files.flatMap((a) => (a.op === "archive" ? [outcome(a, "skipped", STOPPED)] : []))
        if (failure instanceof RangeError || failure instanceof ScanStoreChangedError) {
          yield* finish("rolled-back", ops, [`stopped: ${failure instanceof RangeError ? "the store is nested too deeply" : "the store changed"}`])
          return yield* Effect.fail(failure instanceof RangeError ? storeTooDeep(storePath) : changedWhileApplying(storePath)(failure))
        }
        const why = errorMessage(failure)
        yield* finish("rolled-back", ops, [`stopped: the store write failed: ${why}`])
        return {
          summary: appliedSummary(plan, store.count),
          operations: [...notStarted, { op: "write", path: writeTo, status: "failed", detail: why }],
          completed: false,
          journalId: id
        }
      }
    }

    // ── archives ────────────────────────────────────────────────────────────────────────────
    plan.files.forEach((a, i) => {
      if (a.op !== "archive") return
      const o = runRename(fs, plan, a)
      operations.push(o)
      setOutcome(ops[i]!, o)
    })
    const failedRename = operations.find((o) => o.status === "failed")
    if (failedRename !== undefined) {
      const rolled = rollBackArchives(fs, ops)
      yield* finish("rolled-back", rolled, [`stopped: ${failedRename.path}: ${failedRename.detail ?? "failed"}`])
      removeTemp(fs, writing, tmp)
      return { summary: appliedSummary(plan, store.count), operations: withPutBack(operations, rolled, STOPPED), completed: false, journalId: id }
    }

    // ── the store write: a compare-and-swap, then a look for a concurrent writer ────────────
    let resurrected: ReadonlyArray<string> = []
    if (writing) {
      try {
        if (!sameFile(statOrUndefined(fs, storePath), store.fingerprint.exists ? store.fingerprint : undefined)) {
          fs.unlink(tmp)
          yield* finish("rolled-back", rollBackArchives(fs, ops), ["stopped: the store changed before it was written"])
          return yield* Effect.fail(changedWhileApplying(storePath)(undefined))
        }
        fs.rename(tmp, writeTo)
        fsyncDir(fs, dir)
      } catch (error) {
        removeTemp(fs, true, tmp)
        operations.push({ op: "write", path: writeTo, status: "failed", detail: errorMessage(error) })
        const rolled = rollBackArchives(fs, ops)
        yield* finish("rolled-back", rolled, [`stopped: the store write failed: ${errorMessage(error)}`])
        return { summary: appliedSummary(plan, store.count), operations: withPutBack(operations, rolled, STOPPED), completed: false, journalId: id }
      }
      operations.push({ op: "write", path: writeTo, status: "done" })
      // The reference also widens the sessions dir to 0777 & ~umask here; clawkeep never changes
      // a directory's mode (D21).
      if (options.settleMs !== undefined && options.settleMs > 0) yield* Effect.sleep(options.settleMs)
      if (!sameFile(statOrUndefined(fs, writeTo), written)) {
        const now = yield* Effect.try({
          try: () => {
            const now = readStoreForWrite(fs, storePath)
            try {
              return new Set(now.keys())
            } finally {
              now.release()
            }
          },
          catch: (error) => new FileSystemError({ path: storePath, message: errorMessage(error) })
        })
        resurrected = removedKeys.filter((k) => now.has(k))
      }
    }
    const back = new Set(resurrected)
    if (back.size > 0) {
      // A writer put removed rows back: their transcripts go back to their names.
      ops.forEach((op, i) => {
        if (op.key !== undefined && back.has(op.key) && op.op === "archive" && op.status === "done") ops[i] = { ...rollBackArchives(fs, [op])[0]! }
      })
    }

    // ── deletions (or moves into the trash) ───────────────────────────────────────────────
    plan.files.forEach((a, i) => {
      if (a.op !== "delete") return
      if (a.key !== undefined && back.has(a.key)) {
        const o = outcome(a, "skipped", "its row was written back by someone else")
        operations.push(o)
        setOutcome(ops[i]!, o)
        return
      }
      const target = ops[i]!.to
      const o = trashDir !== undefined && target !== undefined ? runTrash(fs, plan, a, target) : runDelete(fs, plan, a)
      operations.push(o)
      setOutcome(ops[i]!, o)
    })
    const interference =
      back.size > 0
        ? `The session store ${storePath} was written by someone else right after clawkeep wrote it, and ${back.size} removed row(s) came back (a Gateway is probably running); their transcripts were put back`
        : undefined
    yield* finish("committed", ops, interference === undefined ? [] : [interference])
    return {
      summary: appliedSummary(plan, plan.write.keys.length),
      operations,
      completed: true,
      journalId: id,
      ...(interference === undefined ? {} : { interference })
    }
  })
