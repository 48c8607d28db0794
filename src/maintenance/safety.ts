/**
 * What a plan may never remove, whatever a row or a pointer says (deliberate deviations from
 * the reference, D17–D20). Every rule asks `refusal` before it decides an archive or a deletion,
 * so the view's overlay and the disk-budget arithmetic only ever see removals that happen:
 *
 * - the store itself (any spelling of its path, through symlinks too) — a row whose
 *   `sessionFile` or a trajectory pointer whose `runtimeFile` names it does not make it an
 *   artifact (D17);
 * - clawkeep's own files (`.clawkeep-*`: the atomic write's temp files, plan temp files), except
 *   for the stale-temp rule's deletion of `.clawkeep-write.*.tmp` (D17, D19);
 * - anything that is not strictly inside the sessions dir;
 * - anything that is not a regular file (stat; a directory is never archived or deleted, D18).
 *
 * `keptPaths` adds the files named after a kept row's session id to what counts as
 * referenced when a rule decides a removal (D20).
 */
import * as path from "node:path"
import { classifyFileName, pointerSidecarPath, runtimeSidecarPath } from "../domain/sessionFiles.js"
import type { FsView } from "./fsView.js"
import { addReferencedPaths, isInsideStrict, namesNoFile, isInvalid, sessionFileOf, sessionIdOf, transcriptPathInDir } from "./paths.js"
import { isSimpleAbsolute } from "./pathText.js"
import type { Rows } from "./rows.js"
import type { FileAction } from "./types.js"

/** Prefix of every file clawkeep itself creates next to the store (temp files of atomic writes). */
export const CLAWKEEP_FILE_PREFIX = ".clawkeep-"

/** A file of clawkeep's own (never session data). */
export const isClawkeepName = (name: string): boolean => name.startsWith(CLAWKEEP_FILE_PREFIX)

/** The temp file of the atomic store write (`writeFileAtomic`'s default prefix). */
export const STORE_TEMP_NAME = /^\.clawkeep-write\..+\.tmp$/

/** A temp file younger than this may belong to a writer still running; it is left alone. */
export const STALE_TEMP_AGE_MS = 10 * 60_000

export type Refusal = "the session store" | "a clawkeep file" | "outside the sessions directory" | "not a regular file"

const spellingsByView = new WeakMap<FsView, ReadonlySet<string>>()

/**
 * The spellings of the store's path: as given, under the real sessions dir, and its real path
 * (once per view: `refusal` asks for every candidate file).
 */
const storeSpellings = (fs: FsView): ReadonlySet<string> => {
  let spellings = spellingsByView.get(fs)
  if (spellings === undefined) {
    const store = path.resolve(fs.snapshot.target.storePath)
    spellings = new Set([store, fs.inRealDir(store), fs.canonical(store)])
    spellingsByView.set(fs, spellings)
  }
  return spellings
}

/**
 * Why `p` must not be archived or deleted, or undefined when it may be. `allowStoreTemp` lets
 * the stale-temp rule remove `.clawkeep-write.*.tmp` (and nothing else of clawkeep's).
 */
export const refusal = (fs: FsView, p: string, allowStoreTemp = false): Refusal | undefined => {
  const abs = isSimpleAbsolute(p) ? p : path.resolve(fs.cwd, p)
  const canonical = fs.canonical(abs)
  const store = storeSpellings(fs)
  if (store.has(abs) || store.has(fs.inRealDir(abs)) || store.has(canonical)) return "the session store"
  const ours = (name: string) => isClawkeepName(name) && !(allowStoreTemp && STORE_TEMP_NAME.test(name))
  if (ours(path.basename(abs)) || (canonical !== abs && ours(path.basename(canonical)))) return "a clawkeep file"
  const dir = fs.canonicalDir
  if (!isInsideStrict(dir, canonical) && !isInsideStrict(fs.sessionsDir, abs)) return "outside the sessions directory"
  if (fs.statFile(abs) === undefined) return "not a regular file"
  return undefined
}

/** Whether a rule may remove `p` (see `refusal`). */
export const removable = (fs: FsView, p: string): boolean => refusal(fs, p) === undefined

/**
 * The files named after a row's session id in the sessions dir, whatever its `sessionFile`
 * says: `<id>.jsonl`, its two trajectory sidecars and its checkpoints `<id>.checkpoint.<uuid>.jsonl`
 * (canonical paths). Returns the function for one row; the dir's checkpoints are indexed once.
 */
