/**
 * `sessions prune` on generated stores (in memory): it removes exactly the rows its selectors
 * choose that cleanup does not protect — checked against an oracle written from the selector
 * definitions over the generator's own labels, not from the implementation — touches only the
 * files of removed sessions, and `sessions restore` puts everything back byte for byte. The
 * generator is checked to produce every selector both selecting and excluding rows.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { runPrune } from "../../src/interpreters/prune.js"
import { runRestore } from "../../src/interpreters/restore.js"
import { parsePruneSelectors } from "../../src/maintenance/prune.js"
import { ClawkeepTest } from "../../src/testing.js"
import type { FileTree } from "../../src/store/memoryFs.js"

const NOW = 1779278400000
const D = 86_400_000
const HOME = "/h"
const DIR = `${HOME}/.openclaw/agents/main/sessions`
const STORE = `${DIR}/sessions.json`
const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 200)

/** Key shapes with the kinds (list kind and finer kind) and protection they have by definition. */
const SHAPES = {
  direct: { key: (i: number) => `agent:main:telegram:direct:${i}`, kinds: ["direct"], protected: false },
  group: { key: (i: number) => `agent:main:slack:group:g${i}`, kinds: ["group"], protected: true },
  thread: { key: (i: number) => `agent:main:telegram:direct:${i}:thread:${i}`, kinds: ["direct"], protected: true },
  chatGroup: { key: (i: number) => `agent:main:x${i}`, kinds: ["group"], protected: true },
  cronJob: { key: (i: number) => `agent:main:cron:job${i}`, kinds: ["cron"], protected: false },
  cronRun: { key: (i: number) => `agent:main:cron:job${i}:run:r${i}`, kinds: ["cron", "cron-run"], protected: false },
  subagent: { key: (i: number) => `agent:main:subagent:a${i}`, kinds: ["direct", "subagent"], protected: false },
  hook: { key: (i: number) => `agent:main:hook:h${i}`, kinds: ["direct", "hook"], protected: false },
  heartbeat: { key: (i: number) => `agent:main:hb${i}:heartbeat`, kinds: ["direct", "heartbeat"], protected: false },
  legacy: { key: (i: number) => `legacy-${i}`, kinds: ["direct"], protected: false }
} as const
type Shape = keyof typeof SHAPES

/** Channel fields and the channel each stands for. */
const CHANNELS = {
  none: { fields: {}, channel: undefined },
  lastChannel: { fields: { lastChannel: "telegram" }, channel: "telegram" },
  alias: { fields: { channel: " Teams " }, channel: "msteams" },
  origin: { fields: { origin: { provider: "slack" } }, channel: "slack" },
  both: { fields: { lastChannel: "slack", channel: "telegram" }, channel: "slack" }
} as const

const TOKENS = {
  none: { fields: {}, idle: true },
  zero: { fields: { totalTokens: 0, inputTokens: 0 }, idle: true },
  total: { fields: { totalTokens: 1200 }, idle: false },
  output: { fields: { outputTokens: 3, totalTokens: 0 }, idle: false },
  one: { fields: { inputTokens: 1 }, idle: false }
} as const

const rowArb = fc.record({
  shape: fc.constantFrom(...(Object.keys(SHAPES) as Array<Shape>)),
  ageDays: fc.constantFrom<number | undefined>(undefined, 0.25, 3, 10, 45),
  tokens: fc.constantFrom(...(Object.keys(TOKENS) as Array<keyof typeof TOKENS>)),
  channel: fc.constantFrom(...(Object.keys(CHANNELS) as Array<keyof typeof CHANNELS>)),
  transcript: fc.constantFrom("none", "own", "own", "custom"),
  sidecar: fc.boolean(),
  sharesFirst: fc.constantFrom(false, false, true)
})

const GLOBS = ["agent:main:cron:*", "*:run:*", "legacy-?", "agent:main:telegram:direct:1*", "*heartbeat", "agent:main:??:*", "*"] as const
const KINDS = ["direct", "group", "cron", "cron-run", "subagent", "hook", "heartbeat"] as const
const DURATIONS = { "1d": D, "7d": 7 * D, "30d": 30 * D, "12h": D / 2, "1h30m": 1.5 * 3_600_000 } as const

/** Each selector is given in about a third of the cases (so that some rows pass all the others). */
const sometimes = <A>(absent: A, present: fc.Arbitrary<A>): fc.Arbitrary<A> =>
  fc.oneof({ arbitrary: fc.constant(absent), weight: 2 }, { arbitrary: present, weight: 1 })

const selectorsArb = fc.record({
  match: sometimes<ReadonlyArray<string>>([], fc.uniqueArray(fc.constantFrom(...GLOBS), { minLength: 1, maxLength: 2 })),
  kind: sometimes<ReadonlyArray<string>>([], fc.uniqueArray(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 2 })),
  olderThan: sometimes<keyof typeof DURATIONS | undefined>(undefined, fc.constantFrom(...(Object.keys(DURATIONS) as Array<keyof typeof DURATIONS>))),
  idle: sometimes(false, fc.constant(true)),
  channel: sometimes<ReadonlyArray<string>>([], fc.uniqueArray(fc.constantFrom("telegram", "msteams", "slack", "teams"), { minLength: 1, maxLength: 2 })),
  missingTranscript: sometimes(false, fc.constant(true))
})

