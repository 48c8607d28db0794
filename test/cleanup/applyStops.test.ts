/**
 * Two apply defects the fuzzing harness found: an archive destination that appeared after
 * planning, and a stopped apply that left its archives in place.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { apply } from "../../src/interpreters/apply.js"
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
})
