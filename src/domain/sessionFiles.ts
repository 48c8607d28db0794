/**
 * Names of the files in a sessions directory and how an entry's transcript path is found
 * (docs/store-model.md#session-files). Pure: callers pass `realpath`/existence answers in.
 */
import * as path from "node:path"
import { normalizeAgentId } from "./agentId.js"

export const STORE_FILE_NAME = "sessions.json"

const CHECKPOINT = /^(.+)\.checkpoint\.[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.jsonl$/i
const ARCHIVE_TS = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d{3})?Z$/
const LEGACY_BACKUP = /^sessions\.json\.bak\.\d+$/
const SESSION_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/i

export type ArchiveReason = "deleted" | "reset" | "bak"

export type FileClass =
  | { readonly kind: "store" }
  | { readonly kind: "transcript" }
  | { readonly kind: "checkpoint"; readonly sessionId: string }
  | { readonly kind: "trajectory-runtime" }
  | { readonly kind: "trajectory-pointer" }
  | { readonly kind: "archive"; readonly reason: ArchiveReason; readonly timestamp: string | undefined }
  | { readonly kind: "other" }

/** Parses the archive part of a name: `<file>.<reason>.<ts>` with the text after the last `.<reason>.`. */
export const parseArchiveName = (
  name: string
): { readonly reason: ArchiveReason; readonly timestamp: string; readonly original: string } | undefined => {
  for (const reason of ["deleted", "reset", "bak"] as const) {
    const marker = `.${reason}.`
    const at = name.lastIndexOf(marker)
    if (at < 0) continue
    const ts = name.slice(at + marker.length)
    if (ARCHIVE_TS.test(ts)) return { reason, timestamp: ts, original: name.slice(0, at) }
  }
  return undefined
}

