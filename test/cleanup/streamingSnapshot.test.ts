/**
 * The streaming snapshot (rows scanned from the file, each kept as its planning projection and
 * read back whole only when needed) gives the same plans as a snapshot of fully parsed rows
 * (the way cleanup read stores before: `readStoreFingerprinted`, every row parsed), on random
 * stores: damaged rows, mistyped fields, duplicate and escaped keys, array-index keys, compact or
 * pretty layouts, large unrelated fields, a disk budget that measures whole rows.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer } from "effect"
import * as path from "node:path"
import type { MaintenanceSettings } from "../../src/domain/config.js"
import { checkpointSessionFiles, isEntryFields, protectionChatTypeOf, sessionFileOf, sessionIdOf, updatedAtOf } from "../../src/domain/entry.js"
import { serializeStore } from "../../src/domain/storeText.js"
import { FsView } from "../../src/maintenance/fsView.js"
import { buildPlan, type CleanupSettings } from "../../src/maintenance/plan.js"
import { InvalidSessionId } from "../../src/maintenance/paths.js"
import type { CleanupOptions, CleanupPlan, Snapshot } from "../../src/maintenance/types.js"
import { takeSnapshot } from "../../src/interpreters/snapshot.js"
import { probePath } from "../../src/store/cleanupSnapshot.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs, type TreeNode } from "../../src/store/memoryFs.js"
import type { SessionFs } from "../../src/store/sessionFs.js"
import { readStoreFingerprinted } from "../../src/store/storeFile.js"

const NOW = 1779278400000
const D = 86_400_000
const DIR = "/h/.openclaw/agents/main/sessions"
const STORE = path.join(DIR, "sessions.json")
const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 300)
const ENV = { env: { HOME: "/h" }, cwd: "/h", osHomedir: "/h" }

const KEYS = [
  "agent:main:main",
  "agent:main:telegram:direct:1",
  "agent:main:telegram:direct:2",
  "agent:main:discord:group:9",
  "agent:main:slack:channel:c:thread:4",
  "agent:main:cron:job-1",
  "agent:main:telegram:group:-100:topic:3",
  "agent:main:subagent:x",
  "7",
  "0",
  "agent:main:caf\u00e9:direct:5",
  'agent:main:"quoted":direct:6'
]
const IDS = ["s0", "s1", "s2", "s3", "s4"]

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 })
const objectEntry = fc.record(
  {
    sessionId: fc.oneof(fc.constantFrom(...IDS), fc.constantFrom<unknown>(7, "", " s1 ", null)),
    updatedAt: fc.oneof(
      fc.constantFrom(0.01, 1, 10, 40, 400).map((days) => Math.round(NOW - days * D)),
      fc.constantFrom<unknown>("2026-01-01", null, -5, 1e400 === Infinity ? 1.5 : 0)
    ),
    chatType: fc.constantFrom<unknown>("group", "direct", " Channel ", 5, null),
    origin: fc.constantFrom<unknown>({ chatType: "group", provider: "slack", from: "x" }, { provider: "discord" }, "str", null, [], { chatType: 3 }),
    sessionFile: fc.constantFrom<unknown>("s1.jsonl", "custom.jsonl", `${DIR}/s2.jsonl`, "/elsewhere/s3.jsonl", "../s4.jsonl", 3, " "),
    compactionCheckpoints: fc.constantFrom<unknown>(
      [{ preCompaction: { sessionFile: "s0.checkpoint.jsonl", summary: "long".repeat(20) } }],
      [null, { preCompaction: { sessionFile: " s1.jsonl " } }],
      [{ preCompaction: 5 }],
      "x",
      []
    ),
    model: fc.constantFrom<unknown>("gpt-5", " claude ", "", 4),
    modelProvider: fc.constantFrom<unknown>("openai", " anthropic"),
    provider: fc.constantFrom<unknown>("telegram", "sms"),
    room: fc.constantFrom<unknown>("general"),
    deliveryContext: fc.constantFrom<unknown>({ channel: "slack", to: "u1", accountId: "a" }, { to: "x" }, null),
    skillsSnapshot: fc.constantFrom<unknown>({ prompt: "p".repeat(300), resolvedSkills: [{ name: "a" }] }, { prompt: "\u2028\u00e9\ud83d\ude00" }),
    inputTokens: fc.constantFrom<unknown>(0, 12, -1, "9"),
    thinkingLevel: fc.constantFrom<unknown>("high", 2)
  },
  { requiredKeys: [] }
)
const entryArb = fc.oneof({ arbitrary: objectEntry, weight: 10 }, { arbitrary: fc.constantFrom<unknown>(null, [1, 2], "row", 5, true, {}), weight: 1 })

/** A member's value as text: pretty, compact or oddly spaced; numbers sometimes in another spelling. */
const valueText = (value: unknown, layout: number): string => {
  const text = layout === 0 ? JSON.stringify(value, null, 2).replace(/\n/g, "\n  ") : layout === 1 ? JSON.stringify(value) : JSON.stringify(value, null, "\t")
  return layout === 2 ? text.replace(/"updatedAt":(\d)/, '"updatedAt": $1').replace(/:(\d+)\b/, ":$1.0") : text
}

