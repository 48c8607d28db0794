/**
 * `exportTrajectory` end to end on the in-memory file system: the store, the transcript and the
 * runtime sidecar are read from a memfs volume, the bundle is written into it, and the real disk
 * is never touched.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import { exportTrajectory, type ExportOptions } from "../../src/export/program.js"
import { OpenClawConfig } from "../../src/store/config.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs, type FileTree, type MemoryFs } from "../../src/store/memoryFs.js"
import { fixedClock } from "../support/cli.js"

const NOW = 1779278400000
const SESSIONS = "/home/u/.openclaw/agents/main/sessions"
const EXPORTS = "/home/u/ws/.openclaw/trajectory-exports"

const line = (value: unknown) => `${JSON.stringify(value)}\n`

const transcript = [
  { type: "session", version: 3, id: "s-1", timestamp: "2026-05-20T09:00:00.000Z", cwd: "/home/u/ws" },
  {
    type: "message",
    id: "u1",
    parentId: null,
    timestamp: "2026-05-20T10:00:00.000Z",
    message: { role: "user", content: "read /home/u/ws/notes.txt" }
  },
  {
    type: "message",
    id: "a1",
    parentId: "u1",
    timestamp: "2026-05-20T10:00:01.000Z",
    message: {
      role: "assistant",
      content: [
        { type: "text", text: "reading" },
        { type: "toolCall", id: "c1", name: "read", arguments: { path: "/home/u/ws/notes.txt" } }
      ]
    }
  }
]
  .map(line)
  .join("")

const runtime = line({
  traceSchema: "openclaw-trajectory",
  schemaVersion: 1,
  traceId: "s-1",
  source: "runtime",
  type: "context.compiled",
  ts: "2026-05-20T10:00:00.500Z",
  seq: 1,
  sessionId: "s-1",
  data: { systemPrompt: "You are helpful.", tools: [{ name: "read" }] }
})

const fixture = (extra: FileTree = {}): MemoryFs =>
  memoryFs({
    [`${SESSIONS}/sessions.json`]: JSON.stringify({ "agent:main:s": { sessionId: "s-1" } }),
    [`${SESSIONS}/s-1.jsonl`]: transcript,
    [`${SESSIONS}/s-1.trajectory.jsonl`]: runtime,
    "/home/u/ws": null,
    ...extra
  })

const run = (m: MemoryFs, options: ExportOptions) =>
  exportTrajectory(options).pipe(
    Effect.provide(
      Layer.mergeAll(
        m.layer,
        Environment.make({ env: { HOME: "/home/u" }, cwd: "/home/u/ws", osHomedir: "/home/u" }),
        OpenClawConfig.make({})
      )
    ),
    Effect.withClock(fixedClock(NOW))
  )

/** Whether a path exists on the real disk (lstat, so a dangling symlink counts too). */
const onDisk = (p: string): boolean => {
  try {
    fs.lstatSync(p)
    return true
  } catch {
    return false
  }
}

