/**
 * The prune program in memory (`ClawkeepTest`): the Gateway guard as cleanup's, `--active-key`
 * and `--include-protected`, `--trash` making the undo complete, a kept row sharing a removed
 * row's session, the journal's command, and a prune that selects nothing writing nothing.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { runPrune, type PruneRequest } from "../../src/interpreters/prune.js"
import { listJournals, runRestore } from "../../src/interpreters/index.js"
import { parsePruneSelectors, type PruneSelectorInput } from "../../src/maintenance/prune.js"
import { ClawkeepTest, type ClawkeepTestOptions } from "../../src/testing.js"

const NOW = 1779278400000
const D = 86_400_000
const HOME = "/h"
const DIR = `${HOME}/.openclaw/agents/main/sessions`
const STORE = `${DIR}/sessions.json`

const STORE_ROWS = {
  "agent:main:telegram:direct:1": { sessionId: "a", updatedAt: NOW - 40 * D },
  "agent:main:slack:group:g": { sessionId: "b", updatedAt: NOW - 40 * D },
  "agent:main:cron:j:run:r": { sessionId: "shared", updatedAt: NOW - 40 * D },
  "agent:main:cron:j": { sessionId: "shared", updatedAt: NOW }
}

const world = (extra: Partial<ClawkeepTestOptions> = {}) =>
  ClawkeepTest.make({
    home: HOME,
    nowMs: NOW,
    config: {},
    files: {
      [STORE]: JSON.stringify(STORE_ROWS),
      [`${DIR}/a.jsonl`]: "A",
      [`${DIR}/b.jsonl`]: "B",
      [`${DIR}/shared.jsonl`]: "S",
      [`${DIR}/a.trajectory.jsonl`]: "side"
    },
    ...extra
  })

const request = (input: PruneSelectorInput, extra: Partial<PruneRequest> = {}): PruneRequest => ({
  selectors: Either.getOrThrow(parsePruneSelectors(input)),
  includeProtected: false,
  activeKey: undefined,
  dryRun: false,
  ...extra
})

const run = <A, E>(kit: ReturnType<typeof world>, effect: Effect.Effect<A, E, any>) =>
  Effect.runSync(Effect.either(Effect.provide(effect, kit.layer) as Effect.Effect<A, E, never>))

const keys = (kit: ReturnType<typeof world>) => Object.keys(JSON.parse(kit.fs.snapshot(DIR)[STORE] as string))

describe("prune program", () => {
  it("refuses to apply to a configured store while a Gateway answers, unless --force or --store", () => {
    const gateways = ["ws://127.0.0.1:18789"]
    const kit = world({ gateways })
    const refused = run(kit, runPrune(request({ olderThan: "30d" })))
    expect(Either.isLeft(refused) && refused.left._tag).toBe("GatewayRunningError")
    expect(keys(kit)).toEqual(Object.keys(STORE_ROWS))
    // a dry run never asks
    expect(Either.isRight(run(world({ gateways }), runPrune(request({ olderThan: "30d" }, { dryRun: true }))))).toBe(true)
    const forced = world({ gateways })
    expect(Either.isRight(run(forced, runPrune(request({ olderThan: "30d" }, { force: true }))))).toBe(true)
    const byStore = world({ gateways })
    expect(Either.isRight(run(byStore, runPrune(request({ olderThan: "30d" }, { store: STORE }))))).toBe(true)
    expect(byStore.gatewayProbes).toEqual([])
  })

  it("keeps protected rows and the active key unless --include-protected", () => {
    const kit = world()
    run(kit, runPrune(request({ olderThan: "30d" }, { activeKey: "agent:main:telegram:direct:1" })))
    expect(keys(kit)).toEqual(["agent:main:telegram:direct:1", "agent:main:slack:group:g", "agent:main:cron:j"])
    const all = world()
    run(all, runPrune(request({ olderThan: "30d" }, { activeKey: "agent:main:telegram:direct:1", includeProtected: true })))
    expect(keys(all)).toEqual(["agent:main:cron:j"])
  })

  it("never archives the transcript of a session a kept row still uses", () => {
    const kit = world()
    const r = run(kit, runPrune(request({ kind: ["cron-run"] })))
    expect(Either.isRight(r)).toBe(true)
    expect(keys(kit)).toEqual(["agent:main:telegram:direct:1", "agent:main:slack:group:g", "agent:main:cron:j"])
    expect(kit.fs.snapshot(DIR)[`${DIR}/shared.jsonl`]).toBe("S")
  })

  it("with --trash, restore brings back every file byte for byte; the journal says prune", () => {
    const kit = world()
    const before = kit.fs.snapshot(DIR)
    const r = run(kit, runPrune(request({ match: ["agent:main:telegram:*"] }, { trash: true })))
    const applied = Either.getOrThrow(r).applied![0]!
    expect(applied.operations.map((o) => [o.op, o.status])).toEqual([
      ["archive", "done"],
      ["write", "done"],
      ["delete", "done"]
    ])
    expect(kit.fs.snapshot(DIR)[`${DIR}/a.trajectory.jsonl`]).toBeUndefined()
    const journals = Either.getOrThrow(run(kit, listJournals))
    expect(journals.map((j) => j.journal?.command)).toEqual(["prune"])
    run(kit, runRestore({ id: applied.journalId, dryRun: false }))
    expect(kit.fs.snapshot(DIR)).toEqual(before)
  })

  it("a prune that selects nothing leaves a compact store as it is and journals nothing", () => {
    const kit = world()
    const before = kit.fs.snapshot(`${HOME}/.openclaw`)
    const r = Either.getOrThrow(run(kit, runPrune(request({ match: ["nothing-*"] }))))
    expect(r.applied![0]!.journalId).toBeUndefined()
    expect(kit.fs.snapshot(`${HOME}/.openclaw`)).toEqual(before)
  })
})
