/**
 * The planning projection: what the scanner keeps of each row is `projectPlanEntry` of the row
 * as `JSON.parse` reads it, and every field reader the rules, prune, du and the dry-run's table
 * use answers the same on the projection as on the whole row. Kept in columns (`columns`: the
 * rules' fields, as `--json`, the apply and `du` read them), a row is an `EntryFields` made at
 * each read: the readers answer the same on it, and it stands for the same object.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { DEFAULT_SETTINGS } from "../../src/domain/config.js"
import { displayModelRef } from "../../src/domain/displayModel.js"
import {
  acpOf,
  checkpointSessionFiles,
  entryObject,
  isEntryFields,
  PLAN_FIELDS,
  projectPlanEntry,
  protectionChatTypeOf,
  RULE_FIELDS,
  rawEntryField,
  sessionEntryFieldTypes,
  sessionEntryView,
  sessionFileOf,
  sessionIdOf,
  updatedAtOf,
  viewField
} from "../../src/domain/entry.js"
import { isRecord } from "../../src/domain/json.js"
import { channelOfRow, isIdleRow, rowKinds } from "../../src/maintenance/prune.js"
import { protectionReason } from "../../src/maintenance/protection.js"
import { formatFlags } from "../../src/render/cells.js"
import { bufferSource, type ScannedStore, scanSource } from "../../src/store/scan.js"

const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }))
const nested = fc.dictionary(fc.constantFrom("chatType", "provider", "channel", "agent", "backend", "to", "x", "__proto__"), scalar, { maxKeys: 4 })
const checkpoint = fc.oneof(
  fc.record({ preCompaction: fc.oneof(fc.record({ sessionFile: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), summary: fc.string() }, { requiredKeys: [] }), scalar) }, { requiredKeys: [] }),
  scalar
)
const FIELDS = [...Object.keys(sessionEntryFieldTypes), "lastChannel", "channel", "lastProvider", "provider", "deliveryContext", "skillsSnapshot", "label", "room", "__proto__"]
/** A member name as JSON text, its first character written as a `\\u` escape when `escape`. */
const nameText = (name: string, escape: boolean): string =>
  escape ? JSON.stringify(name).replace(/^"(.)/, (_m, c: string) => `"\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : JSON.stringify(name)

/** A nested object written as text: members repeated, escaped, spaced out (what `JSON.stringify` never writes). */
class NestedText {
  constructor(readonly text: string) {}
}
const nestedText = fc
  .array(fc.tuple(fc.constantFrom("chatType", "provider", "channel", "agent", "backend", "to", "__proto__"), fc.oneof(scalar, nested), fc.boolean(), fc.constantFrom("", " ", "\n    ")), { maxLength: 6 })
  .map((members) => new NestedText(`{${members.map(([name, v, escape, space]) => `${space}${nameText(name, escape)}${space}:${space}${JSON.stringify(v)}`).join(",")}}`))

const value = fc.oneof(scalar, nested, { arbitrary: nestedText, weight: 3 }, fc.array(checkpoint, { maxLength: 3 }), fc.array(scalar, { maxLength: 2 }))

/** A row's text: members (some repeated, some with an escaped name) in any order; now and then a row that is not an object. */
const rowText = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.tuple(fc.constantFrom(...FIELDS), value, fc.boolean()), { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("[1, {\"sessionId\": \"x\"}]", "null", "\"agent\"", "7", "false", "{}") }
).map((members) =>
  typeof members === "string"
    ? members
    : `{${members.map(([name, v, escape]) => `${nameText(name, escape)}: ${v instanceof NestedText ? v.text : JSON.stringify(v)}`).join(", ")}}`
)

