/**
 * Hostile inputs on which the reference loses data and clawkeep must not (D17–D20): rows and
 * trajectory pointers naming the store, a `sessionFile` that is a directory, leftover temp files
 * of a killed apply, and a moved state dir whose rows still hold the old absolute paths. Run end
 * to end through the CLI on the in-memory layer.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer, Schema } from "effect"
import * as path from "node:path"
import type { MaintenanceSettings } from "../../src/domain/config.js"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { apply } from "../../src/interpreters/apply.js"
import { buildPlan, type CleanupSettings } from "../../src/maintenance/plan.js"
import { InvalidSessionId } from "../../src/maintenance/paths.js"
import { ApplyPlanSchema } from "../../src/maintenance/planSchema.js"
import type { ApplyPlan, CleanupOptions, FileAction } from "../../src/maintenance/types.js"
import { takeSnapshot } from "../../src/interpreters/snapshot.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs, type MemoryFs, type TreeNode } from "../../src/store/memoryFs.js"
import type { SessionFs } from "../../src/store/sessionFs.js"
import { ClawkeepTest, type ClawkeepTestKit } from "../../src/testing.js"
import type { FileTree } from "../../src/store/memoryFs.js"

const NOW = 1779278400000
const D = 86_400_000
const MIN = 60_000
const HOME = "/home/u"
const SD = `${HOME}/.openclaw/agents/main/sessions`
const STORE = `${SD}/sessions.json`
const ts = (ms: number) => new Date(ms).toISOString().replace(/:/g, "-")

const line = (id: string) => JSON.stringify({ type: "session", version: 3, id, timestamp: "2026-05-01T00:00:00.000Z", cwd: "/w" }) + "\n"
const storeText = (rows: Record<string, unknown>) => JSON.stringify(rows, null, 2)
const config = (maintenance: Record<string, unknown>) => ({ [`${HOME}/.openclaw/openclaw.json`]: JSON.stringify({ session: { maintenance } }) })

const world = (files: FileTree) => ClawkeepTest.make({ home: HOME, files, nowMs: NOW, env: { NO_COLOR: "1" } })

const run = (kit: ClawkeepTestKit, args: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const stdio = Stdio.memory()
    const code = yield* runCli(["sessions", "cleanup", ...args]).pipe(Effect.provide(Layer.mergeAll(NodeContext.layer, stdio.layer, kit.layer)))
    return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
  })

/** The apply plan the CLI would execute (`--explain --json`). */
const planOf = (kit: ClawkeepTestKit) =>
  Effect.gen(function* () {
    const r = yield* run(kit, ["--explain", "--json"])
    expect(r.code).toBe(0)
    // (the plan as a saved plan is read back: decoded by its Schema)
    return Schema.decodeUnknownSync(ApplyPlanSchema)((JSON.parse(r.stdout) as { plans: ReadonlyArray<unknown> }).plans[0])
  })

const storeKeys = (kit: ClawkeepTestKit) => Object.keys(JSON.parse(kit.fs.snapshot(SD)[STORE] as string) as object)

const pointer = (sessionId: string, runtimeFile: string) =>
  JSON.stringify({ traceSchema: "openclaw-trajectory-pointer", schemaVersion: 1, sessionId, runtimeFile })