const caseArb = fc.record({
  rows: fc.array(rowArb, { minLength: 1, maxLength: 10 }),
  selectors: selectorsArb,
  includeProtected: fc.boolean(),
  activeRow: fc.option(fc.nat(9), { nil: undefined }),
  trash: fc.boolean(),
  compact: fc.boolean()
})
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never
type Row = Case["rows"][number]

const idOf = (c: Case, i: number) => (i > 0 && c.rows[i]!.sharesFirst ? "s0" : `s${i}`)
const transcriptName = (c: Case, i: number) => (c.rows[i]!.transcript === "custom" ? `custom-${idOf(c, i)}.jsonl` : `${idOf(c, i)}.jsonl`)

const treeOf = (c: Case): FileTree => {
  const tree: Record<string, FileTree[string]> = {}
  const store: Record<string, unknown> = {}
  c.rows.forEach((r, i) => {
    const entry: Record<string, unknown> = { sessionId: idOf(c, i) }
    if (r.ageDays !== undefined) entry["updatedAt"] = Math.round(NOW - r.ageDays * D)
    if (r.shape === "chatGroup") entry["chatType"] = "group"
    if (r.transcript === "custom") entry["sessionFile"] = transcriptName(c, i)
    Object.assign(entry, TOKENS[r.tokens].fields, CHANNELS[r.channel].fields)
    store[SHAPES[r.shape].key(i)] = entry
    if (r.transcript !== "none") tree[`${DIR}/${transcriptName(c, i)}`] = { content: `t${i}`.repeat(20), mtimeMs: NOW - D }
    if (r.sidecar) tree[`${DIR}/${idOf(c, i)}.trajectory.jsonl`] = { content: `side${i}`, mtimeMs: NOW - D }
  })
  tree[`${DIR}/orphan.jsonl`] = { content: "orphan", mtimeMs: NOW - 90 * D }
  tree[`${DIR}/old.jsonl.deleted.2026-01-01T00-00-00.000Z`] = { content: "archive", mtimeMs: NOW - 90 * D }
  tree[STORE] = { content: c.compact ? JSON.stringify(store) : JSON.stringify(store, null, 2), mtimeMs: NOW }
  return tree
}

/** Wildcard match by recursion (`*` any run, `?` one character), independent of the RegExp the code builds. */
const wildcard = (glob: string, text: string): boolean => {
  if (glob === "") return text === ""
  if (glob[0] === "*") return wildcard(glob.slice(1), text) || (text !== "" && wildcard(glob, text.slice(1)))
  if (text === "") return false
  return (glob[0] === "?" || glob[0] === text[0]) && wildcard(glob.slice(1), text.slice(1))
}

const channelId = (c: string) => (c === "teams" ? "msteams" : c)

/** Each selector's verdict on one row, from the generator's labels and the selector definitions. */
const verdicts = (c: Case, r: Row, i: number): Record<string, boolean> => {
  const s = c.selectors
  const key = SHAPES[r.shape].key(i)
  const own = c.rows.some((_, j) => j !== i && idOf(c, j) === idOf(c, i) && c.rows[j]!.transcript !== "none" && transcriptName(c, j) === transcriptName(c, i))
  const out: Record<string, boolean> = {}
  if (s.match.length > 0) out["match"] = s.match.some((g) => wildcard(g, key))
  if (s.kind.length > 0) out["kind"] = s.kind.some((k) => (SHAPES[r.shape].kinds as ReadonlyArray<string>).includes(k))
  if (s.olderThan !== undefined) out["olderThan"] = r.ageDays !== undefined && Math.round(NOW - r.ageDays * D) < NOW - DURATIONS[s.olderThan]
  if (s.idle) out["idle"] = TOKENS[r.tokens].idle
  if (s.channel.length > 0) out["channel"] = s.channel.some((ch) => channelId(ch) === CHANNELS[r.channel].channel)
  if (s.missingTranscript) out["missingTranscript"] = r.transcript === "none" && !own
  return out
}

const expectedRemoved = (c: Case): ReadonlySet<string> => {
  const out = new Set<string>()
  c.rows.forEach((r, i) => {
    const key = SHAPES[r.shape].key(i)
    if (!Object.values(verdicts(c, r, i)).every(Boolean)) return
    const isProtected = SHAPES[r.shape].protected || c.activeRow === i
    if (isProtected && !c.includeProtected) return
    out.add(key)
  })
  return out
}

const hasSelector = (c: Case) => {
  const s = c.selectors
  return s.match.length + s.kind.length + s.channel.length > 0 || s.olderThan !== undefined || s.idle || s.missingTranscript
}

/** How often each selector selected a row and excluded one, and protection kept one. */
const coverage: Record<string, { selected: number; excluded: number }> = {}
let protectedKept = 0
let sharedSessionKept = 0

