/**
 * The scanner's columns of file positions hold every position exactly: 4 bytes each while all
 * fit in 32 bits, doubles from the first that does not (files of 4 GiB and more), through any
 * number of growths on either side of the switch.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { OffsetColumn } from "../../src/store/scan.js"

const FOUR_GIB = 2 ** 32

describe("OffsetColumn", () => {
  it("gives back every position pushed, below and beyond 4 GiB", () => {
    let crossed = 0
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(1000), fc.integer({ min: FOUR_GIB - 3, max: FOUR_GIB + 3 }), fc.maxSafeNat()), { maxLength: 80 }),
        fc.integer({ min: 1, max: 8 }),
        (positions, firstSize) => {
          const column = new OffsetColumn(firstSize)
          for (const p of positions) column.push(p)
          expect(column.length).toBe(positions.length)
          expect(Array.from(column.data.subarray(0, column.length))).toEqual(positions)
          const beyond = positions.some((p) => p >= FOUR_GIB)
          if (beyond && positions.findIndex((p) => p >= FOUR_GIB) > 0) crossed++
          // 4 bytes a position until one needs more
          expect(column.data instanceof Uint32Array).toBe(!beyond)
        }
      )
    )
    expect(crossed).toBeGreaterThan(10)
  })

  it("keeps the largest 4-byte position in 4 bytes and the next one in 8", () => {
    const column = new OffsetColumn(1)
    column.push(FOUR_GIB - 1)
    expect(column.data).toBeInstanceOf(Uint32Array)
    column.push(FOUR_GIB)
    expect(column.data).toBeInstanceOf(Float64Array)
    expect(Array.from(column.data.subarray(0, 2))).toEqual([FOUR_GIB - 1, FOUR_GIB])
  })
})