/** Whether a row's text has an `origin`, `acp` or `deliveryContext` object with a repeated or escaped member. */
const pickedTricky = (text: string): boolean =>
  /"(origin|acp|deliveryContext)": \{[^{}]*("\\u00|"(chatType|provider|channel|agent|backend)"[^{}]*"\3")/.test(text)

const NESTED = new Set(["origin", "acp", "compactionCheckpoints"])
const KEYS = ["agent:main:main", "agent:main:telegram:group:-1", "agent:main:slack:channel:c:thread:1", "agent:main:cron:j"]

/** The readers cleanup's rules use answer the same on an entry `p` (a projection, or a handle on one) as on the whole row `raw`. */
const sameForRules = (key: string, p: unknown, raw: unknown) => {
  const same = <T>(read: (e: unknown) => T) => expect(read(p)).toEqual(read(raw))
  same(updatedAtOf)
  same(sessionIdOf)
  same(sessionFileOf)
  same(protectionChatTypeOf)
  same(checkpointSessionFiles)
  same((e) => protectionReason(key, e))
  same(isRecord)
  // the scalar fields raw and as the view has them; the nested ones (kept in part) as their readers read them
  for (const field of ["sessionId", "updatedAt", "sessionFile", "chatType"] as const) {
    same((e) => rawEntryField(e, field))
    same((e) => viewField(e, field))
  }
  same((e) => viewField(e, "origin") === undefined)
  same((e) => viewField(e, "origin")?.chatType)
  same((e) => viewField(e, "compactionCheckpoints") === undefined)
}

/** Every reader the rules, prune, du and the dry-run's table use answers the same on `p` as on `raw`. */
const sameForPlans = (key: string, p: unknown, raw: unknown) => {
  const same = <T>(read: (e: unknown) => T) => expect(read(p)).toEqual(read(raw))
  sameForRules(key, p, raw)
  same(acpOf)
  same(isIdleRow)
  same(channelOfRow)
  same((e) => rowKinds(key, e))
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
}

/**
 * A row's entry from a scan with `columns` stands for its projection `p` (as an object, the
 * `project` scan's): every reader answers the same on both, whatever field it asks (members of
 * `Object.prototype` too), and the object it makes has the same members in the same order.
 */
const sameAsProjection = (entry: unknown, p: unknown, fields: ReadonlySet<string>) => {
  expect(isEntryFields(entry)).toBe(isRecord(p))
  if (!isEntryFields(entry)) return expect(entry).toEqual(p)
  // (a handle shows no members of its own: nothing that lists them walks into the store)
  expect(Object.keys(entry)).toEqual([])
  const object = entryObject(entry)
  expect(object).toEqual(p)
  expect(JSON.stringify(object)).toBe(JSON.stringify(p))
  expect(JSON.stringify(entry)).toBe(JSON.stringify(p))
  expect(Object.keys(sessionEntryView(entry))).toEqual(Object.keys(sessionEntryView(p)))
  expect(sessionEntryView(entry)).toEqual(sessionEntryView(p))
  expect(projectPlanEntry(entry, fields)).toEqual(p)
  for (const field of [...PLAN_FIELDS, "constructor", "toString", "__proto__", "hasOwnProperty", "model2"]) {
    expect(rawEntryField(entry, field)).toEqual(rawEntryField(p, field))
  }
}

/** Scans `text` keeping projections as `keep` does, of `fields`. */
const scanWith = (text: string, keep: "project" | "columns", fields: ReadonlySet<string>): ScannedStore => {
  const result = scanSource(bufferSource(Buffer.from(text)), 64, keep, fields)
  if (result._tag === "rejected") throw new Error(`rejected: ${text}`)
  return result
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
    // kept in columns, the rows read the same shared values
    const columns = scanWith(text, "columns", RULE_FIELDS)
    expect([0, 1, 2, 3].map((row) => rawEntryField(columns.entry(row), "origin"))).toEqual(origins)
    expect(rawEntryField(columns.entry(1), "origin")).toBe(origins[0])
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
    let repeated = 0
    let proto = 0
    let notObject = 0
    fc.assert(
      fc.property(fc.array(rowText, { minLength: 1, maxLength: 4 }), (rows) => {
        const text = `{${rows.map((r, i) => `${JSON.stringify(KEYS[i])}: ${r}`).join(",\n")}}`
        if (text.includes("\\u00")) escaped++
        if (pickedTricky(text)) tricky++
        if (rows.some((r) => FIELDS.some((f) => r.split(`${JSON.stringify(f)}:`).length > 2))) repeated++
        if (text.includes('"__proto__":')) proto++
        if (rows.some((r) => !r.startsWith("{"))) notObject++
        const whole = Object.entries(JSON.parse(text) as Record<string, unknown>)
        for (const fields of [PLAN_FIELDS, RULE_FIELDS]) {
          const objects = scanWith(text, "project", fields)
          const columns = scanWith(text, "columns", fields)
          const sameReaders = fields === PLAN_FIELDS ? sameForPlans : sameForRules
          expect(objects.count).toBe(whole.length)
          expect(columns.count).toBe(whole.length)
          whole.forEach(([key, raw], row) => {
            const p = objects.projection(row)
            expect(p).toEqual(projectPlanEntry(raw, fields))
            expect(objects.entry(row)).toBe(p)
            sameReaders(key, p, raw)
            // kept in columns: a handle made at each read, which stands for the same projection
            const entry = columns.entry(row)
            if (isRecord(raw)) expect(columns.entry(row)).not.toBe(entry)
            expect(columns.projection(row)).toEqual(p)
            sameAsProjection(entry, p, fields)
            sameReaders(key, entry, raw)
          })
        }
      }),
      { numRuns: 500 }
    )
    // the generator writes escaped field names, which the scanner must match too
    expect(escaped).toBeGreaterThan(50)
    // and nested objects whose picked members repeat or have escaped names (read from the bytes)
    expect(tricky).toBeGreaterThan(20)
    // repeated fields (the last wins, in the first one's place), `__proto__` members, rows that are not objects
    expect(repeated).toBeGreaterThan(50)
    expect(proto).toBeGreaterThan(50)
    expect(notObject).toBeGreaterThan(50)
  })

  it("keeps columns right past their codes, layouts and sparse values", () => {
    // 300 distinct chat types (a column codes 255), the 720 orders of the six rule fields and
    // fewer (layouts beyond a byte), session ids of their own (a map, then chunks), a session
    // file on one row in ten, then on every row (a map for longer, then chunks), values that are
    // not objects among them, and more rows than a chunk holds
    const fields = [...RULE_FIELDS]
    const permutation = (n: number): Array<string> => {
      const left = [...fields]
      const out: Array<string> = []
      for (let k = left.length; k > 0; k--) {
        out.push(left.splice(n % k, 1)[0]!)
        n = Math.floor(n / k)
      }
      return out
    }
    const valueOf = (field: string, i: number): unknown =>
      field === "sessionId"
        ? `${i}-4000-8000-000000000000-long-enough-not-to-be-coded`
        : field === "updatedAt"
          ? i % 11 === 0 ? `${i}` : 1_000_000 + i
          : field === "sessionFile"
            ? `/home/someone/.openclaw/agents/main/sessions/s${i}.jsonl`
            : field === "chatType"
              ? i % 13 === 0 ? i : `type${i % 300}`
              : field === "origin"
                ? { chatType: i % 3 === 0 ? "group" : "direct", provider: "slack", from: `u${i}` }
                : [{ preCompaction: { sessionFile: `c${i}.jsonl` } }]
    const count = 2 * 16384 + 7
    const members: Array<string> = []
    for (let i = 0; i < count; i++) {
      const key = JSON.stringify(`k${i % 20000 === 19999 ? 5 : i}`)
      if (i % 97 === 5) {
        members.push(`${key}: ${JSON.stringify([null, i, "x", true][i % 4])}`)
        continue
      }
      const order = permutation(i % 720).filter((f) => (f === "sessionFile" ? i % 10 === 0 || i > 20000 : f !== "compactionCheckpoints" || i % 3 === 1))
      members.push(`${key}: {${order.map((f) => `${JSON.stringify(f)}: ${JSON.stringify(valueOf(f, i))}`).join(", ")}, "model": "m"}`)
    }
    const text = `{${members.join(",\n")}}`
    const whole = Object.entries(JSON.parse(text) as Record<string, unknown>)
    const objects = scanWith(text, "project", RULE_FIELDS)
    const columns = scanWith(text, "columns", RULE_FIELDS)
    expect(columns.count).toBe(whole.length)
    const wrong: Array<string> = []
    whole.forEach(([key, raw], row) => {
      const p = objects.projection(row)
      const entry = columns.entry(row)
      const same =
        columns.key(row) === key &&
        JSON.stringify(p) === JSON.stringify(projectPlanEntry(raw, RULE_FIELDS)) &&
        JSON.stringify(columns.projection(row)) === JSON.stringify(p) &&
        JSON.stringify(entry) === JSON.stringify(p) &&
        isEntryFields(entry) === isRecord(raw) &&
        [...RULE_FIELDS].every((f) => JSON.stringify(rawEntryField(entry, f)) === JSON.stringify(rawEntryField(p, f))) &&
        [updatedAtOf, sessionIdOf, sessionFileOf, protectionChatTypeOf, checkpointSessionFiles].every(
          (read) => JSON.stringify(read(entry)) === JSON.stringify(read(raw))
        )
      if (!same) wrong.push(key)
    })
    expect(wrong).toEqual([])
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
    for (const keep of ["keys", "project", "columns"] as const) {
      const scanned = scanSource(bufferSource(Buffer.from(text)), 1 << 16, keep, RULE_FIELDS)
      if (scanned._tag === "rejected") throw new Error("rejected")
      expect(scanned.count).toBe(whole.length)
      const mismatches = whole.filter(
        ([key, raw], row) =>
          scanned.key(row) !== key ||
          (keep !== "keys" &&
            (JSON.stringify(scanned.projection(row)) !== JSON.stringify(projectPlanEntry(raw, RULE_FIELDS)) ||
              JSON.stringify(scanned.entry(row)) !== JSON.stringify(projectPlanEntry(raw, RULE_FIELDS))))
      )
      expect(mismatches.map(([key]) => key)).toEqual([])
    }

  })
})