const storeArb = fc.record({
  members: fc.array(fc.record({ key: fc.nat(KEYS.length - 1), value: entryArb, layout: fc.nat(2), escapeKey: fc.boolean() }), { maxLength: 10 }),
  pretty: fc.boolean(),
  transcripts: fc.subarray([...IDS, "custom"]),
  sidecars: fc.subarray(IDS)
})

const settingsArb = fc.record({
  mode: fc.constantFrom("enforce" as const, "warn" as const),
  maxEntries: fc.integer({ min: 1, max: 6 }),
  budget: fc.option(fc.record({ max: fc.integer({ min: 100, max: 4000 }), hwRatio: fc.constantFrom(0.5, 1) }), { nil: undefined })
})
const optionsArb = fc.record({ enforce: fc.boolean(), fixMissing: fc.boolean(), fixDmScope: fc.boolean(), active: maybe(fc.nat(KEYS.length - 1)) })

/** The store text: a pretty store written as OpenClaw writes it, or members laid out by hand (duplicates kept). */
const storeText = (s: fc.RecordValue<any>): string => {
  const members = s.members as Array<{ key: number; value: unknown; layout: number; escapeKey: boolean }>
  if (s.pretty) return JSON.stringify(Object.fromEntries(members.map((m) => [KEYS[m.key]!, m.value])), null, 2)
  const keyText = (key: string, escape: boolean) => (escape ? JSON.stringify(key).replace(/a/g, "\\u0061") : JSON.stringify(key))
  return `{${members.map((m) => `\n  ${keyText(KEYS[m.key]!, m.escapeKey)}: ${valueText(m.value, m.layout)}`).join(",")}\n}`
}

/** What the plans say, with the entries the preview carries left out (a projection versus a whole row). */
const comparable = (plan: CleanupPlan | InvalidSessionId) =>
  plan instanceof InvalidSessionId
    ? { invalid: plan.message }
    : {
        preview: { ...plan.preview, rows: plan.preview.rows.map(({ key, action, reason }) => ({ key, action, reason })) },
        apply: { ...plan.apply, rows: plan.apply.rows.toArray() }
      }

