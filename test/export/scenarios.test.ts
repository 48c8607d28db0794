/**
 * The export scenarios of the acceptance list (X1–X9), each checked against the facts the
 * scenario states, on the fixtures recorded from the reference.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runClawkeep } from "../support/cli.js"
import { cleanupTempRoots, loadCase, makeTempRoot, runCase } from "./support.js"

afterAll(cleanupTempRoots)

const NOW = 1779278400000

const events = (dir: string): Array<any> =>
  fs
    .readFileSync(path.join(dir, "events.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l))

const json = (dir: string, name: string): any => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"))

const mode = (p: string) => fs.statSync(p).mode & 0o777

describe("export-trajectory scenarios", () => {
  it("X1 full bundle", async () => {
    const run = await runCase(loadCase("x1-full"))
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        "✅ Trajectory exported!",
        "",
        "📦 Bundle: .openclaw/trajectory-exports/openclaw-trajectory-2f1c9a7b-2026-05-20T12-00-00",
        "🧵 Session: 2f1c9a7b-0d1e-4c55-9d43-1b2c3d4e5f60",
        "📊 Events: 10",
        "🧪 Runtime events: 4",
        "📝 Transcript events: 6",
        "📁 Files: manifest.json, events.jsonl, session-branch.json, system-prompt.txt, tools.json, metadata.json, artifacts.json, prompts.json",
        ""
      ].join("\n")
    )
    const dir = run.bundleDir!
    expect(mode(dir)).toBe(0o700)
    const files = fs.readdirSync(dir)
    expect(files).toHaveLength(8)
    for (const f of files) expect(mode(path.join(dir, f)), f).toBe(0o600)
    const manifest = json(dir, "manifest.json")
    expect(manifest.leafId).toBe("u2")
    expect([manifest.eventCount, manifest.runtimeEventCount, manifest.transcriptEventCount]).toEqual([10, 4, 6])
    expect(manifest.sourceFiles).toEqual({
      session: "$OPENCLAW_STATE_DIR/agents/main/sessions/2f1c9a7b-0d1e-4c55-9d43-1b2c3d4e5f60.jsonl",
      runtime: "$OPENCLAW_STATE_DIR/agents/main/sessions/2f1c9a7b-0d1e-4c55-9d43-1b2c3d4e5f60.trajectory.jsonl"
    })
    expect(manifest.supplementalFiles).toEqual(["metadata.json", "artifacts.json", "prompts.json"])
    const ev = events(dir)
    expect(ev.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const u1 = ev.find((e) => e.entryId === "u1")
    expect(u1.data.message.content[0].text).toBe("read $WORKSPACE_DIR/notes.txt key sk-exp…1234 call <redacted-id>")
    const a1 = ev.find((e) => e.entryId === "a1" && e.type === "assistant.message")
    expect(a1.data.message.content[0].text).toBe("ok Bearer <redacted>")
    const call = ev.find((e) => e.type === "tool.call")
    expect(call.data.arguments).toEqual({ path: "$WORKSPACE_DIR/notes.txt" })
    expect(ev.find((e) => e.type === "tool.result").ts).toBe("2026-05-20T10:00:03.000Z")
    expect(ev.some((e) => e.entryId === "orphan")).toBe(false)
    expect(json(dir, "metadata.json").skills.entries[0].invoked).toBe(false)
  })

  it("X2 plain secrets: the reference keeps them, clawkeep masks them (D16)", async () => {
    const run = await runCase(loadCase("x2-plain-secrets"))
    expect(run.code).toBe(0)
    const summary = JSON.parse(run.stdout)
    expect(summary).toEqual({
      outputDir: path.join(run.home, "ws", ".openclaw", "trajectory-exports", "sub", "dir"),
      displayPath: ".openclaw/trajectory-exports/sub/dir",
      sessionId: "plain-1",
      eventCount: 1,
      runtimeEventCount: 0,
      transcriptEventCount: 1,
      files: ["manifest.json", "events.jsonl", "session-branch.json"]
    })
    const [event] = events(summary.outputDir)
    expect(event.data.message.content[0].text).toBe(
      "my key is sk-exp…1234 and ghp_12…1234 and ADMIN_PASSWORD=<redacted> keep-visible-marker"
    )
    expect(json(summary.outputDir, "manifest.json").redactions).toEqual({ apiKey: 4, nameValuePair: 2 })
  })

  it("X3 errors (stderr, exit 1, empty stdout)", async () => {
    const table: Array<[string, string]> = [
      ["err-no-key", "--session-key is required. Run openclaw sessions to choose a session."],
      ["err-missing-key", "Session not found: agent:main:missing. Run openclaw sessions to see available sessions."],
      ["err-no-session-id", "Session not found: agent:main:nosid. Run openclaw sessions to see available sessions."],
      ["err-transcript-absent", "Session file not found for agent:main:gone. Run openclaw doctor to inspect session storage."],
      ["err-invalid-session-id", "Failed to resolve session file: Invalid session ID: agent:main:main"],
      ["err-output-absolute", "Failed to export trajectory: Output path must be relative to the workspace trajectory exports directory"],
      ["err-output-tilde", "Failed to export trajectory: Output path must be relative to the workspace trajectory exports directory"],
      ["err-output-dotdot", "Failed to export trajectory: Output path must stay inside the workspace trajectory exports directory"],
      ["err-output-dot", "Failed to export trajectory: Output path must stay inside the workspace trajectory exports directory"],
      [
        "err-output-exists",
        // the reference's raw first line, then clawkeep's sentence in words
        "Failed to export trajectory: EEXIST: file already exists, mkdir '@@HOME@@/ws/.openclaw/trajectory-exports/sub/dir'\n" +
          "The output directory already exists: @@HOME@@/ws/.openclaw/trajectory-exports/sub/dir. Choose another --output name, or move that directory away."
      ],
      ["err-request-not-json", `Failed to decode trajectory export request: Unexpected token 'o', "not json" is not valid JSON`],
      ["err-request-array", "Failed to decode trajectory export request: Encoded trajectory export request must be a JSON object"],
      ["err-request-invalid", "Failed to decode trajectory export request: Encoded trajectory export request is invalid"],
      ["err-request-padding", "Failed to decode trajectory export request: Encoded trajectory export request is invalid"],
      ["err-key-case", "Session not found: AGENT:MAIN:PLAIN. Run openclaw sessions to see available sessions."],
      ["err-agent-unknown", "Session not found: agent:main:plain. Run openclaw sessions to see available sessions."],
      ["err-store-tilde", "Session not found: agent:main:plain. Run openclaw sessions to see available sessions."]
    ]
    for (const [name, stderr] of table) {
      const run = await runCase(loadCase(name))
      expect([name, run.code, run.stdout, run.normStderr]).toEqual([name, 1, "", `${stderr}\n`])
    }
  })

  it("X4 encoded request wins over the direct options", async () => {
    const run = await runCase(loadCase("x4-encoded-request"))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("📦 Bundle: .openclaw/trajectory-exports/openclaw-trajectory-plain-1-2026-05-20T12-00-00\n")
    expect(fs.existsSync(path.join(run.home, "ws", ".openclaw", "trajectory-exports", "explicit-out"))).toBe(false)
  })

  it("X5 header-only transcript", async () => {
    const run = await runCase(loadCase("x5-header-only"))
    const summary = JSON.parse(run.stdout)
    expect(summary.eventCount).toBe(0)
    expect(summary.files).toEqual(["manifest.json", "events.jsonl", "session-branch.json"])
    expect(fs.readFileSync(path.join(summary.outputDir, "events.jsonl"), "utf8")).toBe("\n")
    const branch = json(summary.outputDir, "session-branch.json")
    expect(branch.leafId).toBeNull()
    expect(branch.entries).toEqual([])
    expect(branch.header.type).toBe("session")
  })

  it("X6 trajectory dir fallback", async () => {
    const run = await runCase(loadCase("x6-trajectory-dir"))
    const summary = JSON.parse(run.stdout)
    expect(summary.runtimeEventCount).toBe(1)
    expect(summary.files).toEqual(["manifest.json", "events.jsonl", "session-branch.json", "system-prompt.txt", "tools.json"])
    expect(fs.existsSync(path.join(summary.outputDir, "system-prompt.txt"))).toBe(false)
    expect(fs.existsSync(path.join(summary.outputDir, "tools.json"))).toBe(false)
    expect(json(summary.outputDir, "manifest.json").sourceFiles.runtime).toBe("~/trajdir/cc-1.jsonl")
  })

  it("X7 default directory name from the safe session id", async () => {
    const run = await runCase(loadCase("x7-default-dir"))
    expect(run.stdout).toContain("📦 Bundle: .openclaw/trajectory-exports/openclaw-trajectory-___evil_-2026-05-20T12-00-00\n")
  })

  it("X8 path-looking pairs", async () => {
    const run = await runCase(loadCase("x8-path-pairs"))
    const [event] = events(JSON.parse(run.stdout).outputDir)
    expect(event.data.message.content[0].text).toBe("workspace=<redacted> home=<redacted> other=<redacted>")
  })

  it("X9 broken transcripts: null rows and message rows without message are skipped, a parent cycle ends (D7, D8)", async () => {
    const home = path.join(makeTempRoot(), "h")
    const sd = path.join(home, ".openclaw", "agents", "main", "sessions")
    fs.mkdirSync(sd, { recursive: true })
    fs.mkdirSync(path.join(home, "ws"))
    fs.writeFileSync(path.join(sd, "sessions.json"), JSON.stringify({ "agent:main:cyc": { sessionId: "cyc-1" } }))
    const rows = [
      { type: "session", version: 3, id: "cyc-1", timestamp: "2026-05-20T09:00:00.000Z" },
      null,
      { type: "message", id: "n", parentId: null, timestamp: "2026-05-20T10:00:00.000Z" },
      { type: "message", id: "a", parentId: "b", timestamp: "2026-05-20T10:00:01.000Z", message: { role: "user", content: "a" } },
      { type: "message", id: "b", parentId: "a", timestamp: "2026-05-20T10:00:02.000Z", message: { role: "assistant", content: "b" } }
    ]
    fs.writeFileSync(path.join(sd, "cyc-1.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n")
    const run = await runClawkeep(["sessions", "export-trajectory", "--session-key", "agent:main:cyc", "--json"], {
      env: { HOME: home },
      cwd: path.join(home, "ws"),
      nowMs: NOW
    })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    const dir = JSON.parse(run.stdout).outputDir
    expect(events(dir).map((e) => [e.entryId, e.type])).toEqual([
      ["a", "user.message"],
      ["b", "assistant.message"]
    ])
    expect(json(dir, "session-branch.json").entries.map((e: any) => e.id)).toEqual(["a", "b"])
  })
})
