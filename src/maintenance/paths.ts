/**
 * Transcript and artifact paths of a row as the reference's maintenance code resolves them
 * (docs/store-model.md#session-files, docs/cleanup.md#archives-and-sidecars), answered from a file-system view.
 */
import * as path from "node:path"
import { isDirectlyIn, isSimpleAbsolute } from "./pathText.js"
import { normalizeAgentId } from "../domain/agentId.js"
import { isCheckpointName, pointerSidecarPath, runtimeSidecarPath } from "../domain/sessionFiles.js"
import { checkpointSessionFiles, sessionFileOf, sessionIdOf } from "../domain/entry.js"
import type { FsView } from "./fsView.js"

const SAFE_SESSION_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/i

/** Thrown (as a value) when a session id cannot name a transcript. */
export class InvalidSessionId {
  readonly _tag = "InvalidSessionId"
  constructor(readonly sessionId: string) {}
  get message(): string {
    return `Invalid session ID: ${this.sessionId}`
  }
}

type Resolved = string | InvalidSessionId | null

/** A row's `sessionId` (non-empty string) and `sessionFile` (string), from the entry view. */
export { sessionFileOf, sessionIdOf }

const isInsideStrict = (base: string, candidate: string): boolean => {
  if (isSimpleAbsolute(base) && isSimpleAbsolute(candidate)) {
    // what `path.relative` would give, without building it: a descendant's rest, or a way up
    if (base === "/") return candidate !== "/" && !candidate.startsWith("/..")
    if (candidate.length <= base.length + 1 || candidate.charCodeAt(base.length) !== 47 || !candidate.startsWith(base)) return false
    return !(candidate.charCodeAt(base.length + 1) === 46 && candidate.charCodeAt(base.length + 2) === 46)
  }
  const rel = path.relative(base, candidate)
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)
}

const fromAgentSessionsDir = (fs: FsView, agentSessionsDir: string, candidate: string): string | undefined => {
  const base = fs.realpath(agentSessionsDir) ?? path.resolve(agentSessionsDir)
  const real = fs.realpath(candidate) ?? candidate
  if (!isInsideStrict(base, real)) return undefined
  return path.resolve(base, path.relative(base, real))
}

const siblingSessionsDir = (baseSessionsDir: string, agentId: string): string | undefined => {
  const base = path.resolve(baseSessionsDir)
  if (path.basename(base) !== "sessions") return undefined
  const agentsDir = path.dirname(path.dirname(base))
  if (path.basename(agentsDir) !== "agents") return undefined
  return path.join(path.dirname(agentsDir), "agents", normalizeAgentId(agentId), "sessions")
}

const agentSessionsParts = (candidate: string) => {
  const parts = path.normalize(path.resolve(candidate)).split(path.sep).filter((p) => p !== "")
  const at = parts.lastIndexOf("sessions")
  if (at < 2 || parts[at - 2] !== "agents") return undefined
  return { parts, at }
}

/** `resolvePathWithinSessionsDir`: undefined when the reference throws. */
export const resolveWithinSessionsDir = (fs: FsView, sessionsDir: string, candidate: string): string | undefined => {
  const trimmed = candidate.trim()
  if (trimmed === "") return undefined
  const base = isSimpleAbsolute(sessionsDir) ? sessionsDir : path.resolve(sessionsDir)
  const realBase = fs.realpath(base) ?? base
  // fast paths for the usual rows: a bare file name, or a file directly in the real dir
  if (trimmed.indexOf("/") === -1 && trimmed !== "." && !trimmed.startsWith("..")) return realBase === "/" ? `/${trimmed}` : `${realBase}/${trimmed}`
  if (isSimpleAbsolute(trimmed) && isSimpleAbsolute(realBase)) {
    const real = fs.realpath(trimmed) ?? trimmed
    if (isSimpleAbsolute(real) && isDirectlyIn(real, realBase) && !real.startsWith("..", realBase.length + 1)) return real
  }
  const realTrimmed = path.isAbsolute(trimmed) ? (fs.realpath(trimmed) ?? trimmed) : trimmed
  const normalized = path.isAbsolute(realTrimmed) ? path.relative(realBase, realTrimmed) : realTrimmed
  if (normalized.startsWith("..") && path.isAbsolute(realTrimmed)) {
    const parsed = agentSessionsParts(realTrimmed)
    const extracted = parsed?.parts[parsed.at - 1]
    if (parsed !== undefined && extracted) {
      const id = normalizeAgentId(extracted)
      const sibling = siblingSessionsDir(realBase, id)
      const viaSibling = sibling === undefined ? undefined : fromAgentSessionsDir(fs, sibling, realTrimmed)
      if (viaSibling !== undefined) return viaSibling
      const viaState = fromAgentSessionsDir(fs, path.join(fs.snapshot.stateDir, "agents", id, "sessions"), realTrimmed)
      if (viaState !== undefined) return viaState
      if (id === extracted.trim().toLowerCase() && parsed.parts.length - parsed.at - 1 === 1) {
        const file = parsed.parts[parsed.at + 1]
        if (file && file !== "." && file !== "..") return path.normalize(path.resolve(realTrimmed))
      }
    }
  }
  if (!normalized || normalized.startsWith("..") || path.isAbsolute(normalized)) return undefined
  return path.resolve(realBase, normalized)
}

