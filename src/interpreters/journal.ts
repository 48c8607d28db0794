/**
 * Journals on disk: `<stateDir>/clawkeep/journal/<id>/` holds `journal.json` (the `Journal`
 * value), `store.before` (the store's exact bytes before the apply) and `trash/` (files a
 * `--trash` apply moved instead of deleting). `<stateDir>/clawkeep/pending/<id>` marks a journal
 * whose apply has not finished. OpenClaw never reads `<stateDir>/clawkeep/`, and the disk budget
 * only counts files directly in a sessions dir, so journals and trash are never counted.
 *
 * Recovery (`recoverPending`) runs at the start of every clawkeep command that reads or writes a
 * store: an unfinished journal whose process is gone is finished when its store write happened
 * (the commit point), and rolled back otherwise.
 */
import { Clock, Effect, Either } from "effect"
import * as path from "node:path"
import { createHash } from "node:crypto"
import { FileSystemError } from "../domain/errors.js"
import { decodeJournal, isJournalId, type Journal, type JournalOperation, type ListedJournal, writeJournalText } from "../maintenance/journal.js"

export type { ListedJournal } from "../maintenance/journal.js"
import type { FileFingerprint } from "../maintenance/types.js"
import { currentStateDir, type Environment } from "../store/environment.js"
import { Processes } from "../store/processes.js"
import { createExclusiveStreamSync, createExclusiveSync, errorCode, errorMessage, SessionFs, type SyncFs } from "../store/sessionFs.js"

export const JOURNAL_FILE = "journal.json"
export const STORE_BEFORE_FILE = "store.before"
export const TRASH_DIR = "trash"
/** Journals (and their trash) older than this are removed by later applies. */
export const JOURNAL_MAX_AGE_MS = 30 * 24 * 60 * 60_000
/**
 * A journal without a pending marker that is still `prepared` (or unreadable) this long after its
 * id's instant was abandoned by a killed apply before its first change; later applies remove it.
 * (An apply writes its journal in well under a second; this leaves any clock skew a wide margin.)
 */
export const ABANDONED_JOURNAL_AGE_MS = 60 * 60_000

/** clawkeep's own directory in a state dir. */
export const clawkeepDir = (stateDir: string): string => path.join(stateDir, "clawkeep")
export const journalsDir = (stateDir: string): string => path.join(clawkeepDir(stateDir), "journal")
export const pendingDir = (stateDir: string): string => path.join(clawkeepDir(stateDir), "pending")
export const journalDir = (stateDir: string, id: string): string => path.join(journalsDir(stateDir), id)

/** The temp-name prefix of the store write of a journal (found and removed by recovery). */
export const storeTempPrefix = (id: string): string => `.clawkeep-write.${id}`

const encoder = new TextEncoder()

/** Writes `p` through a temp file beside it: the bytes `fill` writes, fsynced, then renamed into place. */
const writeAtomicWith = (fs: SyncFs, p: string, fill: (fs: SyncFs, tmp: string) => void): void => {
  const tmp = `${p}.${fs.randomId()}.tmp`
  fill(fs, tmp)
  fs.rename(tmp, p)
}

const writeAtomicSync = (fs: SyncFs, p: string, data: Uint8Array): void => writeAtomicWith(fs, p, (f, tmp) => createExclusiveSync(f, tmp, data, 0o600))

const writeAtomicStreamSync = (fs: SyncFs, p: string, produce: (write: (data: Uint8Array) => void) => void): void =>
  writeAtomicWith(fs, p, (f, tmp) => createExclusiveStreamSync(f, tmp, produce, 0o600))

/**
 * Where an apply records the new store text's hash once its temp file is complete, before it
 * changes anything (the journal itself still says "not ready", `""`, until the apply finishes):
 * a small file rather than a rewrite of a journal that lists every operation.
 */
export const STORE_AFTER_FILE = "store.after.sha256"

export const recordStoreAfterSync = (fs: SyncFs, journal: Journal, sha256: string): void =>
  writeAtomicSync(fs, path.join(journalDir(journal.stateDir, journal.id), STORE_AFTER_FILE), encoder.encode(`${sha256}\n`))

/** The new store text's hash (null: no store write), read from `STORE_AFTER_FILE` while the journal says "not ready". */
export const storeAfterSha = (fs: SyncFs, journal: Journal): string | null => {
  if (journal.storeAfterSha256 !== "") return journal.storeAfterSha256
  try {
    return fs.readText(path.join(journalDir(journal.stateDir, journal.id), STORE_AFTER_FILE)).trim()
  } catch {
    return ""
  }
}

