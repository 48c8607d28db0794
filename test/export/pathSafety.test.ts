/**
 * Path safety of the bundle directory: everything stays inside
 * `<workspace>/.openclaw/trajectory-exports/`, refusals leave nothing behind, and a failure in
 * the middle of writing removes the half-written bundle and the directories the export created.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, afterEach, describe, expect, it, vi } from "vitest"
import { runClawkeep } from "../support/cli.js"
import { cleanupTempRoots, makeTempRoot } from "./support.js"

afterAll(cleanupTempRoots)

/** Arms a failure of the N-th bundle write (see the node:fs mock below). */
const failure = vi.hoisted(() => ({ afterWrites: -1 }))

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>()
  const writeSync = ((...args: Parameters<typeof actual.writeSync>) => {
    if (failure.afterWrites === 0) {
      failure.afterWrites = -1
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" })
    }
    if (failure.afterWrites > 0) failure.afterWrites -= 1
    return (actual.writeSync as (...a: Array<unknown>) => number)(...args)
  }) as typeof actual.writeSync
  return { ...actual, default: { ...actual, writeSync }, writeSync }
})

const NOW = 1779278400000

afterEach(() => {
  failure.afterWrites = -1
})

/** A home with one session (`agent:main:s`, three messages) and a workspace. */
const fixture = () => {
  const home = path.join(makeTempRoot(), "h")
  const sd = path.join(home, ".openclaw", "agents", "main", "sessions")
  fs.mkdirSync(sd, { recursive: true })
  fs.mkdirSync(path.join(home, "ws"))
  fs.writeFileSync(path.join(sd, "sessions.json"), JSON.stringify({ "agent:main:s": { sessionId: "s-1" } }))
  const rows = [
    { type: "session", version: 3, id: "s-1", timestamp: "2026-05-20T09:00:00.000Z" },
    ...[0, 1, 2].map((i) => ({
      type: "message",
      id: `m${i}`,
      parentId: i === 0 ? null : `m${i - 1}`,
      timestamp: `2026-05-20T10:00:0${i}.000Z`,
      message: { role: i % 2 === 0 ? "user" : "assistant", content: `message ${i}` }
    }))
  ]
  fs.writeFileSync(path.join(sd, "s-1.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n")
  return { home, ws: path.join(home, "ws") }
}

const run = (home: string, args: ReadonlyArray<string>, cwd = path.join(home, "ws")) =>
  runClawkeep(["sessions", "export-trajectory", "--session-key", "agent:main:s", ...args], {
    env: { HOME: home },
    cwd,
    nowMs: NOW
  })

const tree = (dir: string): Array<string> =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as Array<string>).sort() : []

