/**
 * The in-memory file-system layer: `SessionFs` over a `memfs` volume (symlinks, modes, `lstat`,
 * `realpath` included). Tests and library users seed it from a tree value and read it back.
 * Where memfs differs from Linux in what clawkeep relies on (renames onto directories, paths
 * through symlinked parent directories), the layer answers as Linux does.
 */
import { Layer } from "effect"
import { Volume } from "memfs"
import * as path from "node:path"
import { fileInfoOf } from "./nodeFs.js"
import { errorCode, makeSessionFs, SessionFs, type SessionFsShape, type SyncFs } from "./sessionFs.js"

/** A file's content, or a file with its content and times, a symlink, or an empty directory. */
export type TreeNode =
  | string
  | Uint8Array
  | null
  | { readonly symlink: string }
  | { readonly content: string | Uint8Array; readonly mtimeMs?: number; readonly mode?: number }

/** Absolute path → node. Parent directories are created as needed. */
export type FileTree = Readonly<Record<string, TreeNode>>

type Vol = InstanceType<typeof Volume>

let counter = 0

const posixError = (code: string, syscall: string, from: string, to: string): Error =>
  Object.assign(new Error(`${code}: ${POSIX_TEXT[code]}, ${syscall} '${from}' -> '${to}'`), { code, syscall, path: from, dest: to })

const POSIX_TEXT: Record<string, string> = { EISDIR: "illegal operation on a directory", ENOTDIR: "not a directory", ENOTEMPTY: "directory not empty" }

/**
 * `rename(2)` as Linux answers it: memfs replaces any destination, even a directory and its
 * files, where Linux fails with EISDIR (a file onto a directory), ENOTDIR (a directory onto a
 * file) or ENOTEMPTY (a directory onto a non-empty one); a file it replaces leaves its
 * directory unremovable; and it moves the file a symlink points to instead of the link.
 */
const renameLikeLinux = (vol: Vol, from: string, to: string): void => {
  const sourceIsDir = vol.lstatSync(from).isDirectory()
  let targetIsDir: boolean | undefined
  try {
    targetIsDir = vol.lstatSync(to).isDirectory()
  } catch {
    targetIsDir = undefined
  }
  if (targetIsDir !== undefined && path.resolve(from) !== path.resolve(to)) {
    if (targetIsDir && !sourceIsDir) throw posixError("EISDIR", "rename", from, to)
    if (!targetIsDir && sourceIsDir) throw posixError("ENOTDIR", "rename", from, to)
    if (targetIsDir && (vol.readdirSync(to) as Array<unknown>).length > 0) throw posixError("ENOTEMPTY", "rename", from, to)
    // memfs keeps a phantom entry of a replaced file (its directory then never empties): replace
    // it the way the kernel does, as one step of this synchronous call
    if (!targetIsDir) vol.unlinkSync(to)
  }
  if (vol.lstatSync(from).isSymbolicLink()) {
    // the link itself is what moves (its target stays where it is)
    if (path.resolve(from) === path.resolve(to)) return
    vol.symlinkSync(String(vol.readlinkSync(from)), to)
    vol.unlinkSync(from)
    return
  }
  vol.renameSync(from, to)
}

/**
 * The path with its parent directories' symlinks resolved (the last component as is), as the
 * kernel resolves a path for `rename(2)` and `mkdir(2)`; memfs resolves them only when it opens
 * a file, and fails with ENOTDIR otherwise.
 */
const throughParentLinks = (vol: Vol, p: string): string => {
  const tail: Array<string> = [path.basename(p)]
  for (let dir = path.dirname(path.resolve(p)); ; dir = path.dirname(dir)) {
    try {
      return path.join(String(vol.realpathSync(dir)), ...tail)
    } catch {
      if (dir === path.dirname(dir)) return path.resolve(p)
      tail.unshift(path.basename(dir))
    }
  }
}