describe("the store and clawkeep's own files are never archived or deleted (D17)", () => {
  it.effect("a pruned row's trajectory pointer naming the store: the sidecars go, the store stays", () =>
    Effect.gen(function* () {
      const kit = world({
        [STORE]: {
          content: storeText({
            "agent:main:main": { sessionId: "fresh", updatedAt: NOW - MIN },
            "agent:main:telegram:direct:1": { sessionId: "stale-1", updatedAt: NOW - 40 * D }
          }),
          mtimeMs: NOW - D
        },
        [`${SD}/fresh.jsonl`]: { content: line("fresh"), mtimeMs: NOW - MIN },
        [`${SD}/stale-1.jsonl`]: { content: line("stale-1"), mtimeMs: NOW - 40 * D },
        [`${SD}/stale-1.trajectory.jsonl`]: { content: "{}\n", mtimeMs: NOW - 40 * D },
        [`${SD}/stale-1.trajectory-path.json`]: { content: pointer("stale-1", STORE), mtimeMs: NOW - 40 * D }
      })
      const plan = yield* planOf(kit)
      expect(plan.files.map((f) => f.path)).not.toContain(STORE)
      const r = yield* run(kit, [])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain("Current entries: 1")
      expect(Object.keys(kit.fs.snapshot(SD)).sort()).toEqual([`${SD}/fresh.jsonl`, STORE, `${SD}/stale-1.jsonl.deleted.${ts(NOW)}`])
      expect(storeKeys(kit)).toEqual(["agent:main:main"])
    })
  )

  it.effect("the disk budget evicting a row whose sessionFile is the store: the row goes, the store stays and is not subtracted", () =>
    Effect.gen(function* () {
      const rows = {
        "agent:main:main": { sessionId: "fresh", updatedAt: NOW - MIN },
        "agent:main:telegram:direct:1": { sessionId: "evil", updatedAt: NOW - 2 * D, sessionFile: "sessions.json" },
        "agent:main:telegram:direct:2": { sessionId: "other", updatedAt: NOW - D }
      }
      const kit = world({
        ...config({ maxDiskBytes: 1200, highWaterBytes: 1000 }),
        [STORE]: { content: storeText(rows), mtimeMs: NOW - D },
        [`${SD}/fresh.jsonl`]: { content: "x".repeat(600), mtimeMs: NOW - MIN },
        [`${SD}/other.jsonl`]: { content: "x".repeat(400), mtimeMs: NOW - D },
        [`${SD}/evil.jsonl`]: { content: "x".repeat(100), mtimeMs: NOW - D }
      })
      const preview = yield* run(kit, ["--dry-run", "--json"])
      const plan = yield* planOf(kit)
      for (const f of plan.files) expect(f.path).not.toBe(STORE)
      expect(plan.diskBudget!.totalBytesAfter).toBeGreaterThan(0)
      const r = yield* run(kit, ["--json"])
      expect(r.code).toBe(0)
      const applied = JSON.parse(r.stdout) as { diskBudget: { totalBytesAfter: number; removedEntries: number }; appliedCount: number }
      const dry = JSON.parse(preview.stdout) as { diskBudget: { totalBytesAfter: number } }
      expect(dry.diskBudget.totalBytesAfter).toBeGreaterThan(0)
      expect(applied.diskBudget.removedEntries).toBeGreaterThan(0)
      expect(applied.diskBudget.totalBytesAfter).toBeGreaterThan(0)
      const after = kit.fs.snapshot(SD)
      expect(after[STORE]).toBeDefined()
      expect(storeKeys(kit)).not.toContain("agent:main:telegram:direct:1")
      expect(storeKeys(kit)).toContain("agent:main:main")
      expect(applied.appliedCount).toBe(storeKeys(kit).length)
      // the row's id-named transcript is its artifact no more (its sessionFile wins), so it is a plain orphan
      expect(after[`${SD}/fresh.jsonl`]).toBeDefined()
    })
  )

  it.effect("apply refuses a plan operation on the store or a .clawkeep-* file, whatever the plan says", () =>
    Effect.gen(function* () {
      const kit = world({
        [STORE]: { content: storeText({}), mtimeMs: NOW - D },
        [`${SD}/.clawkeep-write.1.tmp`]: { content: "{}", mtimeMs: NOW - D },
        [`${SD}/link.jsonl`]: { symlink: STORE }
      })
      const base = yield* planOf(kit)
      const op = (a: Partial<FileAction> & { path: string }): FileAction => ({ op: "delete", bytes: 2, counted: false, reason: "unreferenced-artifact", ...a })
      const hostile: ApplyPlan = {
        ...base,
        write: { ...base.write, skip: true },
        files: [
          op({ op: "archive", path: STORE, to: `${STORE}.deleted.x`, reason: "transcript-of-removed-row" }),
          op({ op: "archive", path: `${SD}/link.jsonl`, to: STORE, reason: "transcript-of-removed-row" }),
          op({ path: STORE }),
          op({ path: `${SD}/link.jsonl` }),
          op({ path: `${SD}/.clawkeep-write.1.tmp` })
        ]
      }
      const result = yield* apply(hostile).pipe(Effect.provide(kit.layer))
      expect(result.operations.map((o) => [o.status, o.detail])).toEqual([
        ["skipped", "the session store"],
        ["skipped", "the session store"],
        ["skipped", "the session store"],
        ["skipped", "the session store"],
        ["skipped", "a clawkeep file"]
      ])
      expect(Object.keys(kit.fs.snapshot(SD)).sort()).toEqual([`${SD}/.clawkeep-write.1.tmp`, `${SD}/link.jsonl`, STORE])
    })
  )
})

