/**
 * `inStoreOrder` answers what a map of every key answers, for keys asked in store order (the kept
 * rows of a plan), out of order, repeated, or unknown.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { inStoreOrder } from "../../src/store/planStore.js"

describe("inStoreOrder", () => {
  it("finds each key's row as a map of every key does", () => {
    let inOrder = 0
    let outOfOrder = 0
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 30 }),
        fc.array(fc.oneof(fc.nat(30), fc.string({ maxLength: 3 })), { maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        fc.boolean(),
        (keys, picks, mask, subsequence) => {
          const map = new Map(keys.map((k, row) => [k, row]))
          // a subsequence of the keys (as a plan keeps rows), or any keys in any order
          const asked = subsequence
            ? keys.filter((_, row) => mask[row])
            : picks.map((p) => (typeof p === "number" ? keys[p] ?? `unknown ${p}` : p))
          const ordered = asked.every((k, n) => n === 0 || (map.get(k) ?? -1) > (map.get(asked[n - 1]!) ?? -1))
          if (ordered && asked.length > 2) inOrder++
          if (!ordered) outOfOrder++
          const rowOf = inStoreOrder(keys.length, (row, k) => keys[row] === k, (k) => map.get(k))
          for (const k of asked) expect(rowOf(k)).toBe(map.get(k))
        }
      ),
      { numRuns: 500 }
    )
    expect(inOrder).toBeGreaterThan(50)
    expect(outOfOrder).toBeGreaterThan(50)
  })
})
