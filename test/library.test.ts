/**
 * The public library surface (src/index.ts) used the way an Effect application would: services
 * from values, a pinned clock, programs composed and run.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Layer, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import {
  apply,
  ClawkeepTest,
  diskUsage,
  dryRun,
  runRestore,
  discoverStores,
  Environment,
  exportTrajectory,
  listSessions,
  OpenClawConfig,
  planCleanup,
  takeSnapshot,
  readStore,
  renderListJson,
  runCleanup,
  NodeSessionFs,
  type SessionFs,
  type CleanupOptions
} from "../src/index.js"
import { fixedClock } from "./support/cli.js"
import { tempDir } from "./support/tempDir.js"

const NOW = 1779278400000
const DAY = 86_400_000

const makeState = () => {
  const home = tempDir("clawkeep-lib-")
  const sessions = path.join(home, ".openclaw", "agents", "main", "sessions")
  fs.mkdirSync(sessions, { recursive: true })
  const store = {
    "agent:main:main": { sessionId: "fresh", updatedAt: NOW - 60_000, model: "gpt-5.4" },
    "agent:main:telegram:direct:42": { sessionId: "stale", updatedAt: NOW - 40 * DAY },
    "agent:main:slack:group:g": { sessionId: "grp", updatedAt: NOW - 40 * DAY }
  }
  fs.writeFileSync(path.join(sessions, "sessions.json"), JSON.stringify(store, null, 2))
  for (const id of ["fresh", "stale", "grp"]) {
    fs.writeFileSync(
      path.join(sessions, `${id}.jsonl`),
      `{"type":"session","version":3,"id":"${id}","timestamp":"2026-05-01T00:00:00.000Z","cwd":"/"}\n` +
        `{"type":"message","id":"m1","parentId":null,"timestamp":"2026-05-01T00:00:01.000Z","message":{"role":"user","content":"hi"}}\n`
    )
  }
  const env = Environment.make({ env: { HOME: home }, cwd: home, osHomedir: home })
  const layer = Layer.provideMerge(OpenClawConfig.layer, env)
  return { home, sessions, layer }
}

const run = <A, E>(
  effect: Effect.Effect<A, E, Environment | OpenClawConfig | SessionFs>,
  layer: Layer.Layer<Environment | OpenClawConfig, unknown, SessionFs>
) => effect.pipe(Effect.provide(Layer.provideMerge(layer, NodeSessionFs.layer)), Effect.withClock(fixedClock(NOW)))

describe("library API", () => {
  it.effect("listSessions returns the rows `sessions --json` prints, newest first", () => {
    const { home, layer } = makeState()
    return Effect.gen(function* () {
      const result = yield* listSessions({ limit: "2" })
      expect(result.rows.map((r) => r.json.key)).toEqual(["agent:main:main", "agent:main:telegram:direct:42"])
      expect({ count: result.count, totalCount: result.totalCount, hasMore: result.hasMore }).toEqual({
        count: 2,
        totalCount: 3,
        hasMore: true
      })
      const json = JSON.parse(renderListJson(result))
      expect(json.path).toBe(path.join(home, ".openclaw/agents/main/sessions/sessions.json"))
      expect(json.sessions[0]).toMatchObject({ key: "agent:main:main", ageMs: 60_000, model: "gpt-5.4", kind: "direct" })
    }).pipe((e) => run(e, layer))
  })

  it.effect("a plan interpreted by dryRun matches runCleanup's preview, and apply carries it out", () => {
    const { sessions, layer } = makeState()
    return Effect.gen(function* () {
      const { settings: config } = yield* OpenClawConfig
      const settings = { maintenance: config.session.maintenance, dmScope: config.session.dmScope }
      const options: CleanupOptions = { dryRun: false, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined }
      const target = { agentId: "main", storePath: path.join(sessions, "sessions.json") }

      const preview = yield* runCleanup({ ...options, dryRun: true })
      const snapshot = yield* takeSnapshot(target, settings, options, NOW)
      const both = yield* planCleanup(snapshot, settings, options, NOW)
      const plan = both.preview
      const summary = yield* dryRun(both)
      expect(summary).toEqual(preview.previews[0]!.summary)
      expect(summary).toMatchObject({ beforeCount: 3, afterCount: 2, pruned: 1, wouldMutate: true })
      // the group row is protected, the stale direct row is pruned
      expect(plan.rows.map((r) => [r.key, r.action])).toEqual([
        ["agent:main:main", "keep"],
        ["agent:main:telegram:direct:42", "prune-stale"],
        ["agent:main:slack:group:g", "keep"]
      ])
      expect(fs.readdirSync(sessions).sort()).toEqual(["fresh.jsonl", "grp.jsonl", "sessions.json", "stale.jsonl"])

      // the same plan value: apply executes its apply part, after checking its fingerprints
      const applied = (yield* apply(both.apply)).summary
      expect(applied).toMatchObject({ applied: true, appliedCount: 2, pruned: 1 })
      const after = yield* readStore(target.storePath)
      expect([...after.entries.keys()]).toEqual(["agent:main:main", "agent:main:slack:group:g"])
      expect(fs.readdirSync(sessions).sort()).toEqual([
        "fresh.jsonl",
        "grp.jsonl",
        "sessions.json",
        `stale.jsonl.deleted.${new Date(NOW).toISOString().replace(/:/g, "-")}`
      ])
    }).pipe((e) => run(e, layer))
  })

  it.effect("discoverStores finds a disk-only store the configured targets do not name", () => {
    const { home, layer } = makeState()
    const retired = path.join(home, ".openclaw", "agents", "retired", "sessions")
    fs.mkdirSync(retired, { recursive: true })
    fs.writeFileSync(path.join(retired, "sessions.json"), "{}")
    return Effect.gen(function* () {
      const { settings: config } = yield* OpenClawConfig
      const found = Chunk.toReadonlyArray(yield* Stream.runCollect(discoverStores(config)))
      expect(found.map((s) => s.agentId)).toEqual(["main", "retired"])
    }).pipe((e) => run(e, layer))
  })

  it.effect("exportTrajectory writes a bundle inside the workspace", () => {
    const { home, layer } = makeState()
    const workspace = path.join(home, "ws")
    fs.mkdirSync(workspace)
    return Effect.gen(function* () {
      const summary = yield* exportTrajectory({ sessionKey: "agent:main:main", workspace, output: "bundle" })
      expect(summary.outputDir).toBe(path.join(workspace, ".openclaw", "trajectory-exports", "bundle"))
      expect(summary.files).toEqual(["manifest.json", "events.jsonl", "session-branch.json"])
      expect(summary.transcriptEventCount).toBe(1)
      const manifest = JSON.parse(fs.readFileSync(path.join(summary.outputDir, "manifest.json"), "utf8"))
      expect(manifest).toMatchObject({ sessionId: "fresh", sessionKey: "agent:main:main", eventCount: 1 })
    }).pipe((e) => run(e, layer))
  })

  it.effect("runCleanup, then diskUsage and runRestore: du shows what apply freed, restore puts it back", () => {
    const dir = "/u/.openclaw/agents/main/sessions"
    const files = {
      [`${dir}/sessions.json`]: JSON.stringify({ "agent:main:telegram:direct:1": { sessionId: "old", updatedAt: NOW - 40 * DAY }, "agent:main:main": { sessionId: "new", updatedAt: NOW } }),
      [`${dir}/old.jsonl`]: "x".repeat(1000),
      [`${dir}/new.jsonl`]: "y".repeat(10)
    }
    const kit = ClawkeepTest.make({ home: "/u", files, nowMs: NOW })
    return Effect.gen(function* () {
      const before = kit.fs.snapshot(dir)
      const usage = yield* diskUsage({ top: 1 })
      expect(usage.stores[0]!.cleanup.rowsRemoved).toBe(1)
      const run = yield* runCleanup({ dryRun: false, enforce: true, fixMissing: false, fixDmScope: false, activeKey: undefined })
      const journalId = run.applied![0]!.journalId!
      expect(Object.keys(kit.fs.snapshot(dir)).some((p) => p.startsWith(`${dir}/old.jsonl.deleted.`))).toBe(true)
      const restored = yield* runRestore({ id: journalId, dryRun: false })
      expect(restored.results[0]!.rowsRestored).toEqual(["agent:main:telegram:direct:1"])
      expect(kit.fs.snapshot(dir)).toEqual(before)
    }).pipe(Effect.provide(kit.layer))
  })
})
