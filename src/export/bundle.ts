/**
 * Building and writing a trajectory bundle (docs/export.md#the-bundle).
 *
 * The transcript is scanned once (row metadata only), the branch is walked, the runtime events
 * are read, and the merged event order is computed on small sort keys. The bundle directory is
 * then created exclusively and the files are created in the reference's order; `events.jsonl`
 * and `session-branch.json` are streamed to disk row by row (each row re-read by offset), and
 * `manifest.json` — created first — receives its content last, once every size is known.
 * A failure removes every file and directory the export created.
 */
import { Effect } from "effect"
import * as path from "node:path"
import { SessionFs, type SyncFs } from "../store/sessionFs.js"
import { ExportFailure } from "./errors.js"
import { createOutputDir, removeCreated, type CreatedDirs } from "./outputDir.js"
import {
  RedactionCounter,
  redactOutputString,
  redactOutputValues,
  sanitizePayload,
  type PathRedaction
} from "./redact.js"
import { isRegularNonSymlinkFile, readRuntimeEvents, resolveRuntimeFile, type RuntimeEvent } from "./runtime.js"
import {
  assistantToolCalls,
  materializeRow,
  resolveBranch,
  RowReader,
  scanTranscript,
  type Branch,
  type RowMeta
} from "./transcript.js"

export const SESSION_FILE_MAX_BYTES = 50 * 1024 * 1024
export const MAX_TOTAL_EVENTS = 250_000

export interface BundleParams {
  readonly outputDir: string
  readonly sessionFile: string
  readonly sessionId: string
  readonly sessionKey: string
  readonly workspaceDir: string
  readonly nowMs: number
  readonly redaction: PathRedaction
  readonly trajectoryDir: string | undefined
  readonly cwd: string
  /** Transcript size limit (the reference's 52 428 800 unless lifted). */
  readonly maxBytes: number
  /** Directories created so far (base dirs); extended with the bundle's own. */
  readonly created: CreatedDirs
  /** Masking of error messages (the logging layer's secret patterns). */
  readonly mask: (text: string) => string
}

export interface BundleResult {
  readonly outputDir: string
  readonly eventCount: number
  readonly runtimeEventCount: number
  readonly transcriptEventCount: number
  readonly hasContextCompiled: boolean
  readonly supplementalFiles: ReadonlyArray<string>
}

type Json = Record<string, unknown>

const TRACE = { traceSchema: "openclaw-trajectory", schemaVersion: 1 } as const

/** One unit of the merged order: a runtime event, or all events of one transcript row. */
type Unit =
  | { readonly kind: "runtime"; readonly ts: string; readonly order: unknown; readonly event: RuntimeEvent }
  | { readonly kind: "transcript"; readonly ts: string; readonly order: number; readonly row: RowMeta }

const collator = new Intl.Collator()

const compareUnits = (a: Unit, b: Unit): number => {
  const byTs = a.ts === b.ts ? 0 : collator.compare(a.ts, b.ts)
  if (byTs !== 0) return byTs
  const bySource = (a.kind === "runtime" ? 0 : 1) - (b.kind === "runtime" ? 0 : 1)
  if (bySource !== 0) return bySource
  return (a.order as any) - (b.order as any)
}

