/**
 * Archiving the transcripts of removed rows (docs/cleanup.md#archives-and-sidecars): for every removed `sessionId` that
 * no remaining row uses, each existing candidate inside the sessions dir is renamed to
 * `<file>.deleted.<ts>` (`archiveName`). Candidates: the `sessionFile` (tried last when its name
 * is a generated id of another session), `<sessionsDir>/<sessionId>.jsonl`, and the legacy
 * `<home>/.openclaw/sessions/<sessionId>.jsonl` (outside the dir, so only when the store lives
 * there). Never the store, a clawkeep file or anything but a regular file (D17, D18), and
 * never a file a remaining row references or is named after (D20); never onto an existing name
 * (`archiveDestination`).
 */
import * as path from "node:path"
import { archiveName } from "../domain/sessionFiles.js"
import type { FsView } from "./fsView.js"
import { basenameFast, dirnameFast, joinNameFast } from "./pathText.js"
import { isInsideStrict, isInvalid, sessionFilePath, sessionNamesNoFile, transcriptPathInDir } from "./paths.js"
import type { RemovedSessionFiles } from "./rows.js"
import { removable } from "./safety.js"
import type { KeylessAction } from "./removedRows.js"
import type { Snapshot } from "./types.js"

const GENERATED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
const FORK = /^(\d{4}-\d{2}-\d{2}T[\w-]+(?:Z|[+-]\d{2}(?:-\d{2})?)?)_(.+)$/

/** The generated session id a transcript file name carries, if any. */
export const generatedIdOfFile = (sessionFile: string | undefined): string | undefined => {
  const trimmed = sessionFile?.trim()
  if (!trimmed) return undefined
  const base = path.basename(trimmed)
  if (!base.endsWith(".jsonl")) return undefined
  const stem = base.slice(0, -".jsonl".length)
  const topic = stem.indexOf("-topic-")
  if (topic > 0) {
    const id = stem.slice(0, topic)
    return GENERATED_ID.test(id) ? id : undefined
  }
  const fork = FORK.exec(stem)
  if (fork?.[2]) return GENERATED_ID.test(fork[2]) ? fork[2] : undefined
  return GENERATED_ID.test(stem) ? stem : undefined
}

const legacyDirs = new WeakMap<Snapshot, string>()

/** `<home>/.openclaw/sessions`, where transcripts of old installations may be. */
const legacyDirOf = (snapshot: Snapshot): string => {
  let dir = legacyDirs.get(snapshot)
  if (dir === undefined) legacyDirs.set(snapshot, (dir = path.join(snapshot.homeDir, ".openclaw", "sessions")))
  return dir
}

/** Whether `<home>/.openclaw/sessions` exists (then any removed session may have a transcript there). */
export const legacyDirExists = (fs: FsView): boolean => fs.exists(legacyDirOf(fs.snapshot))

/** Candidate transcript paths of a removed session, in the reference's order, de-duplicated. */
export const transcriptCandidates = (fs: FsView, sessionId: string, sessionFile: string | undefined): ReadonlyArray<string> => {
  const out: Array<string> = []
  const push = (r: string | ReturnType<typeof transcriptPathInDir>) => {
    if (!isInvalid(r)) out.push(r)
  }
  const generated = generatedIdOfFile(sessionFile)
  const stale = generated !== undefined && generated !== sessionId
  if (sessionFile && !stale) push(sessionFilePath(fs, sessionId, sessionFile))
  push(transcriptPathInDir(fs, sessionId, fs.sessionsDir))
  if (sessionFile && stale) push(sessionFilePath(fs, sessionId, sessionFile))
  // (the legacy dir is outside the sessions dir: when it does not exist, neither do its files)
  const legacyDir = legacyDirOf(fs.snapshot)
  if (fs.exists(legacyDir)) push(transcriptPathInDir(fs, sessionId, legacyDir))
  return out.length === 1 || (out.length === 2 && out[0] !== out[1]) ? out : [...new Set(out)]
}

/**
 * Where a transcript is archived: `<file>.deleted.<ts>` of `nowMs`, or, when something already
 * has that name (an earlier archive, a hostile file, a dangling link), the same name a millisecond
 * later, and so on: an archive never replaces what is there (the reference's rename would).
 */
export const archiveDestination = (fs: FsView, p: string, nowMs: number): string => {
  const dir = dirnameFast(p)
  const name = basenameFast(p)
  for (let ms = nowMs; ; ms++) {
    const to = joinNameFast(dir, archiveName(name, "deleted", ms))
    if (fs.node(to) === undefined) return to
  }
}

/**
 * Archives the transcripts of removed sessions not referenced any more; updates the view and
 * returns the renames (their rows' keys are added by `withRowKeys`).
 */
export const archiveTranscripts = (
  fs: FsView,
  removed: RemovedSessionFiles,
  referencedIds: ReadonlySet<string>,
  nowMs: number,
  /** Canonical paths the remaining rows reference: never archived (a deliberate safety deviation). */
  stillReferenced: ReadonlySet<string> = new Set()
): Array<KeylessAction> => {
  const actions: Array<KeylessAction> = []
  const storeDir = fs.canonicalDir
  // (with no legacy dir, a session without `sessionFile` whose id names no file has no candidate)
  const legacy = legacyDirExists(fs)
  for (const [sessionId, sessionFile] of removed) {
    if (referencedIds.has(sessionId)) continue
    if (!legacy && sessionNamesNoFile(fs, sessionId, sessionFile)) continue
    for (const candidate of transcriptCandidates(fs, sessionId, sessionFile)) {
      // (most removed rows have no transcript: a missing candidate is its own canonical path
      // and would fail the existence check below anyway)
      if (!fs.exists(candidate)) continue
      const p = fs.canonical(candidate)
      if (!isInsideStrict(storeDir, p)) continue
      if (stillReferenced.has(p)) continue
      if (!fs.exists(p)) continue
      // never the store, a clawkeep file or a directory, whatever the row says (D17, D18)
      if (!removable(fs, p)) continue
      const to = archiveDestination(fs, p, nowMs)
      const bytes = fs.statFile(p)?.size ?? 0
      actions.push({ op: "archive", path: p, to, bytes, counted: false, reason: "transcript-of-removed-row", sessionId })
      fs.rename(p, to)
    }
  }
  return actions
}
