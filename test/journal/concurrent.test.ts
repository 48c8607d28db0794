/**
 * A store written by someone else between `runCleanup`'s plan and its apply (found by the
 * concurrent-writer harness, test/crash/writer.test.ts): the run plans again on what they wrote
 * and keeps their rows, instead of stopping with the saved-plan error "Make a new plan"; a store
 * that keeps changing ends in StoreChangedError with nothing changed. In memory: the writer is a
 * file system whose store reads, after the first, find a row added first.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { runCleanup } from "../../src/interpreters/program.js"
import { SessionFs, makeSessionFs } from "../../src/store/sessionFs.js"
import { DIR, enforceRequest as request, NOW, STORE, twoRowKit } from "../support/twoRows.js"

/** A world, and a layer whose store reads number `writesOn` (1-based, after the first) find a row added. */
const world = (writesOn: (read: number) => boolean) => {
  const kit = twoRowKit()
  const sync = kit.fs.service.sync
  let reads = 0
  const written: Array<string> = []
  const writer = Layer.succeed(
    SessionFs,
    makeSessionFs({
      ...sync,
      open: (p, flags, mode) => {
        if (p === STORE && flags === "r" && writesOn(++reads)) {
          const store = JSON.parse(String(kit.fs.volume.readFileSync(STORE, "utf8"))) as Record<string, unknown>
          const key = `agent:main:telegram:direct:w${reads}`
          store[key] = { sessionId: `w${reads}`, updatedAt: NOW }
          kit.fs.volume.writeFileSync(`${STORE}.tmp`, JSON.stringify(store, null, 2))
          kit.fs.volume.renameSync(`${STORE}.tmp`, STORE)
          written.push(key)
        }
        return sync.open(p, flags, mode)
      }
    })
  )
  return { kit, layer: Layer.merge(kit.layer, writer), written }
}

describe("a store written between plan and apply", () => {
  it.effect("is planned again: the writer's row is kept, the stale row is removed and its transcript archived", () =>
    Effect.gen(function* () {
      // the plan reads the store once; the apply's read finds the writer's row
      const { kit, layer, written } = world((read) => read === 2)
      const run = yield* Effect.provide(runCleanup(request), layer)
      expect(written).toEqual(["agent:main:telegram:direct:w2"])
      const result = run.applied![0]!
      expect(result.completed).toBe(true)
      const store = JSON.parse(kit.fs.snapshot(DIR)[STORE] as string) as Record<string, unknown>
      expect(Object.keys(store)).toEqual(["agent:main:telegram:direct:b", "agent:main:telegram:direct:w2"])
      const files = Object.keys(kit.fs.snapshot(DIR))
      expect(files).not.toContain(`${DIR}/a.jsonl`)
      expect(files.some((f) => f.startsWith(`${DIR}/a.jsonl.deleted.`))).toBe(true)
    })
  )

  it.effect("that keeps changing ends in StoreChangedError, with every writer row kept and nothing else changed", () =>
    Effect.gen(function* () {
      const { kit, layer, written } = world((read) => read >= 2)
      const before = kit.fs.snapshot(DIR)
      const r = yield* Effect.either(Effect.provide(runCleanup(request), layer))
      expect(r._tag === "Left" && r.left._tag).toBe("StoreChangedError")
      expect(r._tag === "Left" && r.left.message).toMatch(/kept changing while clawkeep applied \(3 attempts/)
      const after = kit.fs.snapshot(DIR)
      const store = JSON.parse(after[STORE] as string) as Record<string, unknown>
      expect(Object.keys(store)).toEqual(["agent:main:telegram:direct:a", "agent:main:telegram:direct:b", ...written])
      const { [STORE]: _, ...rest } = after
      const { [STORE]: __, ...restBefore } = before
      expect(rest).toEqual(restBefore)
    })
  )
})