describe("the streaming snapshot", () => {
  it("plans exactly as a snapshot of fully parsed rows, on random stores (damaged ones included)", () => {
    let budgetMeasured = 0
    let rulesRead = 0
    let damaged = 0
    fc.assert(
      fc.property(storeArb, settingsArb, optionsArb, (s, st, o) => {
        const text = storeText(s)
        const tree: Record<string, TreeNode> = { [STORE]: { content: text, mtimeMs: NOW } }
        for (const id of s.transcripts) tree[path.join(DIR, `${id}.jsonl`)] = { content: "x".repeat(50), mtimeMs: NOW - 40 * D }
        for (const id of s.sidecars) tree[path.join(DIR, `${id}.trajectory.jsonl`)] = { content: "y", mtimeMs: NOW - 40 * D }
        tree["/elsewhere/s3.jsonl"] = { content: "z", mtimeMs: NOW }
        const maintenance: MaintenanceSettings = {
          mode: st.mode,
          pruneAfterMs: 30 * D,
          maxEntries: st.maxEntries,
          resetArchiveRetentionMs: false,
          maxDiskBytes: st.budget?.max,
          highWaterBytes: st.budget === undefined ? undefined : Math.floor(st.budget.max * st.budget.hwRatio)
        }
        const settings: CleanupSettings = { maintenance, dmScope: "main" }
        const options: CleanupOptions = {
          dryRun: false,
          enforce: o.enforce,
          fixMissing: o.fixMissing,
          fixDmScope: o.fixDmScope,
          activeKey: o.active === undefined ? undefined : KEYS[o.active]
        }
        const mem = memoryFs(tree)
        const run = <A, E>(effect: Effect.Effect<A, E, SessionFs | Environment>): A =>
          Effect.runSync(effect.pipe(Effect.provide(Layer.merge(mem.layer, Environment.make(ENV)))))
        const streamed = run(takeSnapshot({ agentId: "main", storePath: STORE }, settings, options, NOW))
        // the same snapshot with every row parsed whole, as cleanup read stores before
        const read = run(readStoreFingerprinted(STORE))
        const whole: Snapshot = {
          ...streamed,
          store: {
            status: read.status,
            entries: [...read.entries],
            fingerprint: read.fingerprint,
            value: (key) => read.entries.get(key),
            unchanged: () => read.status !== "missing" && read.text === serializeStore(read.entries),
            deepKeys: []
          }
        }
        if ([...read.entries.values()].some((v) => typeof v !== "object" || v === null || Array.isArray(v))) damaged++
        if (st.budget !== undefined && read.entries.size > 0) budgetMeasured++
        const probing = (snapshot: Snapshot) => () => new FsView(snapshot, (p) => probePath(mem.service.sync, p), {})
        const a = buildPlan(streamed, settings, options, NOW, probing(streamed))
        const b = buildPlan(whole, settings, options, NOW, probing(whole))
        expect(comparable(a)).toEqual(comparable(b))
        // read with the rules' fields only (what --json and apply read), the plans are the same
        const rulesOnly = run(takeSnapshot({ agentId: "main", storePath: STORE }, settings, options, NOW, "rules"))
        const rulesPlan = buildPlan(rulesOnly, settings, options, NOW, probing(rulesOnly))
        expect(comparable(rulesPlan)).toEqual(comparable(b))
        // its preview's rows read their entries again (the rules' fields are kept in columns): the
        // rules' readers answer the same on them as on the whole rows
        if (!(rulesPlan instanceof InvalidSessionId)) {
          for (const r of rulesPlan.preview.rows) {
            const whole = read.entries.get(r.key)
            if (isEntryFields(r.entry)) rulesRead++
            for (const reader of [updatedAtOf, sessionIdOf, sessionFileOf, protectionChatTypeOf, checkpointSessionFiles]) {
              expect(reader(r.entry)).toEqual(reader(whole))
            }
          }
        }
        expect(streamed.store.fingerprint).toEqual(read.fingerprint)
        expect(streamed.store.entries.map(([k]) => k)).toEqual([...read.entries.keys()])
      }),
      { numRuns: RUNS }
    )
    // the generator reaches the cases it names
    expect(damaged).toBeGreaterThan(RUNS / 20)
    expect(budgetMeasured).toBeGreaterThan(RUNS / 5)
    expect(rulesRead).toBeGreaterThan(RUNS)
  })
})
