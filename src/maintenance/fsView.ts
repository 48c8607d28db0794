/**
 * A file-system view over a snapshot: the answers the rules need (real paths, existence, sizes,
 * the sessions-dir listing) plus an overlay of the renames and deletions a plan has already
 * decided, so later rules see the directory as the reference would at that point. Pure.
 */
import * as path from "node:path"
import { basenameFast, isDirectlyIn, isSimpleAbsolute, joinNameFast, resolveFast } from "./pathText.js"
import { classifyFileName } from "../domain/sessionFiles.js"
import type { Listing } from "./listing.js"
import { isClawkeepName } from "./safety.js"
import type { PathFact, Snapshot } from "./types.js"

/** What is at a path, as `lstat` + `stat` + `realpath` saw it (or the plan made it). */
export interface Node {
  /** `lstat` type. */
  readonly type: "file" | "symlink" | "dir" | "other"
  /** `stat` (symlinks followed): regular file? */
  readonly statIsFile: boolean
  /** `stat` size and mtime (0 when stat failed). */
  readonly size: number
  readonly mtimeMs: number
  /** Real path; undefined for a dangling symlink. */
  readonly realpath: string | undefined
  /** `lstat` inode number (fingerprints). */
  readonly ino: number
}

const MISSING: PathFact = { realpath: undefined, type: "missing", statIsFile: false, size: 0, mtimeMs: 0, ino: 0 }

/** Asked when the snapshot has no answer for a path (only the snapshot reader passes one). */
export type Probe = (p: string) => PathFact

/**
 * A question the snapshot never recorded, asked while replaying a plan from it: a defect of the
 * snapshot reader (it records every question the planners ask), never a silent "missing".
 */
export class UnrecordedQuestion extends Error {
  constructor(readonly path: string) {
    super(`cleanup snapshot has no answer for ${path}`)
  }
}

export class FsView {
  private readonly overrides = new Map<string, Node | null>()
  private dirCreated = false
  private readonly listing: Listing
  constructor(
    readonly snapshot: Snapshot,
    private readonly probe?: Probe,
    private readonly recorded?: Record<string, PathFact>
  ) {
    this.listing = snapshot.listing
  }

  /** A view of the same snapshot (and probe) without this view's overlay: the disk as read. */
  pristine(): FsView {
    return new FsView(this.snapshot, this.probe, this.recorded)
  }

  get sessionsDir(): string {
    return this.snapshot.sessionsDir
  }
  get realDir(): string {
    return this.snapshot.sessionsDirReal
  }
  get cwd(): string {
    return this.snapshot.cwd
  }

  private dirCanonical: string | undefined

  /**
   * `canonical(sessionsDir)`, asked once per view: the plan renames and deletes files in the
   * dir, never the dir itself.
   */
  get canonicalDir(): string {
    return (this.dirCanonical ??= this.canonical(this.sessionsDir))
  }

  private known(p: string): PathFact | undefined {
    return this.snapshot.probes[p] ?? this.recorded?.[p]
  }

  /**
   * The answer for an absolute path. A path whose parent directory is known to be missing is
   * missing too: when a probed path is missing because its directory is, the directory's answer
   * is recorded instead (the rules ask about one missing directory's children once per row).
   */
  private fact(p: string): PathFact {
    const known = this.known(p)
    if (known !== undefined) return known
    const parent = path.dirname(p)
    if (parent !== p && this.known(parent)?.type === "missing") return MISSING
    if (this.probe !== undefined && this.recorded !== undefined) {
      const answer = this.probe(p)
      if (answer.type === "missing" && parent !== p) {
        const above = this.probe(parent)
        if (above.type === "missing") {
          this.recorded[parent] = above
          return answer
        }
      }
      this.recorded[p] = answer
      return answer
    }
    throw new UnrecordedQuestion(p)
  }

  /** The node at an absolute path (no symlink resolution of the last component), or undefined. */
  node(p: string): Node | undefined {
    return this.nodeAt(resolveFast(p))
  }

