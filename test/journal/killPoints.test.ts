/**
 * A kill at every point of an apply, in memory: the file system "dies" before its k-th change
 * (that change and every later call fail, as nothing more happens after SIGKILL), for every k
 * from 0 to the number of changes an uninterrupted apply makes. The next command's recovery must
 * then leave the sessions dir exactly as it was before or exactly as an uninterrupted apply
 * leaves it (store bytes included, no temp file), with no journal pending, and a further apply
 * must converge to what an uninterrupted one gives.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer } from "effect"
import { recoverPending } from "../../src/interpreters/journal.js"
import { applyPlans, planStores, runCleanup } from "../../src/interpreters/program.js"
import { Processes } from "../../src/store/processes.js"
import { SessionFs, makeSessionFs, type SyncFs } from "../../src/store/sessionFs.js"
import { ClawkeepTest } from "../../src/testing.js"
import { runClawkeep } from "../support/cli.js"
import { caseArb, cleanupRequest, configOf, HOME, NOW, DIR, treeOf, type Case } from "./worlds.js"

const RUNS = Number(process.env["KILL_RUNS"] ?? 8)
const PENDING = `${HOME}/.openclaw/clawkeep/pending`
// above Linux's largest pid (2^22), so no live process has it
const APPLYING_PID = 4_194_305

const MUTATING = new Set<keyof SyncFs>(["write", "rename", "unlink", "rmdir", "mkdir", "chmod"])

/**
 * `sync` until its `killAt`-th change (counting from 0); from then on every call fails, like a
 * process that was killed: nothing after that point reaches the disk. `changes` counts the
 * changes that did.
 */
const dying = (sync: SyncFs, killAt: number) => {
  const state = { changes: 0, dead: false }
  const killed = () => Object.assign(new Error("killed"), { code: "EKILLED" })
  const wrapped = {} as Record<string, unknown>
  for (const name of Object.keys(sync) as Array<keyof SyncFs>) {
    const call = sync[name] as (...args: Array<unknown>) => unknown
    wrapped[name] = (...args: Array<unknown>) => {
      if (state.dead) throw killed()
      const changes = MUTATING.has(name) || (name === "open" && args[1] !== "r")
      if (changes) {
        if (state.changes === killAt) {
          state.dead = true
          throw killed()
        }
        state.changes++
      }
      return call(...args)
    }
  }
  return { sync: wrapped as unknown as SyncFs, state }
}

const world = (c: Case) => ClawkeepTest.make({ home: HOME, files: treeOf(c), nowMs: NOW, config: configOf(c) })

type Kit = ReturnType<typeof world>

const run = <A, E>(kit: Kit, effect: Effect.Effect<A, E, any>, layer?: Layer.Layer<SessionFs>) =>
  Effect.runSyncExit(
    effect.pipe(
      Effect.provide(layer === undefined ? kit.layer : Layer.merge(kit.layer, layer)),
      Effect.provideService(Processes, { pid: APPLYING_PID, isAlive: () => false })
    ) as Effect.Effect<A, E, never>
  )

/** Runs one apply whose process dies before its `killAt`-th change; returns how many changes it made. */
const applyKilledAt = (kit: Kit, c: Case, killAt: number) => {
  const { sync, state } = dying(kit.fs.service.sync, killAt)
  run(kit, runCleanup(cleanupRequest(c.trash)), Layer.succeed(SessionFs, makeSessionFs(sync)))
  return state
}

/** The next command: recovery, by another process. */
const recover = (kit: Kit) =>
  Effect.runSyncExit(
    recoverPending.pipe(Effect.provide(kit.layer), Effect.provideService(Processes, { pid: 1, isAlive: () => false }))
  )

/** Direct rows of these ages (days) with their transcripts, the first with a sidecar; nothing else. */
const directRows = (ages: ReadonlyArray<number>): Case => ({
  rows: ages.map((ageDays, i) => ({ kind: "direct", ageDays, transcript: "own", size: 10, sidecar: i === 0, extra: undefined })),
  orphans: [],
  archives: [],
  maxEntries: 10,
  budget: undefined,
  compact: false,
  trash: false
})

const applyOnce = (kit: Kit, c: Case) => {
  const exit = run(kit, runCleanup(cleanupRequest(c.trash)))
  expect(Exit.isSuccess(exit)).toBe(true)
}

