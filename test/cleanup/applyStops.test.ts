/**
 * Two apply defects the fuzzing harness found: an archive destination that appeared after
 * planning, and a stopped apply that left its archives in place; and a plan (file) whose rows
 * are not the store's rows although the store's bytes are the planned ones.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { apply } from "../../src/interpreters/apply.js"
import { listedRows } from "../../src/maintenance/planRows.js"
import { planStores } from "../../src/interpreters/program.js"
import { SessionFs, makeSessionFs } from "../../src/store/sessionFs.js"
import { DIR, enforceRequest as request, twoRowKit as world } from "../support/twoRows.js"

describe("apply stops safely", () => {
  it.effect("an archive never replaces a file that appeared at its destination after planning: nothing is done", () =>
    Effect.gen(function* () {
      const kit = world()
      const { previews } = yield* Effect.provide(planStores(request), kit.layer)
      const plan = previews[0]!.plan.apply
      const archive = plan.files.find((f) => f.op === "archive")!
      kit.fs.volume.writeFileSync(archive.to!, "someone's file")
      const before = kit.fs.snapshot(DIR)
      const r = yield* Effect.either(Effect.provide(apply(plan), kit.layer))
      expect(r._tag === "Left" && r.left._tag).toBe("PlanMismatchError")
      expect(r._tag === "Left" && r.left.message).toContain(`${archive.to}: its archive name is now taken`)
      expect(kit.fs.snapshot(DIR)).toEqual(before)
    })
  )

  it.effect("a store write that fails after the archives puts them back, so no kept row points at an archived transcript", () =>
    Effect.gen(function* () {
      const kit = world()
      const { previews } = yield* Effect.provide(planStores(request), kit.layer)
      const plan = previews[0]!.plan.apply
      const before = kit.fs.snapshot(DIR)
      const sync = kit.fs.service.sync
      const failing = Layer.succeed(
        SessionFs,
        makeSessionFs({
          ...sync,
          open: (p, flags, mode) => {
            if (p.includes(".clawkeep-write.")) throw Object.assign(new Error(`ENOSPC: no space left on device, open '${p}'`), { code: "ENOSPC" })
            return sync.open(p, flags, mode)
          }
        })
      )
      const r = yield* Effect.provide(apply(plan), Layer.merge(kit.layer, failing))
      expect(r.completed).toBe(false)
      expect(r.operations.find((o) => o.op === "write")?.status).toBe("failed")
      expect(r.operations.filter((o) => o.op === "archive").map((o) => o.status)).toEqual(["skipped"])
      expect(kit.fs.snapshot(DIR)).toEqual(before)
    })
  )

  it.effect("a plan whose rows are not the store's rows is refused before anything is done, whatever else it says", () =>
    Effect.gen(function* () {
      const kit = world()
      const { previews } = yield* Effect.provide(planStores(request), kit.layer)
      const plan = previews[0]!.plan.apply
      const rows = plan.rows.toArray()
      const before = kit.fs.snapshot("/h")
      // (as a plan file edited by hand could say: the store's fingerprint still matches)
      const edited = [
        listedRows(rows.slice(1)),
        listedRows([...rows, { key: "agent:main:telegram:direct:c", action: "prune-stale" as const, reason: "added" }]),
        listedRows(rows.map((r) => (r.action === "keep" ? r : { ...r, key: `${r.key}x` }))),
        listedRows([...rows].reverse())
      ]
      for (const rowsNow of edited) {
        const r = yield* Effect.either(Effect.provide(apply({ ...plan, rows: rowsNow }), kit.layer))
        expect(r._tag === "Left" && r.left._tag).toBe("PlanMismatchError")
        expect(r._tag === "Left" && r.left.message).toContain("does not list the rows the store has")
        expect(kit.fs.snapshot("/h")).toEqual(before)
      }
      // the plan as made applies
      const done = yield* Effect.provide(apply(plan), kit.layer)
      expect(done.completed).toBe(true)
      expect(Object.keys(JSON.parse(kit.fs.snapshot(DIR)[`${DIR}/sessions.json`] as string) as object)).toEqual(["agent:main:telegram:direct:b"])
    })
  )
})