/** `SyncFs` over a memfs volume. */
export const volumeSyncFs = (vol: Vol): SyncFs => ({
  lstat: (p) => fileInfoOf(vol.lstatSync(p)),
  lstatIfAny: (p) => {
    try {
      return fileInfoOf(vol.lstatSync(p))
    } catch (error) {
      const code = errorCode(error)
      if (code === "ENOENT" || code === "ENOTDIR") return undefined
      throw error
    }
  },
  stat: (p) => fileInfoOf(vol.statSync(p)),
  fstat: (fd) => fileInfoOf(vol.fstatSync(fd)),
  realpath: (p) => String(vol.realpathSync(p)),
  readdir: (p) => (vol.readdirSync(p) as Array<unknown>).map(String),
  readFile: (p) => vol.readFileSync(p) as Uint8Array,
  readText: (p) => String(vol.readFileSync(p, "utf8")),
  exists: (p) => vol.existsSync(p),
  open: (p, flags, mode) => vol.openSync(p, flags, mode),
  read: (fd, buffer, offset, length, position) => vol.readSync(fd, buffer, offset, length, position),
  write: (fd, data, offset, length) => vol.writeSync(fd, data, offset, length),
  fsync: (fd) => vol.fsyncSync(fd),
  close: (fd) => vol.closeSync(fd),
  rename: (from, to) => renameLikeLinux(vol, throughParentLinks(vol, from), throughParentLinks(vol, to)),
  unlink: (p) => vol.unlinkSync(p),
  rmdir: (p) => vol.rmdirSync(throughParentLinks(vol, p)),
  mkdir: (p, options) => void vol.mkdirSync(throughParentLinks(vol, p), options),
  chmod: (p, mode) => vol.chmodSync(p, mode),
  umask: () => 0o022,
  randomId: () => `mem.${++counter}`,
  realpathNative: (p) => String(vol.realpathSync(p))
})

/** Writes a tree into a volume. */
export const seedVolume = (vol: Vol, tree: FileTree): void => {
  for (const [p, node] of Object.entries(tree)) {
    if (!path.isAbsolute(p)) throw new Error(`memoryFs: tree paths must be absolute: ${p}`)
    if (node === null) {
      vol.mkdirSync(p, { recursive: true })
      continue
    }
    vol.mkdirSync(path.dirname(p), { recursive: true })
    if (typeof node === "string" || node instanceof Uint8Array) {
      vol.writeFileSync(p, node)
    } else if ("symlink" in node) {
      vol.symlinkSync(node.symlink, p)
    } else {
      vol.writeFileSync(p, node.content)
      if (node.mode !== undefined) vol.chmodSync(p, node.mode)
      if (node.mtimeMs !== undefined) vol.utimesSync(p, node.mtimeMs / 1000, node.mtimeMs / 1000)
    }
  }
}

export interface MemoryFs {
  /** The layer providing `SessionFs`. */
  readonly layer: Layer.Layer<SessionFs>
  /** The service itself (for code outside an Effect). */
  readonly service: SessionFsShape
  /** Every file and symlink below `root` (default `/`): path → content, or `{ symlink }`. */
  readonly snapshot: (root?: string) => Record<string, string | { readonly symlink: string }>
  readonly volume: Vol
}

/** A fresh in-memory file system seeded from `tree`. */
export const memoryFs = (tree: FileTree = {}): MemoryFs => {
  const vol = new Volume()
  seedVolume(vol, tree)
  const service = makeSessionFs(volumeSyncFs(vol))
  const snapshot = (root = "/") => {
    const out: Record<string, string | { readonly symlink: string }> = {}
    const walk = (dir: string) => {
      for (const name of (vol.readdirSync(dir) as Array<unknown>).map(String).sort()) {
        const p = path.join(dir, name)
        const st = vol.lstatSync(p)
        if (st.isSymbolicLink()) out[p] = { symlink: String(vol.readlinkSync(p)) }
        else if (st.isDirectory()) walk(p)
        else out[p] = String(vol.readFileSync(p, "utf8"))
      }
    }
    if (vol.existsSync(root)) walk(root)
    return out
  }
  return { layer: Layer.succeed(SessionFs, service), service, snapshot, volume: vol }
}
