/**
 * A `RowView` reads as the array of `[key, entry]` pairs it stands for: iteration, `length`,
 * `filter` (chained), `map` and `forEach` give what the same calls give on an array of the
 * pairs. The source counts what it is asked, so a view is seen to make pairs only when read.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer } from "effect"
import * as path from "node:path"
import { takeSnapshot } from "../../src/interpreters/snapshot.js"
import { FsView } from "../../src/maintenance/fsView.js"
import type { Row, Rows } from "../../src/maintenance/rows.js"
import { keptPaths } from "../../src/maintenance/safety.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs } from "../../src/store/memoryFs.js"
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
        // a row's entry read again by its index, without its pair
        expect(filtered.map((_, i) => filtered.entryAt(i))).toEqual(expected.map(([, e]) => e))
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

  it("is a list of rows a view answers once for (keptPaths), as it does for an array", () => {
    const NOW = 1779278400000
    const dir = "/h/.openclaw/agents/main/sessions"
    const store = path.join(dir, "sessions.json")
    const rows = { "agent:main:a": { sessionId: "a", updatedAt: NOW }, "agent:main:b": { sessionId: "b", updatedAt: NOW, sessionFile: "b.jsonl" } }
    const mem = memoryFs({
      [store]: { content: JSON.stringify(rows, null, 2), mtimeMs: NOW },
      [path.join(dir, "a.jsonl")]: { content: "x", mtimeMs: NOW },
      [path.join(dir, "b.jsonl")]: { content: "y", mtimeMs: NOW }
    })
    const settings = { maintenance: { mode: "enforce" as const, pruneAfterMs: 1, maxEntries: 100, resetArchiveRetentionMs: false as const, maxDiskBytes: undefined, highWaterBytes: undefined }, dmScope: "main" as const }
    const options = { dryRun: true, enforce: true, fixMissing: false, fixDmScope: false, activeKey: undefined }
    const snapshot = Effect.runSync(
      takeSnapshot({ agentId: "main", storePath: store }, settings, options, NOW).pipe(
        Effect.provide(Layer.merge(mem.layer, Environment.make({ env: { HOME: "/h" }, cwd: "/h", osHomedir: "/h" })))
      )
    )
    const view = snapshot.store.entries
    expect(view).toBeInstanceOf(RowView)
    const fs = new FsView(snapshot)
    const kept = keptPaths(fs, view)
    // (each row's transcript and the trajectory sidecars named after its id)
    const filesOf = (id: string) => [`${id}.jsonl`, `${id}.trajectory-path.json`, `${id}.trajectory.jsonl`].map((name) => path.join(dir, name))
    expect([...kept].sort()).toEqual([...filesOf("a"), ...filesOf("b")])
    expect([...keptPaths(fs, Array.from(view))].sort()).toEqual([...kept].sort())
    // (asked again with the same rows, the view answers what it answered)
    expect(keptPaths(fs, view)).toBe(kept)
    const onlyB = view.filter(([k]) => k === "agent:main:b")
    expect(keptPaths(fs, onlyB)).toBe(keptPaths(fs, onlyB))
    expect([...keptPaths(fs, onlyB)].sort()).toEqual(filesOf("b"))
  })
})