  /** `node` of a path already resolved (`resolveFast`). */
  private nodeAt(abs: string): Node | undefined {
    if (this.overrides.size > 0 && this.overrides.has(abs)) return this.overrides.get(abs) ?? undefined
    if (abs === this.realDir || abs === this.sessionsDir) {
      return this.snapshot.dirExists || this.dirCreated ? { type: "dir", statIsFile: false, size: 0, mtimeMs: 0, realpath: this.realDir, ino: 0 } : undefined
    }
    if (isDirectlyIn(abs, this.realDir)) return this.listed(abs)
    if (isDirectlyIn(abs, this.sessionsDir)) return this.nodeAt(joinNameFast(this.realDir, abs.slice(abs.lastIndexOf("/") + 1)))
    const f = this.fact(abs)
    return f.type === "missing" ? undefined : { ...f, type: f.type }
  }

  /** The listing's node at `abs`, a path directly in the real dir (made when asked). */
  private listed(abs: string): Node | undefined {
    const i = this.listing.indexOf(abs, abs.lastIndexOf("/") + 1)
    return i < 0 ? undefined : this.listing.node(i, abs)
  }

  /** The same path spelled under the real sessions dir (a file directly in the dir). */
  inRealDir(p: string): string {
    const abs = resolveFast(p)
    // (the same string when the dir is its own real path: an overlay of many renames keeps no copies)
    return this.realDir !== this.sessionsDir && isDirectlyIn(abs, this.sessionsDir) ? joinNameFast(this.realDir, abs.slice(abs.lastIndexOf("/") + 1)) : abs
  }

  /** `fs.realpathSync`, or undefined when it would throw. */
  realpath(p: string): string | undefined {
    return this.realpathAt(resolveFast(p))
  }

  /** `realpath` of a path already resolved (`resolveFast`). */
  private realpathAt(abs: string): string | undefined {
    const n = this.nodeAt(abs)
    if (n === undefined) return undefined
    const real = n.realpath
    if (real === undefined) return undefined
    if (real !== abs && this.overrides.size > 0 && this.overrides.get(real) === null) return undefined
    return real
  }

  /** `canonicalizePathForComparison`: realpath, else the resolved path. */
  canonical(p: string): string {
    const abs = isSimpleAbsolute(p) ? p : path.resolve(this.cwd, p)
    return this.realpathAt(abs) ?? abs
  }

  private checkpointIds: Set<string> | undefined

  /**
   * Whether the listing has a file named after session id `id` (trimmed): `<id>.jsonl`, its
   * trajectory sidecars `<id>.trajectory.jsonl` and `<id>.trajectory-path.json`, or a checkpoint
   * `<id>.checkpoint.<uuid>.jsonl` (symlinks included). A "no" holds for the whole plan: the
   * plan's own renames only remove names or add `….deleted.<ts>` ones. Rows without a
   * `sessionFile` whose id names nothing have no file a rule could archive, delete or keep.
   */
  hasFilesNamedAfter(id: string): boolean {
    const listing = this.listing
    if (listing.indexOf(id, 0, ".jsonl") >= 0 || listing.indexOf(id, 0, ".trajectory.jsonl") >= 0 || listing.indexOf(id, 0, ".trajectory-path.json") >= 0) return true
    if (this.checkpointIds === undefined) {
      this.checkpointIds = new Set()
      for (const name of listing.names) {
        const c = classifyFileName(name)
        if (c.kind === "checkpoint") this.checkpointIds.add(c.sessionId)
      }
    }
    return this.checkpointIds.has(id)
  }

  private readonly memos = new WeakMap<object, unknown>()

  /**
   * A value computed once per view for `key` (an object: a list of rows). Only for values the
   * plan's own renames and deletions cannot change (see `keptPaths`).
   */
  memo<T>(key: object, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T
    const value = compute()
    this.memos.set(key, value)
    return value
  }

  /** `fs.existsSync` (follows symlinks). */
  exists(p: string): boolean {
    return this.realpathAt(isSimpleAbsolute(p) ? p : path.resolve(this.cwd, p)) !== undefined
  }

  /** `fs.statSync(p).isFile()` with its size, or undefined. */
  statFile(p: string): { readonly size: number; readonly mtimeMs: number } | undefined {
    const real = this.realpath(p)
    if (real === undefined) return undefined
    const n = this.node(real) ?? this.node(p)
    return n !== undefined && n.statIsFile ? { size: n.size, mtimeMs: n.mtimeMs } : undefined
  }

