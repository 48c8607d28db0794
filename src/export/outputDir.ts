/**
 * Where a bundle goes (docs/export.md#output-directory): always a new directory inside
 * `<workspace>/.openclaw/trajectory-exports/`, with the reference's refusals.
 */
import * as path from "node:path"
import { safeSessionId } from "../domain/sessionFiles.js"
import { errorCode, type SyncFs } from "../store/sessionFs.js"

/** The reference's containment test (lexical fast path, else `path.relative`). */
export const isPathInside = (root: string, target: string): boolean => {
  if (
    root.startsWith("/") &&
    target.startsWith("/") &&
    target.length >= root.length &&
    !target.includes("/..") &&
    (target === root || (target.startsWith(root) && target.charCodeAt(root.length) === 47))
  ) {
    return true
  }
  const relative = path.relative(path.resolve(root), path.resolve(target))
  return relative === "" || (relative.split(path.posix.sep)[0] !== ".." && !path.isAbsolute(relative))
}

/** Directories this export created (removed again if the export fails). */
export type CreatedDirs = Array<string>

const mkdirIfMissingThenValidate = (
  fs: SyncFs,
  dir: string,
  label: string,
  realWorkspace: string,
  created: CreatedDirs
): string => {
  try {
    fs.mkdir(dir, { mode: 0o700 })
    created.push(dir)
  } catch (error) {
    if (errorCode(error) !== "EEXIST") throw error
  }
  const link = fs.lstat(dir)
  if (link.kind !== "directory") throw new Error(`${label} must be a real directory inside the workspace`)
  const real = fs.realpathNative(dir)
  if (!isPathInside(realWorkspace, real)) throw new Error("Trajectory exports directory must stay inside the workspace")
  return real
}

/** `openclaw-trajectory-<first 8 of safeId>-<UTC time, 19 chars>`. */
export const defaultBundleName = (sessionId: string, nowMs: number): string => {
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, "-").slice(0, 19)
  return `openclaw-trajectory-${safeSessionId(sessionId).slice(0, 8)}-${stamp}`
}

const exists = (fs: SyncFs, p: string): boolean => {
  try {
    fs.stat(p)
    return true
  } catch {
    return false
  }
}

/**
 * Creates (when missing) and checks `.openclaw/trajectory-exports`, then resolves the output
 * directory. Nothing is created for the output directory itself here.
 */
export const resolveOutputDir = (
  fs: SyncFs,
  params: {
    readonly workspaceDir: string
    readonly output: string | undefined
    readonly sessionId: string
    readonly nowMs: number
    readonly created: CreatedDirs
  }
): string => {
  const workspace = path.resolve(params.workspaceDir)
  const realWorkspace = fs.realpathNative(workspace)
  const stateDir = path.join(workspace, ".openclaw")
  mkdirIfMissingThenValidate(fs, stateDir, "OpenClaw state directory", realWorkspace, params.created)
  const baseDir = path.join(stateDir, "trajectory-exports")
  const realBase = mkdirIfMissingThenValidate(fs, baseDir, "Trajectory exports directory", realWorkspace, params.created)
  const raw = params.output?.trim()
  if (!raw) return path.join(baseDir, defaultBundleName(params.sessionId, params.nowMs))
  if (path.isAbsolute(raw) || raw.startsWith("~")) {
    throw new Error("Output path must be relative to the workspace trajectory exports directory")
  }
  const outputDir = path.resolve(baseDir, raw)
  const relative = path.relative(baseDir, outputDir)
  if (!relative || relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new Error("Output path must stay inside the workspace trajectory exports directory")
  }
  let existing = outputDir
  while (!exists(fs, existing)) {
    const next = path.dirname(existing)
    if (next === existing) break
    existing = next
  }
  if (!isPathInside(realBase, fs.realpathNative(existing))) {
    throw new Error("Output path must stay inside the real trajectory exports directory")
  }
  return outputDir
}

/**
 * Creates the output directory's missing parents (0700) and the directory itself, exclusively
 * (0700): an existing directory fails with the raw `EEXIST` error.
 */
export const createOutputDir = (fs: SyncFs, outputDir: string, created: CreatedDirs): void => {
  const missing: Array<string> = []
  let parent = path.dirname(outputDir)
  while (!exists(fs, parent)) {
    missing.unshift(parent)
    const next = path.dirname(parent)
    if (next === parent) break
    parent = next
  }
  fs.mkdir(path.dirname(outputDir), { recursive: true, mode: 0o700 })
  created.push(...missing)
  fs.mkdir(outputDir, { mode: 0o700 })
  created.push(outputDir)
}

/** Removes what a failed export created: the bundle directory's files, then the directories, newest first. */
export const removeCreated = (fs: SyncFs, created: CreatedDirs, files: ReadonlyArray<string>): void => {
  for (const file of files) {
    try {
      fs.unlink(file)
    } catch {
      // best effort (already gone, or not a file)
    }
  }
  for (const dir of [...created].reverse()) {
    try {
      fs.rmdir(dir)
    } catch {
      // not empty or already gone: leave it
    }
  }
}