/** Writes `journal.json` atomically. */
export const saveJournalSync = (fs: SyncFs, journal: Journal): void =>
  writeAtomicStreamSync(fs, path.join(journalDir(journal.stateDir, journal.id), JOURNAL_FILE), (write) =>
    writeJournalText(journal, (text) => write(encoder.encode(text)))
  )

/**
 * Writes a journal before the first change: its directory (0700), the store's bytes, the
 * journal, and last the pending marker (an apply starts changing things only after it).
 */
export const prepareJournal = (
  journal: Journal,
  /** Streams the store's bytes as read (undefined: there was no store). */
  storeBytes: ((write: (data: Uint8Array) => void) => void) | undefined
): Effect.Effect<void, FileSystemError, SessionFs> =>
  Effect.flatMap(SessionFs, ({ sync: fs }) =>
    Effect.try({
      try: () => {
        const dir = journalDir(journal.stateDir, journal.id)
        fs.mkdir(dir, { recursive: true, mode: 0o700 })
        if (journal.trash) fs.mkdir(path.join(dir, TRASH_DIR), { mode: 0o700 })
        if (storeBytes !== undefined) writeAtomicStreamSync(fs, path.join(dir, STORE_BEFORE_FILE), storeBytes)
        saveJournalSync(fs, journal)
        fs.mkdir(pendingDir(journal.stateDir), { recursive: true, mode: 0o700 })
        const marker = fs.open(path.join(pendingDir(journal.stateDir), journal.id), "wx", 0o600)
        fs.fsync(marker)
        fs.close(marker)
      },
      catch: (error) =>
        new FileSystemError({
          path: journalDir(journal.stateDir, journal.id),
          message: `Could not write the journal ${journalDir(journal.stateDir, journal.id)}: ${errorMessage(error)}; nothing was changed`
        })
    })
  )

/** Records a journal's final state and removes its pending marker. */
export const finishJournalSync = (fs: SyncFs, journal: Journal): void => {
  saveJournalSync(fs, journal)
  try {
    fs.unlink(path.join(pendingDir(journal.stateDir), journal.id))
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error
  }
}

/** Reads one journal; Left: why it cannot be read. */
export const readJournalSync = (fs: SyncFs, stateDir: string, id: string): Either.Either<Journal, string> => {
  if (!isJournalId(id)) return Either.left(`not a journal id: ${id}`)
  const file = path.join(journalDir(stateDir, id), JOURNAL_FILE)
  let text: string
  try {
    text = fs.readText(file)
  } catch (error) {
    return Either.left(errorCode(error) === "ENOENT" ? `no journal ${id} in ${journalsDir(stateDir)}` : `${file}: ${errorMessage(error)}`)
  }
  return Either.mapLeft(decodeJournal(text), (why) => `${file} is not a clawkeep journal: ${why}`)
}

/** The store's bytes before a journal's apply (undefined when there was no store). */
export const storeBeforeBytes = (fs: SyncFs, journal: Journal): Uint8Array | undefined =>
  journal.storeBefore.exists ? fs.readFile(path.join(journalDir(journal.stateDir, journal.id), STORE_BEFORE_FILE)) : undefined

const readdirOrEmpty = (fs: SyncFs, dir: string): Array<string> => {
  try {
    return fs.readdir(dir)
  } catch {
    return []
  }
}

/** Every journal of a state dir, oldest first. */
export const listJournalsSync = (
  fs: SyncFs,
  stateDir: string,
  /** Which journals (by id) to read; default: all. */
  wanted: (id: string) => boolean = () => true
): ReadonlyArray<ListedJournal> =>
  readdirOrEmpty(fs, journalsDir(stateDir))
    .filter((id) => isJournalId(id) && wanted(id))
    .sort()
    .map((id) => {
      const read = readJournalSync(fs, stateDir, id)
      return Either.isRight(read) ? { id, journal: read.right, problem: undefined } : { id, journal: undefined, problem: read.left }
    })

/** SHA-256 of a file's bytes, or undefined when it cannot be read. */
export const fileSha256 = (fs: SyncFs, p: string): string | undefined => {
  try {
    return createHash("sha256").update(fs.readFile(p)).digest("hex")
  } catch {
    return undefined
  }
}

/** Whether `p` is still the regular file a plan saw (type, size, inode). */
export const stillSame = (fs: SyncFs, p: string, before: FileFingerprint | undefined): boolean => {
  try {
    const info = fs.lstat(p)
    if (info.kind !== "file") return false
    return before === undefined || (info.size === before.size && info.ino === before.ino)
  } catch {
    return false
  }
}

const missing = (fs: SyncFs, p: string): boolean => {
  try {
    fs.lstat(p)
    return false
  } catch (error) {
    return errorCode(error) === "ENOENT"
  }
}

