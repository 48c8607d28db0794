/** Input trees of the cleanup tests: written under a scratch HOME, listed back after a run. */
import * as fs from "node:fs"
import * as path from "node:path"
import { tempDir } from "../support/tempDir.js"

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
export const materialize = (home: string, files: ReadonlyArray<TreeFile>): void => {
  for (const f of files) {
    const p = path.join(home, f.path)
    fs.mkdirSync(path.dirname(p), { recursive: true })
    if (f.symlink !== undefined) {
      fs.symlinkSync(f.symlink.replaceAll("<HOME>", home), p)
      continue
    }
    if (f.dir) {
      fs.mkdirSync(p, { recursive: true })
      continue
    }
    fs.writeFileSync(p, f.text !== undefined ? f.text.replaceAll("<HOME>", home) : "x".repeat(f.size ?? 0))
    if (f.mode !== undefined) fs.chmodSync(p, f.mode)
    const t = (f.mtimeMs ?? 0) / 1000
    fs.utimesSync(p, t, t)
  }
}

/** Every file under `home` (JSON files with their text), sorted by path. */
export const listTree = (home: string): ReadonlyArray<ListedFile> => {
  const out: Array<ListedFile> = []
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(home, rel)).sort()) {
      const r = rel === "" ? name : `${rel}/${name}`
      if (name === "identity" || r === ".openclaw/logs") continue
      const st = fs.lstatSync(path.join(home, r))
      if (st.isDirectory()) {
        walk(r)
        continue
      }
      const entry: { -readonly [K in keyof ListedFile]: ListedFile[K] } = { path: r, size: st.size, mode: (st.mode & 0o777).toString(8) }
      if (st.isSymbolicLink()) entry.symlink = true
      if (name.endsWith(".json") || name.endsWith(".json5")) {
        entry.text = fs.readFileSync(path.join(home, r), "utf8").replaceAll(home, "<HOME>")
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
