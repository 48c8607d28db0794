/**
 * Runtime trajectory sidecars (docs/export.md#runtime-events): where the file is, and its events.
 * The runtime file is capped at 50 MiB and 200 000 events, so it is read whole.
 */
import * as path from "node:path"
import { isRecord } from "../domain/json.js"
import { pointerSidecarPath, runtimeSidecarPath, safeSessionId } from "../domain/sessionFiles.js"
import { errorCode, type FileInfo, type SyncFs } from "../store/sessionFs.js"

export const RUNTIME_FILE_MAX_BYTES = 50 * 1024 * 1024
export const RUNTIME_MAX_EVENTS = 200_000

export type RuntimeEvent = Record<string, unknown> & { readonly type: string; readonly ts: string; seq: number }

/** A regular file that is not a symlink (same inode through lstat and stat). */
export const isRegularNonSymlinkFile = (fs: SyncFs, file: string): boolean => {
  try {
    const link = fs.lstat(file)
    if (link.kind !== "file") return false
    const stat = fs.stat(file)
    return stat.kind === "file" && stat.dev === link.dev && stat.ino === link.ino
  } catch {
    return false
  }
}

export interface RuntimeLocation {
  readonly sessionFile: string
  readonly sessionId: string
  /** `OPENCLAW_TRAJECTORY_DIR` already trimmed, `~`-expanded and absolute (undefined when unset). */
  readonly trajectoryDir: string | undefined
  /** Resolves a pointer's `runtimeFile` (against the process working directory, as the reference). */
  readonly resolve: (p: string) => string
}

const pointerTarget = (fs: SyncFs, loc: RuntimeLocation): string | undefined => {
  const pointer = pointerSidecarPath(loc.sessionFile)
  if (!isRegularNonSymlinkFile(fs, pointer)) return undefined
  try {
    const parsed: unknown = JSON.parse(fs.readText(pointer))
    if (!isRecord(parsed)) return undefined
    if (parsed["sessionId"] !== loc.sessionId || typeof parsed["runtimeFile"] !== "string") return undefined
    const runtimeFile = loc.resolve(parsed["runtimeFile"])
    const sibling = loc.resolve(runtimeSidecarPath(loc.sessionFile))
    if (runtimeFile !== sibling && path.basename(runtimeFile) !== `${safeSessionId(loc.sessionId)}.jsonl`) return undefined
    return runtimeFile
  } catch {
    return undefined
  }
}

/** The runtime file: via the pointer, the sibling sidecar, or the trajectory dir; first regular file wins. */
export const resolveRuntimeFile = (fs: SyncFs, loc: RuntimeLocation): string | undefined => {
  const candidates = [
    pointerTarget(fs, loc),
    runtimeSidecarPath(loc.sessionFile),
    loc.trajectoryDir !== undefined
      ? path.join(loc.trajectoryDir, `${safeSessionId(loc.sessionId)}.jsonl`)
      : runtimeSidecarPath(loc.sessionFile)
  ].filter((c): c is string => Boolean(c))
  return candidates.find((c) => isRegularNonSymlinkFile(fs, c))
}

const isRuntimeEvent = (value: unknown, sessionId: string): value is RuntimeEvent =>
  isRecord(value) &&
  value["traceSchema"] === "openclaw-trajectory" &&
  value["schemaVersion"] === 1 &&
  value["source"] === "runtime" &&
  typeof value["type"] === "string" &&
  typeof value["ts"] === "string" &&
  !Number.isNaN(Date.parse(value["ts"])) &&
  typeof value["seq"] === "number" &&
  Number.isFinite(value["seq"]) &&
  value["sessionId"] === sessionId &&
  (!("data" in value) || value["data"] === undefined || isRecord(value["data"]))

/** Reads the accepted events of a runtime file (throws the reference's limit errors). */
export const readRuntimeEvents = (fs: SyncFs, file: string, sessionId: string): Array<RuntimeEvent> => {
  let stat: FileInfo
  try {
    stat = fs.stat(file)
  } catch (error) {
    if (errorCode(error) === "ENOENT") return []
    throw error
  }
  if (stat.kind !== "file") return []
  if (stat.size > RUNTIME_FILE_MAX_BYTES) {
    throw new Error(`Trajectory runtime file is too large to export (${stat.size} bytes; limit ${RUNTIME_FILE_MAX_BYTES})`)
  }
  const events: Array<RuntimeEvent> = []
  for (const raw of fs.readText(file).split(/\r?\n/u)) {
    const line = raw.trim()
    if (line === "") continue
    if (events.length >= RUNTIME_MAX_EVENTS) {
      throw new Error(`Trajectory runtime file has too many events to export (limit ${RUNTIME_MAX_EVENTS})`)
    }
    try {
      const value: unknown = JSON.parse(line)
      if (isRuntimeEvent(value, sessionId)) events.push(value)
    } catch {
      // unparseable lines are skipped
    }
  }
  return events
}
