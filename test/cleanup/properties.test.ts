/**
 * Properties of cleanup plans over generated session directories in an in-memory file system
 * (no disk): each case is written into memfs, snapshotted and planned as the CLI does, and
 * "applying twice" applies the plan there and plans again.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer } from "effect"
import * as path from "node:path"
import type { MaintenanceSettings } from "../../src/domain/config.js"
import { buildPlan, type CleanupSettings } from "../../src/maintenance/plan.js"
import { FsView } from "../../src/maintenance/fsView.js"
import { InvalidSessionId, referencedPaths } from "../../src/maintenance/paths.js"
import { isProtectedRow, isSkipped, preserveKeys } from "../../src/maintenance/protection.js"
import { summarize } from "../../src/maintenance/summary.js"
import { listedRows, type PlanRows } from "../../src/maintenance/planRows.js"
import type { ApplyPlan, CleanupOptions, RowPlan, Snapshot } from "../../src/maintenance/types.js"
import { apply } from "../../src/interpreters/apply.js"
import { takeSnapshot } from "../../src/interpreters/snapshot.js"
import { probePath } from "../../src/store/cleanupSnapshot.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs, type MemoryFs, type TreeNode } from "../../src/store/memoryFs.js"
import type { SessionFs } from "../../src/store/sessionFs.js"
import { archiveName } from "../../src/domain/sessionFiles.js"
import { ROW_KEY_SHAPES } from "../support/keyShapes.js"

const NOW = 1779278400000
const D = 86_400_000
const DIR = "/h/.openclaw/agents/main/sessions"
const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 1000)

const SHAPES = ROW_KEY_SHAPES

const rowArb = fc.record({
  shape: fc.nat(SHAPES.length - 1),
  ageDays: fc.constantFrom<number | undefined>(undefined, 0.01, 1, 5, 10, 40, 400),
  id: fc.constantFrom("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", undefined),
  transcript: fc.boolean(),
  fileAgeDays: fc.constantFrom(0, 3, 12, 45),
  size: fc.nat(600),
  chatType: fc.constantFrom<string | undefined>(undefined, undefined, "group", "dm", "thread"),
  sessionFile: fc.constantFrom("none", "none", "none", "custom", "outside", "escape"),
  sidecar: fc.boolean()
})

const snapshotArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 14 }),
  orphans: fc.array(fc.record({ ageDays: fc.constantFrom(1, 8, 45), size: fc.nat(300), kind: fc.constantFrom(".jsonl", ".trajectory.jsonl", ".checkpoint.11111111-1111-4111-8111-111111111111.jsonl") }), { maxLength: 3 }),
  archives: fc.array(fc.record({ ageDays: fc.constantFrom(1, 4, 40), reason: fc.constantFrom("deleted" as const, "reset" as const, "bak" as const), size: fc.nat(200) }), { maxLength: 3 }),
  legacyCopies: fc.boolean(),
  invalidId: fc.constantFrom(false, false, false, false, true)
})

const settingsArb = fc.record({
  mode: fc.constantFrom("enforce" as const, "warn" as const),
  pruneAfterDays: fc.constantFrom(7, 30),
  maxEntries: fc.integer({ min: 1, max: 8 }),
  reset: fc.constantFrom<number | false>(false, 3 * D),
  budget: fc.option(fc.record({ max: fc.integer({ min: 200, max: 6000 }), hwRatio: fc.constantFrom(0.5, 0.8, 1) }), { nil: undefined })
})

const optionsArb = fc.record({
  enforce: fc.boolean(),
  fixMissing: fc.boolean(),
  fixDmScope: fc.boolean(),
  active: fc.option(fc.nat(13), { nil: undefined }),
  activeUpper: fc.boolean()
})

type Gen = { snap: fc.Arbitrary<any>; settings: fc.Arbitrary<any>; options: fc.Arbitrary<any> }
const arbs: Gen = { snap: snapshotArb, settings: settingsArb, options: optionsArb }

interface Generated {
  /** The snapshot taken of the generated tree through the in-memory file system. */
  readonly snapshot: Snapshot
  readonly settings: CleanupSettings
  readonly options: CleanupOptions
  readonly mem: MemoryFs
  /** Runs an effect on the generated tree (in memory). */
  readonly run: <A, E>(effect: Effect.Effect<A, E, SessionFs | Environment>) => A
  /** A view of the snapshot that may ask the in-memory disk what the plans did not. */
  readonly view: () => FsView
}

