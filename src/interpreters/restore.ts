/**
 * `sessions restore`: undoing an apply from its journal (`interpreters/journal.ts`,
 * docs/cleanup.md#sessions-restore).
 *
 * Files first, then the store, so no restored row ever points at a transcript that is not back:
 * every archived transcript is renamed back, every file a `--trash` apply moved into the
 * journal's trash is moved back; a file apply deleted outright cannot come back, and restore
 * says so. The store: when nobody wrote it since the apply, its exact bytes from before are
 * written back; otherwise every removed row missing from it is put back at its place with its
 * value from before, and rows written since by someone else are kept (`restoreRows`).
 */
import { Clock, Effect, Either } from "effect"
import * as path from "node:path"
import { FileSystemError, JournalError, StoreUnreadableError, type ConfigError, type GatewayRunningError, type TargetError } from "../domain/errors.js"
import { parseStoreText, serializeStore } from "../domain/storeText.js"
import { restoreRows, type Journal, type JournalOperation, type RestoredFile, type RestoreResult } from "../maintenance/journal.js"

export type { RestoredFile, RestoreResult } from "../maintenance/journal.js"
import { OpenClawConfig } from "../store/config.js"
import { currentStateDir, type Environment } from "../store/environment.js"
import { requireNoLiveGateway } from "../store/gateway.js"
import { errorMessage, SessionFs, type SyncFs } from "../store/sessionFs.js"
import { readStoreFingerprinted, storeWriteTarget } from "../store/storeFile.js"
import { resolveTargets, type TargetOptions } from "../store/targets.js"
import {
  fileSha256,
  finishJournalSync,
  journalsDir,
  listJournalsSync,
  putBackSync,
  readJournalSync,
  recoverPending,
  storeBeforeBytes,
  type ListedJournal
} from "./journal.js"

export interface RestoreRequest extends TargetOptions {
  /** The journal to undo; default: the latest undoable apply of each chosen store. */
  readonly id?: string | undefined
  readonly dryRun: boolean
  /** Restore even when a Gateway answers (`requireNoLiveGateway`). */
  readonly force?: boolean | undefined
}

export interface RestoreRun {
  readonly recovered: ReadonlyArray<string>
  readonly results: ReadonlyArray<RestoreResult>
}

export type RestoreError = ConfigError | TargetError | FileSystemError | StoreUnreadableError | JournalError | GatewayRunningError

/** Whether a journal can be undone. */
export const isUndoable = (journal: Journal): boolean => journal.status === "committed"

const decoder = new TextDecoder()

const exists = (fs: SyncFs, p: string): boolean => {
  try {
    fs.lstat(p)
    return true
  } catch {
    return false
  }
}

/** What putting one operation's file back would do (without doing it). */
const previewPutBack = (fs: SyncFs, op: JournalOperation): string | undefined => {
  if (op.to === undefined) return "no record of where it went"
  if (exists(fs, op.path)) return `${op.path} exists again`
  if (!exists(fs, op.to)) return `${op.to} no longer exists`
  return undefined
}

const fileOutcome = (fs: SyncFs, op: JournalOperation, dryRun: boolean): RestoredFile | undefined => {
  if (op.status !== "done") return undefined
  if (op.op === "delete") {
    return { path: op.path, from: undefined, restored: false, reason: "deleted outright (apply ran without --trash)" }
  }
  const why = dryRun ? previewPutBack(fs, op) : putBackSync(fs, op)
  return why === undefined ? { path: op.path, from: op.to, restored: true } : { path: op.path, from: op.to, restored: false, reason: why }
}