describe("export-trajectory path safety", () => {
  it("writes nested output directories inside the exports directory with 0700 modes", async () => {
    const { home, ws } = fixture()
    const r = await run(home, ["--output", "a/b/c", "--json"])
    expect(r.stderr).toBe("")
    const out = path.join(ws, ".openclaw", "trajectory-exports", "a", "b", "c")
    expect(JSON.parse(r.stdout).outputDir).toBe(out)
    for (const d of ["a", "a/b", "a/b/c"]) expect(fs.statSync(path.join(ws, ".openclaw", "trajectory-exports", d)).mode & 0o777).toBe(0o700)
    expect(tree(path.join(ws, ".openclaw", "trajectory-exports", "a", "b", "c"))).toEqual([
      "events.jsonl",
      "manifest.json",
      "session-branch.json"
    ])
  })

  it("refuses an output whose existing ancestor is a symlink leaving the exports directory, and writes nothing outside", async () => {
    const { home, ws } = fixture()
    const outside = path.join(home, "outside")
    fs.mkdirSync(outside)
    fs.mkdirSync(path.join(ws, ".openclaw", "trajectory-exports"), { recursive: true })
    fs.symlinkSync(outside, path.join(ws, ".openclaw", "trajectory-exports", "esc"))
    const r = await run(home, ["--output", "esc/deeper/x"])
    expect(r.stderr).toBe("Failed to export trajectory: Output path must stay inside the real trajectory exports directory\n")
    expect(r.code).toBe(1)
    expect(tree(outside)).toEqual([])
  })

  it("refuses a .openclaw that is a symlink, even to a directory inside the workspace", async () => {
    const { home, ws } = fixture()
    fs.mkdirSync(path.join(ws, "real"))
    fs.symlinkSync(path.join(ws, "real"), path.join(ws, ".openclaw"))
    const r = await run(home, ["--output", "x"])
    expect(r.stderr).toBe("Failed to export trajectory: OpenClaw state directory must be a real directory inside the workspace\n")
    expect(tree(path.join(ws, "real"))).toEqual([])
  })

  it("refuses traversal in every spelling", async () => {
    const { home, ws } = fixture()
    for (const output of ["..", ".", "../x", "a/../..", "a/../../b", "./../x"]) {
      const r = await run(home, ["--output", output])
      expect([output, r.stderr]).toEqual([
        output,
        "Failed to export trajectory: Output path must stay inside the workspace trajectory exports directory\n"
      ])
    }
    for (const output of ["/tmp/x", "~", "~/x", "~other/x"]) {
      const r = await run(home, ["--output", output])
      expect([output, r.stderr]).toEqual([
        output,
        "Failed to export trajectory: Output path must be relative to the workspace trajectory exports directory\n"
      ])
    }
    // refusals leave no directories behind
    expect(tree(ws)).toEqual([])
  })

  it("refuses an existing output directory and leaves its contents alone", async () => {
    const { home, ws } = fixture()
    const first = await run(home, ["--output", "same"])
    expect(first.code).toBe(0)
    const before = tree(path.join(ws, ".openclaw"))
    const second = await run(home, ["--output", "same"])
    const existing = path.join(ws, ".openclaw", "trajectory-exports", "same")
    // the reference's raw first line, then clawkeep's sentence in words
    expect(second.stderr).toBe(
      `Failed to export trajectory: EEXIST: file already exists, mkdir '${existing}'\n` +
        `The output directory already exists: ${existing}. Choose another --output name, or move that directory away.\n`
    )
    expect(tree(path.join(ws, ".openclaw"))).toEqual(before)
  })

  it("a write failure in the middle of the bundle removes the bundle and the directories it created", async () => {
    const { home, ws } = fixture()
    failure.afterWrites = 2
    const r = await run(home, ["--output", "deep/nested/out"])
    expect(r.stderr).toBe("Failed to export trajectory: ENOSPC: no space left on device, write\n")
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(tree(ws)).toEqual([])
  })

  it("a write failure keeps directories that existed before", async () => {
    const { home, ws } = fixture()
    fs.mkdirSync(path.join(ws, ".openclaw", "trajectory-exports", "deep"), { recursive: true })
    fs.writeFileSync(path.join(ws, ".openclaw", "keep.txt"), "keep")
    failure.afterWrites = 0
    const r = await run(home, ["--output", "deep/out"])
    expect(r.code).toBe(1)
    expect(tree(path.join(ws, ".openclaw"))).toEqual(["keep.txt", "trajectory-exports", "trajectory-exports/deep"])
  })

  it("an export refused after reading leaves no bundle behind", async () => {
    const { home, ws } = fixture()
    const sd = path.join(home, ".openclaw", "agents", "main", "sessions")
    const line = JSON.stringify({
      traceSchema: "openclaw-trajectory",
      schemaVersion: 1,
      source: "runtime",
      type: "e",
      ts: "2026-05-20T10:00:00.000Z",
      seq: 1,
      sessionId: "s-1"
    })
    fs.writeFileSync(path.join(sd, "s-1.trajectory.jsonl"), `${line}\n`.repeat(200001))
    const r = await run(home, ["--output", "many"])
    expect(r.stderr).toBe("Failed to export trajectory: Trajectory runtime file has too many events to export (limit 200000)\n")
    expect(tree(ws)).toEqual([])
  })

  it("--workspace elsewhere puts the bundle under that workspace and the display path relative to it", async () => {
    const { home } = fixture()
    const other = path.join(home, "proj")
    fs.mkdirSync(other)
    const r = await run(home, ["--workspace", "../proj", "--output", "w"])
    expect(r.stderr).toBe("")
    expect(r.stdout).toContain("📦 Bundle: .openclaw/trajectory-exports/w\n")
    expect(tree(path.join(other, ".openclaw", "trajectory-exports", "w"))).toEqual([
      "events.jsonl",
      "manifest.json",
      "session-branch.json"
    ])
  })

  it("rejects an unusable --max-bytes", async () => {
    const { home } = fixture()
    const r = await run(home, ["--max-bytes", "lots"])
    expect(r.stderr).toBe("Invalid --max-bytes: lots\n")
    expect(r.code).toBe(1)
  })
})
