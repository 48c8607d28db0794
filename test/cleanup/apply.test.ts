/**
 * The apply interpreter's guards (D5, D14) and the library API (snapshot → plan → dryRun/apply).
 *
 * The scenarios run on the in-memory file system (`scenario()`, HOME `/home/u` in a memfs
 * volume), the library test with the scenario's memory layer. On the real disk
 * (`diskScenario()`) stay the two D14 tests with the recorded SQLite fixtures: they check the
 * guard reading real SQLite files (copied from test/golden/store/sqlite) through the live layer.
 */
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { decodeSettings } from "../../src/domain/config.js"
import { apply, dryRun } from "../../src/interpreters/index.js"
import { planCleanup } from "../../src/maintenance/index.js"
import { takeSnapshot } from "../../src/interpreters/snapshot.js"
import { Environment } from "../../src/store/environment.js"
import { D, diskScenario, H, MEMORY_HOME, NOW, scenario, type Scenario, SD, store, transcript, ts } from "./helpers.js"

const C = ["sessions", "cleanup"]
const FIXTURES = path.resolve(import.meta.dirname, "../golden/store/sqlite")
let s: Scenario | undefined
afterEach(() => {
  s?.cleanup()
  s = undefined
  // the in-memory scenarios create nothing on the real disk
  expect(fs.existsSync(MEMORY_HOME)).toBe(false)
})

const rows = () => [
  store({ old: { sessionId: "old-1", updatedAt: NOW - 40 * D }, fresh: { sessionId: "fresh-1", updatedAt: NOW - H } }),
  transcript("old-1", NOW - 40 * D),
  transcript("fresh-1")
]

describe("cleanup apply guards", () => {
  it("D14: refuses to write when the agent's SQLite store names session_nodes", async () => {
    s = diskScenario(rows())
    const sqlite = path.join(s.home, ".openclaw/agents/main/agent/openclaw-agent.sqlite")
    fs.mkdirSync(path.dirname(sqlite), { recursive: true })
    fs.copyFileSync(path.join(FIXTURES, "session-era.sqlite"), sqlite)
    const before = s.tree()
    const r = await s.run(C)
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: `Session store is managed by SQLite (OpenClaw 2026.7+): ${sqlite}; refusing to write sessions.json\n`
    })
    expect(s.tree()).toEqual(before)
    expect((await s.run([...C, "--dry-run", "--json"])).code).toBe(0)
  })

  it("D14: an auth-only SQLite file does not block the write", async () => {
    s = diskScenario(rows())
    const sqlite = path.join(s.home, ".openclaw/agents/main/agent/openclaw-agent.sqlite")
    fs.mkdirSync(path.dirname(sqlite), { recursive: true })
    fs.copyFileSync(path.join(FIXTURES, "auth-only.sqlite"), sqlite)
    expect((await s.run(C)).code).toBe(0)
    expect(s.names()).toContain(`old-1.jsonl.deleted.${ts(NOW)}`)
  })

  it("D14: a session-sqlite-import-archive directory in the sessions dir blocks the write", async () => {
    s = scenario(rows())
    s.fs.mkdirSync(path.join(s.sd, "session-sqlite-import-archive"))
    const r = await s.run([...C, "--json"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("refusing to write sessions.json")
    expect(s.names()).toContain("old-1.jsonl")
  })
})

describe("cleanup as a library", () => {
  it("plans once, renders the dry run and applies the same plan type", async () => {
    s = scenario(rows())
    const env = { env: { HOME: s.home }, cwd: s.home, osHomedir: s.home }
    const target = { agentId: "main", storePath: path.join(s.sd, "sessions.json") }
    const settings = { maintenance: decodeSettings({}).session.maintenance, dmScope: "main" as const }
    const options = { dryRun: false, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined }
    const program = Effect.gen(function* () {
      const snapshot = yield* takeSnapshot(target, settings, options, NOW)
      const both = yield* planCleanup(snapshot, settings, options, NOW)
      const plan = both.apply
      return { preview: yield* dryRun(both), plan, applied: (yield* apply(plan)).summary }
    })
    const { preview, plan, applied } = await Effect.runPromise(program.pipe(Effect.provide(Environment.make(env)), Effect.provide(s.layer)))
    expect(preview).toMatchObject({ dryRun: true, beforeCount: 2, afterCount: 1, pruned: 1 })
    expect(plan.rows.map((r) => [r.key, r.action])).toEqual([
      ["old", "prune-stale"],
      ["fresh", "keep"]
    ])
    expect(plan.files.map((f) => [f.op, path.basename(f.path), f.reason])).toEqual([["archive", "old-1.jsonl", "transcript-of-removed-row"]])
    expect(applied).toMatchObject({ dryRun: false, pruned: 1, applied: true, appliedCount: 1 })
    expect(Object.keys(JSON.parse(s.read(`${SD}/sessions.json`)))).toEqual(["fresh"])
  })
})