/** The transcript events of one (migrated) branch entry, before the path pass. */
const transcriptEvents = (
  entry: Json,
  firstSeq: number,
  p: { readonly sessionId: string; readonly sessionKey: string; readonly workspaceDir: string; readonly ts: string },
  counter: RedactionCounter
): Array<Json> => {
  const events: Array<Json> = []
  let seq = firstSeq - 1
  const push = (type: string, data: Json) => {
    events.push({
      ...TRACE,
      traceId: p.sessionId,
      source: "transcript",
      type,
      ts: p.ts,
      seq: 0,
      sourceSeq: (seq += 1),
      sessionId: p.sessionId,
      sessionKey: p.sessionKey,
      workspaceDir: p.workspaceDir,
      entryId: entry["id"],
      parentEntryId: entry["parentId"],
      data
    })
  }
  switch (entry["type"]) {
    case "message": {
      const message = entry["message"]
      const role = (message as any)?.role
      const type =
        role === "user" ? "user.message" : role === "assistant" ? "assistant.message" : role === "toolResult" ? "tool.result" : `message.${role}`
      push(type, { message: sanitizePayload(message, counter) })
      for (const call of assistantToolCalls(message)) {
        push("tool.call", {
          toolCallId: call.id,
          name: call.name,
          arguments: sanitizePayload(call.arguments, counter),
          assistantEntryId: entry["id"],
          blockIndex: call.index
        })
      }
      break
    }
    case "compaction":
      push("session.compaction", {
        summary: entry["summary"],
        firstKeptEntryId: entry["firstKeptEntryId"],
        tokensBefore: entry["tokensBefore"],
        details: sanitizePayload(entry["details"], counter),
        fromHook: entry["fromHook"] ?? false
      })
      break
    case "branch_summary":
      push("session.branch_summary", {
        fromId: entry["fromId"],
        summary: entry["summary"],
        details: sanitizePayload(entry["details"], counter),
        fromHook: entry["fromHook"] ?? false
      })
      break
    case "custom":
      push("session.custom", { customType: entry["customType"], data: sanitizePayload(entry["data"], counter) })
      break
    case "custom_message":
      push("session.custom_message", {
        customType: entry["customType"],
        content: sanitizePayload(entry["content"], counter),
        details: sanitizePayload(entry["details"], counter),
        display: entry["display"]
      })
      break
    case "thinking_level_change":
      push("session.thinking_level_change", { thinkingLevel: entry["thinkingLevel"] })
      break
    case "model_change":
      push("session.model_change", { provider: entry["provider"], modelId: entry["modelId"] })
      break
    case "label":
      push("session.label", { targetId: entry["targetId"], label: entry["label"] })
      break
    case "session_info":
      push("session.info", { name: entry["name"] })
      break
  }
  return events
}

/** Path pass + D16 on an event's `workspaceDir` and `data` (other fields as they are). */
const redactEvent = (event: Json, r: PathRedaction, c: RedactionCounter): Json => ({
  ...event,
  workspaceDir:
    typeof event["workspaceDir"] === "string" && event["workspaceDir"]
      ? redactOutputString(event["workspaceDir"], r, c)
      : event["workspaceDir"] || undefined,
  data: event["data"] ? redactOutputValues(event["data"], r, c) : undefined
})

const latestData = (events: ReadonlyArray<RuntimeEvent>, type: string): any => {
  for (let i = events.length - 1; i >= 0; i -= 1) if (events[i]!.type === type) return events[i]!["data"]
  return undefined
}

/** Strings of tool-call arguments that may name a file (keys containing `path`, values ending in SKILL.md). */
const potentialPaths = (value: unknown, found: Set<string>): void => {
  if (!value || typeof value !== "object") return
  if (Array.isArray(value)) {
    for (const v of value) potentialPaths(v, found)
    return
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === "string" && (key.toLowerCase().includes("path") || entry.endsWith("SKILL.md") || entry.endsWith("skill.md"))) {
      found.add(entry)
    } else potentialPaths(entry, found)
  }
}

const normalizeForMatch = (value: string) => value.replaceAll("\\", "/").trim().toLowerCase()

const markInvokedSkills = (skills: any, invokedPaths: ReadonlySet<string>): unknown => {
  if (!skills || typeof skills !== "object") return skills
  if (!Array.isArray(skills.entries) || skills.entries.length === 0) return skills
  const normalized = [...new Set([...invokedPaths].map(normalizeForMatch))]
  const entries = skills.entries.map((entry: any) => {
    const rawPath = typeof entry?.filePath === "string" ? (entry.filePath as string) : undefined
    const normalizedPath = rawPath ? normalizeForMatch(rawPath) : undefined
    const skillDir = rawPath?.replaceAll("\\", "/").split("/").slice(-2, -1)[0]?.toLowerCase() ?? undefined
    const invoked = normalizedPath
      ? normalized.some(
          (c) => c === normalizedPath || c.endsWith(normalizedPath) || (skillDir ? c.endsWith(`/${skillDir}/skill.md`) : false)
        )
      : false
    return invoked ? { ...entry, invoked, invocationDetectedBy: "tool-call-file-path" } : { ...entry, invoked: false }
  })
  return { ...skills, entries }
}

interface Header {
  readonly traceSchema: string
  readonly schemaVersion: number
  readonly generatedAt: string
  readonly traceId: string
  readonly sessionId: string
  readonly sessionKey: string
}

