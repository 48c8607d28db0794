/**
 * A `RowView` reads as the array of `[key, entry]` pairs it stands for: iteration, `length`,
 * `filter` (chained), `map` and `forEach` give what the same calls give on an array of the
 * pairs. The source counts what it is asked, so a view is seen to make pairs only when read.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import type { Row, Rows } from "../../src/maintenance/rows.js"
import { RowView } from "../../src/store/rowView.js"

const sourceOf = (rows: ReadonlyArray<Row>) => {
  let reads = 0
  return {
    source: {
      count: rows.length,
      key: (row: number) => {
        reads++
        return rows[row]![0]
      },
      entry: (row: number) => rows[row]![1]
    },
    reads: () => reads
  }
}

const rowsArb = fc.array(
  fc.tuple(fc.string({ maxLength: 4 }), fc.oneof(fc.record({ n: fc.integer({ min: 0, max: 9 }) }), fc.constant(null), fc.integer())),
  { maxLength: 40 }
)

/** Every way the rules read rows, as plain data. */
const readAll = (rows: Rows) => ({
  length: rows.length,
  iterated: [...rows],
  mapped: rows.map(([k, e], i) => [i, k, e]),
  each: (() => {
    const out: Array<unknown> = []
    rows.forEach(([k], i) => out.push([i, k]))
    return out
  })()
})

describe("RowView", () => {
  it("reads as the array of its rows, through filters chained on it", () => {
    let subsets = 0
    fc.assert(
      fc.property(rowsArb, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.integer({ min: 0, max: 9 }), (rows, mask, threshold) => {
        const view = new RowView(sourceOf(rows).source)
        expect(readAll(view)).toEqual(readAll(rows))
        // a filter on the key's position, then one on the entry: a subset of a subset
        const firstKeys = new Set(rows.filter((_, i) => mask[i]).map(([k]) => k))
        const byKey = ([k]: Row) => firstKeys.has(k)
        const byEntry = ([, e]: Row) => typeof e === "object" && e !== null && (e as { n: number }).n >= threshold
        const expected = rows.filter(byKey).filter(byEntry)
        const filtered = view.filter(byKey).filter(byEntry)
        if (expected.length > 0 && expected.length < rows.length) subsets++
        expect(readAll(filtered)).toEqual(readAll(expected))
      })
    )
    expect(subsets).toBeGreaterThan(10)
  })

  it("makes a row's pair only when it is read", () => {
    const rows: ReadonlyArray<Row> = [
      ["a", { n: 1 }],
      ["b", { n: 2 }],
      ["c", { n: 3 }]
    ]
    const { source, reads } = sourceOf(rows)
    const view = new RowView(source)
    expect(view.length).toBe(3)
    expect(reads()).toBe(0)
    const iterator = view[Symbol.iterator]()
    expect(iterator.next()).toEqual({ done: false, value: ["a", { n: 1 }] })
    expect(reads()).toBe(1)
    // a filter that keeps every row is the view itself; one that keeps fewer is a new view
    expect(view.filter(() => true)).toBe(view)
    const odd = view.filter(([, e]) => (e as { n: number }).n % 2 === 1)
    expect([...odd]).toEqual([rows[0], rows[2]])
    expect(odd.rowNumber(1)).toBe(2)
  })
})