/** Moves a file, copying across file systems (then removing the source). */
export const moveFileSync = (fs: SyncFs, from: string, to: string): void => {
  try {
    fs.rename(from, to)
  } catch (error) {
    if (errorCode(error) !== "EXDEV") throw error
    const fd = fs.open(to, "wx", fs.lstat(from).mode & 0o777)
    try {
      const bytes = fs.readFile(from)
      let done = 0
      while (done < bytes.length) done += fs.write(fd, bytes, done, bytes.length - done)
      fs.fsync(fd)
    } finally {
      fs.close(fd)
    }
    fs.unlink(from)
  }
}

/** Puts an archived (or trashed) file back at its name; the reason when it cannot. */
export const putBackSync = (fs: SyncFs, op: JournalOperation): string | undefined => {
  if (op.to === undefined) return "no record of where it went"
  if (!missing(fs, op.path)) return `${op.path} exists again`
  if (missing(fs, op.to)) return `${op.to} no longer exists`
  try {
    moveFileSync(fs, op.to, op.path)
    return undefined
  } catch (error) {
    return errorMessage(error)
  }
}

/** Removes the temp files of a journal's store write. */
const removeStoreTemps = (fs: SyncFs, journal: Journal): void => {
  if (journal.writeTarget === null) return
  const dir = path.dirname(journal.writeTarget)
  const prefix = storeTempPrefix(journal.id) + "."
  for (const name of readdirOrEmpty(fs, dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue
    try {
      if (fs.lstat(path.join(dir, name)).kind === "file") fs.unlink(path.join(dir, name))
    } catch {
      // gone meanwhile
    }
  }
}

/** Performs a pending deletion (or trash move) when the file is still the one the plan saw. */
const finishRemoval = (fs: SyncFs, op: JournalOperation): JournalOperation => {
  if (!stillSame(fs, op.path, op.before)) return { ...op, status: "skipped", detail: "already gone or changed" }
  try {
    if (op.op === "trash" && op.to !== undefined) moveFileSync(fs, op.path, op.to)
    else fs.unlink(op.path)
    return { ...op, status: "done" }
  } catch (error) {
    return { ...op, status: "failed", detail: errorMessage(error) }
  }
}

const finishArchive = (fs: SyncFs, op: JournalOperation): JournalOperation => {
  if (op.to === undefined) return { ...op, status: "skipped" }
  if (missing(fs, op.path) && !missing(fs, op.to)) return { ...op, status: "done" }
  if (!stillSame(fs, op.path, op.before) || !missing(fs, op.to)) return { ...op, status: "skipped", detail: "already gone or changed" }
  try {
    fs.rename(op.path, op.to)
    return { ...op, status: "done" }
  } catch (error) {
    return { ...op, status: "failed", detail: errorMessage(error) }
  }
}

const rollBackArchive = (fs: SyncFs, op: JournalOperation): JournalOperation => {
  if (op.status === "skipped") return op
  if (op.op !== "archive" || op.to === undefined) return { ...op, status: "skipped", detail: "not started" }
  if (missing(fs, op.to) || !missing(fs, op.path)) return { ...op, status: "skipped", detail: "not started" }
  const why = putBackSync(fs, op)
  return why === undefined ? { ...op, status: "undone" } : { ...op, status: "failed", detail: why }
}

/** The stderr line of an interrupted apply finished (`forward`) or rolled back by the next command. */
const recoveredMessage = (journal: Journal, forward: boolean, why: string): string =>
  `clawkeep: ${forward ? "finished" : "rolled back"} an interrupted apply to ${journal.target.storePath} (journal ${journal.id})${why}`

/**
 * Finishes or rolls back one interrupted journal, by what the disk shows: the store write is
 * the commit point (a store equal to the written text means the apply is finished forward; a
 * store still equal to the bytes before means it is rolled back; a store someone else changed
 * meanwhile rolls the archives back so no row points at an archived transcript). Returns the
 * line to print on stderr.
 */
export const recoverJournalSync = (fs: SyncFs, journal: Journal, nowMs: number): { readonly journal: Journal; readonly message: string } => {
  const store = journal.target.storePath
  const current = fileSha256(fs, store)
  const after = storeAfterSha(fs, journal)
  const forward = after === null || current === after
  removeStoreTemps(fs, journal)
  let operations: Array<JournalOperation>
  let status: Journal["status"]
  let message: string
  if (forward) {
    // an operation the safety rules refused when the journal was written stays undone
    operations = journal.operations.map((op) => (op.status === "skipped" ? op : op.op === "archive" ? finishArchive(fs, op) : finishRemoval(fs, op)))
    status = "committed"
    message = recoveredMessage(journal, true, "")
  } else {
    operations = journal.operations.map((op) => rollBackArchive(fs, op))
    status = "rolled-back"
    const why = current === journal.storeBefore.sha256 || (current === undefined && !journal.storeBefore.exists) ? "" : "; the store had changed since"
    message = recoveredMessage(journal, false, why)
  }
  const finished: Journal = {
    ...journal,
    storeAfterSha256: after,
    operations,
    status,
    finishedAtMs: nowMs,
    notes: [...journal.notes, message.replace(/^clawkeep: /, "")]
  }
  finishJournalSync(fs, finished)
  return { journal: finished, message }
}

/**
 * Recovers every unfinished journal of the state dir in context whose process is gone; a
 * journal of a running clawkeep is left alone. Returns the lines to print on stderr.
 */
export const recoverPending: Effect.Effect<ReadonlyArray<string>, FileSystemError, SessionFs | Environment> = Effect.gen(function* () {
  const { sync: fs } = yield* SessionFs
  const stateDir = yield* currentStateDir
  const ids = readdirOrEmpty(fs, pendingDir(stateDir)).filter(isJournalId).sort()
  if (ids.length === 0) return []
  const processes = yield* Processes
  const nowMs = yield* Clock.currentTimeMillis
  const messages: Array<string> = []
  for (const id of ids) {
    const read = readJournalSync(fs, stateDir, id)
    if (Either.isLeft(read)) {
      messages.push(`clawkeep: cannot recover an interrupted apply: ${read.left}`)
      continue
    }
    const journal = read.right
    if (journal.status !== "prepared") {
      // killed after its journal was finished but before its marker went: nothing is left to do
      // on the disk but the marker; the apply was still interrupted, and is reported like any
      yield* Effect.try({ try: () => finishJournalSync(fs, journal), catch: (e) => new FileSystemError({ path: pendingDir(stateDir), message: errorMessage(e) }) })
      if (journal.status === "committed" || journal.status === "rolled-back") messages.push(recoveredMessage(journal, journal.status === "committed", ""))
      continue
    }
    if (journal.pid !== processes.pid && processes.isAlive(journal.pid)) continue
    const done = yield* Effect.try({
      try: () => recoverJournalSync(fs, journal, nowMs),
      catch: (e) =>
        new FileSystemError({
          path: journalDir(stateDir, id),
          message: `Could not recover the interrupted apply of journal ${journalDir(stateDir, id)}: ${errorMessage(e)}`
        })
    })
    messages.push(done.message)
  }
  return messages
})

const removeTreeSync = (fs: SyncFs, p: string): void => {
  const info = fs.lstat(p)
  if (info.kind === "directory") {
    for (const name of fs.readdir(p)) removeTreeSync(fs, path.join(p, name))
    fs.rmdir(p)
  } else fs.unlink(p)
}

/** The instant in a journal id (`20260520T120000Z-…`), or NaN. */
const idTimeMs = (id: string): number => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-/.exec(id)
  return m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
}

