/**
 * Rows read back from the file after a scan (values, keys without a decoded copy) go through one
 * read-ahead buffer that is refilled and grown: every read gives the row's own bytes, in file
 * order or not, for rows smaller and larger than the buffer.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { scanStore } from "../../src/store/scan.js"

/** A row value of about `bytes` bytes. */
const valueOf = (n: number, bytes: number) => ({ sessionId: `id-${n}`, updatedAt: n, pad: "x".repeat(bytes), list: [n, `${n}`] })

describe("read-back of scanned rows", () => {
  it("gives every row's value and key, whatever the order and the rows' sizes", () => {
    // (sizes around the 64 KiB read-ahead: smaller, just below and above it, several times it)
    const sizes = fc.constantFrom(10, 200, 4_000, 60_000, 65_600, 70_000, 200_000)
    fc.assert(
      fc.property(fc.array(sizes, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 30 }), fc.constantFrom(4096, 1 << 20), (rowSizes, picks, window) => {
        const store: Record<string, unknown> = {}
        rowSizes.forEach((bytes, n) => (store[`agent:main:k${n}:${"é".repeat(n % 3)}`] = valueOf(n, bytes)))
        const text = JSON.stringify(store, null, 2)
        const scanned = scanStore(Buffer.from(text, "utf8"), window)
        if (scanned._tag === "rejected") throw new Error("rejected")
        const expected = Object.entries(JSON.parse(text) as Record<string, unknown>)
        // in file order, then in the order of `picks` (back and forth), keys and values mixed
        const order = [...expected.keys(), ...picks.map((p) => p % expected.length)]
        for (const row of order) {
          expect(scanned.value(row)).toEqual(expected[row]![1])
          expect(scanned.key(row)).toBe(expected[row]![0])
        }
      }),
      { numRuns: 60 }
    )
  })
})
