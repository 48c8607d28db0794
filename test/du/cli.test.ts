/**
 * `clawkeep sessions du` through the CLI, in memory: the JSON document's shape, the text report
 * (80 columns, colour only where allowed), `--top`, the rows' kinds, and the edge cases (no
 * sessions directory, an unreadable store, bad `--top`).
 */
import { describe, expect, it } from "@effect/vitest"
import * as path from "node:path"
import { DU_CLASSES, TOP_ERROR } from "../../src/domain/du.js"
import { memoryFs, type FileTree } from "../../src/store/memoryFs.js"
import { runClawkeep } from "../support/cli.js"

const NOW = 1779278400000
const D = 86_400_000
const DIR = "/h/.openclaw/agents/main/sessions"
const ESC = "\u001b["
const strip = (s: string) => s.replace(/\u001b\[\d+m/g, "")

const LONG_KEY = `agent:main:telegram:group:${"g".repeat(90)}:topic:7`

/** Twelve rows of different kinds, transcript sizes 1000, 1100, …, 2100 bytes (largest last). */
const ROWS: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ["agent:main:main", {}],
  ["agent:main:telegram:direct:42", {}],
  ["agent:main:slack:channel:c1", {}],
  [LONG_KEY, {}],
  ["agent:main:cron:nightly", {}],
  ["agent:main:cron:nightly:run:r1", {}],
  ["agent:main:cron:nightly:run:r2", {}],
  ["agent:main:subagent:research", {}],
  ["agent:main:hook:github", {}],
  ["global", {}],
  ["agent:main:opaque", { chatType: "channel" }],
  ["legacy-dm", {}]
]

const baseTree = (): Record<string, FileTree[string]> => {
  const tree: Record<string, FileTree[string]> = {
    "/h/.openclaw/openclaw.json": JSON.stringify({ session: { maintenance: { pruneAfter: "30d", resetArchiveRetention: "3d" } } })
  }
  const store: Record<string, unknown> = {}
  ROWS.forEach(([key, extra], i) => {
    store[key] = { sessionId: `s${i}`, updatedAt: NOW - (i + 1) * 3_600_000, ...extra }
    tree[path.join(DIR, `s${i}.jsonl`)] = { content: "x".repeat(1000 + 100 * i), mtimeMs: NOW - D }
  })
  tree[path.join(DIR, "sessions.json")] = JSON.stringify(store, null, 2)
  tree[path.join(DIR, "orphan.jsonl")] = { content: "o".repeat(500), mtimeMs: NOW - 40 * D }
  tree[path.join(DIR, "gone.jsonl.deleted.2026-03-01T00-00-00.000Z")] = "d".repeat(3000)
  tree[path.join(DIR, "gone.jsonl.deleted.2026-05-19T00-00-00.000Z")] = "d".repeat(200)
  tree[path.join(DIR, "prev.jsonl.reset.2026-05-10T00-00-00.000Z")] = "r".repeat(400)
  tree[path.join(DIR, "sessions.json.bak.1700000000")] = "b".repeat(50)
  tree[path.join(DIR, "s0.checkpoint.11111111-2222-4333-8444-555555555555.jsonl")] = "c".repeat(70)
  tree[path.join(DIR, "lost.checkpoint.11111111-2222-4333-8444-555555555555.jsonl")] = { content: "c".repeat(80), mtimeMs: NOW - 40 * D }
  tree[path.join(DIR, "s0.trajectory.jsonl")] = "t".repeat(90)
  tree[path.join(DIR, "sessions.json.123.tmp")] = "t".repeat(10)
  tree[path.join(DIR, "sessions.json.lock")] = "1"
  tree[path.join(DIR, "README.txt")] = "notes"
  return tree
}

const du = (args: ReadonlyArray<string>, tree: FileTree = baseTree(), extra: { env?: Record<string, string>; tty?: boolean } = {}) =>
  runClawkeep(["sessions", "du", ...args], { fs: memoryFs(tree).layer, env: { HOME: "/h", ...extra.env }, cwd: "/h", nowMs: NOW, tty: extra.tty === true })

const json = async (args: ReadonlyArray<string>, tree?: FileTree) => {
  const r = await du(["--json", ...args], tree)
  expect(r.stderr).toBe("")
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout)
}