/**
 * Removes finished journals (and their trash) older than `maxAgeMs`, and abandoned ones older
 * than `ABANDONED_JOURNAL_AGE_MS`; best effort. A journal is abandoned when its apply was killed
 * while writing it — before its pending marker, so before any change: it has no marker and is
 * unreadable or still `prepared`. (It holds a copy of the whole store.)
 */
export const pruneJournalsSync = (fs: SyncFs, stateDir: string, nowMs: number, maxAgeMs = JOURNAL_MAX_AGE_MS): ReadonlyArray<string> => {
  const removed: Array<string> = []
  const pending = new Set(readdirOrEmpty(fs, pendingDir(stateDir)))
  // A journal is made at its id's instant (to the second, so never later than `createdAtMs`):
  // one younger than both limits is kept whatever it says, without reading it (an apply's
  // own journal, just finished, lists every operation).
  const young = (id: string) => nowMs - idTimeMs(id) <= Math.min(maxAgeMs, ABANDONED_JOURNAL_AGE_MS)
  for (const listed of listJournalsSync(fs, stateDir, (id) => !pending.has(id) && !young(id))) {
    const j = listed.journal
    if (j === undefined || j.status === "prepared") {
      if (!(nowMs - idTimeMs(listed.id) > ABANDONED_JOURNAL_AGE_MS)) continue
    } else if (nowMs - (j.finishedAtMs ?? j.createdAtMs) <= maxAgeMs) continue
    try {
      removeTreeSync(fs, journalDir(stateDir, listed.id))
      removed.push(listed.id)
    } catch {
      // left for a later run
    }
  }
  return removed
}