const metadataCapture = (head: Header, runtime: ReadonlyArray<RuntimeEvent>, invoked: ReadonlySet<string>): Json | undefined => {
  const meta = latestData(runtime, "trace.metadata")
  if (!meta) return undefined
  let fallback: Json | undefined
  for (let i = runtime.length - 1; i >= 0; i -= 1) {
    const e = runtime[i] as any
    if (e.provider || e.modelId || e.modelApi) {
      fallback = { provider: e.provider, name: e.modelId, api: e.modelApi }
      break
    }
  }
  return {
    ...head,
    harness: meta.harness,
    model: meta.model ?? fallback,
    config: meta.config,
    plugins: meta.plugins,
    skills: markInvokedSkills(meta.skills, invoked),
    prompting: meta.prompting,
    redaction: meta.redaction,
    metadata: meta.metadata
  }
}

const artifactsCapture = (head: Header, runtime: ReadonlyArray<RuntimeEvent>): Json | undefined => {
  const a = latestData(runtime, "trace.artifacts")
  const done = latestData(runtime, "model.completed")
  const end = latestData(runtime, "session.ended")
  if (!a && !done && !end) return undefined
  return {
    ...head,
    finalStatus: a?.finalStatus ?? end?.status,
    aborted: a?.aborted ?? end?.aborted,
    externalAbort: a?.externalAbort ?? end?.externalAbort,
    timedOut: a?.timedOut ?? end?.timedOut,
    idleTimedOut: a?.idleTimedOut ?? end?.idleTimedOut,
    timedOutDuringCompaction: a?.timedOutDuringCompaction ?? end?.timedOutDuringCompaction,
    timedOutDuringToolExecution: a?.timedOutDuringToolExecution ?? end?.timedOutDuringToolExecution,
    promptError: a?.promptError ?? end?.promptError ?? done?.promptError,
    promptErrorSource: a?.promptErrorSource ?? done?.promptErrorSource,
    usage: a?.usage ?? done?.usage,
    promptCache: a?.promptCache ?? done?.promptCache,
    compactionCount: a?.compactionCount ?? done?.compactionCount,
    assistantTexts: a?.assistantTexts ?? done?.assistantTexts,
    finalPromptText: a?.finalPromptText ?? done?.finalPromptText,
    itemLifecycle: a?.itemLifecycle,
    toolMetas: a?.toolMetas,
    didSendViaMessagingTool: a?.didSendViaMessagingTool,
    successfulCronAdds: a?.successfulCronAdds,
    messagingToolSentTexts: a?.messagingToolSentTexts,
    messagingToolSentMediaUrls: a?.messagingToolSentMediaUrls,
    messagingToolSentTargets: a?.messagingToolSentTargets,
    lastToolError: a?.lastToolError
  }
}

const promptsCapture = (head: Header, runtime: ReadonlyArray<RuntimeEvent>): Json | undefined => {
  const meta = latestData(runtime, "trace.metadata")
  const compiled = latestData(runtime, "context.compiled")
  const submitted = runtime
    .filter((e) => e.type === "prompt.submitted")
    .map((e) => (e["data"] as any)?.prompt)
    .filter((p): p is string => typeof p === "string")
  const system = typeof compiled?.systemPrompt === "string" ? (compiled.systemPrompt as string) : undefined
  const prompting = meta?.prompting && typeof meta.prompting === "object" ? meta.prompting : undefined
  const skillsPrompt = typeof prompting?.skillsPrompt === "string" ? prompting.skillsPrompt : undefined
  const prefix = typeof prompting?.userPromptPrefixText === "string" ? prompting.userPromptPrefixText : undefined
  const report = prompting && typeof prompting.systemPromptReport === "object" ? prompting.systemPromptReport : undefined
  if (!system && submitted.length === 0 && !skillsPrompt && !prefix) return undefined
  return {
    ...head,
    system,
    submittedPrompts: submitted,
    latestSubmittedPrompt: submitted.at(-1),
    skillsPrompt,
    userPromptPrefixText: prefix,
    systemPromptReport: report
  }
}

const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

/** A file of the bundle, created exclusively (0600) and written through a small buffer. */
class BundleFile {
  readonly fd: number
  bytes = 0
  private buffer: Array<string> = []
  private buffered = 0
  constructor(
    private readonly fs: SyncFs,
    readonly name: string,
    readonly mediaType: string,
    readonly file: string
  ) {
    this.fd = fs.open(file, "wx", 0o600)
  }
  write(text: string): void {
    const n = Buffer.byteLength(text)
    this.bytes += n
    this.buffer.push(text)
    this.buffered += n
    if (this.buffered >= 256 * 1024) this.flush()
  }
  flush(): void {
    if (this.buffer.length === 0) return
    const data = Buffer.from(this.buffer.join(""), "utf8")
    this.buffer = []
    this.buffered = 0
    let done = 0
    while (done < data.length) done += this.fs.write(this.fd, data, done, data.length - done)
  }
  close(): void {
    this.flush()
    this.fs.close(this.fd)
  }
}