describe("only regular files are archived (D18)", () => {
  it.effect("a pruned row whose sessionFile is a directory: the row goes, the directory stays", () =>
    Effect.gen(function* () {
      const kit = world({
        [STORE]: {
          content: storeText({
            "agent:main:main": { sessionId: "fresh", updatedAt: NOW - MIN },
            "agent:main:telegram:direct:1": { sessionId: "stale-1", updatedAt: NOW - 40 * D, sessionFile: "keep" }
          }),
          mtimeMs: NOW - D
        },
        [`${SD}/fresh.jsonl`]: { content: line("fresh"), mtimeMs: NOW - MIN },
        [`${SD}/keep/precious.txt`]: { content: "data", mtimeMs: NOW - 40 * D }
      })
      const plan = yield* planOf(kit)
      expect(plan.files).toEqual([])
      const r = yield* run(kit, [])
      expect(r.code).toBe(0)
      expect(kit.fs.snapshot(SD)[`${SD}/keep/precious.txt`]).toBe("data")
      expect(storeKeys(kit)).toEqual(["agent:main:main"])
    })
  )

  it.effect("apply skips an archive of something that is not a regular file", () =>
    Effect.gen(function* () {
      const kit = world({ [STORE]: { content: storeText({}), mtimeMs: NOW - D }, [`${SD}/dir/x`]: "x" })
      const base = yield* planOf(kit)
      const hostile: ApplyPlan = {
        ...base,
        files: [{ op: "archive", path: `${SD}/dir`, to: `${SD}/dir.deleted.x`, bytes: 0, counted: false, reason: "transcript-of-removed-row" }]
      }
      const result = yield* apply(hostile).pipe(Effect.provide(kit.layer))
      expect(result.operations[0]).toMatchObject({ status: "skipped", detail: "not a regular file" })
      expect(kit.fs.snapshot(SD)[`${SD}/dir/x`]).toBe("x")
    })
  )
})

describe("an archive never replaces what already has its name", () => {
  it.effect("a file or a directory at <file>.deleted.<now>: the transcript is archived a millisecond later, the other stays", () =>
    Effect.gen(function* () {
      const taken = `${SD}/s0.jsonl.deleted.${ts(NOW)}`
      for (const node of [{ content: "an earlier archive", mtimeMs: NOW - D }, { symlink: "/nowhere" }, null] as const) {
        const kit = world({
          [STORE]: { content: storeText({ "agent:main:telegram:direct:1": { sessionId: "s0", updatedAt: NOW - 40 * D } }), mtimeMs: NOW - D },
          [`${SD}/s0.jsonl`]: { content: line("s0"), mtimeMs: NOW - D },
          [node === null ? `${taken}/inner.txt` : taken]: node === null ? "inside" : node
        })
        const before = kit.fs.snapshot(SD)
        expect((yield* run(kit, [])).code).toBe(0)
        const after = kit.fs.snapshot(SD)
        expect(after[`${SD}/s0.jsonl.deleted.${ts(NOW + 1)}`]).toBe(line("s0"))
        const kept = node === null ? `${taken}/inner.txt` : taken
        expect(after[kept]).toEqual(before[kept])
      }
    })
  )
})