describe("sessions du --json", () => {
  it("has the documented shape, every class present, every figure a whole number", async () => {
    const doc = await json([])
    expect(Object.keys(doc)).toEqual(["nowMs", "top", "total", "stores"])
    expect(doc.nowMs).toBe(NOW)
    expect(doc.top).toBe(10)
    const [store] = doc.stores
    expect(Object.keys(store)).toEqual([
      "agentId",
      "storePath",
      "sessionsDir",
      "storeStatus",
      "total",
      "classes",
      "notMeasured",
      "rows",
      "kinds",
      "largest",
      "cleanup"
    ])
    expect(store.storePath).toBe(path.join(DIR, "sessions.json"))
    expect(Object.keys(store.classes)).toEqual([...DU_CLASSES])
    for (const cls of DU_CLASSES) {
      const t = store.classes[cls]
      expect(Number.isInteger(t.files) && Number.isInteger(t.bytes) && t.files >= 0 && t.bytes >= 0).toBe(true)
    }
    expect(Object.keys(store.largest[0])).toEqual(["key", "sessionId", "kind", "updatedAt", "ageMs", "transcript", "bytes"])
    expect(Object.keys(store.cleanup)).toEqual(["mode", "rowsRemoved", "freed", "freedByReason", "archived", "dryRunReported"])
    expect(doc.total).toEqual(store.total)
  })

  it("classifies the fixture's files", async () => {
    const c = (await json([])).stores[0].classes
    expect(c["transcript-referenced"]).toEqual({ files: 12, bytes: 12 * 1000 + 100 * 66 })
    expect(c["transcript-unreferenced"]).toEqual({ files: 1, bytes: 500 })
    expect(c["archive-deleted"]).toEqual({ files: 2, bytes: 3200, pastRetention: { files: 1, bytes: 3000 } })
    expect(c["archive-reset"]).toEqual({ files: 1, bytes: 400, pastRetention: { files: 1, bytes: 400 } })
    expect(c["archive-bak"]).toEqual({ files: 1, bytes: 50 })
    expect(c["checkpoint-referenced"]).toEqual({ files: 1, bytes: 70 })
    expect(c["checkpoint-orphaned"]).toEqual({ files: 1, bytes: 80 })
    expect(c["trajectory-runtime"]).toEqual({ files: 1, bytes: 90, unreferenced: { files: 0, bytes: 0 } })
    expect(c["temp"]).toEqual({ files: 1, bytes: 10 })
    expect(c["lock"]).toEqual({ files: 1, bytes: 1 })
    expect(c["other"]).toEqual({ files: 1, bytes: 5 })
  })

  it("reports what cleanup would free from its plan", async () => {
    const { cleanup } = (await json([])).stores[0]
    // the old .deleted and .reset archives (retention) and the 40-day-old orphan and checkpoint (sweep)
    expect(cleanup.freed).toEqual({ files: 4, bytes: 3000 + 400 + 500 + 80 })
    expect(cleanup.freedByReason).toEqual({
      "archive-retention": { files: 2, bytes: 3400 },
      "unreferenced-artifact": { files: 2, bytes: 580 }
    })
    expect(cleanup.dryRunReported).toEqual({ files: 2, bytes: 580 })
    expect(cleanup.rowsRemoved).toBe(0)
    // and that is what `cleanup --dry-run` says too
    const dry = await runClawkeep(["sessions", "cleanup", "--dry-run", "--json"], { fs: memoryFs(baseTree()).layer, env: { HOME: "/h" }, cwd: "/h", nowMs: NOW })
    expect(JSON.parse(dry.stdout).unreferencedArtifacts).toMatchObject({ removedFiles: 2, freedBytes: 580 })
  })

  it("groups rows by kind", async () => {
    const { kinds } = (await json([])).stores[0]
    const rows = Object.fromEntries(kinds.map((k: { kind: string; rows: number }) => [k.kind, k.rows]))
    expect(rows).toEqual({ direct: 3, group: 3, cron: 1, "cron-run": 2, subagent: 1, hook: 1, global: 1 })
    const bytes = Object.fromEntries(kinds.map((k: { kind: string; bytes: number }) => [k.kind, k.bytes]))
    // cron-run: rows 5 and 6 (1500 + 1600 bytes)
    expect(bytes["cron-run"]).toBe(3100)
  })
})

describe("sessions du --top", () => {
  it("shows the 10 largest by default, largest first", async () => {
    const { largest } = (await json([])).stores[0]
    expect(largest.map((l: { key: string }) => l.key)).toEqual(ROWS.map(([k]) => k).reverse().slice(0, 10))
    expect(largest[0]).toMatchObject({ sessionId: "s11", bytes: 2100, ageMs: 12 * 3_600_000, kind: "direct" })
  })

  it("shows N with --top N, none with --top 0", async () => {
    const three = await du(["--top", "3"])
    const table = strip(three.stdout).split("\n")
    const at = table.findIndex((l) => l.startsWith("Largest sessions"))
    expect(table[at]).toBe("Largest sessions by transcript (3 of 12):")
    expect(table.slice(at + 2, at + 5).map((l) => l.trim().split(/\s+/).at(-1))).toEqual(["legacy-dm", "agent:main:opaque", "global"])
    expect(table[at + 5]).toBe("")
    const none = await du(["--top", "0"])
    expect(none.stdout).not.toContain("Largest sessions")
    expect((await json(["--top", "0"])).stores[0].largest).toEqual([])
  })

  it("rejects a --top that is not a whole number", async () => {
    for (const bad of ["-1", "abc", "2.5", ""]) {
      const r = await du(["--top", bad])
      expect({ bad, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ bad, code: 1, stdout: "", stderr: TOP_ERROR + "\n" })
    }
  })
})