const ENV = { env: { HOME: "/h" }, cwd: "/h", osHomedir: "/h" }

/** Writes the generated store, listing and outside files into a fresh in-memory file system and snapshots it. */
const generate = (snap: fc.RecordValue<any>, s: any, o: any): Generated => {
  const entries: Array<[string, unknown]> = []
  const tree: Record<string, TreeNode> = {}
  const put = (name: string, size: number, mtimeMs: number) => (tree[path.join(DIR, name)] = { content: "x".repeat(size), mtimeMs })
  const outside = (p: string) => (tree[p] = { content: "xxxxx", mtimeMs: NOW })
  ;(snap.rows as Array<any>).forEach((r, i) => {
    const key = SHAPES[r.shape]!(i)
    if (entries.some(([k]) => k === key)) return
    const entry: Record<string, unknown> = {}
    if (r.id !== undefined) entry["sessionId"] = snap.invalidId && i === 0 ? "agent:bad:id" : r.id
    if (r.ageDays !== undefined) entry["updatedAt"] = Math.round(NOW - r.ageDays * D)
    if (r.chatType !== undefined) entry["chatType"] = r.chatType
    let name = r.id === undefined ? undefined : `${r.id}.jsonl`
    if (r.id !== undefined && r.sessionFile === "custom") name = entry["sessionFile"] = `custom-${r.id}.jsonl`
    if (r.id !== undefined && r.sessionFile === "outside") {
      entry["sessionFile"] = `/elsewhere/${r.id}.jsonl`
      outside(`/elsewhere/${r.id}.jsonl`)
    }
    if (r.id !== undefined && r.sessionFile === "escape") entry["sessionFile"] = `../${r.id}.jsonl`
    entries.push([key, entry])
    if (name !== undefined && r.transcript && tree[path.join(DIR, name)] === undefined) put(name, r.size, NOW - r.fileAgeDays * D)
    if (r.id !== undefined && r.sidecar) put(`${r.id}.trajectory.jsonl`, 10, NOW - r.fileAgeDays * D)
    if (r.id !== undefined && snap.legacyCopies) outside(`/h/.openclaw/sessions/${r.id}.jsonl`)
  })
  ;(snap.orphans as Array<any>).forEach((o2, j) => put(`orphan-${j}${o2.kind}`, o2.size, NOW - o2.ageDays * D))
  ;(snap.archives as Array<any>).forEach((a, j) => {
    const n = archiveName(`old-${j}.jsonl`, a.reason, NOW - a.ageDays * D)
    put(n, a.size, NOW - a.ageDays * D)
  })
  const text = JSON.stringify(Object.fromEntries(entries), null, 2)
  tree[path.join(DIR, "sessions.json")] = { content: text, mtimeMs: NOW }
  const maxDiskBytes = s.budget?.max
  const maintenance: MaintenanceSettings = {
    mode: s.mode,
    pruneAfterMs: s.pruneAfterDays * D,
    maxEntries: s.maxEntries,
    resetArchiveRetentionMs: s.reset,
    maxDiskBytes,
    highWaterBytes: maxDiskBytes === undefined ? undefined : Math.floor(maxDiskBytes * s.budget.hwRatio)
  }
  const activeRaw = o.active === undefined ? undefined : entries[o.active % Math.max(1, entries.length)]?.[0]
  const options: CleanupOptions = {
    dryRun: false,
    enforce: o.enforce,
    fixMissing: o.fixMissing,
    fixDmScope: o.fixDmScope,
    activeKey: activeRaw === undefined ? undefined : o.activeUpper ? ` ${activeRaw.toUpperCase()} ` : activeRaw
  }
  const settings: CleanupSettings = { maintenance, dmScope: "main" }
  const mem = memoryFs(tree)
  const run = <A, E>(effect: Effect.Effect<A, E, SessionFs | Environment>): A =>
    Effect.runSync(effect.pipe(Effect.provide(Layer.merge(mem.layer, Environment.make(ENV)))))
  const snapshot = run(takeSnapshot({ agentId: "main", storePath: path.join(DIR, "sessions.json") }, settings, options, NOW))
  const view = () => new FsView(snapshot, (p) => probePath(mem.service.sync, p), {})
  return { snapshot, settings, options, mem, run, view }
}

/** An apply plan's rows with the entries they were decided on (from the snapshot). */
const withEntries = (plan: ApplyPlan, snapshot: Snapshot): Omit<ApplyPlan, "rows"> & { readonly rows: PlanRows<RowPlan> } => {
  const entries = new Map(snapshot.store.entries)
  return { ...plan, rows: listedRows(plan.rows.map((r) => ({ ...r, entry: entries.get(r.key) }))) }
}