describe("leftover temp files of a killed apply (D19)", () => {
  const rows = Object.fromEntries(
    Array.from({ length: 7 }, (_, i) => [`agent:main:telegram:direct:${i}`, { sessionId: `s${i}`, updatedAt: NOW - (i + 1) * 60 * MIN }])
  )
  const tree = (tmpAgeMs: number): FileTree => ({
    ...config({ maxDiskBytes: "100kb", highWaterBytes: "80kb" }),
    [STORE]: { content: storeText(rows), mtimeMs: NOW - D },
    ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`${SD}/s${i}.jsonl`, { content: "x".repeat(1000), mtimeMs: NOW - D }])),
    [`${SD}/.clawkeep-write.dead.9.tmp`]: { content: "y".repeat(300_000), mtimeMs: NOW - tmpAgeMs }
  })

  it.effect("the budget does not count it, and apply removes it when older than 10 minutes (not counted)", () =>
    Effect.gen(function* () {
      const kit = world(tree(11 * MIN))
      const preview = JSON.parse((yield* run(kit, ["--dry-run", "--json"])).stdout) as {
        diskBudget: { totalBytesBefore: number; removedEntries: number; overBudget: boolean }
        unreferencedArtifacts: { scannedFiles: number }
      }
      expect(preview.diskBudget.overBudget).toBe(false)
      expect(preview.diskBudget.removedEntries).toBe(0)
      expect(preview.diskBudget.totalBytesBefore).toBeLessThan(100_000)
      expect(preview.unreferencedArtifacts.scannedFiles).toBe(8)
      const plan = yield* planOf(kit)
      expect(plan.files).toEqual([
        expect.objectContaining({ op: "delete", path: `${SD}/.clawkeep-write.dead.9.tmp`, reason: "stale-temp-file", counted: false, bytes: 300_000 })
      ])
      const r = yield* run(kit, ["--json"])
      expect(r.code).toBe(0)
      const applied = JSON.parse(r.stdout) as { appliedCount: number; diskBudget: { removedEntries: number; removedFiles: number } }
      expect([applied.appliedCount, applied.diskBudget.removedEntries, applied.diskBudget.removedFiles]).toEqual([7, 0, 0])
      expect(kit.fs.snapshot(SD)[`${SD}/.clawkeep-write.dead.9.tmp`]).toBeUndefined()
      expect(storeKeys(kit)).toHaveLength(7)
    })
  )

  it.effect("a fresh temp file (a concurrent writer's) is left alone and still not counted", () =>
    Effect.gen(function* () {
      const kit = world(tree(9 * MIN))
      const plan = yield* planOf(kit)
      expect(plan.files).toEqual([])
      expect(plan.diskBudget!.overBudget).toBe(false)
      const r = yield* run(kit, [])
      expect(r.code).toBe(0)
      expect(kit.fs.snapshot(SD)[`${SD}/.clawkeep-write.dead.9.tmp`]).toBeDefined()
    })
  )

  it.effect("a stale temp file that a kept row names as its sessionFile is the row's file: kept", () =>
    Effect.gen(function* () {
      const named = { ...rows, "agent:main:main": { sessionId: "named", updatedAt: NOW - MIN, sessionFile: ".clawkeep-write.dead.9.tmp" } }
      const kit = world({ ...tree(45 * D), [STORE]: { content: storeText(named), mtimeMs: NOW - D } })
      expect((yield* planOf(kit)).files).toEqual([])
      expect((yield* run(kit, [])).code).toBe(0)
      expect(kit.fs.snapshot(SD)[`${SD}/.clawkeep-write.dead.9.tmp`]).toBe("y".repeat(300_000))
    })
  )

  it.effect("the sweep never removes a .clawkeep-* file, even one named like a transcript", () =>
    Effect.gen(function* () {
      const kit = world({
        [STORE]: { content: storeText({}), mtimeMs: NOW - D },
        [`${SD}/.clawkeep-plan.x.jsonl`]: { content: "z", mtimeMs: NOW - 40 * D },
        [`${SD}/orphan.jsonl`]: { content: "o", mtimeMs: NOW - 40 * D }
      })
      const plan = yield* planOf(kit)
      expect(plan.files.map((f) => f.path)).toEqual([`${SD}/orphan.jsonl`])
      yield* run(kit, [])
      expect(Object.keys(kit.fs.snapshot(SD)).sort()).toEqual([`${SD}/.clawkeep-plan.x.jsonl`, STORE])
    })
  )
})

