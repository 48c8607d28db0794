/**
 * Newest-first selection: the bounded top-k equals the full stable sort followed by a slice, and
 * for odd `updatedAt` values the reference's own procedure is followed.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { INSERTION_LIMIT, selectNewestIndices, sortValue } from "../../src/list/select.js"

interface Item {
  readonly id: number
  readonly updatedAt: unknown
}

/** The list's selection applied to items, as the list program applies it to rows. */
const selectNewest = (items: ReadonlyArray<Item>, updatedAtOf: (item: Item) => unknown, limit: number | undefined): Array<Item> =>
  selectNewestIndices(items.map((item) => sortValue(updatedAtOf(item))), limit).map((i) => items[i]!)

/** The reference's order: a stable sort on `(b.updatedAt ?? 0) − (a.updatedAt ?? 0)`. */
const stableSorted = (items: ReadonlyArray<Item>): Array<Item> =>
  [...items].sort((a, b) => ((b.updatedAt ?? 0) as number) - ((a.updatedAt ?? 0) as number))

/** The reference's selection for limits up to 200: insertion into a bounded list. */
const insertionSelect = (items: ReadonlyArray<Item>, limit: number): Array<Item> => {
  const selected: Array<Item> = []
  const cmp = (a: Item, b: Item) => ((b.updatedAt ?? 0) as number) - ((a.updatedAt ?? 0) as number)
  for (const row of items) {
    const at = selected.findIndex((c) => cmp(row, c) < 0)
    if (at >= 0) {
      selected.splice(at, 0, row)
      if (selected.length > limit) selected.pop()
    } else if (selected.length < limit) selected.push(row)
  }
  return selected
}

const finiteUpdatedAt = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(0),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
)
const oddUpdatedAt = fc.oneof(finiteUpdatedAt, fc.constantFrom("abc", "12", {}, [], [7], true, Infinity, -Infinity, "", "1e3"))

const itemsOf = (values: ReadonlyArray<unknown>): Array<Item> => values.map((updatedAt, id) => ({ id, updatedAt }))
const ids = (items: ReadonlyArray<Item>) => items.map((i) => i.id)

describe("newest-first selection", () => {
  it.prop(
    "top-k equals the full stable sort + slice",
    [fc.array(finiteUpdatedAt, { maxLength: 300 }), fc.integer({ min: 1, max: 320 })],
    ([values, limit]) => {
      const items = itemsOf(values)
      expect(ids(selectNewest(items, (i) => i.updatedAt, limit))).toEqual(ids(stableSorted(items).slice(0, limit)))
      expect(ids(selectNewest(items, (i) => i.updatedAt, undefined))).toEqual(ids(stableSorted(items)))
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "odd values follow the reference's procedure (insertion up to 200, full sort above)",
    [fc.array(oddUpdatedAt, { maxLength: 60 }), fc.integer({ min: 1, max: 70 })],
    ([values, limit]) => {
      const items = itemsOf(values)
      expect(ids(selectNewest(items, (i) => i.updatedAt, limit))).toEqual(ids(insertionSelect(items, limit)))
      const big = INSERTION_LIMIT + limit
      expect(ids(selectNewest(items, (i) => i.updatedAt, big))).toEqual(ids(stableSorted(items).slice(0, big)))
      expect(ids(selectNewest(items, (i) => i.updatedAt, undefined))).toEqual(ids(stableSorted(items)))
    },
    { fastCheck: { numRuns: 300 } }
  )

  it("keeps input order on ties", () => {
    const items = itemsOf([5, 7, 5, 7, undefined, 0, null])
    expect(ids(selectNewest(items, (i) => i.updatedAt, 10))).toEqual([1, 3, 0, 2, 4, 5, 6])
    expect(ids(selectNewest(items, (i) => i.updatedAt, 3))).toEqual([1, 3, 0])
  })
})