/** The plan of a snapshot: its preview and its apply part (rows with entries), or the invalid id. */
const planOf = (g: Generated, snapshot: Snapshot = g.snapshot) => {
  const plan = buildPlan(snapshot, g.settings, g.options, NOW)
  return plan instanceof InvalidSessionId ? { preview: plan, applied: plan } : { preview: plan.preview, applied: withEntries(plan.apply, snapshot) }
}

const plans = (g: Generated) => planOf(g)
const applyPlanOf = (g: Generated) => planOf(g).applied

const REMOVING = new Set(["prune-stale", "cap-overflow", "evict-budget"])

// Oracles written from the key shapes and entry fields the generator uses (cleanup §4.3, D9),
// independent of src/maintenance, beside the properties that ask the implementation's predicates.

/** Whether a generated row is protected: a channel or thread key, or a group/thread chatType, unless synthetic. */
const protectedByShape = (key: string, entry: unknown): boolean => {
  if (/^agent:[^:]+:(?:cron|subagent):/.test(key)) return false
  if (/:channel:|:thread:/.test(key)) return true
  const chatType = (entry as { chatType?: unknown }).chatType
  return chatType === "group" || chatType === "channel" || chatType === "thread"
}

/** Whether a generated row is skipped by prune, cap and eviction: protected, or the (trimmed, lowercased) active key exactly. */
const skippedByShape = (key: string, entry: unknown, activeKey: string | undefined): boolean =>
  key === activeKey?.trim().toLowerCase() || protectedByShape(key, entry)

/**
 * The files a generated row points at inside the sessions dir: its transcript (`custom-<id>.jsonl`
 * for a custom sessionFile; `<id>.jsonl` otherwise, as an outside or escaping sessionFile falls
 * back to the id) and that transcript's two trajectory sidecars.
 */
const filesOfRow = (entry: unknown): ReadonlyArray<string> => {
  const { sessionId, sessionFile } = entry as { sessionId?: unknown; sessionFile?: unknown }
  if (typeof sessionId !== "string") return []
  const stem = typeof sessionFile === "string" && sessionFile.startsWith("custom-") ? sessionFile.slice(0, -".jsonl".length) : sessionId
  return [`${stem}.jsonl`, `${stem}.trajectory.jsonl`, `${stem}.trajectory-path.json`].map((name) => path.join(DIR, name))
}