  /** lstat says regular file (not a symlink) and stat says file. */
  isRegularNonSymlink(p: string): boolean {
    const n = this.node(p)
    return n !== undefined && n.type === "file" && n.statIsFile
  }

  /** Text of a small file recorded in the snapshot. */
  readText(p: string): string | undefined {
    const abs = path.resolve(p)
    if (this.overrides.has(abs)) return undefined
    return this.snapshot.texts[abs]
  }

  /** Names directly in the sessions dir (readdir), after the overlay. */
  names(): ReadonlyArray<string> {
    // (no overlay yet: the listing's own names, which never change)
    if (this.overrides.size === 0) return this.snapshot.dirExists || this.dirCreated ? this.listing.names : []
    return Array.from(this.eachName())
  }

  /**
   * `names()`, each made as it is read (no list of every name). The overlay is read as the walk
   * goes: a walk may remove the name it is at (never another one) and sees what `names()` would
   * have listed before.
   */
  *eachName(): Generator<string> {
    if (!this.snapshot.dirExists && !this.dirCreated) return
    if (this.overrides.size === 0) {
      yield* this.listing.names
      return
    }
    for (const name of this.listing.names) if (this.overrides.get(joinNameFast(this.realDir, name)) !== null) yield name
    // (the names the plan added are gathered before they are walked: a removal during the walk
    // only sets its own name's entry to null, and the listing's names are not among them)
    const added: Array<string> = []
    for (const [p, n] of this.overrides) {
      if (n === null || !isDirectlyIn(p, this.realDir) || this.listing.indexOf(p, p.lastIndexOf("/") + 1) >= 0) continue
      added.push(p)
    }
    for (const p of added) yield basenameFast(p)
  }

  /**
   * `readSessionsDirFiles`: regular (non-symlink) files directly in the dir — except clawkeep's
   * own `.clawkeep-*` files, which are no session data: the disk budget does not count them and
   * the sweep does not scan them (D19).
   */
  listFiles(): ReadonlyArray<ListedFile> {
    return Array.from(this.eachFile())
  }

  /** `listFiles()`, each made as it is read. */
  *eachFile(): Generator<ListedFile> {
    for (const name of this.eachName()) {
      if (isClawkeepName(name)) continue
      const n = this.node(joinNameFast(this.realDir, name))
      if (n === undefined || n.type !== "file" || !n.statIsFile) continue
      yield new ListedFile(this, name, n.size, n.mtimeMs)
    }
  }

  /** A file written (the store): creates the dir when needed. */
  writeFile(p: string, size: number, mtimeMs: number): void {
    this.dirCreated = true
    const abs = this.inRealDir(p)
    this.overrides.set(abs, { type: "file", statIsFile: true, size, mtimeMs, realpath: abs, ino: 0 })
  }

  rename(from: string, to: string): void {
    const src = this.inRealDir(from)
    const dst = this.inRealDir(to)
    const n = this.node(src)
    if (n === undefined) return
    this.overrides.set(dst, { ...n, realpath: n.type === "symlink" ? n.realpath : dst })
    this.overrides.set(src, null)
  }

  remove(p: string): void {
    const abs = this.inRealDir(p)
    const n = this.node(abs)
    if (n === undefined) return
    this.overrides.set(abs, null)
  }
}

/**
 * A regular file seen by `readSessionsDirFiles` (dirent is a file and stat says file). Its paths
 * are made each time they are read, not kept with it: a list of every file in the dir then holds
 * no path strings, and the rules read a file's paths once or twice and keep the few they need.
 * Both derive from its name alone: a regular file directly in the dir (no symlink) is its own
 * real path, `<real dir>/<name>`, whatever the plan does to the dir later.
 */
export class ListedFile {
  constructor(
    private readonly view: FsView,
    readonly name: string,
    readonly size: number,
    readonly mtimeMs: number
  ) {}

  /** `<sessionsDir>/<name>`. */
  get path(): string {
    return joinNameFast(this.view.sessionsDir, this.name)
  }

  /** `canonical(path)` as it was when the file was listed: `<real dir>/<name>`. */
  get canonicalPath(): string {
    return joinNameFast(this.view.realDir, this.name)
  }
}
