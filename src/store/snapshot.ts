/**
 * Reads the snapshot a cleanup plan is built from (the only reads of `sessions cleanup`): the
 * store, the sessions-dir listing (names, types, sizes, mtimes, real paths), the trajectory
 * pointers' text, and the answers about other paths the rules ask. Those questions are found
 * by running the (pure) planners once against a recording view of the live file system, so the
 * snapshot holds exactly what the plans need and replaying them over it gives the same plans.
 */
import { Effect } from "effect"
import * as path from "node:path"
import { FileSystemError } from "../domain/errors.js"
import { FsView } from "../maintenance/fsView.js"
import { buildApplyPlan, buildPreviewPlan, type CleanupSettings } from "../maintenance/plan.js"
import type { CleanupOptions, CleanupTarget, DirEntry, PathFact, Snapshot } from "../maintenance/types.js"
import { openclawHome, stateDir, type EnvironmentShape } from "./environment.js"
import { SessionFs, type FileInfo, type SyncFs } from "./sessionFs.js"
import { readStore } from "./storeFile.js"

const POINTER_SUFFIX = ".trajectory-path.json"
const MAX_POINTER_BYTES = 64 * 1024

const typeOf = (st: FileInfo): DirEntry["type"] => (st.kind === "directory" ? "dir" : st.kind)

const safeRealpath = (fs: SyncFs, p: string): string | undefined => {
  try {
    return fs.realpath(p)
  } catch {
    return undefined
  }
}

/** What the live file system says about one path. */
export const probePath = (fs: SyncFs, p: string): PathFact => {
  let lst: FileInfo
  try {
    lst = fs.lstat(p)
  } catch {
    return { realpath: undefined, type: "missing", statIsFile: false, size: 0, mtimeMs: 0 }
  }
  let st: FileInfo | undefined
  try {
    st = fs.stat(p)
  } catch {
    st = undefined
  }
  return {
    realpath: safeRealpath(fs, p),
    type: typeOf(lst),
    statIsFile: st?.kind === "file",
    size: st?.size ?? 0,
    mtimeMs: st?.mtimeMs ?? 0
  }
}

const readListing = (fs: SyncFs, dir: string, realDir: string): ReadonlyArray<DirEntry> => {
  let names: Array<string>
  try {
    names = fs.readdir(dir)
  } catch {
    return []
  }
  const out: Array<DirEntry> = []
  for (const name of names) {
    const fact = probePath(fs, path.join(realDir, name))
    if (fact.type === "missing") continue
    out.push({ name, type: fact.type, statIsFile: fact.statIsFile, size: fact.size, mtimeMs: fact.mtimeMs, realpath: fact.realpath })
  }
  return out
}

/**
 * Reads the snapshot of one target. `settings`/`options`/`nowMs` are those of the plans that will
 * be built from it (they decide which extra paths are asked about).
 */
export const readSnapshot = (
  env: EnvironmentShape,
  target: CleanupTarget,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number,
  /** Which planners will read the snapshot (their questions are the ones answered). */
  semantics: "preview" | "apply" | "both" = "both"
): Effect.Effect<Snapshot, FileSystemError, SessionFs> =>
  Effect.flatMap(Effect.zip(readStore(target.storePath), SessionFs), ([read, { sync: fs }]) =>
    Effect.try({
      try: (): Snapshot => {
        const sessionsDir = path.dirname(path.resolve(target.storePath))
        const realDir = safeRealpath(fs, sessionsDir)
        const dirExists = realDir !== undefined && fs.stat(realDir).kind === "directory"
        const sessionsDirReal = realDir ?? sessionsDir
        const listing = dirExists ? readListing(fs, sessionsDir, sessionsDirReal) : []
        const texts: Record<string, string> = {}
        for (const e of listing) {
          if (!e.name.endsWith(POINTER_SUFFIX) || e.type !== "file" || e.size > MAX_POINTER_BYTES) continue
          const p = path.join(sessionsDirReal, e.name)
          try {
            texts[p] = fs.readText(p)
          } catch {
            // unreadable pointer: treated as absent
          }
        }
        const base: Snapshot = {
          target,
          sessionsDir,
          sessionsDirReal,
          dirExists,
          stateDir: stateDir(env, fs.exists),
          homeDir: openclawHome(env),
          cwd: env.cwd,
          store: { status: read.status, text: read.text, entries: [...read.entries] },
          listing,
          texts,
          probes: {}
        }
        const recorded: Record<string, PathFact> = {}
        // Ask every question once against the live disk; the answers become the snapshot.
        if (semantics !== "apply") buildPreviewPlan(new FsView(base, (p) => probePath(fs, p), recorded), settings, options, nowMs)
        if (semantics !== "preview") buildApplyPlan(new FsView(base, (p) => probePath(fs, p), recorded), settings, options, nowMs)
        return { ...base, probes: recorded }
      },
      catch: (error) => new FileSystemError({ path: target.storePath, message: String((error as Error).message ?? error) })
    })
  )
