/**
 * The fast path-string answers give what `node:path` gives, on random paths built from the
 * pieces that make the difference (`.`, `..`, empty components, trailing slashes, `..name`).
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as path from "node:path"
import { basenameFast, dirnameFast, isDirectlyIn, isInsideFast, isSimpleAbsolute, joinNameFast, resolveFast } from "../../src/maintenance/pathText.js"
import { isInside } from "../../src/domain/sessionFiles.js"
import { isInsideStrict } from "../../src/maintenance/paths.js"

const piece = fc.constantFrom("a", "b", "sessions", ".", "..", "", "..x", ".hidden", "x..", "a.jsonl")
const absolute = fc.array(piece, { minLength: 0, maxLength: 5 }).chain((parts) =>
  fc.boolean().map((trailing) => `/${parts.join("/")}${trailing ? "/" : ""}`)
)
const byNodePath = (base: string, candidate: string) => {
  const rel = path.relative(base, candidate)
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)
}

describe("path text fast paths", () => {
  it("agree with node:path on random absolute paths", () => {
    let simplePairs = 0
    let simpleWithDots = 0
    fc.assert(
      fc.property(absolute, absolute, (a, b) => {
        expect(resolveFast(a)).toBe(path.resolve(a))
        if (isSimpleAbsolute(a)) expect(path.resolve(a)).toBe(a)
        else expect(path.resolve(a) === a && a !== "/").toBe(false)
        if (isSimpleAbsolute(a) && a.includes("/.")) simpleWithDots++
        const base = path.resolve(a)
        const p = path.resolve(b)
        if (isSimpleAbsolute(p) && isSimpleAbsolute(base)) simplePairs++
        expect(isDirectlyIn(p, base)).toBe(p !== base && path.dirname(p) === base)
        expect(isInsideStrict(base, p)).toBe(byNodePath(base, p))
        expect(isInsideStrict(a, b)).toBe(byNodePath(a, b))
        // the apply guards' helpers
        expect(dirnameFast(a)).toBe(path.dirname(a))
        expect(basenameFast(a)).toBe(path.basename(a))
        expect(joinNameFast(a, path.basename(b))).toBe(path.join(a, path.basename(b)))
        expect(isInsideFast(a, b)).toBe(isInside(a, b))
        expect(isInsideFast(base, p)).toBe(isInside(base, p))
      }),
      { numRuns: 3000 }
    )
    // the generator reaches the fast paths, not only the slow ones
    expect(simplePairs).toBeGreaterThan(100)
    // names that start with a dot (`/.hidden`, `/..x`) are simple, and reached
    expect(simpleWithDots).toBeGreaterThan(100)
  })

  it("cases that tell a naive prefix test apart", () => {
    expect(isInsideStrict("/s", "/s/..x")).toBe(false)
    expect(isInsideStrict("/s", "/sx/a")).toBe(false)
    expect(isInsideStrict("/s", "/s")).toBe(false)
    expect(isInsideStrict("/", "/a")).toBe(true)
    expect(isDirectlyIn("/s/a/b", "/s")).toBe(false)
    expect(isDirectlyIn("/a", "/")).toBe(true)
  })
})