describe("export-trajectory on the in-memory file system", () => {
  it.effect("writes the bundle into memory with the expected manifest and nothing on disk", () =>
    Effect.gen(function* () {
      const bundleDir = `${EXPORTS}/openclaw-trajectory-s-1-2026-05-20T12-00-00`
      const before = ["/home/u/ws/.openclaw", EXPORTS, bundleDir].map(onDisk)
      const m = fixture()
      const summary = yield* run(m, { sessionKey: "agent:main:s" })

      expect(summary).toEqual({
        outputDir: bundleDir,
        displayPath: ".openclaw/trajectory-exports/openclaw-trajectory-s-1-2026-05-20T12-00-00",
        sessionId: "s-1",
        eventCount: 4,
        runtimeEventCount: 1,
        transcriptEventCount: 3,
        files: ["manifest.json", "events.jsonl", "session-branch.json", "system-prompt.txt", "tools.json", "prompts.json"]
      })

      const files = m.snapshot(bundleDir)
      expect(Object.keys(files).sort()).toEqual(
        ["events.jsonl", "manifest.json", "prompts.json", "session-branch.json", "system-prompt.txt", "tools.json"].map(
          (f) => `${bundleDir}/${f}`
        )
      )
      const text = (name: string) => files[`${bundleDir}/${name}`] as string
      const manifest = JSON.parse(text("manifest.json"))
      expect(text("manifest.json")).toBe(`${JSON.stringify(manifest, null, 2)}\n`)
      expect(manifest).toMatchObject({
        traceSchema: "openclaw-trajectory",
        schemaVersion: 1,
        generatedAt: new Date(NOW).toISOString(),
        traceId: "s-1",
        sessionId: "s-1",
        sessionKey: "agent:main:s",
        workspaceDir: "$WORKSPACE_DIR",
        leafId: "a1",
        eventCount: 4,
        runtimeEventCount: 1,
        transcriptEventCount: 3,
        sourceFiles: {
          session: "$OPENCLAW_STATE_DIR/agents/main/sessions/s-1.jsonl",
          runtime: "$OPENCLAW_STATE_DIR/agents/main/sessions/s-1.trajectory.jsonl"
        },
        supplementalFiles: ["prompts.json"]
      })
      expect(manifest.contents).toEqual(
        ["prompts.json", "events.jsonl", "session-branch.json", "system-prompt.txt", "tools.json"].map((name) => ({
          path: name,
          mediaType: name.endsWith(".jsonl")
            ? "application/x-ndjson"
            : name.endsWith(".txt")
              ? "text/plain; charset=utf-8"
              : "application/json",
          bytes: Buffer.byteLength(text(name))
        }))
      )

      // events in merged order: the runtime event sits between the user and the assistant rows
      const events = text("events.jsonl")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l))
      expect(events.map((e) => [e.seq, e.type, e.entryId])).toEqual([
        [1, "user.message", "u1"],
        [2, "context.compiled", undefined],
        [3, "assistant.message", "a1"],
        [4, "tool.call", "a1"]
      ])
      expect(events[0].data.message.content).toBe("read $WORKSPACE_DIR/notes.txt")
      expect(JSON.parse(text("session-branch.json")).entries.map((e: any) => e.id)).toEqual(["u1", "a1"])
      expect(text("system-prompt.txt")).toBe("You are helpful.\n")
      expect(JSON.parse(text("tools.json"))).toEqual([{ name: "read" }])
      expect(JSON.parse(text("prompts.json"))).toMatchObject({ sessionId: "s-1", system: "You are helpful.", submittedPrompts: [] })

      // modes as on disk: directories 0700, files 0600
      for (const dir of ["/home/u/ws/.openclaw", EXPORTS, bundleDir]) {
        expect(m.volume.statSync(dir).mode & 0o777, dir).toBe(0o700)
      }
      for (const file of Object.keys(files)) expect(m.volume.statSync(file).mode & 0o777, file).toBe(0o600)
      // the inputs are untouched
      expect(m.snapshot(SESSIONS)).toEqual({
        [`${SESSIONS}/s-1.jsonl`]: transcript,
        [`${SESSIONS}/s-1.trajectory.jsonl`]: runtime,
        [`${SESSIONS}/sessions.json`]: JSON.stringify({ "agent:main:s": { sessionId: "s-1" } })
      })

      // nothing was created on the real disk
      expect(["/home/u/ws/.openclaw", EXPORTS, bundleDir].map(onDisk)).toEqual(before)
      expect(onDisk(bundleDir)).toBe(false)
    })
  )

  it.effect("refuses an existing output directory with the live layer's message and leaves memory as it was", () =>
    Effect.gen(function* () {
      const m = fixture({ [`${EXPORTS}/same/keep.txt`]: "keep" })
      const before = m.snapshot()
      const error = yield* Effect.flip(run(m, { sessionKey: "agent:main:s", output: "same" }))
      // the reference's raw first line, then clawkeep's sentence in words
      expect(error.message).toBe(
        `Failed to export trajectory: EEXIST: file already exists, mkdir '${EXPORTS}/same'\n` +
          `The output directory already exists: ${EXPORTS}/same. Choose another --output name, or move that directory away.`
      )
      expect(m.snapshot()).toEqual(before)
    })
  )

  it.effect("a refused output path removes the directories the export created in memory", () =>
    Effect.gen(function* () {
      const m = fixture({ "/home/u/outside": null, [`${EXPORTS}`]: null })
      m.volume.symlinkSync("/home/u/outside", `${EXPORTS}/esc`)
      const error = yield* Effect.flip(run(m, { sessionKey: "agent:main:s", output: "esc/deeper/x" }))
      expect(error.message).toBe("Failed to export trajectory: Output path must stay inside the real trajectory exports directory")
      expect(m.volume.readdirSync("/home/u/outside")).toEqual([])

      const fresh = fixture()
      const missing = yield* Effect.flip(run(fresh, { sessionKey: "agent:main:s", output: "../x" }))
      expect(missing.message).toBe("Failed to export trajectory: Output path must stay inside the workspace trajectory exports directory")
      expect(fresh.volume.readdirSync("/home/u/ws")).toEqual([])
    })
  )

  it.effect("a missing workspace fails with the realpath error, as on disk", () =>
    Effect.gen(function* () {
      const m = fixture()
      const error = yield* Effect.flip(run(m, { sessionKey: "agent:main:s", workspace: "/home/u/nope" }))
      expect(error.message).toBe("Failed to export trajectory: ENOENT: no such file or directory, realpath '/home/u/nope'")
      expect(m.volume.existsSync("/home/u/nope")).toBe(false)
    })
  )
})
