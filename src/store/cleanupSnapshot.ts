/**
 * The reads of `sessions cleanup` (through `SessionFs`): the store's rows (their planning
 * projections, `store/planStore.ts`) with its fingerprint, the
 * sessions-dir listing (names, types, sizes, mtimes, inodes, real paths) and the trajectory
 * pointers' text. The answers about other paths that the rules ask are added by the snapshot
 * taker (`interpreters/snapshot.ts`) with `probePath`.
 */
import { Effect } from "effect"
import * as path from "node:path"
import { FileSystemError } from "../domain/errors.js"
import { type Listing, ListingBuilder } from "../maintenance/listing.js"
import type { CleanupTarget, PathFact, Snapshot } from "../maintenance/types.js"
import { Environment, openclawHome, stateDir } from "./environment.js"
import { errorMessage, SessionFs, type FileInfo, type SyncFs } from "./sessionFs.js"
import { readPlanStore } from "./planStore.js"
import type { ProjectionFields } from "../domain/entry.js"
import { joinNameFast } from "../maintenance/pathText.js"

const POINTER_SUFFIX = ".trajectory-path.json"
const MAX_POINTER_BYTES = 64 * 1024

const typeOf = (st: FileInfo): PathFact["type"] => (st.kind === "directory" ? "dir" : st.kind)

const safeRealpath = (fs: SyncFs, p: string): string | undefined => {
  try {
    return fs.realpath(p)
  } catch {
    return undefined
  }
}

const MISSING: PathFact = { realpath: undefined, type: "missing", statIsFile: false, size: 0, mtimeMs: 0, ino: 0 }

/** What the file system says about one path: `lstat` type and inode, `stat` size and mtime, real path. */
export const probePath = (fs: SyncFs, p: string): PathFact => {
  let lst: FileInfo
  try {
    lst = fs.lstat(p)
  } catch {
    return MISSING
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
    mtimeMs: st?.mtimeMs ?? 0,
    ino: lst.ino
  }
}

const readListing = (fs: SyncFs, dir: string, realDir: string): Listing => {
  let names: Array<string>
  try {
    names = fs.readdir(dir)
  } catch {
    return EMPTY_LISTING
  }
  const listing = new ListingBuilder(names.length)
  for (const name of names) {
    const p = joinNameFast(realDir, name)
    let fact: PathFact
    try {
      // in the real dir, anything but a symlink is its own real path, and stat says what lstat said
      const lst = fs.lstat(p)
      fact =
        lst.kind === "symlink"
          ? probePath(fs, p)
          : { realpath: p, type: typeOf(lst), statIsFile: lst.kind === "file", size: lst.size, mtimeMs: lst.mtimeMs, ino: lst.ino }
    } catch {
      continue
    }
    listing.add(name, p, fact)
  }
  return listing.done()
}

const EMPTY_LISTING = new ListingBuilder(0).done()

/**
 * Reads what every cleanup rule reads directly: store, listing, pointer texts. `probes` is left
 * empty: the questions about other paths depend on the rules and are recorded by the caller.
 * The store file stays open, for reading rows back, until `release()`.
 */
export const readCleanupBase = (
  target: CleanupTarget,
  /** The projection the rows are read with (`readPlanStore`). */
  fields: ProjectionFields = "plan"
): Effect.Effect<{ readonly base: Snapshot; readonly release: () => void }, FileSystemError, SessionFs | Environment> =>
  Effect.gen(function* () {
    const env = yield* Environment
    const { sync: fs } = yield* SessionFs
    const read = yield* Effect.try({
      try: () => readPlanStore(fs, target.storePath, fields),
      catch: (error) => new FileSystemError({ path: target.storePath, message: errorMessage(error) })
    })
    yield* Effect.logDebug(`read store ${target.storePath}: ${read.status}, ${read.entries.length} rows, ${read.fingerprint.size} bytes`)
    const base = yield* Effect.try({
      try: (): Snapshot => {
        const sessionsDir = path.dirname(path.resolve(env.cwd, target.storePath))
        const realDir = safeRealpath(fs, sessionsDir)
        const dirExists = realDir !== undefined && fs.stat(realDir).kind === "directory"
        const sessionsDirReal = realDir ?? sessionsDir
        const listing = dirExists ? readListing(fs, sessionsDir, sessionsDirReal) : EMPTY_LISTING
        const texts: Record<string, string> = {}
        for (let i = 0; i < listing.names.length; i++) {
          const name = listing.names[i]!
          if (!name.endsWith(POINTER_SUFFIX) || listing.type(i) !== "file" || listing.size(i) > MAX_POINTER_BYTES) continue
          const p = path.join(sessionsDirReal, name)
          try {
            texts[p] = fs.readText(p)
          } catch {
            // unreadable pointer: treated as absent
          }
        }
        return {
          target,
          sessionsDir,
          sessionsDirReal,
          dirExists,
          stateDir: stateDir(env, fs.exists),
          homeDir: openclawHome(env),
          cwd: env.cwd,
          store: { status: read.status, entries: read.entries, fingerprint: read.fingerprint, value: read.value, unchanged: read.unchanged, deepKeys: read.deepKeys },
          listing,
          texts,
          probes: {}
        }
      },
      catch: (error) => {
        read.release()
        return new FileSystemError({ path: target.storePath, message: errorMessage(error) })
      }
    })
    return { base, release: read.release }
  })