describe("sessions prune on generated stores", () => {
  it("removes exactly the selected unprotected rows, only their sessions' files, and restore undoes it byte for byte", () => {
    fc.assert(
      fc.property(caseArb.filter(hasSelector), (c) => {
        const kit = ClawkeepTest.make({ home: HOME, files: treeOf(c), nowMs: NOW, config: { session: { maintenance: { pruneAfter: "30d" } } } })
        const run = <A, E>(effect: Effect.Effect<A, E, any>) => Effect.runSync(Effect.provide(effect, kit.layer) as Effect.Effect<A, E, never>)
        const before = kit.fs.snapshot(DIR)
        const beforeStore = JSON.parse(before[STORE] as string) as Record<string, unknown>
        const selectors = parsePruneSelectors(c.selectors)
        if (selectors._tag === "Left") throw new Error(selectors.left.message)
        const activeKey = c.activeRow === undefined || c.activeRow >= c.rows.length ? undefined : SHAPES[c.rows[c.activeRow]!.shape].key(c.activeRow)
        const result = run(
          runPrune({ selectors: selectors.right, includeProtected: c.includeProtected, activeKey, dryRun: false, trash: c.trash })
        )
        const expected = expectedRemoved({ ...c, activeRow: activeKey === undefined ? undefined : c.activeRow })

        // coverage of the generator
        c.rows.forEach((r, i) => {
          const v = verdicts(c, r, i)
          for (const [name, ok] of Object.entries(v)) {
            const others = Object.entries(v).every(([n, o]) => n === name || o)
            if (!others) continue
            coverage[name] ??= { selected: 0, excluded: 0 }
            if (ok) coverage[name].selected++
            else coverage[name].excluded++
          }
          if (Object.values(v).every(Boolean) && !expected.has(SHAPES[r.shape].key(i))) protectedKept++
        })

        // rows: exactly the expected ones are gone; the kept ones are unchanged, in order
        const after = kit.fs.snapshot(DIR)
        const afterStore = JSON.parse(after[STORE] as string) as Record<string, unknown>
        expect(Object.keys(afterStore)).toEqual(Object.keys(beforeStore).filter((k) => !expected.has(k)))
        for (const k of Object.keys(afterStore)) expect(afterStore[k]).toEqual(beforeStore[k])
        if (expected.size === 0) {
          expect(after).toEqual(before)
          expect(result.applied![0]!.journalId).toBeUndefined()
          return
        }

        // files: only removed sessions' transcripts and sidecars changed, none a kept row uses
        const keptIds = new Set(c.rows.flatMap((r, i) => (expected.has(SHAPES[r.shape].key(i)) ? [] : [idOf(c, i)])))
        const removedIds = new Set(c.rows.flatMap((r, i) => (expected.has(SHAPES[r.shape].key(i)) ? [idOf(c, i)] : [])))
        const changed = Object.keys(before).filter((p) => p !== STORE && after[p] !== before[p])
        for (const p of changed) {
          const name = p.slice(DIR.length + 1)
          const id = /^(?:custom-)?(s\d+)\.(?:jsonl|trajectory\.jsonl)$/.exec(name)?.[1]
          expect(id !== undefined && removedIds.has(id) && !keptIds.has(id)).toBe(true)
        }
        if ([...removedIds].some((id) => keptIds.has(id))) sharedSessionKept++
        // each removed session's existing transcript became an archive
        c.rows.forEach((r, i) => {
          const id = idOf(c, i)
          if (!removedIds.has(id) || keptIds.has(id) || r.transcript === "none") return
          const p = `${DIR}/${transcriptName(c, i)}`
          expect(after[p]).toBeUndefined()
          expect(Object.keys(after).some((q) => q.startsWith(`${p}.deleted.`) && after[q] === before[p])).toBe(true)
        })
        const news = Object.keys(after).filter((p) => before[p] === undefined)
        for (const p of news) expect(p.includes(".deleted.") || p.startsWith(`${HOME}/.openclaw/clawkeep/`)).toBe(true)

        // restore: everything back (without --trash, the deleted sidecars stay gone)
        const applied = result.applied![0]!
        run(runRestore({ id: applied.journalId, dryRun: false }))
        const restored = kit.fs.snapshot(DIR)
        const gone = applied.operations.filter((o) => o.op === "delete" && o.status === "done" && !c.trash).map((o) => o.path)
        const want = { ...before }
        for (const p of gone) delete want[p]
        expect(restored).toEqual(want)
      }),
      { numRuns: RUNS }
    )
    // every selector both selected rows and excluded rows the other selectors chose
    for (const name of ["match", "kind", "olderThan", "idle", "channel", "missingTranscript"]) {
      expect(coverage[name]?.selected ?? 0, `${name} selected`).toBeGreaterThan(RUNS / 50)
      expect(coverage[name]?.excluded ?? 0, `${name} excluded`).toBeGreaterThan(RUNS / 50)
    }
    expect(protectedKept).toBeGreaterThan(RUNS / 50)
    expect(sharedSessionKept).toBeGreaterThan(0)
  })
})