describe("a moved state dir: transcripts named after kept rows stay (D20)", () => {
  it.effect("rows with absolute sessionFiles of the old place keep their in-dir transcripts, sidecars and checkpoints", () =>
    Effect.gen(function* () {
      const OLD = "/old/home/.openclaw/agents/main/sessions"
      const CK = "a.checkpoint.11111111-1111-4111-8111-111111111111.jsonl"
      const kit = world({
        [STORE]: {
          content: storeText({
            "agent:main:main": { sessionId: "a", updatedAt: NOW - MIN, sessionFile: `${OLD}/a.jsonl` },
            "agent:main:telegram:direct:1": {
              sessionId: "b",
              updatedAt: NOW - D,
              sessionFile: `${OLD}/b.jsonl`,
              compactionCheckpoints: [{ preCompaction: { sessionFile: `${OLD}/${CK}` } }]
            }
          }),
          mtimeMs: NOW - D
        },
        [`${SD}/a.jsonl`]: { content: line("a"), mtimeMs: NOW - 40 * D },
        [`${SD}/a.trajectory.jsonl`]: { content: "{}\n", mtimeMs: NOW - 40 * D },
        [`${SD}/a.trajectory-path.json`]: { content: pointer("a", `${SD}/a.trajectory.jsonl`), mtimeMs: NOW - 40 * D },
        [`${SD}/${CK}`]: { content: line("a"), mtimeMs: NOW - 40 * D },
        [`${SD}/b.jsonl`]: { content: line("b"), mtimeMs: NOW - 40 * D },
        [`${SD}/gone.jsonl`]: { content: line("gone"), mtimeMs: NOW - 40 * D }
      })
      const before = kit.fs.snapshot(SD)
      const plan = yield* planOf(kit)
      expect(plan.files.map((f) => f.path)).toEqual([`${SD}/gone.jsonl`])
      const r = yield* run(kit, [])
      expect(r.code).toBe(0)
      const { [`${SD}/gone.jsonl`]: gone, ...kept } = before
      expect(gone).toBeDefined()
      expect(kit.fs.snapshot(SD)).toEqual(kept)
    })
  )

  it.effect("a kept row keeps the file its sessionFile names read literally: without a session id, or through `..` (sweep and disk budget)", () =>
    Effect.gen(function* () {
      for (const row of [
        { sessionId: 7, sessionFile: "own.jsonl" },
        { sessionId: "a", sessionFile: "../sessions/own.jsonl" }
      ]) {
        const kit = world({
          ...config({ maxDiskBytes: 1 }),
          [STORE]: { content: storeText({ "agent:main:slack:channel:c1": { ...row, updatedAt: NOW - MIN } }), mtimeMs: NOW - D },
          [`${SD}/own.jsonl`]: { content: line("own"), mtimeMs: NOW - 40 * D },
          [`${SD}/gone.jsonl`]: { content: line("gone"), mtimeMs: NOW - 40 * D }
        })
        expect((yield* planOf(kit)).files.map((f) => f.path)).toEqual([`${SD}/gone.jsonl`])
        expect((yield* run(kit, [])).code).toBe(0)
        expect(Object.keys(kit.fs.snapshot(SD)).sort()).toEqual([`${SD}/own.jsonl`, STORE])
      }
    })
  )

  it.effect("an archive a kept row names as its sessionFile stays: archive retention and the disk budget skip it", () =>
    Effect.gen(function* () {
      const named = `a.jsonl.deleted.${ts(NOW - 40 * D)}`
      const other = `b.jsonl.deleted.${ts(NOW - 40 * D)}`
      for (const maintenance of [{ resetArchiveRetention: "1d" }, { maxDiskBytes: 1 }]) {
        const kit = world({
          ...config(maintenance),
          [STORE]: {
            content: storeText({
              // a channel row: protected from the budget's eviction
              "agent:main:slack:channel:c1": { sessionId: "a", updatedAt: NOW - MIN, sessionFile: named },
              "agent:main:telegram:direct:1": { sessionId: "old", updatedAt: NOW - 40 * D }
            }),
            mtimeMs: NOW - D
          },
          [`${SD}/${named}`]: { content: line("a"), mtimeMs: NOW - 40 * D },
          [`${SD}/${other}`]: { content: line("b"), mtimeMs: NOW - 40 * D },
          [`${SD}/old.jsonl`]: { content: line("old"), mtimeMs: NOW - 40 * D }
        })
        expect((yield* run(kit, [])).code).toBe(0)
        const left = kit.fs.snapshot(SD)
        expect(left[`${SD}/${named}`]).toBe(line("a"))
        expect(left[`${SD}/${other}`]).toBeUndefined()
      }
    })
  )

  it.effect("the disk budget does not delete them either", () =>
    Effect.gen(function* () {
      const OLD = "/old/home/.openclaw/agents/main/sessions"
      const kit = world({
        ...config({ maxDiskBytes: 1500, highWaterBytes: 1200 }),
        [STORE]: {
          content: storeText({ "agent:main:main": { sessionId: "a", updatedAt: NOW - MIN, sessionFile: `${OLD}/a.jsonl` } }),
          mtimeMs: NOW - D
        },
        [`${SD}/a.jsonl`]: { content: "x".repeat(1000), mtimeMs: NOW - 2 * D },
        [`${SD}/orphan.jsonl`]: { content: "x".repeat(600), mtimeMs: NOW - D }
      })
      const plan = yield* planOf(kit)
      expect(plan.files.map((f) => [f.path, f.reason])).toEqual([[`${SD}/orphan.jsonl`, "disk-budget-file"]])
    })
  )
})

