/**
 * `sessions export-trajectory` as a program: options in, summary out (docs/export.md).
 */
import { Clock, Effect, Either } from "effect"
import * as path from "node:path"
import { normalizeAgentId } from "../domain/agentId.js"
import { ExportError, type ConfigError } from "../domain/errors.js"
import { rawEntryField, sessionFileOf } from "../domain/entry.js"
import { resolveTranscriptPath } from "../domain/sessionFiles.js"
import { inPhase } from "../domain/progress.js"
import { parseAgentSessionKey } from "../domain/sessionKey.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment, openclawHome, stateDir, type EnvironmentShape } from "../store/environment.js"
import { SessionFs, type SyncFs } from "../store/sessionFs.js"
import { readStore } from "../store/storeFile.js"
import { SESSION_FILE_MAX_BYTES, writeBundle } from "./bundle.js"
import { ExportFailure, formatErrorMessage, outputExistsNote } from "./errors.js"
import { removeCreated, resolveOutputDir, type CreatedDirs } from "./outputDir.js"
import { maskSecrets, type PathRedaction } from "./redact.js"
import { resolveRequestOptions, type ExportOptions } from "./request.js"

export type { ExportOptions } from "./request.js"

export interface ExportSummary {
  readonly outputDir: string
  readonly displayPath: string
  readonly sessionId: string
  readonly eventCount: number
  readonly runtimeEventCount: number
  readonly transcriptEventCount: number
  readonly files: ReadonlyArray<string>
}

const fail = (message: string) => Effect.fail(new ExportError({ message }))

/** The reference's `Failed to export trajectory: <error>`, and clawkeep's note in words when there is one. */
const exportFailed = (message: string): string => {
  const note = outputExistsNote(message)
  return `Failed to export trajectory: ${message}${note === undefined ? "" : `\n${note}`}`
}

const realpathOr = (fs: SyncFs) => (p: string): string => {
  try {
    return fs.realpath(p)
  } catch {
    return p
  }
}

/** `OPENCLAW_TRAJECTORY_DIR` trimmed, `~` expanded against OpenClaw's home, absolute. */
const trajectoryDirOf = (env: EnvironmentShape): string | undefined => {
  const raw = env.env["OPENCLAW_TRAJECTORY_DIR"]?.trim()
  if (!raw) return undefined
  if (raw.startsWith("~")) return path.resolve(env.cwd, raw.replace(/^~(?=$|[\\/])/, openclawHome(env)))
  return path.resolve(env.cwd, raw)
}