export const idNamedPaths = (fs: FsView): ((entry: unknown) => ReadonlyArray<string>) => {
  const named = idNamedPathsAfter(fs)
  return (entry) => named(entry, null)
}

/**
 * `idNamedPaths`, told the row's canonical transcript path (`addReferencedPaths`): when that is
 * `<dir>/<id>.jsonl` itself, its sidecars are the row's artifact paths already and only the
 * checkpoints are returned.
 */
const idNamedPathsAfter = (fs: FsView): ((entry: unknown, transcript: string | null) => ReadonlyArray<string>) => {
  let checkpoints: Map<string, Array<string>> | undefined
  const checkpointsOf = (id: string): ReadonlyArray<string> => {
    if (checkpoints === undefined) {
      checkpoints = new Map()
      for (const name of fs.eachName()) {
        const c = classifyFileName(name)
        if (c.kind !== "checkpoint") continue
        const list = checkpoints.get(c.sessionId) ?? []
        list.push(fs.canonical(path.join(fs.sessionsDir, name)))
        checkpoints.set(c.sessionId, list)
      }
    }
    return checkpoints.get(id) ?? NONE
  }
  return (entry, transcript) => {
    const id = sessionIdOf(entry)
    if (id === undefined) return NONE
    const t = transcriptPathInDir(fs, id, fs.sessionsDir)
    if (isInvalid(t)) return NONE
    if (t === transcript) return checkpointsOf(id.trim())
    return [...[t, pointerSidecarPath(t), runtimeSidecarPath(t)].map((p) => fs.canonical(p)), ...checkpointsOf(id.trim())]
  }
}

const NONE: ReadonlyArray<string> = []

/**
 * The file a row's `sessionFile` names, read literally (trimmed, resolved against the sessions
 * dir): its canonical path when that lies inside the sessions dir. The reference resolves a
 * transcript only with a session id and rejects a relative path starting with `..`
 * (`../sessions/a.jsonl`), so for it such a row references nothing there; the file is still
 * the row's data.
 */
const literalSessionFile = (fs: FsView, entry: unknown): string | undefined => {
  const file = sessionFileOf(entry)?.trim()
  if (!file) return undefined
  const p = fs.canonical(isSimpleAbsolute(file) ? file : path.resolve(fs.sessionsDir, file))
  return isInsideStrict(fs.canonicalDir, p) ? p : undefined
}

/**
 * What rows keep from removal: the files they reference as the reference resolves them
 * (`referencedPaths`), the files named after their session ids (D20), and the file their
 * `sessionFile` names read literally.
 */
export const keptPaths = (fs: FsView, rows: Rows): ReadonlySet<string> =>
  // Computed once per list of rows and view: the plan never renames or deletes a file these
  // rows keep (every rule skips them), so its own changes cannot change the answer.
  fs.memo(rows, () => computeKeptPaths(fs, rows))

const computeKeptPaths = (fs: FsView, rows: Iterable<readonly [string, unknown]>): ReadonlySet<string> => {
  const out = new Set<string>()
  const named = idNamedPathsAfter(fs)
  for (const [, entry] of rows) {
    // (the sets are asked only about files that exist)
    if (namesNoFile(fs, entry)) continue
    const transcript = addReferencedPaths(fs, entry, out)
    for (const p of named(entry, transcript)) out.add(p)
    const own = literalSessionFile(fs, entry)
    if (own !== undefined) out.add(own)
  }
  return out
}

/**
 * Stale temp files of the atomic store write left by a killed apply (D19): regular
 * `.clawkeep-write.*.tmp` files directly in the sessions dir whose mtime is at least
 * `STALE_TEMP_AGE_MS` before `now`, unless a kept row names it (`kept`, canonical paths: a
 * row's file is never ours to remove). Deleted by an apply, not counted.
 */
export const staleTempFiles = (fs: FsView, nowMs: number, kept: ReadonlySet<string>): ReadonlyArray<FileAction> => {
  const actions: Array<FileAction> = []
  for (const name of fs.eachName()) {
    if (!STORE_TEMP_NAME.test(name)) continue
    const p = path.join(fs.realDir, name)
    const n = fs.node(p)
    if (n === undefined || n.type !== "file" || !n.statIsFile || n.mtimeMs > nowMs - STALE_TEMP_AGE_MS) continue
    if (kept.has(fs.canonical(p))) continue
    if (refusal(fs, p, true) !== undefined) continue
    actions.push({ op: "delete", path: p, bytes: n.size, counted: false, reason: "stale-temp-file" })
    fs.remove(p)
  }
  return actions
}
