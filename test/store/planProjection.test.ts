/**
 * The planning projection: what the scanner keeps of each row is `projectPlanEntry` of the row
 * as `JSON.parse` reads it, and every field reader the rules, prune, du and the dry-run's table
 * use answers the same on the projection as on the whole row.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { DEFAULT_SETTINGS } from "../../src/domain/config.js"
import { displayModelRef } from "../../src/domain/displayModel.js"
import {
  acpOf,
  checkpointSessionFiles,
  PLAN_FIELDS,
  projectPlanEntry,
  protectionChatTypeOf,
  RULE_FIELDS,
  rawEntryField,
  sessionEntryFieldTypes,
  sessionFileOf,
  sessionIdOf,
  updatedAtOf,
  viewField
} from "../../src/domain/entry.js"
import { channelOfRow, isIdleRow, rowKinds } from "../../src/maintenance/prune.js"
import { protectionReason } from "../../src/maintenance/protection.js"
import { formatFlags } from "../../src/render/cells.js"
import { bufferSource, scanSource } from "../../src/store/scan.js"

const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }))
const nested = fc.dictionary(fc.constantFrom("chatType", "provider", "channel", "agent", "backend", "to", "x"), scalar, { maxKeys: 4 })
const checkpoint = fc.oneof(
  fc.record({ preCompaction: fc.oneof(fc.record({ sessionFile: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), summary: fc.string() }, { requiredKeys: [] }), scalar) }, { requiredKeys: [] }),
  scalar
)
const FIELDS = [...Object.keys(sessionEntryFieldTypes), "lastChannel", "channel", "lastProvider", "provider", "deliveryContext", "skillsSnapshot", "label", "room"]
/** A member name as JSON text, its first character written as a `\\u` escape when `escape`. */
const nameText = (name: string, escape: boolean): string =>
  escape ? JSON.stringify(name).replace(/^"(.)/, (_m, c: string) => `"\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : JSON.stringify(name)

/** A nested object written as text: members repeated, escaped, spaced out (what `JSON.stringify` never writes). */
class NestedText {
  constructor(readonly text: string) {}
}
const nestedText = fc
  .array(fc.tuple(fc.constantFrom("chatType", "provider", "channel", "agent", "backend", "to"), fc.oneof(scalar, nested), fc.boolean(), fc.constantFrom("", " ", "\n    ")), { maxLength: 6 })
  .map((members) => new NestedText(`{${members.map(([name, v, escape, space]) => `${space}${nameText(name, escape)}${space}:${space}${JSON.stringify(v)}`).join(",")}}`))

const value = fc.oneof(scalar, nested, { arbitrary: nestedText, weight: 3 }, fc.array(checkpoint, { maxLength: 3 }), fc.array(scalar, { maxLength: 2 }))

/** A row's text: members (some repeated, some with an escaped name) in any order. */
const rowText = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.tuple(fc.constantFrom(...FIELDS), value, fc.boolean()), { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant(null) }
).map((members) =>
  members === null
    ? "[1, {\"sessionId\": \"x\"}]"
    : `{${members.map(([name, v, escape]) => `${nameText(name, escape)}: ${v instanceof NestedText ? v.text : JSON.stringify(v)}`).join(", ")}}`
)

