/**
 * Input trees of the cleanup tests: written under a HOME (a scratch directory on the real disk,
 * or a fixed path in a memfs volume), listed back after a run.
 *
 * `materialize` and `listTree` take the file system to use (default: the real disk).
 * `volumeTreeFs` makes the in-memory trees list exactly as the same tree on Linux with umask
 * 0o022 (the umask the in-memory layer reports), where memfs differs:
 * - memfs creates files 0o666 and directories 0o777 (it has no umask): files are written
 *   0o644 and directories 0o755 unless a mode is given;
 * - memfs's `lstat` of a symlink reports mode 0o666 and size 0; Linux reports 0o777 and the
 *   length of the link's target, which is what the listing shows.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { Volume } from "memfs"
import { tempDir } from "../support/tempDir.js"

/** The calls `materialize` and `listTree` make, on the real disk or in a memfs volume. */
export interface TreeFs {
  /** Creates a directory and its parents (no error when it exists). */
  readonly mkdirp: (p: string) => void
  readonly symlink: (target: string, p: string) => void
  /** Writes a new file (mode `mode`, else the default for new files). */
  readonly writeFile: (p: string, text: string, mode: number | undefined) => void
  readonly utimes: (p: string, seconds: number) => void
  readonly readdir: (p: string) => Array<string>
  readonly lstat: (p: string) => { readonly directory: boolean; readonly symlink: boolean; readonly size: number; readonly mode: number }
  readonly readText: (p: string) => string
}

/** The real disk (Node's `fs`, the process umask). */
export const diskTreeFs: TreeFs = {
  mkdirp: (p) => void fs.mkdirSync(p, { recursive: true }),
  symlink: (target, p) => fs.symlinkSync(target, p),
  writeFile: (p, text, mode) => {
    fs.writeFileSync(p, text)
    if (mode !== undefined) fs.chmodSync(p, mode)
  },
  utimes: (p, seconds) => fs.utimesSync(p, seconds, seconds),
  readdir: (p) => fs.readdirSync(p),
  lstat: (p) => {
    const st = fs.lstatSync(p)
    return { directory: st.isDirectory(), symlink: st.isSymbolicLink(), size: st.size, mode: st.mode }
  },
  readText: (p) => fs.readFileSync(p, "utf8")
}

/** The umask the in-memory layer reports, applied to what memfs creates. */
const MEMORY_UMASK = 0o022

/** A memfs volume, listed as Linux would list the same tree (see the file's comment). */
export const volumeTreeFs = (vol: InstanceType<typeof Volume>): TreeFs => ({
  mkdirp: (p) => void vol.mkdirSync(p, { recursive: true, mode: 0o777 & ~MEMORY_UMASK }),
  symlink: (target, p) => vol.symlinkSync(target, p),
  writeFile: (p, text, mode) => {
    vol.writeFileSync(p, text)
    vol.chmodSync(p, mode ?? 0o666 & ~MEMORY_UMASK)
  },
  utimes: (p, seconds) => vol.utimesSync(p, seconds, seconds),
  readdir: (p) => (vol.readdirSync(p) as Array<unknown>).map(String),
  lstat: (p) => {
    const st = vol.lstatSync(p)
    const symlink = st.isSymbolicLink()
    return {
      directory: st.isDirectory(),
      symlink,
      size: symlink ? Buffer.byteLength(String(vol.readlinkSync(p))) : Number(st.size),
      mode: symlink ? 0o777 : Number(st.mode)
    }
  },
  readText: (p) => String(vol.readFileSync(p, "utf8"))
})

export interface TreeFile {
  readonly path: string
  readonly text?: string
  readonly size?: number
  readonly mtimeMs?: number
  readonly mode?: number
  readonly symlink?: string
  readonly dir?: boolean
}

export interface ListedFile {
  readonly path: string
  readonly size: number
  readonly mode: string
  readonly symlink?: boolean
  readonly text?: string
}

/** Writes the files under `home` (`<HOME>` in texts and link targets becomes `home`). */
export const materialize = (home: string, files: ReadonlyArray<TreeFile>, on: TreeFs = diskTreeFs): void => {
  for (const f of files) {
    const p = path.join(home, f.path)
    on.mkdirp(path.dirname(p))
    if (f.symlink !== undefined) {
      on.symlink(f.symlink.replaceAll("<HOME>", home), p)
      continue
    }
    if (f.dir) {
      on.mkdirp(p)
      continue
    }
    on.writeFile(p, f.text !== undefined ? f.text.replaceAll("<HOME>", home) : "x".repeat(f.size ?? 0), f.mode)
    const t = (f.mtimeMs ?? 0) / 1000
    on.utimes(p, t)
  }
}

/** The directory of clawkeep's journals in a state dir; tree comparisons with the reference leave it out. */
export const CLAWKEEP_DIR_NAME = "clawkeep"

/** Every file under `home` (JSON files with their text), sorted by path. */
export const listTree = (home: string, on: TreeFs = diskTreeFs): ReadonlyArray<ListedFile> => {
  const out: Array<ListedFile> = []
  const walk = (rel: string) => {
    for (const name of on.readdir(path.join(home, rel)).sort()) {
      const r = rel === "" ? name : `${rel}/${name}`
      if (name === "identity" || r === ".openclaw/logs") continue
      const st = on.lstat(path.join(home, r))
      // clawkeep's own journals (`<stateDir>/clawkeep/`) are checked by the journal tests
      if (st.directory && name === CLAWKEEP_DIR_NAME) continue
      if (st.directory) {
        walk(r)
        continue
      }
      const entry: { -readonly [K in keyof ListedFile]: ListedFile[K] } = { path: r, size: st.size, mode: (st.mode & 0o777).toString(8) }
      if (st.symlink) entry.symlink = true
      if (name.endsWith(".json") || name.endsWith(".json5")) {
        entry.text = on.readText(path.join(home, r)).replaceAll(home, "<HOME>")
      }
      out.push(entry)
    }
  }
  walk("")
  return out
}

const ARCHIVE_TS = /\.(deleted|reset)\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d{3})?Z)/g

/** Replaces archive timestamps within a minute after `nowMs` (the run's own archives) by `<TS>`. */
export const normalizeArchiveTimes = (text: string, nowMs: number): string =>
  text.replace(ARCHIVE_TS, (whole, reason: string, ts: string) => {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(\.\d{3})?Z$/.exec(ts)
    const ms = m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}${m[5] ?? ""}Z`) : Number.NaN
    return ms >= nowMs && ms < nowMs + 60_000 ? `.${reason}.<TS>` : whole
  })

export const scratchHome = (): string => tempDir("/tmp/ckg-")