// --- property: no plan ever targets the store or a clawkeep file ------------------------------

const PDIR = "/h/.openclaw/agents/main/sessions"
const PSTORE = `${PDIR}/sessions.json`
const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 1000)

/** Where a generated row's `sessionFile` points: nowhere special, or at the store / a clawkeep file / a directory. */
const SESSION_FILES = ["none", "none", "store", "store-abs", "store-dot", "temp", "dir", "alias"] as const
/** What a generated row's trajectory pointer names as its `runtimeFile`. */
const RUNTIMES = ["none", "store", "store-rel", "temp", "alias", "own"] as const

const hostileRowArb = fc.record({
  direct: fc.boolean(),
  ageDays: fc.constantFrom(0.01, 1, 5, 40),
  sessionFile: fc.constantFrom(...SESSION_FILES),
  transcript: fc.boolean(),
  size: fc.nat(800),
  pointer: fc.constantFrom(...RUNTIMES)
})

const hostileArb = fc.record({
  rows: fc.array(hostileRowArb, { minLength: 1, maxLength: 8 }),
  temps: fc.array(fc.record({ ageMin: fc.constantFrom(1, 9, 11, 600), size: fc.nat(3000), prefix: fc.constantFrom(".clawkeep-write", ".clawkeep-plan") }), { maxLength: 2 }),
  aliasToStore: fc.boolean(),
  orphans: fc.nat(2),
  maxEntries: fc.integer({ min: 1, max: 6 }),
  budget: fc.option(fc.record({ max: fc.integer({ min: 200, max: 5000 }), hwRatio: fc.constantFrom(0.5, 0.8) }), { nil: undefined }),
  mode: fc.constantFrom("enforce" as const, "warn" as const)
})