describe("sessions du text", () => {
  it("fits 80 columns (but for the path headers) and its table adds up", async () => {
    const r = await du([])
    expect(r.code).toBe(0)
    const lines = strip(r.stdout).split("\n")
    for (const line of lines) {
      if (line.startsWith("Session store: ") || line.startsWith("Sessions dir: ")) continue
      expect(line.length, line).toBeLessThanOrEqual(80)
    }
    // the long key is shortened to fit
    expect(r.stdout).not.toContain(LONG_KEY)
    expect(lines).toContain("Sessions dir: " + DIR)
    const doc = await json([])
    expect(doc.total.files).toBe(24)
    expect(lines.find((l) => l.startsWith("total "))).toBe(`${"total".padEnd(26)} ${"24".padStart(6)} ${`${(doc.total.bytes / 1024).toFixed(1)} KB`.padStart(10)}`)
  })

  it("draws a bar per class in proportion to its bytes", async () => {
    const lines = strip((await du([])).stdout).split("\n")
    const { classes, total } = (await json([])).stores[0]
    const header = lines.find((l) => l.startsWith("Class"))!
    const barAt = header.indexOf("Share")
    /** The bar's length in eighths of a cell (a full block is 8). */
    const eighthsOf = (label: string) => {
      const line = lines.find((l) => l.startsWith(label))!
      const drawn = line.slice(barAt, barAt + 25).trimEnd()
      return [...drawn].reduce((n, ch) => n + (ch === "█" ? 8 : "▏▎▍▌▋▊▉".indexOf(ch) + 1), 0)
    }
    const cases = [
      ["transcripts, referenced", "transcript-referenced"],
      ["store (sessions.json)", "store"],
      ["archives .deleted", "archive-deleted"],
      ["transcripts, unreferenced", "transcript-unreferenced"]
    ] as const
    for (const [label, cls] of cases) {
      // 25 cells of 8 eighths for the whole directory
      expect(Math.abs(eighthsOf(label) - (classes[cls].bytes / total.bytes) * 200)).toBeLessThanOrEqual(0.5)
    }
    // a one-byte file still shows
    expect(eighthsOf("lock files")).toBe(1)
    const share = (classes["transcript-referenced"].bytes / total.bytes) * 100
    expect(lines.find((l) => l.startsWith("transcripts, referenced"))!.endsWith(`${share.toFixed(1)}%`)).toBe(true)
  })

  it("paints only on a terminal that allows colour (NO_COLOR, TERM=dumb)", async () => {
    const plain = (await du([], baseTree(), { env: { TERM: "xterm-256color" } })).stdout
    expect(plain).not.toContain(ESC)
    expect((await du([], baseTree(), { env: { TERM: "xterm-256color", NO_COLOR: "1" }, tty: true })).stdout).not.toContain(ESC)
    expect((await du([], baseTree(), { env: { TERM: "dumb" }, tty: true })).stdout).not.toContain(ESC)
    const painted = (await du([], baseTree(), { env: { TERM: "xterm-256color" }, tty: true })).stdout
    expect(painted).toContain(ESC)
    expect(strip(painted)).toBe(plain)
  })

  it("measures an agent with no sessions directory as empty", async () => {
    const r = await du([], { "/h/.openclaw/openclaw.json": "{}" })
    expect(r.code).toBe(0)
    expect(strip(r.stdout).split("\n")).toContain(`${"total".padEnd(26)} ${"0".padStart(6)} ${"0 B".padStart(10)}`)
    const doc = await json([], { "/h/.openclaw/openclaw.json": "{}" })
    expect(doc.stores[0]).toMatchObject({ storeStatus: "missing", total: { files: 0, bytes: 0 }, rows: { total: 0 } })
  })

  it("warns about an unreadable store and measures its directory anyway", async () => {
    const tree = { ...baseTree(), [path.join(DIR, "sessions.json")]: "not json" }
    const r = await du(["--json"], tree)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(path.join(DIR, "sessions.json"))
    const store = JSON.parse(r.stdout).stores[0]
    expect(store.storeStatus).toBe("invalid")
    expect(store.classes["transcript-unreferenced"].files).toBe(13)
  })

  it("never writes", async () => {
    const mem = memoryFs(baseTree())
    const before = mem.snapshot("/")
    await runClawkeep(["sessions", "du", "--all-agents"], { fs: mem.layer, env: { HOME: "/h" }, cwd: "/h", nowMs: NOW })
    expect(mem.snapshot("/")).toEqual(before)
  })
})
