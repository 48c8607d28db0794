/**
 * Journals and their trash are kept 30 days after their apply finished, then removed by a later
 * apply; they live outside the sessions dir, so neither the disk budget nor `du` counts them.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { diskUsage } from "../../src/interpreters/du.js"
import { runCleanup } from "../../src/interpreters/program.js"
import { ClawkeepTest, fixedClock } from "../../src/testing.js"
import { journalId } from "../../src/maintenance/journal.js"
import { cleanupRequest, D, DIR, HOME, NOW, STORE } from "./worlds.js"

const JOURNALS = `${HOME}/.openclaw/clawkeep/journal`

/** A state dir whose commands each run at the instant given to `at`. */
const state = (files: Record<string, string>, maintenance: Record<string, unknown>) => {
  const kit = ClawkeepTest.make({ home: HOME, files, config: { session: { maintenance: { mode: "enforce", pruneAfter: "30d", ...maintenance } } } })
  const at = <A, E>(nowMs: number, e: Effect.Effect<A, E, any>) => Effect.runSync(Effect.provide(e, kit.layer).pipe(Effect.withClock(fixedClock(nowMs))) as Effect.Effect<A, E, never>)
  return { kit, at }
}

const storeOf = (rows: Record<string, number>) =>
  JSON.stringify(Object.fromEntries(Object.entries(rows).map(([id, updatedAt]) => [`agent:main:telegram:direct:${id}`, { sessionId: id, updatedAt }])))

describe("journal retention", () => {
  it("an apply removes the journals (with their trash) finished more than 30 days before, and keeps the younger ones", () => {
    const { kit, at } = state({ [STORE]: storeOf({ a: NOW - 40 * D, b: NOW }), [`${DIR}/a.jsonl`]: "A" }, { maxEntries: 500 })
    const apply = (nowMs: number, trash: boolean) => at(nowMs, runCleanup(cleanupRequest(trash)))
    const first = apply(NOW, true).applied![0]!.journalId!
    // later rows to remove, so each later apply writes a journal
    kit.fs.volume.writeFileSync(STORE, storeOf({ b: NOW, c: NOW - 45 * D }))
    const second = apply(NOW + 20 * D, false).applied![0]!.journalId!
    expect(kit.fs.volume.readdirSync(JOURNALS).map(String).sort()).toEqual([first, second].sort())
    kit.fs.volume.writeFileSync(STORE, storeOf({ b: NOW, d: NOW - 50 * D }))
    const third = apply(NOW + 31 * D, false).applied![0]!.journalId!
    // the first finished 31 days before: gone with its trash; the second (11 days) stays
    expect(kit.fs.volume.readdirSync(JOURNALS).map(String).sort()).toEqual([second, third].sort())
  })

  it("journals younger than an hour by their id are kept without being read; older ones are read", () => {
    const { kit, at } = state({ [STORE]: storeOf({ a: NOW - 40 * D, b: NOW }) }, { maxEntries: 500 })
    // two journals that are not JSON: one made 59 minutes before the apply, one 61 minutes before
    const young = journalId(NOW - 59 * 60_000, "young")
    const old = journalId(NOW - 61 * 60_000, "old")
    for (const id of [young, old]) kit.fs.volume.mkdirSync(`${JOURNALS}/${id}`, { recursive: true })
    for (const id of [young, old]) kit.fs.volume.writeFileSync(`${JOURNALS}/${id}/journal.json`, "not json")
    const reads: Array<string> = []
    const readText = kit.fs.volume.readFileSync.bind(kit.fs.volume)
    kit.fs.volume.readFileSync = ((p: string, ...rest: Array<unknown>) => {
      if (String(p).endsWith("journal.json")) reads.push(String(p))
      return (readText as (...a: Array<unknown>) => unknown)(p, ...rest)
    }) as typeof kit.fs.volume.readFileSync
    const own = at(NOW, runCleanup(cleanupRequest(false))).applied![0]!.journalId!
    // the unreadable old one (abandoned: older than an hour) is read and removed; the young one
    // and the apply's own journal are not read, and stay
    expect(reads.some((p) => p.includes(old))).toBe(true)
    expect(reads.filter((p) => p.includes(young) || p.includes(own))).toEqual([])
    expect(kit.fs.volume.readdirSync(JOURNALS).map(String).sort()).toEqual([young, own].sort())
  })

  it("a journal's trash is counted neither by the disk budget nor by du", () => {
    const big = "x".repeat(5000)
    const { kit, at } = state({ [STORE]: storeOf({ a: NOW - 40 * D, b: NOW }), [`${DIR}/a.jsonl`]: big, [`${DIR}/b.jsonl`]: "B", [`${DIR}/orphan.jsonl`]: big }, { maxDiskBytes: 4000, highWaterBytes: 3000 })
    const run = <A, E>(e: Effect.Effect<A, E, any>) => at(NOW, e)
    const first = run(runCleanup(cleanupRequest(true))).applied![0]!
    expect(first.operations.some((o) => o.op === "delete" && o.status === "done")).toBe(true)
    const journal = `${JOURNALS}/${first.journalId}`
    const trashed = Object.keys(kit.fs.snapshot(`${journal}/trash`))
    expect(trashed.length).toBeGreaterThan(0)
    // the sessions dir is now under budget; the trash (outside it) does not change that
    const usage = run(diskUsage({ top: 0 }))
    expect(usage.stores[0]!.total.bytes).toBeLessThan(3000)
    const again = run(runCleanup({ ...cleanupRequest(false), dryRun: true })).previews[0]!.plan.preview
    expect(again.diskBudget?.totalBytesBefore ?? 0).toBeLessThan(3000)
  })
})