/** Epoch ms of an archive timestamp (`2026-05-20T12-00-02.102Z`). */
export const archiveTimestampMs = (ts: string): number => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(\.\d{3})?Z$/.exec(ts)
  if (!m) return Number.NaN
  return Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}${m[5] ?? ""}Z`)
}

/** The archive name for a file renamed at `nowMs`: `<name>.<reason>.<ISO with : → ->`. */
export const archiveName = (fileName: string, reason: ArchiveReason, nowMs: number): string => `${fileName}.${reason}.${archiveStamp(nowMs)}`

/** The last instant formatted (an apply archives thousands of files at one instant). */
let lastStamp = { ms: Number.NaN, text: "" }
const archiveStamp = (ms: number): string => {
  if (ms !== lastStamp.ms) lastStamp = { ms, text: new Date(ms).toISOString().replace(/:/g, "-") }
  return lastStamp.text
}

export const isCheckpointName = (name: string): boolean => CHECKPOINT.test(name)

/** Classifies a file name found directly in a sessions directory (docs/store-model.md#session-files). */
export const classifyFileName = (name: string): FileClass => {
  if (name === STORE_FILE_NAME) return { kind: "store" }
  if (LEGACY_BACKUP.test(name)) return { kind: "archive", reason: "bak", timestamp: undefined }
  const archive = parseArchiveName(name)
  if (archive) return { kind: "archive", reason: archive.reason, timestamp: archive.timestamp }
  const checkpoint = CHECKPOINT.exec(name)
  if (checkpoint) return { kind: "checkpoint", sessionId: checkpoint[1]! }
  if (name.endsWith(".trajectory.jsonl")) return { kind: "trajectory-runtime" }
  if (name.endsWith(".trajectory-path.json")) return { kind: "trajectory-pointer" }
  if (name.endsWith(".jsonl")) return { kind: "transcript" }
  return { kind: "other" }
}

/** Whether a trimmed session id is a safe file name stem. */
export const isValidSessionId = (id: string): boolean => SESSION_ID.test(id) && !CHECKPOINT.test(`${id}.jsonl`)

/** `safeId` of OPENCLAW_TRAJECTORY_DIR file names (docs/store-model.md#session-files). */
export const safeSessionId = (id: string): string => {
  const replaced = id.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 120)
  return /[A-Za-z0-9]/.test(replaced) ? replaced : "session"
}

/** `<transcript minus .jsonl>` + suffix. */
const sidecar = (transcript: string, suffix: string): string =>
  (transcript.endsWith(".jsonl") ? transcript.slice(0, -".jsonl".length) : transcript) + suffix

export const runtimeSidecarPath = (transcript: string) => sidecar(transcript, ".trajectory.jsonl")
export const pointerSidecarPath = (transcript: string) => sidecar(transcript, ".trajectory-path.json")

/** Whether `child` equals `parent` or lies below it (both absolute, normalised). */
export const isInside = (parent: string, child: string): boolean => {
  const rel = path.relative(parent, child)
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel))
}

export interface TranscriptContext {
  /** Real path of the directory holding `sessions.json`. */
  readonly sessionsDir: string
  readonly stateDir: string
  /** Export passes the explicit agent; cleanup leaves it undefined. */
  readonly agentId?: string | undefined
  /** `realpath` when the file exists, else the input. */
  readonly realpath: (p: string) => string
}

export type TranscriptPath =
  | { readonly _tag: "ok"; readonly path: string }
  | { readonly _tag: "invalid"; readonly message: string }

/**
 * The agent named by a path of the shape `…/agents/<y>/sessions/…`: the segment before the
 * **last** `sessions` segment, when the segment before it is `agents`.
 */
const agentOfSessionsPath = (p: string): { readonly agent: string; readonly after: ReadonlyArray<string> } | undefined => {
  const parts = path.normalize(p).split(path.sep).filter((part) => part !== "")
  const at = parts.lastIndexOf("sessions")
  if (at < 2 || parts[at - 2] !== "agents") return undefined
  const agent = parts[at - 1]!
  return agent === "" ? undefined : { agent, after: parts.slice(at + 1) }
}

/** `candidate` strictly below `dir` (both made real): the accepted path, else undefined. */
const strictlyInside = (ctx: TranscriptContext, dir: string, candidate: string): string | undefined => {
  const base = ctx.realpath(path.resolve(dir))
  const rel = path.relative(base, candidate)
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined
  return path.resolve(base, rel)
}

/** `…/agents/<id>/sessions` next to the store's own `…/agents/<x>/sessions`, if it has that shape. */
const siblingSessionsDir = (sessionsDir: string, agentId: string): string | undefined => {
  if (path.basename(sessionsDir) !== "sessions") return undefined
  const agentsDir = path.dirname(path.dirname(sessionsDir))
  if (path.basename(agentsDir) !== "agents") return undefined
  return path.join(path.dirname(agentsDir), "agents", agentId, "sessions")
}

/** An absolute `sessionFile` outside the sessions dir, accepted through the reference's remaps (docs/store-model.md#session-files). */
const remapOutside = (ctx: TranscriptContext, real: string): string | undefined => {
  const viaAgent = (agent: string): string | undefined => {
    const id = normalizeAgentId(agent)
    const sibling = siblingSessionsDir(ctx.sessionsDir, id)
    return (
      (sibling === undefined ? undefined : strictlyInside(ctx, sibling, real)) ??
      strictlyInside(ctx, path.join(ctx.stateDir, "agents", id, "sessions"), real)
    )
  }
  const explicit = ctx.agentId?.trim()
  if (explicit) {
    const found = viaAgent(explicit)
    if (found !== undefined) return found
  }
  const shape = agentOfSessionsPath(real)
  if (shape === undefined) return undefined
  const found = viaAgent(shape.agent)
  if (found !== undefined) return found
  // Structural: `…/agents/<y>/sessions/<file>` where <y> only needs lowercasing to be a normalised id.
  const lower = shape.agent.trim().toLowerCase()
  if (normalizeAgentId(shape.agent) !== lower) return undefined
  if (shape.after.length !== 1 || shape.after[0] === "." || shape.after[0] === "..") return undefined
  return path.normalize(path.resolve(real))
}

/** The transcript path of an entry (docs/store-model.md#session-files). */
export const resolveTranscriptPath = (
  ctx: TranscriptContext,
  sessionId: string,
  sessionFile: unknown
): TranscriptPath => {
  const file = typeof sessionFile === "string" ? sessionFile.trim() : ""
  if (file !== "") {
    if (path.isAbsolute(file)) {
      const real = ctx.realpath(file)
      const rel = path.relative(ctx.sessionsDir, real)
      if (rel.startsWith("..")) {
        const remapped = remapOutside(ctx, real)
        if (remapped !== undefined) return { _tag: "ok", path: remapped }
      } else if (rel !== "" && !path.isAbsolute(rel)) {
        return { _tag: "ok", path: path.resolve(ctx.sessionsDir, rel) }
      }
    } else if (!file.startsWith("..")) {
      return { _tag: "ok", path: path.resolve(ctx.sessionsDir, file) }
    }
  }
  const id = sessionId.trim()
  if (!isValidSessionId(id)) return { _tag: "invalid", message: `Invalid session ID: ${sessionId}` }
  return { _tag: "ok", path: path.join(ctx.sessionsDir, `${id}.jsonl`) }
}