/** `resolveSessionTranscriptPathInDir(sessionId, dir)`. */
export const transcriptPathInDir = (fs: FsView, sessionId: string, dir: string): string | InvalidSessionId => {
  const id = sessionId.trim()
  if (!SAFE_SESSION_ID.test(id) || isCheckpointName(`${id}.jsonl`)) return new InvalidSessionId(sessionId)
  return resolveWithinSessionsDir(fs, dir, `${id}.jsonl`) ?? new InvalidSessionId(sessionId)
}

/** `resolveSessionFilePath(sessionId, {sessionFile}, {sessionsDir})`. */
export const sessionFilePath = (
  fs: FsView,
  sessionId: string,
  sessionFile: string | undefined,
  dir: string = fs.sessionsDir
): string | InvalidSessionId => {
  const candidate = sessionFile?.trim()
  if (candidate) {
    const within = resolveWithinSessionsDir(fs, dir, candidate)
    if (within !== undefined) return within
  }
  return transcriptPathInDir(fs, sessionId, dir)
}

export const isInvalid = (r: Resolved | string | InvalidSessionId): r is InvalidSessionId => r instanceof InvalidSessionId

/** Canonical transcript path of a row when it lies inside the sessions dir, else null. */
export const canonicalTranscriptPath = (fs: FsView, entry: unknown): string | null => {
  const id = sessionIdOf(entry)
  if (id === undefined) return null
  const resolved = sessionFilePath(fs, id, sessionFileOf(entry))
  if (isInvalid(resolved)) return null
  const dir = fs.canonicalDir
  const p = fs.canonical(resolved)
  return isInsideStrict(dir, p) ? p : null
}

/**
 * Whether a row names no file at all: no `sessionFile`, no compaction checkpoint, and nothing in
 * the sessions dir is named after its session id (`FsView.hasFilesNamedAfter`). Such a row's
 * transcript and sidecar paths do not exist, so the rules have nothing of it to archive, delete
 * or keep (they ask only about files that exist), and skip it.
 */
export const namesNoFile = (fs: FsView, entry: unknown): boolean => {
  const file = sessionFileOf(entry)
  if ((file !== undefined && file.trim() !== "") || checkpointSessionFiles(entry).length > 0) return false
  const id = sessionIdOf(entry)
  return id === undefined || !fs.hasFilesNamedAfter(id.trim())
}

/** `namesNoFile` for a removed session known by its id and `sessionFile` (checkpoints play no part there). */
export const sessionNamesNoFile = (fs: FsView, sessionId: string, sessionFile: string | undefined): boolean =>
  (sessionFile === undefined || sessionFile.trim() === "") && !fs.hasFilesNamedAfter(sessionId.trim())

/** Transcript, pointer and runtime sidecar of a row (inside the sessions dir), as resolved. */
export const artifactPaths = (fs: FsView, entry: unknown): ReadonlyArray<string> => {
  const t = canonicalTranscriptPath(fs, entry)
  if (t === null) return []
  return [t, pointerSidecarPath(t), runtimeSidecarPath(t)]
}

export const canonicalArtifactPaths = (fs: FsView, entry: unknown): ReadonlyArray<string> =>
  artifactPaths(fs, entry).map((p) => fs.canonical(p))

/**
 * Adds to `out` the files one row references (see `referencedPaths`); returns the row's
 * canonical transcript path inside the dir (null when none), already added.
 */
export const addReferencedPaths = (fs: FsView, entry: unknown, out: Set<string>): string | null => {
  const t = canonicalTranscriptPath(fs, entry)
  if (t !== null) {
    // (`t` is canonical already; its sidecars may be links)
    out.add(t)
    out.add(fs.canonical(pointerSidecarPath(t)))
    out.add(fs.canonical(runtimeSidecarPath(t)))
  }
  const dir = fs.canonicalDir
  for (const file of checkpointSessionFiles(entry)) {
    const resolved = fs.canonical(isSimpleAbsolute(file) ? file : path.resolve(fs.sessionsDir, file))
    if (isInsideStrict(dir, resolved)) out.add(resolved)
  }
  return t
}

/**
 * Files the rows still reference: their artifact paths plus every
 * `compactionCheckpoints[].preCompaction.sessionFile` inside the dir (relative ones resolved
 * against the sessions dir, D9).
 */
export const referencedPaths = (fs: FsView, rows: Iterable<readonly [string, unknown]>): ReadonlySet<string> => {
  const out = new Set<string>()
  for (const [, entry] of rows) addReferencedPaths(fs, entry, out)
  return out
}

export { isInsideStrict }