type Hostile = typeof hostileArb extends fc.Arbitrary<infer T> ? T : never

const hostileWorld = (h: Hostile) => {
  const tree: Record<string, TreeNode> = {}
  const entries: Record<string, unknown> = {}
  const sessionFileOf: Record<(typeof SESSION_FILES)[number], (id: string) => string | undefined> = {
    none: () => undefined,
    store: () => "sessions.json",
    "store-abs": () => PSTORE,
    "store-dot": () => "./sessions.json",
    temp: () => ".clawkeep-write.dead.77.tmp",
    dir: (id) => `dir-${id}`,
    alias: () => "alias.jsonl"
  }
  h.rows.forEach((r, i) => {
    const id = `s${i}`
    const key = r.direct ? `agent:main:telegram:direct:${i}` : `agent:main:opaque-${i}`
    const sessionFile = sessionFileOf[r.sessionFile](id)
    entries[key] = { sessionId: id, updatedAt: Math.round(NOW - r.ageDays * D), ...(sessionFile === undefined ? {} : { sessionFile }) }
    const mtimeMs = Math.round(NOW - r.ageDays * D)
    if (r.sessionFile === "dir") tree[`${PDIR}/dir-${id}/inside.txt`] = { content: "keep me", mtimeMs }
    if (r.transcript) tree[`${PDIR}/${id}.jsonl`] = { content: "x".repeat(r.size), mtimeMs }
    const runtime = { none: undefined, store: PSTORE, "store-rel": ".openclaw/agents/main/sessions/sessions.json", temp: `${PDIR}/.clawkeep-write.dead.77.tmp`, alias: `${PDIR}/alias.jsonl`, own: `${PDIR}/${id}.trajectory.jsonl` }[r.pointer]
    if (runtime !== undefined) {
      const transcript = sessionFile === undefined || r.sessionFile === "dir" ? `${id}.jsonl` : path.basename(sessionFile)
      const stem = transcript.endsWith(".jsonl") ? transcript.slice(0, -".jsonl".length) : transcript
      tree[`${PDIR}/${stem}.trajectory-path.json`] = { content: pointer(id, runtime), mtimeMs }
    }
  })
  h.temps.forEach((t, j) => (tree[`${PDIR}/${t.prefix}.dead.${70 + j}.tmp`] = { content: "t".repeat(t.size), mtimeMs: NOW - t.ageMin * MIN }))
  tree[`${PDIR}/.clawkeep-write.dead.77.tmp`] ??= { content: "{}", mtimeMs: NOW - 40 * D }
  if (h.aliasToStore) tree[`${PDIR}/alias.jsonl`] = { symlink: PSTORE }
  for (let j = 0; j < h.orphans; j++) tree[`${PDIR}/orphan-${j}.jsonl`] = { content: "o".repeat(200), mtimeMs: NOW - 40 * D }
  tree[PSTORE] = { content: storeText(entries), mtimeMs: NOW - D }
  const maxDiskBytes = h.budget?.max
  const maintenance: MaintenanceSettings = {
    mode: h.mode,
    pruneAfterMs: 30 * D,
    maxEntries: h.maxEntries,
    resetArchiveRetentionMs: 30 * D,
    maxDiskBytes,
    highWaterBytes: maxDiskBytes === undefined || h.budget === undefined ? undefined : Math.floor(maxDiskBytes * h.budget.hwRatio)
  }
  const settings: CleanupSettings = { maintenance, dmScope: "main" }
  const options: CleanupOptions = { dryRun: false, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined }
  const mem = memoryFs(tree)
  const runSync = <A, E>(effect: Effect.Effect<A, E, SessionFs | Environment>): A =>
    Effect.runSync(effect.pipe(Effect.provide(Layer.merge(mem.layer, Environment.make({ env: { HOME: "/h" }, cwd: "/h", osHomedir: "/h" })))))
  const snapshot = runSync(takeSnapshot({ agentId: "main", storePath: PSTORE }, settings, options, NOW))
  const plan = buildPlan(snapshot, settings, options, NOW)
  if (plan instanceof InvalidSessionId) throw new Error(plan.message)
  return { tree, mem, runSync, plan }
}