describe("a kill at every point of an apply (in memory)", () => {
  const seen = { points: 0, rolledBack: 0, finished: 0, untouched: 0 }

  it.prop(
    "after recovery the sessions dir is the before or the after state, nothing is pending, and a further apply converges",
    [caseArb],
    ([c]) => {
      const reference = world(c)
      const before = reference.fs.snapshot(DIR)
      const total = applyKilledAt(reference, c, Number.POSITIVE_INFINITY).changes
      const after = reference.fs.snapshot(DIR)
      applyOnce(reference, c)
      const afterTwice = reference.fs.snapshot(DIR)
      for (let k = 0; k < total; k++) {
        const kit = world(c)
        applyKilledAt(kit, c, k)
        const recovered = recover(kit)
        expect(Exit.isSuccess(recovered)).toBe(true)
        const state = kit.fs.snapshot(DIR)
        const isBefore = JSON.stringify(state) === JSON.stringify(before)
        const isAfter = JSON.stringify(state) === JSON.stringify(after)
        if (!isBefore && !isAfter) expect({ killAt: k, of: total, state }).toEqual({ killAt: k, of: total, state: before })
        expect(kit.fs.volume.existsSync(PENDING) ? kit.fs.volume.readdirSync(PENDING) : []).toEqual([])
        seen.points++
        const lines = Exit.isSuccess(recovered) ? recovered.value : []
        if (lines.some((l) => l.includes("rolled back"))) seen.rolledBack++
        else if (lines.some((l) => l.includes("finished"))) seen.finished++
        else seen.untouched++
        applyOnce(kit, c)
        expect(kit.fs.snapshot(DIR)).toEqual(isBefore ? after : afterTwice)
      }
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it("the generated applies were killed before the journal, between journal and store write, and after it", () => {
    // runs after the property above (same file, in order)
    console.log(`kill points: ${JSON.stringify(seen)}`)
    expect(seen.points).toBeGreaterThan(RUNS)
    expect(seen.untouched).toBeGreaterThan(0)
    expect(seen.rolledBack).toBeGreaterThan(0)
    expect(seen.finished).toBeGreaterThan(0)
  })

  it("list, du and export first recover an interrupted apply and say so on stderr", async () => {
    const c = directRows([40, 0.5])
    for (const args of [["sessions", "--json"], ["sessions", "du", "--json"], ["sessions", "export-trajectory", "--session-key", "agent:main:telegram:direct:1", "--output", "out", "--json"]]) {
      const kit = world(c)
      const before = kit.fs.snapshot(DIR)
      // killed right after its first archive: the journal is pending, the store not yet written
      let killAt = 0
      for (; ; killAt++) {
        const probe = world(c)
        applyKilledAt(probe, c, killAt)
        if (Object.keys(probe.fs.snapshot(DIR)).some((p) => p.includes(".deleted."))) break
      }
      applyKilledAt(kit, c, killAt)
      expect(kit.fs.volume.readdirSync(PENDING)).toHaveLength(1)
      const r = await runClawkeep(args, { fs: kit.fs.layer, env: { HOME }, cwd: HOME, nowMs: NOW })
      expect(r.stderr.split("\n")[0]).toMatch(/^clawkeep: rolled back an interrupted apply to \/h\/\.openclaw\/agents\/main\/sessions\/sessions\.json \(journal \d{8}T\d{6}Z-[a-z0-9]+\)$/)
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: expect.any(String) })
      expect(kit.fs.snapshot(DIR)).toEqual(before)
      expect(kit.fs.volume.readdirSync(PENDING)).toEqual([])
    }
  })

  it("an operation the safety rules refuse is journaled as skipped: recovery after a kill never performs it", () => {
    const c = directRows([40])
    const OUTSIDE = `${HOME}/precious.txt`
    const forged = (kit: Kit) => {
      kit.fs.volume.writeFileSync(OUTSIDE, "keep me")
      const planned = run(kit, planStores(cleanupRequest(false)))
      if (!Exit.isSuccess(planned)) throw new Error("planning failed")
      const plan = planned.value.previews[0]!.plan.apply
      const st = kit.fs.volume.lstatSync(OUTSIDE)
      // a saved plan edited by hand: one more deletion, of a file outside the sessions dir
      const extra = { op: "delete" as const, path: OUTSIDE, bytes: 7, counted: true, reason: plan.files[0]!.reason, before: { type: "file" as const, size: Number(st.size), mtimeMs: Number(st.mtimeMs), ino: Number(st.ino) } }
      return { ...plan, files: [...plan.files, extra] }
    }
    let points = 0
    for (let k = 0; ; k++) {
      const kit = world(c)
      const plan = forged(kit)
      const { sync, state } = dying(kit.fs.service.sync, k)
      run(kit, applyPlans([plan]), Layer.succeed(SessionFs, makeSessionFs(sync)))
      expect(Exit.isSuccess(recover(kit))).toBe(true)
      expect(kit.fs.volume.readFileSync(OUTSIDE, "utf8")).toBe("keep me")
      points++
      if (!state.dead) break
    }
    expect(points).toBeGreaterThan(5)
  })
})
