/**
 * Undo: `restore(apply(S)) == S`, byte for byte, on generated stores and directories (in
 * memory), with and without `--trash`; rows written since an apply are kept; the pure row merge.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { runCleanup } from "../../src/interpreters/program.js"
import { runRestore } from "../../src/interpreters/restore.js"
import { restoreRows } from "../../src/maintenance/journal.js"
import { ClawkeepTest } from "../../src/testing.js"
import { caseArb, cleanupRequest, configOf, D, DIR, HOME, NOW, STORE, treeOf } from "./worlds.js"

const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 1000)


describe("restore undoes apply", () => {
  it.prop(
    "restore(apply(S)) == S byte for byte (store and sessions dir); without --trash only the files deleted outright are missing, and restore names them",
    [caseArb],
    ([c]) => {
      const kit = ClawkeepTest.make({ home: HOME, files: treeOf(c), nowMs: NOW, config: configOf(c) })
      const before = kit.fs.snapshot(DIR)
      const run = <A, E>(effect: Effect.Effect<A, E, any>) => Effect.runSync(Effect.provide(effect, kit.layer) as Effect.Effect<A, E, never>)
      const cleanup = run(runCleanup(cleanupRequest(c.trash)))
      const result = cleanup.applied![0]!
      expect(result.completed).toBe(true)
      if (result.journalId === undefined) {
        // nothing to do, nothing changed
        expect(kit.fs.snapshot(DIR)).toEqual(before)
        return
      }
      const restored = run(runRestore({ id: result.journalId, dryRun: false }))
      const after = kit.fs.snapshot(DIR)
      // files deleted outright (no --trash) cannot come back, nor can a transcript whose archive was then deleted
      const deletedOutright = result.operations.filter((o) => o.op === "delete" && o.status === "done" && !c.trash).map((o) => o.path)
      const gone = new Set(deletedOutright)
      const lostArchives = result.operations.filter((o) => o.op === "archive" && o.status === "done" && o.to !== undefined && gone.has(o.to)).map((o) => o.path)
      const expected = { ...before }
      for (const p of [...deletedOutright, ...lostArchives]) delete expected[p]
      expect(after).toEqual(expected)
      const notBack = restored.results[0]!.files.filter((f) => !f.restored).map((f) => f.path)
      expect(notBack.sort()).toEqual([...deletedOutright, ...lostArchives].sort())
      if (c.trash) expect(after).toEqual(before)
    },
    { fastCheck: { numRuns: RUNS } }
  )

  it("rows written since the apply are kept; removed rows come back at their place", () => {
    const store = {
      "agent:main:telegram:direct:a": { sessionId: "a", updatedAt: NOW - 40 * D },
      "agent:main:telegram:direct:b": { sessionId: "b", updatedAt: NOW },
      "agent:main:telegram:direct:c": { sessionId: "c", updatedAt: NOW - 50 * D },
      "agent:main:telegram:direct:d": { sessionId: "d", updatedAt: NOW }
    }
    const kit = ClawkeepTest.make({
      home: HOME,
      nowMs: NOW,
      files: { [STORE]: JSON.stringify(store, null, 2), [`${DIR}/a.jsonl`]: "A", [`${DIR}/c.jsonl`]: "C" },
      config: { session: { maintenance: { mode: "enforce", pruneAfter: "30d" } } }
    })
    const run = <A, E>(effect: Effect.Effect<A, E, any>) => Effect.runSync(Effect.provide(effect, kit.layer) as Effect.Effect<A, E, never>)
    const applied = run(runCleanup(cleanupRequest(false))).applied![0]!
    expect(Object.keys(JSON.parse(kit.fs.snapshot(DIR)[STORE] as string))).toEqual(["agent:main:telegram:direct:b", "agent:main:telegram:direct:d"])
    // someone else (a Gateway) writes the store since: a new row, and b changed
    const now = JSON.parse(kit.fs.snapshot(DIR)[STORE] as string)
    now["agent:main:telegram:direct:b"].updatedAt = NOW + 1
    now["agent:main:telegram:direct:e"] = { sessionId: "e", updatedAt: NOW + 2 }
    kit.fs.volume.writeFileSync(STORE, JSON.stringify(now, null, 2))
    const r = run(runRestore({ id: applied.journalId, dryRun: false })).results[0]!
    expect(r.store).toBe("merged")
    expect(r.rowsRestored).toEqual(["agent:main:telegram:direct:a", "agent:main:telegram:direct:c"])
    const back = JSON.parse(kit.fs.snapshot(DIR)[STORE] as string)
    expect(Object.keys(back)).toEqual([
      "agent:main:telegram:direct:a",
      "agent:main:telegram:direct:b",
      "agent:main:telegram:direct:c",
      "agent:main:telegram:direct:d",
      "agent:main:telegram:direct:e"
    ])
    expect(back["agent:main:telegram:direct:b"].updatedAt).toBe(NOW + 1)
    expect(back["agent:main:telegram:direct:a"]).toEqual(store["agent:main:telegram:direct:a"])
    expect(kit.fs.snapshot(DIR)[`${DIR}/a.jsonl`]).toBe("A")
    expect(kit.fs.snapshot(DIR)[`${DIR}/c.jsonl`]).toBe("C")
  })

  it("an apply undone is not undone twice; the latest undoable apply is the default", () => {
    const kit = ClawkeepTest.make({
      home: HOME,
      nowMs: NOW,
      files: { [STORE]: JSON.stringify({ "agent:main:telegram:direct:a": { sessionId: "a", updatedAt: NOW - 40 * D } }), [`${DIR}/a.jsonl`]: "A" },
      config: { session: { maintenance: { mode: "enforce", pruneAfter: "30d" } } }
    })
    const run = <A, E>(effect: Effect.Effect<A, E, any>) => Effect.runSync(Effect.either(Effect.provide(effect, kit.layer) as Effect.Effect<A, E, never>))
    run(runCleanup(cleanupRequest(false)))
    const first = run(runRestore({ dryRun: false }))
    expect(first._tag).toBe("Right")
    const second = run(runRestore({ dryRun: false }))
    expect(second._tag === "Left" && second.left.message).toMatch(/^Nothing to undo for \/h\/\.openclaw\/agents\/main\/sessions\/sessions\.json: no finished apply/)
  })
})

describe("restoreRows", () => {
  const keys = fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), { maxLength: 8 })
  it.prop(
    "keeps every current row as it is and in order, puts back exactly the removed rows missing from it, each after the row it followed",
    [keys, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.array(fc.constantFrom("x", "y"), { maxLength: 3 })],
    ([beforeKeys, removedMask, droppedMask, added]) => {
      const before = beforeKeys.map((k) => [k, `before-${k}`] as const)
      const removed = new Set(beforeKeys.filter((_, i) => removedMask[i]))
      // the current store: the kept rows (some since dropped by someone else, values changed) plus new rows
      const current = [
        ...beforeKeys.filter((k, i) => !removed.has(k) && !droppedMask[i]).map((k) => [k, `now-${k}`] as const),
        ...added.filter((k, i) => added.indexOf(k) === i).map((k) => [k, `new-${k}`] as const)
      ]
      const { rows, restored } = restoreRows(before, current, removed)
      // current rows: unchanged, same relative order
      expect(rows.filter(([k]) => current.some(([c]) => c === k))).toEqual(current)
      // restored: exactly the removed ones, with their old values, in before order
      expect(restored).toEqual(beforeKeys.filter((k) => removed.has(k)))
      expect(rows.filter(([k]) => removed.has(k))).toEqual(before.filter(([k]) => removed.has(k)))
      // each restored row follows the nearest earlier before-row that is in the result
      for (const k of restored) {
        const i = rows.findIndex(([r]) => r === k)
        const earlier = beforeKeys.slice(0, beforeKeys.indexOf(k)).filter((b) => rows.some(([r]) => r === b))
        const anchor = earlier.at(-1)
        if (anchor === undefined) expect(rows.slice(0, i).every(([r]) => removed.has(r))).toBe(true)
        else expect(rows.findIndex(([r]) => r === anchor)).toBeLessThan(i)
      }
    },
    { fastCheck: { numRuns: 500 } }
  )
})