const forbiddenTarget = (mem: MemoryFs, a: FileAction, p: string): string | undefined => {
  const vol = mem.volume
  const real = vol.existsSync(p) ? String(vol.realpathSync(p)) : p
  if (p === PSTORE || real === PSTORE) return "the store"
  const names = [path.basename(p), path.basename(real)]
  const staleTemp = a.reason === "stale-temp-file" && p === a.path && names.every((n) => /^\.clawkeep-write\..+\.tmp$/.test(n))
  if (names.some((n) => n.startsWith(".clawkeep-")) && !staleTemp) return "a clawkeep file"
  if (a.reason === "stale-temp-file" && !staleTemp) return "not a temp file"
  if (p === a.path && vol.existsSync(p) && vol.statSync(p).isDirectory()) return "a directory"
  return undefined
}

describe("no plan targets the store, a clawkeep file or a directory (property)", () => {
  it.prop(
    "every file action of the preview and the apply plan spares them, and an apply leaves the store with the planned rows",
    [hostileArb],
    ([h]) => {
      const { mem, runSync, plan } = hostileWorld(h)
      for (const part of [plan.preview, plan.apply]) {
        for (const a of part.files) {
          expect([a.path, forbiddenTarget(mem, a, a.path)]).toEqual([a.path, undefined])
          if (a.to !== undefined) expect([a.to, forbiddenTarget(mem, a, a.to)]).toEqual([a.to, undefined])
        }
        if (part.diskBudget !== null) expect(part.diskBudget.totalBytesAfter).toBeGreaterThan(0)
      }
      const result = runSync(apply(plan.apply))
      expect(result.operations.filter((o) => o.status === "failed").map((o) => o.detail)).toEqual([])
      const after = mem.snapshot(PDIR)
      expect(Object.keys(JSON.parse(after[PSTORE] as string) as object)).toEqual(plan.apply.write.keys)
      for (const [i, r] of h.rows.entries()) if (r.sessionFile === "dir") expect(after[`${PDIR}/dir-s${i}/inside.txt`]).toBe("keep me")
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it("the generator produces rows and pointers naming the store, evicted and pruned, and stale temp files", () => {
    const seen = { storeRowRemoved: 0, storeRowEvicted: 0, pointerToStoreRemoved: 0, aliasRemoved: 0, dirRowRemoved: 0, staleTemp: 0, freshTemp: 0 }
    for (const h of fc.sample(hostileArb, { numRuns: 300, seed: 7 })) {
      const { plan } = hostileWorld(h)
      const removed = new Set(plan.apply.rows.without("keep").map((r) => r.key))
      const evicted = new Set(plan.apply.rows.withAction("evict-budget").map((r) => r.key))
      h.rows.forEach((r, i) => {
        const key = r.direct ? `agent:main:telegram:direct:${i}` : `agent:main:opaque-${i}`
        const storeRow = r.sessionFile === "store" || r.sessionFile === "store-abs" || r.sessionFile === "store-dot"
        if (storeRow && removed.has(key)) seen.storeRowRemoved++
        if (storeRow && evicted.has(key)) seen.storeRowEvicted++
        if ((r.pointer === "store" || r.pointer === "store-rel") && removed.has(key)) seen.pointerToStoreRemoved++
        if (r.sessionFile === "alias" && h.aliasToStore && removed.has(key)) seen.aliasRemoved++
        if (r.sessionFile === "dir" && removed.has(key)) seen.dirRowRemoved++
      })
      if (plan.apply.files.some((f) => f.reason === "stale-temp-file")) seen.staleTemp++
      if (h.temps.some((t) => t.prefix === ".clawkeep-write" && t.ageMin < 10)) seen.freshTemp++
    }
    for (const [k, v] of Object.entries(seen)) expect([k, v > 5]).toEqual([k, true])
  })
})