/** Whether a row's text has an `origin`, `acp` or `deliveryContext` object with a repeated or escaped member. */
const pickedTricky = (text: string): boolean =>
  /"(origin|acp|deliveryContext)": \{[^{}]*("\\u00|"(chatType|provider|channel|agent|backend)"[^{}]*"\3")/.test(text)

const NESTED = new Set(["origin", "acp", "compactionCheckpoints"])
const KEYS = ["agent:main:main", "agent:main:telegram:group:-1", "agent:main:slack:channel:c:thread:1", "agent:main:cron:j"]

/** The readers cleanup's rules use answer the same on a projection `p` as on the whole row `raw`. */
const sameForRules = (key: string, p: unknown, raw: unknown) => {
  const same = <T>(read: (e: unknown) => T) => expect(read(p)).toEqual(read(raw))
  same(updatedAtOf)
  same(sessionIdOf)
  same(sessionFileOf)
  same(protectionChatTypeOf)
  same(checkpointSessionFiles)
  same((e) => protectionReason(key, e))
}

describe("the planning projection", () => {
  it("keeps one frozen copy of each small nested value", () => {
    const text = JSON.stringify({
      a: { origin: { provider: "slack", chatType: "direct", from: "x" } },
      b: { origin: { chatType: "direct", provider: "slack", to: "y" } },
      c: { origin: { provider: "slack", chatType: "direct" } },
      d: { origin: { provider: "slack", chatType: "group" } }
    })
    const scanned = scanSource(bufferSource(Buffer.from(text)), 64, "project")
    if (scanned._tag === "rejected") throw new Error("rejected")
    const origins = [0, 1, 2, 3].map((row) => (scanned.projection(row) as { readonly origin: unknown }).origin)
    expect(origins[0]).toEqual({ chatType: "direct", provider: "slack" })
    expect(origins[1]).toBe(origins[0])
    expect(origins[2]).toBe(origins[0])
    expect(origins[3]).toEqual({ chatType: "group", provider: "slack" })
    expect(origins[3]).not.toBe(origins[0])
    expect(Object.isFrozen(origins[0])).toBe(true)
    // two values whose hashes collide (`{channel: "c44uw9l"}` and `{channel: "c12s498"}` under
    // the scanner's FNV-1a, found by search) are still two values
    const collide = JSON.stringify({ a: { deliveryContext: { channel: "c44uw9l" } }, b: { deliveryContext: { channel: "c12s498" } } })
    const both = scanSource(bufferSource(Buffer.from(collide)), 64, "project")
    if (both._tag === "rejected") throw new Error("rejected")
    expect([0, 1].map((row) => (both.projection(row) as { readonly deliveryContext: unknown }).deliveryContext)).toEqual([{ channel: "c44uw9l" }, { channel: "c12s498" }])
  })

  it("the rules' fields are planning fields", () => {
    for (const field of RULE_FIELDS) expect(PLAN_FIELDS.has(field)).toBe(true)
  })

  it("is what the scanner keeps, and every field reader answers the same on it as on the whole row", () => {
    let escaped = 0
    let tricky = 0
    fc.assert(
      fc.property(fc.array(rowText, { minLength: 1, maxLength: 4 }), (rows) => {
        const text = `{${rows.map((r, i) => `${JSON.stringify(KEYS[i])}: ${r}`).join(",\n")}}`
        if (text.includes("\\u00")) escaped++
        if (pickedTricky(text)) tricky++
        const scanned = scanSource(bufferSource(Buffer.from(text)), 64, "project")
        if (scanned._tag === "rejected") throw new Error(`rejected: ${text}`)
        const whole = Object.entries(JSON.parse(text) as Record<string, unknown>)
        expect(scanned.count).toBe(whole.length)
        whole.forEach(([key, raw], row) => {
          const p = scanned.projection(row)
          expect(p).toEqual(projectPlanEntry(raw))
          const same = <T>(read: (e: unknown) => T) => expect(read(p)).toEqual(read(raw))
          sameForRules(key, p, raw)
          same(acpOf)
          same(isIdleRow)
          same(channelOfRow)
          same((e) => rowKinds(key, e))
          same((e) => protectionReason(key, e))
          same((e) => formatFlags(e))
          same((e) => displayModelRef(DEFAULT_SETTINGS, key, e))
          // scalar fields as the view has them; nested ones are read only in part (whether the view
          // has them, `origin.chatType`; `acp` and the checkpoints through their readers above)
          for (const field of Object.keys(sessionEntryFieldTypes) as Array<keyof typeof sessionEntryFieldTypes>) {
            if (NESTED.has(field)) same((e) => viewField(e, field) === undefined)
            else same((e) => viewField(e, field))
          }
          same((e) => viewField(e, "origin")?.chatType)
          for (const field of ["lastChannel", "channel", "lastProvider", "provider"]) same((e) => rawEntryField(e, field))
        })
        // the rules' projection (what --json and apply read): the rules' readers answer the same
        const rules = scanSource(bufferSource(Buffer.from(text)), 64, "project", RULE_FIELDS)
        if (rules._tag === "rejected") throw new Error(`rejected: ${text}`)
        whole.forEach(([key, raw], row) => {
          const p = rules.projection(row)
          expect(p).toEqual(projectPlanEntry(raw, RULE_FIELDS))
          sameForRules(key, p, raw)
        })
      }),
      { numRuns: 500 }
    )
    // the generator writes escaped field names, which the scanner must match too
    expect(escaped).toBeGreaterThan(50)
    // and nested objects whose picked members repeat or have escaped names (read from the bytes)
    expect(tricky).toBeGreaterThan(20)
  })

  it("keeps every row's key and projection in a store of more rows than one of its chunks holds", () => {
    // (the scanner keeps keys and projections in chunks of 16 384 rows: rows on both sides of
    // each chunk's edge, a duplicate key across chunks, and non-object rows among them)
    const count = 3 * 16384 + 5
    const rows: Array<[string, unknown]> = []
    for (let i = 0; i < count; i++) {
      const key = i === count - 1 ? "k16383" : `k${i}`
      rows.push([key, i % 7 === 3 ? i : { sessionId: `s${i}`, updatedAt: 1000 + i, chatType: i % 2 === 0 ? "direct" : "group", model: "m" }])
    }
    const text = `{${rows.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`
    const whole = Object.entries(JSON.parse(text) as Record<string, unknown>)
    for (const keep of ["keys", "project"] as const) {
      const scanned = scanSource(bufferSource(Buffer.from(text)), 1 << 16, keep, RULE_FIELDS)
      if (scanned._tag === "rejected") throw new Error("rejected")
      expect(scanned.count).toBe(whole.length)
      const mismatches = whole.filter(
        ([key, raw], row) =>
          scanned.key(row) !== key || (keep === "project" && JSON.stringify(scanned.projection(row)) !== JSON.stringify(projectPlanEntry(raw, RULE_FIELDS)))
      )
      expect(mismatches.map(([key]) => key)).toEqual([])
    }

  })
})