/** Runs one export; errors carry the exact stderr text. */
export const exportTrajectory = (
  options: ExportOptions
): Effect.Effect<ExportSummary, ExportError | ConfigError, Environment | OpenClawConfig | SessionFs> =>
  Effect.gen(function* () {
    const env = yield* Environment
    const nowMs = yield* Clock.currentTimeMillis
    // the reference loads (and validates) the config before any export step
    const config = yield* OpenClawConfig
    const sfs = yield* SessionFs
    const fs = sfs.sync
    const mask = config.settings.logging.redactSensitive === "off" ? (text: string) => text : (text: string) => maskSecrets(text)
    const resolved = resolveRequestOptions(options)
    if (Either.isLeft(resolved)) return yield* fail(`Failed to decode trajectory export request: ${mask(resolved.left)}`)
    const opts = resolved.right
    const sessionKey = opts.sessionKey?.trim()
    if (!sessionKey) return yield* fail("--session-key is required. Run openclaw sessions to choose a session.")

    const agentId = opts.agent ?? normalizeAgentId(parseAgentSessionKey(sessionKey)?.agentId ?? "main")
    const state = stateDir(env, fs.exists)
    const storePath = opts.store
      ? path.resolve(env.cwd, opts.store)
      : path.join(state, "agents", normalizeAgentId(agentId), "sessions", "sessions.json")
    const store = yield* readStore(storePath).pipe(Effect.orElseSucceed(() => ({ entries: new Map<string, unknown>() })))
    const entry = store.entries.get(sessionKey)
    const rawSessionId = rawEntryField(entry, "sessionId")
    if (!rawSessionId) {
      return yield* fail(`Session not found: ${sessionKey}. Run openclaw sessions to see available sessions.`)
    }
    if (typeof rawSessionId !== "string") {
      return yield* fail("Failed to resolve session file: sessionId.trim is not a function")
    }
    const sessionId = rawSessionId
    const realpath = realpathOr(fs)
    const transcript = resolveTranscriptPath(
      {
        sessionsDir: realpath(path.dirname(storePath)),
        stateDir: state,
        agentId: agentId.trim() === "" ? undefined : agentId.trim(),
        realpath
      },
      sessionId,
      sessionFileOf(entry)
    )
    if (transcript._tag === "invalid") return yield* fail(`Failed to resolve session file: ${mask(transcript.message)}`)
    const sessionFile = transcript.path
    if (!fs.exists(sessionFile)) {
      return yield* fail(`Session file not found for ${sessionKey}. Run openclaw doctor to inspect session storage.`)
    }
    yield* Effect.logDebug(`export: session ${sessionKey} of store ${storePath}, transcript ${sessionFile}`)

    const workspaceDir = path.resolve(env.cwd, opts.workspace ?? env.cwd)
    const home = env.env["HOME"]
    const userProfile = env.env["USERPROFILE"]
    const redaction: PathRedaction = {
      workspaceDir,
      stateDir: state,
      home: home ? home : undefined,
      userProfile: userProfile ? userProfile : undefined
    }
    const created: CreatedDirs = []
    const run = Effect.gen(function* () {
      const outputDir = yield* Effect.try({
        try: () => resolveOutputDir(fs, { workspaceDir, output: opts.output, sessionId, nowMs, created }),
        catch: (error) => ExportFailure.from(error, mask)
      })
      const bundle = yield* writeBundle({
        outputDir,
        sessionFile,
        sessionId,
        sessionKey,
        workspaceDir,
        nowMs,
        redaction,
        trajectoryDir: trajectoryDirOf(env),
        cwd: env.cwd,
        maxBytes: opts.maxBytes ?? SESSION_FILE_MAX_BYTES,
        created,
        mask
      })
      return bundle
    })
    const bundle = yield* run.pipe(
      inPhase(`Exporting session ${sessionId}`),
      Effect.tap((written) => Effect.logDebug(`export: wrote ${written.outputDir}`)),
      Effect.tapError(() => Effect.sync(() => removeCreated(fs, created, []))),
      Effect.mapError((e) => new ExportError({ message: exportFailed(e.message) })),
      Effect.catchAllDefect((defect) =>
        Effect.sync(() => removeCreated(fs, created, [])).pipe(Effect.zipRight(fail(exportFailed(formatErrorMessage(defect, mask)))))
      )
    )
    const relative = path.relative(workspaceDir, bundle.outputDir)
    const displayPath =
      relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : path.basename(bundle.outputDir)
    const files = ["manifest.json", "events.jsonl", "session-branch.json"]
    if (bundle.hasContextCompiled) files.push("system-prompt.txt", "tools.json")
    files.push(...bundle.supplementalFiles)
    return {
      outputDir: bundle.outputDir,
      displayPath,
      sessionId,
      eventCount: bundle.eventCount,
      runtimeEventCount: bundle.runtimeEventCount,
      transcriptEventCount: bundle.transcriptEventCount,
      files
    }
  })

/** The text result (docs/export.md#result). */
export const formatSummary = (s: ExportSummary): string =>
  [
    "✅ Trajectory exported!",
    "",
    `📦 Bundle: ${s.displayPath}`,
    `🧵 Session: ${s.sessionId}`,
    `📊 Events: ${s.eventCount}`,
    `🧪 Runtime events: ${s.runtimeEventCount}`,
    `📝 Transcript events: ${s.transcriptEventCount}`,
    `📁 Files: ${s.files.join(", ")}`
  ].join("\n")
