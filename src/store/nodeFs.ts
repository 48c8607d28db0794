/**
 * The live file-system layer: `SessionFs` over Node's `fs`. This file and the launcher are the
 * only code that imports `node:fs`.
 */
import { Layer } from "effect"
import { randomUUID } from "node:crypto"
import * as fs from "node:fs"
import { errorCode, makeSessionFs, SessionFs, type FileInfo, type SyncFs } from "./sessionFs.js"

/** The fields of Node's (and memfs's) `Stats` that `FileInfo` is made of. */
export interface StatsLike {
  isFile(): boolean
  isDirectory(): boolean
  isSymbolicLink(): boolean
  readonly size: number | bigint
  readonly mtimeMs: number | bigint
  readonly ino: number | bigint
  readonly dev: number | bigint
  readonly mode: number | bigint
  readonly nlink: number | bigint
}

export const fileInfoOf = (st: StatsLike): FileInfo => ({
  kind: st.isSymbolicLink() ? "symlink" : st.isFile() ? "file" : st.isDirectory() ? "directory" : "other",
  size: Number(st.size),
  mtimeMs: Number(st.mtimeMs),
  ino: Number(st.ino),
  dev: Number(st.dev),
  mode: Number(st.mode),
  nlink: Number(st.nlink)
})

/** Node's synchronous calls, shaped as `SyncFs`. */
export const nodeSyncFs: SyncFs = {
  lstat: (p) => fileInfoOf(fs.lstatSync(p)),
  lstatIfAny: (p) => {
    try {
      const st = fs.lstatSync(p, { throwIfNoEntry: false })
      return st === undefined ? undefined : fileInfoOf(st)
    } catch (error) {
      // (Node answers undefined for ENOENT only)
      if (errorCode(error) === "ENOTDIR") return undefined
      throw error
    }
  },
  stat: (p) => fileInfoOf(fs.statSync(p)),
  fstat: (fd) => fileInfoOf(fs.fstatSync(fd)),
  realpath: (p) => fs.realpathSync(p),
  readdir: (p) => fs.readdirSync(p),
  readFile: (p) => fs.readFileSync(p),
  readText: (p) => fs.readFileSync(p, "utf8"),
  exists: (p) => fs.existsSync(p),
  open: (p, flags, mode) => fs.openSync(p, flags, mode),
  read: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  write: (fd, data, offset, length) => fs.writeSync(fd, data, offset, length),
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (p) => fs.unlinkSync(p),
  rmdir: (p) => fs.rmdirSync(p),
  mkdir: (p, options) => void fs.mkdirSync(p, options),
  chmod: (p, mode) => fs.chmodSync(p, mode),
  umask: () => process.umask(),
  randomId: () => `${process.pid}.${randomUUID()}`,
  realpathNative: (p) => fs.realpathSync.native(p)
}

/** The live layer. */
export const NodeSessionFs = { layer: Layer.succeed(SessionFs, makeSessionFs(nodeSyncFs)) }