describe("cleanup plan properties", () => {
  it.prop(
    "dry-run and apply agree on the repair counts always, and on pruned/capped/afterCount in enforce mode without a disk budget",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      const { preview, applied } = plans(g)
      if (preview instanceof InvalidSessionId || applied instanceof InvalidSessionId) {
        expect(applied instanceof InvalidSessionId).toBe(preview instanceof InvalidSessionId)
        return
      }
      const p = summarize(preview)
      const a = summarize(applied)
      expect(a.missing).toBe(p.missing)
      expect(a.dmScopeRetired).toBe(p.dmScopeRetired)
      expect(a.beforeCount).toBe(p.beforeCount - p.missing - p.dmScopeRetired)
      expect(a.mode).toBe(p.mode)
      if (a.mode === "enforce" && g.settings.maintenance.maxDiskBytes === undefined) {
        expect({ pruned: a.pruned, capped: a.capped, afterCount: a.afterCount }).toEqual({ pruned: p.pruned, capped: p.capped, afterCount: p.afterCount })
      }
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it.prop(
    "applying twice: the second apply prunes, caps and repairs nothing",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      const first = applyPlanOf(g)
      if (first instanceof InvalidSessionId) return
      g.run(apply(first))
      const second = planOf(g, g.run(takeSnapshot(g.snapshot.target, g.settings, g.options, NOW))).applied
      if (second instanceof InvalidSessionId) throw new Error("second apply failed")
      const s = summarize(second)
      expect({ missing: s.missing, dmScopeRetired: s.dmScopeRetired, pruned: s.pruned, capped: s.capped }).toEqual({ missing: 0, dmScopeRetired: 0, pruned: 0, capped: 0 })
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it.prop(
    "protected and active rows are never pruned, capped or evicted",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      const active = g.options.activeKey?.trim().toLowerCase()
      for (const plan of Object.values(plans(g))) {
        if (plan instanceof InvalidSessionId) continue
        for (const r of plan.rows) {
          if (!REMOVING.has(r.action)) continue
          expect(isSkipped(r.key, r.entry, preserveKeys(g.options.activeKey))).toBe(false)
          expect(skippedByShape(r.key, r.entry, g.options.activeKey)).toBe(false)
          expect(r.key.trim().toLowerCase() === active && r.action === "evict-budget").toBe(false)
          expect(r.key === active).toBe(false)
        }
      }
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it.prop(
    "a file still referenced by a kept row is never archived or deleted",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      const { preview, applied } = plans(g)
      for (const plan of [preview, applied]) {
        if (plan instanceof InvalidSessionId) continue
        const kept = plan.rows.withAction("keep").map((r) => [r.key, r.entry] as const)
        const referenced = referencedPaths(g.view(), kept)
        for (const a of plan.files) expect(referenced.has(a.path)).toBe(false)
        const named = new Set(kept.flatMap(([, entry]) => filesOfRow(entry)))
        for (const a of plan.files) expect(named.has(a.path)).toBe(false)
      }
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it.prop(
    "after an enforce apply the row count is at most maxEntries unless skipped rows alone exceed it",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      const plan = applyPlanOf(g)
      if (plan instanceof InvalidSessionId || plan.mode !== "enforce") return
      const kept = plan.rows.withAction("keep")
      const preserve = preserveKeys(g.options.activeKey)
      const skipped = kept.filter((r) => isSkipped(r.key, r.entry, preserve)).length
      expect(kept.length).toBeLessThanOrEqual(Math.max(g.settings.maintenance.maxEntries, skipped))
      const skippedOracle = kept.filter((r) => skippedByShape(r.key, r.entry, g.options.activeKey)).length
      expect(kept.length).toBeLessThanOrEqual(Math.max(g.settings.maintenance.maxEntries, skippedOracle))
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it.prop(
    "no path outside the sessions dir is ever in a plan's file actions",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      for (const plan of Object.values(plans(g))) {
        if (plan instanceof InvalidSessionId) continue
        for (const a of plan.files) {
          expect(path.dirname(a.path)).toBe(DIR)
          if (a.to !== undefined) expect(path.dirname(a.to)).toBe(DIR)
        }
      }
    },
    { fastCheck: { numRuns: RUNS } }
  )
})

describe("cleanup property generators", () => {
  it.prop(
    "the implementation's protection and skip predicates agree with the key-shape oracles on generated rows",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      const preserve = preserveKeys(g.options.activeKey)
      for (const [key, entry] of g.snapshot.store.status === "ok" ? g.snapshot.store.entries : []) {
        expect([key, isProtectedRow(key, entry)]).toEqual([key, protectedByShape(key, entry)])
        expect([key, isSkipped(key, entry, preserve)]).toEqual([key, skippedByShape(key, entry, g.options.activeKey)])
      }
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it.prop(
    "the implementation's referenced paths of the generated rows are the files the oracle names",
    arbs,
    ({ snap, settings, options }) => {
      const g = generate(snap, settings, options)
      if (g.snapshot.store.status !== "ok") return
      const rows = g.snapshot.store.entries.filter(([, entry]) => (entry as { sessionId?: unknown }).sessionId !== "agent:bad:id")
      expect([...referencedPaths(g.view(), rows)].sort()).toEqual([...new Set(Array.from(rows).flatMap(([, entry]) => filesOfRow(entry)))].sort())
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it("exercise archives, sidecar and budget deletions, evictions and outside sessionFiles", () => {
    const samples = fc.sample(fc.record(arbs), { numRuns: 400, seed: 42 })
    const seen = { archive: 0, budgetDelete: 0, evict: 0, sweep: 0, retention: 0, capped: 0, invalid: 0 }
    for (const { snap, settings, options } of samples) {
      const g = generate(snap, settings, options)
      const plan = applyPlanOf(g)
      if (plan instanceof InvalidSessionId) {
        seen.invalid++
        continue
      }
      if (plan.files.some((f) => f.op === "archive")) seen.archive++
      if (plan.files.some((f) => f.reason.startsWith("disk-budget"))) seen.budgetDelete++
      if (plan.files.some((f) => f.reason === "unreferenced-artifact")) seen.sweep++
      if (plan.files.some((f) => f.reason === "archive-retention")) seen.retention++
      if (plan.rows.hasAction("evict-budget")) seen.evict++
      if (plan.rows.hasAction("cap-overflow")) seen.capped++
    }
    for (const [k, v] of Object.entries(seen)) expect([k, v > 5]).toEqual([k, true])
  })
})
