/**
 * The transcript is streamed: a transcript several times larger than the process's heap limit
 * exports (with the opt-in --max-bytes) while the child's peak RSS stays far below the file size.
 * Without --max-bytes the reference's size limit applies first.
 */
import { build } from "esbuild"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runClawkeep } from "../support/cli.js"
import { makeTempRoot } from "./support.js"

const NOW = 1779278400000
const ROW_TEXT_BYTES = 16 * 1024
const TARGET_BYTES = 128 * 1024 * 1024
const HEAP_LIMIT_MB = 32

let root: string
let home: string
let transcript: string
let probe: string

interface Probe {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly stats: { readonly maxRssBytes: number; readonly heapLimit: number }
}

/** Runs the CLI in a child with a capped heap; returns its output and peak RSS. */
const runProbe = (cwd: string, home: string, args: ReadonlyArray<string>): Promise<Probe> =>
  new Promise((resolve) => {
    const out = path.join(root, `probe-${Date.now()}-${Math.random()}.json`)
    execFile(
      process.execPath,
      [`--max-old-space-size=${HEAP_LIMIT_MB}`, probe, "sessions", "export-trajectory", ...args],
      { cwd, env: { PATH: process.env["PATH"], HOME: home, PROBE_OUT: out }, encoding: "utf8", maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        const stats = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, "utf8")) : { maxRssBytes: NaN, heapLimit: NaN }
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, stats })
      }
    )
  })

/** Writes a linear transcript of about TARGET_BYTES (header + user/assistant rows of ~16 KiB). */
const generateTranscript = (file: string, target = TARGET_BYTES): number => {
  const fd = fs.openSync(file, "w")
  const filler = "lorem ipsum dolor sit amet ".repeat(Math.ceil(ROW_TEXT_BYTES / 27)).slice(0, ROW_TEXT_BYTES)
  fs.writeSync(fd, JSON.stringify({ type: "session", version: 3, id: "big-1", timestamp: "2026-05-20T09:00:00.000Z", cwd: "/x" }) + "\n")
  let size = 0
  let parent: string | null = null
  let chunk: Array<string> = []
  for (let i = 0; size < target; i += 1) {
    const id = `r${i}`
    const ts = new Date(Date.UTC(2026, 4, 20, 9) + i * 1000).toISOString()
    const row = JSON.stringify({
      type: "message",
      id,
      parentId: parent,
      timestamp: ts,
      message: { role: i % 2 === 0 ? "user" : "assistant", content: [{ type: "text", text: `${i} ${filler}` }] }
    })
    chunk.push(row)
    size += row.length + 1
    parent = id
    if (chunk.length === 256) {
      fs.writeSync(fd, chunk.join("\n") + "\n")
      chunk = []
    }
  }
  if (chunk.length > 0) fs.writeSync(fd, chunk.join("\n") + "\n")
  fs.closeSync(fd)
  return fs.statSync(file).size
}

beforeAll(async () => {
  root = makeTempRoot()
  home = path.join(root, "h")
  const sd = path.join(home, ".openclaw", "agents", "main", "sessions")
  fs.mkdirSync(sd, { recursive: true })
  fs.mkdirSync(path.join(home, "ws"))
  fs.writeFileSync(path.join(sd, "sessions.json"), JSON.stringify({ "agent:main:big": { sessionId: "big-1" } }))
  transcript = path.join(sd, "big-1.jsonl")
  probe = path.join(root, "probe.mjs")
  await build({
    entryPoints: [path.join(import.meta.dirname, "memoryProbe.ts")],
    outfile: probe,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' }
  })
})

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
})