/** Undoes one journal (or says what undoing it would do, with `dryRun`). */
export const restoreJournal = (journal: Journal, dryRun: boolean): Effect.Effect<RestoreResult, FileSystemError | StoreUnreadableError | JournalError, SessionFs> =>
  Effect.gen(function* () {
    const { sync: fs } = yield* SessionFs
    const storePath = journal.target.storePath
    if (!isUndoable(journal)) {
      const why = journal.status === "restored" ? "it was already undone" : journal.status === "rolled-back" ? "it was rolled back, nothing of it is left" : "it has not finished"
      return yield* Effect.fail(new JournalError({ path: storePath, message: `Cannot undo journal ${journal.id} of ${storePath}: ${why}` }))
    }
    const current = yield* readStoreFingerprinted(storePath)
    let store: RestoreResult["store"] = "unchanged"
    let rowsRestored: ReadonlyArray<string> = []
    let rowsKept: ReadonlyArray<string> = []
    let newBytes: Uint8Array | string | undefined
    let removeStore = false
    if (journal.storeAfterSha256 !== null) {
      const before = yield* Effect.try({
        try: () => storeBeforeBytes(fs, journal),
        catch: (e) => new JournalError({ path: storePath, message: `Cannot undo journal ${journal.id}: its copy of the store cannot be read (${errorMessage(e)})` })
      })
      if (current.fingerprint.exists && current.fingerprint.sha256 === journal.storeAfterSha256) {
        // nobody wrote the store since: its exact bytes from before
        store = "exact"
        rowsRestored = journal.removedKeys
        if (before === undefined) removeStore = true
        else newBytes = before
      } else {
        if (current.status === "invalid") {
          return yield* Effect.fail(
            new StoreUnreadableError({ path: storePath, message: `Session store is not a valid JSON object: ${storePath}; refusing to write` })
          )
        }
        const beforeRows = before === undefined ? undefined : parseStoreText(decoder.decode(before))
        if (beforeRows === undefined) {
          rowsKept = journal.removedKeys.filter((k) => current.entries.has(k))
        } else {
          const merged = restoreRows([...beforeRows], [...current.entries], new Set(journal.removedKeys))
          rowsRestored = merged.restored
          rowsKept = journal.removedKeys.filter((k) => current.entries.has(k))
          if (merged.restored.length > 0) {
            store = "merged"
            newBytes = serializeStore(new Map(merged.rows))
          }
        }
      }
    }
    const files: Array<RestoredFile> = []
    for (const op of [...journal.operations].reverse()) {
      const o = fileOutcome(fs, op, dryRun)
      if (o !== undefined) files.push(o)
    }
    files.reverse()
    if (!dryRun) {
      if (newBytes !== undefined) {
        const target = yield* storeWriteTarget(storePath)
        const sfs = yield* SessionFs
        yield* sfs.writeFileAtomic(target, newBytes, { mode: 0o600 })
      } else if (removeStore && fileSha256(fs, storePath) === journal.storeAfterSha256) {
        yield* (yield* SessionFs).unlink(storePath)
      }
      const restoredAt = yield* Clock.currentTimeMillis
      const note = `restored: ${rowsRestored.length} row(s), ${files.filter((f) => f.restored).length} file(s) put back${
        files.some((f) => !f.restored) ? `, ${files.filter((f) => !f.restored).length} not` : ""
      }`
      yield* Effect.try({
        try: () => finishJournalSync(fs, { ...journal, status: "restored", restoredAtMs: restoredAt, notes: [...journal.notes, note] }),
        catch: (e) => new FileSystemError({ path: journal.id, message: `Could not update journal ${journal.id}: ${errorMessage(e)}` })
      })
    }
    return { journalId: journal.id, command: journal.command, agentId: journal.target.agentId, storePath, dryRun, store, rowsRestored, rowsKept, files }
  })

/** Every journal of the state dir in context, oldest first. */
export const listJournals: Effect.Effect<ReadonlyArray<ListedJournal>, never, SessionFs | Environment> = Effect.gen(function* () {
  const { sync: fs } = yield* SessionFs
  return listJournalsSync(fs, yield* currentStateDir)
})

/** The journals of the stores a request chooses (all of the state dir when it chooses none), oldest first. */
export const journalsFor = (
  request: TargetOptions
): Effect.Effect<ReadonlyArray<ListedJournal>, ConfigError | TargetError | FileSystemError, SessionFs | Environment | OpenClawConfig> =>
  Effect.gen(function* () {
    const all = yield* listJournals
    if (request.store === undefined && request.agent === undefined && request.allAgents !== true) return all
    const { settings } = yield* OpenClawConfig
    const targets = yield* resolveTargets(settings, request)
    const stores = new Set(targets.map((t) => path.resolve(t.storePath)))
    return all.filter((j) => j.journal !== undefined && stores.has(path.resolve(j.journal.target.storePath)))
  })

/** `sessions restore`: undoes the chosen journal, or the latest undoable apply of each chosen store. */
export const runRestore = (request: RestoreRequest): Effect.Effect<RestoreRun, RestoreError, SessionFs | Environment | OpenClawConfig> =>
  Effect.gen(function* () {
    const recovered = yield* recoverPending
    const { sync: fs } = yield* SessionFs
    const stateDir = yield* currentStateDir
    let journals: Array<Journal>
    if (request.id !== undefined) {
      const read = readJournalSync(fs, stateDir, request.id)
      if (Either.isLeft(read)) return yield* Effect.fail(new JournalError({ path: journalsDir(stateDir), message: `Cannot undo: ${read.left}` }))
      journals = [read.right]
    } else {
      const { settings } = yield* OpenClawConfig
      const targets = yield* resolveTargets(settings, request)
      const all = listJournalsSync(fs, stateDir)
      journals = []
      for (const t of targets) {
        const latest = [...all].reverse().find((j) => j.journal !== undefined && isUndoable(j.journal) && path.resolve(j.journal.target.storePath) === path.resolve(t.storePath))
        if (latest?.journal !== undefined) journals.push(latest.journal)
      }
      if (journals.length === 0) {
        const where = targets.length === 1 ? targets[0]!.storePath : `${targets.length} stores`
        return yield* Effect.fail(
          new JournalError({ path: journalsDir(stateDir), message: `Nothing to undo for ${where}: no finished apply in ${journalsDir(stateDir)} (see clawkeep sessions restore --list)` })
        )
      }
    }
    // Restore writes the store back: like an apply, not under a running Gateway that would undo
    // it, unless --store is given (as the reference skips the Gateway then) or --force.
    if (!request.dryRun && !request.store) yield* requireNoLiveGateway({ force: request.force, write: "restore" })
    const results: Array<RestoreResult> = []
    for (const j of journals) results.push(yield* restoreJournal(j, request.dryRun))
    return { recovered, results }
  })