/** Builds and writes the bundle; fails with the message after `Failed to export trajectory: `. */
export const writeBundle = (p: BundleParams): Effect.Effect<BundleResult, ExportFailure, SessionFs> =>
  Effect.gen(function* () {
    const fs = (yield* SessionFs).sync
    const toFailure = (error: unknown) => ExportFailure.from(error, p.mask)
    const size = yield* Effect.try({ try: () => fs.stat(p.sessionFile).size, catch: toFailure })
    if (size > p.maxBytes) {
      return yield* Effect.fail(
        new ExportFailure({ message: `Trajectory session file is too large to export (${size} bytes; limit ${p.maxBytes})` })
      )
    }
    const scan = yield* scanTranscript(fs, p.sessionFile).pipe(Effect.mapError((e) => new ExportFailure({ message: p.mask(e.message) })))
    const branch = resolveBranch(scan)
    return yield* Effect.try({ try: () => buildAndWrite(fs, p, branch), catch: toFailure })
  })

const buildAndWrite = (fs: SyncFs, p: BundleParams, branch: Branch): BundleResult => {
  const runtimeFile = resolveRuntimeFile(fs, {
    sessionFile: p.sessionFile,
    sessionId: p.sessionId,
    trajectoryDir: p.trajectoryDir,
    resolve: (x) => path.resolve(p.cwd, x)
  })
  const runtime = runtimeFile ? readRuntimeEvents(fs, runtimeFile, p.sessionId) : []
  let transcriptCount = 0
  const units: Array<Unit> = runtime.map((event) => ({
    kind: "runtime" as const,
    ts: event.ts,
    order: event["sourceSeq"] ?? event.seq,
    event
  }))
  for (const row of branch.rows) {
    if (row.eventCount === 0) continue
    units.push({ kind: "transcript", ts: row.ts, order: transcriptCount + 1, row })
    transcriptCount += row.eventCount
  }
  const total = runtime.length + transcriptCount
  if (total > MAX_TOTAL_EVENTS) throw new Error(`Trajectory export has too many events (${total}; limit ${MAX_TOTAL_EVENTS})`)
  units.sort(compareUnits)

  const counter = new RedactionCounter()
  const r = p.redaction
  const generatedAt = new Date(p.nowMs).toISOString()
  const head: Header = {
    ...TRACE,
    generatedAt,
    traceId: p.sessionId,
    sessionId: p.sessionId,
    sessionKey: p.sessionKey
  }
  const compiled = latestData(runtime, "context.compiled")
  const systemPrompt = typeof compiled?.systemPrompt === "string" ? (compiled.systemPrompt as string) : undefined
  const tools = Array.isArray(compiled?.tools) ? (compiled.tools as Array<unknown>) : undefined
  const hasMetadata = latestData(runtime, "trace.metadata") ? true : false
  const artifacts = artifactsCapture(head, runtime)
  const prompts = promptsCapture(head, runtime)

  const createdFiles: Array<string> = []
  const open: Array<BundleFile> = []
  const create = (name: string, mediaType: string): BundleFile => {
    const f = new BundleFile(fs, name, mediaType, path.join(p.outputDir, name))
    createdFiles.push(f.file)
    open.push(f)
    return f
  }
  const reader = new RowReader(fs, p.sessionFile)
  try {
    createOutputDir(fs, p.outputDir, p.created)
    const manifestFile = create("manifest.json", "application/json")
    const metadataFile = hasMetadata ? create("metadata.json", "application/json") : undefined
    const artifactsFile = artifacts ? create("artifacts.json", "application/json") : undefined
    const promptsFile = prompts ? create("prompts.json", "application/json") : undefined
    const eventsFile = create("events.jsonl", "application/x-ndjson")
    const branchFile = create("session-branch.json", "application/json")
    const systemFile = systemPrompt ? create("system-prompt.txt", "text/plain; charset=utf-8") : undefined
    const toolsFile = tools ? create("tools.json", "application/json") : undefined

    // events.jsonl, in merged order
    const invoked = new Set<string>()
    let seq = 0
    let eventCount = 0
    const ctx = { sessionId: p.sessionId, sessionKey: p.sessionKey, workspaceDir: p.workspaceDir }
    for (const unit of units) {
      const events: Array<Json> =
        unit.kind === "runtime"
          ? [unit.event]
          : transcriptEvents(materializeRow(reader, branch, unit.row), unit.order, { ...ctx, ts: unit.ts }, counter)
      for (const event of events) {
        event["seq"] = ++seq
        if (event["type"] === "tool.call") potentialPaths((event["data"] as any)?.arguments, invoked)
        const line = JSON.stringify(redactEvent(event, r, counter))
        if (eventCount > 0) eventsFile.write("\n")
        eventsFile.write(line)
        eventCount += 1
      }
    }
    eventsFile.write("\n")

    // session-branch.json, streamed entry by entry
    const branchHeader = branch.header === null ? null : redactOutputValues(sanitizePayload(branch.header, counter), r, counter)
    const indent = (text: string, pad: string) => text.replace(/\n/g, `\n${pad}`)
    branchFile.write(`{\n  "header": ${indent(JSON.stringify(branchHeader, null, 2), "  ")},\n`)
    branchFile.write(`  "leafId": ${JSON.stringify(redactOutputValues(branch.leafId, r, counter))},\n`)
    if (branch.rows.length === 0) {
      branchFile.write(`  "entries": []\n}\n`)
    } else {
      branchFile.write(`  "entries": [\n`)
      branch.rows.forEach((row, i) => {
        const entry = redactOutputValues(sanitizePayload(materializeRow(reader, branch, row), counter), r, counter)
        const text = JSON.stringify(entry, null, 2) ?? "null"
        branchFile.write(`    ${indent(text, "    ")}${i < branch.rows.length - 1 ? "," : ""}\n`)
      })
      branchFile.write(`  ]\n}\n`)
    }

    const supplemental: Array<string> = []
    if (metadataFile) {
      metadataFile.write(jsonText(redactOutputValues(metadataCapture(head, runtime, invoked), r, counter)))
      supplemental.push("metadata.json")
    }
    if (artifactsFile) {
      artifactsFile.write(jsonText(redactOutputValues(artifacts, r, counter)))
      supplemental.push("artifacts.json")
    }
    if (promptsFile) {
      promptsFile.write(jsonText(redactOutputValues(prompts, r, counter)))
      supplemental.push("prompts.json")
    }
    if (systemFile && systemPrompt) {
      const text = redactOutputString(systemPrompt, r, counter)
      systemFile.write(text.endsWith("\n") ? text : `${text}\n`)
    }
    if (toolsFile) toolsFile.write(jsonText(redactOutputValues(tools, r, counter)))

    const runtimeSource = runtimeFile && isRegularNonSymlinkFile(fs, runtimeFile) ? redactOutputString(runtimeFile, r, counter) : undefined
    const manifest: Json = {
      ...TRACE,
      generatedAt,
      traceId: p.sessionId,
      sessionId: p.sessionId,
      sessionKey: p.sessionKey,
      workspaceDir: redactOutputString(p.workspaceDir, r, counter),
      leafId: branch.leafId,
      eventCount,
      runtimeEventCount: runtime.length,
      transcriptEventCount: transcriptCount,
      sourceFiles: { session: redactOutputString(p.sessionFile, r, counter), runtime: runtimeSource }
    }
    if (supplemental.length > 0) manifest["supplementalFiles"] = supplemental
    for (const f of open) if (f !== manifestFile) f.flush()
    manifest["contents"] = open.filter((f) => f !== manifestFile).map((f) => ({ path: f.name, mediaType: f.mediaType, bytes: f.bytes }))
    manifest["redactions"] = counter.toJSON()
    manifestFile.write(jsonText(manifest))
    for (const f of open.splice(0)) f.close()
    return {
      outputDir: p.outputDir,
      eventCount,
      runtimeEventCount: runtime.length,
      transcriptEventCount: transcriptCount,
      hasContextCompiled: runtime.some((e) => e.type === "context.compiled"),
      supplementalFiles: supplemental
    }
  } catch (error) {
    for (const f of open) {
      try {
        fs.close(f.fd)
      } catch {
        // already closed
      }
    }
    removeCreated(fs, p.created, createdFiles)
    throw error
  } finally {
    reader.close()
  }
}