describe("streaming export", () => {
  it("refuses a transcript over 52428800 bytes with the reference's message unless --max-bytes lifts the limit", async () => {
    const sparse = path.join(root, "sparse")
    const sd = path.join(sparse, ".openclaw", "agents", "main", "sessions")
    fs.mkdirSync(sd, { recursive: true })
    fs.mkdirSync(path.join(sparse, "ws"))
    fs.writeFileSync(path.join(sd, "sessions.json"), JSON.stringify({ "agent:main:s": { sessionId: "s-1" } }))
    fs.writeFileSync(path.join(sd, "s-1.jsonl"), "")
    fs.truncateSync(path.join(sd, "s-1.jsonl"), 52428801)
    const run = await runClawkeep(["sessions", "export-trajectory", "--session-key", "agent:main:s"], {
      env: { HOME: sparse },
      cwd: path.join(sparse, "ws"),
      nowMs: NOW
    })
    expect(run.stderr).toBe("Failed to export trajectory: Trajectory session file is too large to export (52428801 bytes; limit 52428800)\n")
    expect(run.code).toBe(1)
    // nothing was left behind by the failed export
    expect(fs.readdirSync(path.join(sparse, "ws"))).toEqual([])
  })

  it("exports a 128 MiB transcript in a child whose heap is capped at 32 MiB; peak RSS grows far less than the file", async () => {
    // baseline: the same child on a small transcript
    const small = path.join(root, "small")
    const smallSd = path.join(small, ".openclaw", "agents", "main", "sessions")
    fs.mkdirSync(smallSd, { recursive: true })
    fs.mkdirSync(path.join(small, "ws"))
    fs.writeFileSync(path.join(smallSd, "sessions.json"), JSON.stringify({ "agent:main:big": { sessionId: "big-1" } }))
    generateTranscript(path.join(smallSd, "big-1.jsonl"), 1 << 20)
    const base = await runProbe(path.join(small, "ws"), small, ["--session-key", "agent:main:big", "--output", "big", "--json"])
    expect(base.stderr).toBe("")
    expect(base.code).toBe(0)

    const size = generateTranscript(transcript)
    expect(size).toBeGreaterThan(TARGET_BYTES)
    const big = await runProbe(path.join(home, "ws"), home, [
      "--session-key",
      "agent:main:big",
      "--output",
      "big",
      "--max-bytes",
      String(size),
      "--json"
    ])
    expect(big.stderr).toBe("")
    expect(big.code).toBe(0)
    const summary = JSON.parse(big.stdout)
    const growth = big.stats.maxRssBytes - base.stats.maxRssBytes
    // figures for the report
    console.log(
      `streaming export: transcript ${(size / 2 ** 20).toFixed(1)} MiB, ${summary.transcriptEventCount} events; ` +
        `peak RSS ${(big.stats.maxRssBytes / 2 ** 20).toFixed(1)} MiB vs ${(base.stats.maxRssBytes / 2 ** 20).toFixed(1)} MiB ` +
        `for a 1 MiB transcript (heap limit ${(big.stats.heapLimit / 2 ** 20).toFixed(0)} MiB)`
    )
    expect(growth).toBeLessThan(size / 2)
    const bundle = path.join(home, "ws", ".openclaw", "trajectory-exports", "big")
    const events = fs.statSync(path.join(bundle, "events.jsonl")).size
    expect(events).toBeGreaterThan(size)
    const manifest = JSON.parse(fs.readFileSync(path.join(bundle, "manifest.json"), "utf8"))
    expect(manifest.transcriptEventCount).toBe(summary.transcriptEventCount)
    expect(manifest.leafId).toBe(`r${summary.transcriptEventCount - 1}`)
    expect(manifest.contents.find((c: any) => c.path === "events.jsonl").bytes).toBe(events)
    expect(manifest.contents.find((c: any) => c.path === "session-branch.json").bytes).toBe(
      fs.statSync(path.join(bundle, "session-branch.json")).size
    )
    // the last event is the leaf, with seq = number of events
    const fd = fs.openSync(path.join(bundle, "events.jsonl"), "r")
    const tail = Buffer.alloc(64 * 1024)
    fs.readSync(fd, tail, 0, tail.length, events - tail.length)
    fs.closeSync(fd)
    const lines = tail.toString("utf8").split("\n")
    const last = JSON.parse(lines[lines.length - 2]!)
    expect([last.entryId, last.seq]).toEqual([manifest.leafId, summary.eventCount])
  })
})
