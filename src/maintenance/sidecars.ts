/**
 * Trajectory sidecars of pruned and capped sessions (docs/cleanup.md#archives-and-sidecars): the runtime sibling
 * `….trajectory.jsonl`, the runtime file a valid pointer names, and the pointer
 * `….trajectory-path.json` itself, each deleted only when it is a regular non-symlink file
 * inside the sessions dir. (The reference may also delete a pointer-named runtime file outside
 * the dir; clawkeep never touches anything outside the sessions dir.)
 */
import * as path from "node:path"
import { isRecord } from "../domain/json.js"
import { pointerSidecarPath, runtimeSidecarPath } from "../domain/sessionFiles.js"
import type { FsView } from "./fsView.js"
import { isInsideStrict, isInvalid, sessionFilePath, sessionNamesNoFile } from "./paths.js"
import type { RemovedSessionFiles } from "./rows.js"
import { removable } from "./safety.js"
import type { KeylessAction } from "./removedRows.js"

const pointerRuntimeFile = (fs: FsView, pointerPath: string, sessionId: string): string | undefined => {
  if (!fs.isRegularNonSymlink(pointerPath)) return undefined
  const text = fs.readText(pointerPath)
  if (text === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (!isRecord(parsed)) return undefined
    const runtimeFile = parsed["runtimeFile"]
    if (
      parsed["traceSchema"] !== "openclaw-trajectory-pointer" ||
      parsed["schemaVersion"] !== 1 ||
      parsed["sessionId"] !== sessionId ||
      typeof runtimeFile !== "string" ||
      runtimeFile.trim() === ""
    ) {
      return undefined
    }
    return path.resolve(fs.cwd, runtimeFile)
  } catch {
    return undefined
  }
}

export const removeSidecars = (
  fs: FsView,
  removed: RemovedSessionFiles,
  referencedIds: ReadonlySet<string>,
  /** Canonical paths the remaining rows reference: never deleted (a deliberate safety deviation). */
  stillReferenced: ReadonlySet<string> = new Set()
): Array<KeylessAction> => {
  const actions: Array<KeylessAction> = []
  const storeDir = fs.canonicalDir
  const within = (p: string) => {
    const c = fs.canonical(p)
    return c !== storeDir && isInsideStrict(storeDir, c)
  }
  const del = (p: string, sessionId: string) => {
    if (!fs.isRegularNonSymlink(p)) return
    if (stillReferenced.has(fs.canonical(p))) return
    // a pointer naming the store (or a clawkeep file) does not make it a sidecar (D17)
    if (!removable(fs, p)) return
    const target = fs.inRealDir(p)
    actions.push({ op: "delete", path: target, bytes: fs.statFile(p)?.size ?? 0, counted: false, reason: "trajectory-sidecar", sessionId })
    fs.remove(target)
  }
  for (const [sessionId, sessionFile] of removed) {
    if (referencedIds.has(sessionId)) continue
    // (its transcript path is `<dir>/<id>.jsonl`, and no sidecar of it exists)
    if (sessionNamesNoFile(fs, sessionId, sessionFile)) continue
    const transcript = sessionFilePath(fs, sessionId, sessionFile || undefined)
    if (isInvalid(transcript)) continue
    const pointer = pointerSidecarPath(transcript)
    const runtimeFromPointer = pointerRuntimeFile(fs, pointer, sessionId)
    const defaultRuntime = runtimeSidecarPath(transcript)
    const candidates = new Set([defaultRuntime])
    if (runtimeFromPointer !== undefined) candidates.add(runtimeFromPointer)
    for (const runtime of candidates) {
      // The reference removes the default runtime file or any runtime file inside the dir
      // (plus, outside it, a file named after the session: never done here).
      // (`del` takes only regular files: asked first, as it is the cheaper question)
      if (!fs.isRegularNonSymlink(runtime) || !within(runtime)) continue
      del(runtime, sessionId)
    }
    if (fs.isRegularNonSymlink(pointer) && within(pointer)) del(pointer, sessionId)
  }
  return actions
}
