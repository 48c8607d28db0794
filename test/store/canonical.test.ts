/**
 * `isCanonicalValue` says "written as the store write writes it" only when the bytes are exactly
 * `JSON.stringify(JSON.parse(bytes), null, 2)` indented one level — checked against that text, on
 * values laid out canonically or not (compact, tabs, number spellings, escapes, duplicate and
 * array-index keys), and the store write and the "unchanged" check give the same bytes and answers
 * either way.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { serializeEntryValue } from "../../src/domain/storeText.js"
import { isCanonicalValue } from "../../src/store/canonical.js"

const leaf = fc.oneof(
  fc.constantFrom<unknown>(0, -1, 1.5, 1e21, 123456789012, 0.1, -0.000001, true, false, null, "", "a\"b", "back\\slash", "line\nfeed", "tab\there", "\u0001", "caf\u00e9", "\u2028", "__proto__"),
  fc.string({ maxLength: 6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer()
)
const keyArb = fc.oneof(fc.constantFrom("a", "b", "0", "7", "12", "x y", "q\"k", "__proto__", "01"), fc.string({ maxLength: 4 }))
/** A value's text (objects are their members in order, duplicates kept): the canonical layout, or one of several others (members kept as given, duplicates included). */
const layout = (v: unknown, style: number, level: number): string => {
  const pad = (n: number) => (style === 2 ? "\t".repeat(n) : "  ".repeat(n))
  if (isObjectMembers(v)) {
    if (v.members.length === 0) return "{}"
    const inner = v.members.map(([k, x]) => `${style === 1 ? "" : "\n" + pad(level + 1)}${keyText(k, style)}:${style === 1 ? "" : " "}${layout(x, style, level + 1)}`)
    return `{${inner.join(",")}${style === 1 ? "" : "\n" + pad(level)}}`
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]"
    const inner = v.map((x) => `${style === 1 ? "" : "\n" + pad(level + 1)}${layout(x, style, level + 1)}`)
    return `[${inner.join(",")}${style === 1 ? "" : "\n" + pad(level)}]`
  }
  if (typeof v === "number" && style === 3 && v === 0) return "-0"
  if (typeof v === "number" && style === 3 && Number.isInteger(v) && Math.abs(v) < 1e15) return `${v}.0`
  if (typeof v === "string" && style === 3) return JSON.stringify(v).replace(/a/g, "\\u0061")
  return JSON.stringify(v)
}
const keyText = (k: string, style: number) => (style === 3 ? JSON.stringify(k).replace(/b/g, "\\u0062") : JSON.stringify(k))

interface Members {
  readonly members: ReadonlyArray<readonly [string, unknown]>
}
const isObjectMembers = (v: unknown): v is Members => typeof v === "object" && v !== null && "members" in v

const treeArb = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, tie("object"), tie("array")),
  object: fc.array(fc.tuple(keyArb, tie("value")), { maxLength: 4 }).map((members): Members => ({ members })),
  array: fc.array(tie("value"), { maxLength: 4 })
})).value

describe("canonical row bytes", () => {
  it("are recognised exactly when they are what the store write would write", () => {
    let canonical = 0
    let rejectedCanonicalLooking = 0
    fc.assert(
      fc.property(treeArb, fc.constantFrom(0, 0, 0, 1, 2, 3), (tree, style) => {
        const text = layout(tree, style, 1)
        const bytes = Buffer.from(text, "utf8")
        const expected = serializeEntryValue(JSON.parse(text))
        const says = isCanonicalValue(bytes, 1)
        if (says) {
          canonical++
          expect(text).toBe(expected)
        } else if (style === 0) rejectedCanonicalLooking++
        // never says no to exact text it can check (its escapes and numbers are the short ones)
        if (text === expected && !/\\u|e[+-]|\d\.0\b/.test(text) && !hasDuplicateOrIndexKey(treeKeys(tree))) expect(says).toBe(true)
      }),
      { numRuns: 3000 }
    )
    expect(canonical).toBeGreaterThan(500)
    // duplicates, array-index keys and number spellings in the canonical layout are refused
    expect(rejectedCanonicalLooking).toBeGreaterThan(100)
  })

  it("find a repeated key among many, and the same key at two levels is not one repeated", () => {
    // (200 members need more key slots than the check starts with)
    const members = Array.from({ length: 200 }, (_, n) => [`k${n}`, { k0: n, [`k${n}`]: [n] }] as const)
    const text = (list: ReadonlyArray<readonly [string, unknown]>) =>
      `{${list.map(([k, v]) => `\n    ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, "\n    ")}`).join(",")}\n  }`
    const distinct = text(members)
    expect(distinct).toBe(serializeEntryValue(JSON.parse(distinct)))
    expect(isCanonicalValue(Buffer.from(distinct), 1)).toBe(true)
    expect(isCanonicalValue(Buffer.from(text([...members, ["k0", 1]])), 1)).toBe(false)
    expect(isCanonicalValue(Buffer.from(text([...members.slice(0, 150), ["k149", 1], ...members.slice(150)])), 1)).toBe(false)
  })
})

/** Every object's keys, as lists, to find duplicates and array-index keys. */
const treeKeys = (v: unknown): unknown => {
  if (isObjectMembers(v)) return { keys: v.members.map(([k]) => k), children: v.members.map(([, x]) => treeKeys(x)) }
  if (Array.isArray(v)) return { children: v.map(treeKeys) }
  return { children: [] }
}
const hasDuplicateOrIndexKey = (t: unknown): boolean => {
  const node = t as { keys?: Array<string>; children: Array<unknown> }
  if (node.keys !== undefined && (new Set(node.keys).size !== node.keys.length || node.keys.some((k) => /^(0|[1-9][0-9]*)$/.test(k)))) return true
  return node.children.some(hasDuplicateOrIndexKey)
}
