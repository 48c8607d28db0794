import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import { decodeSessionEntry, sessionEntryFields, sessionEntryView } from "../../src/domain/entry.js"

const known = Object.keys(sessionEntryFields)

describe("SessionEntry view (store-model §5.3)", () => {
  it("types the known fields and carries unknown ones", () => {
    const raw = JSON.parse(
      '{"sessionId":"s1","updatedAt":5,"custom":{"a":[1]},"origin":{"chatType":"group","x":1},"acp":{"agent":"codex","extra":true},"compactionCheckpoints":[{"preCompaction":{"sessionFile":"f.jsonl"},"id":"c"}],"__proto__":{"p":1}}'
    )
    const view = sessionEntryView(raw)
    expect(view.sessionId).toBe("s1")
    expect(view.updatedAt).toBe(5)
    expect(view.origin?.chatType).toBe("group")
    expect(view.acp?.agent).toBe("codex")
    expect(view.compactionCheckpoints?.[0]?.preCompaction?.sessionFile).toBe("f.jsonl")
    expect(Object.keys(view)).toEqual(Object.keys(raw))
    expect(Object.getOwnPropertyDescriptor(view, "__proto__")?.value).toEqual({ p: 1 })
    expect(view["custom"]).toBe(raw.custom)
    expect(Either.isRight(decodeSessionEntry({ sessionId: "x", other: null }))).toBe(true)
  })

  it("leaves out known fields of the wrong type (the raw value keeps them) and views non-objects as {}", () => {
    const raw = { sessionId: 5, updatedAt: "1779278400000", chatType: "group", totalTokensFresh: "yes", origin: "x" }
    expect(sessionEntryView(raw)).toEqual({ chatType: "group" })
    expect(Either.isLeft(decodeSessionEntry(raw))).toBe(true)
    for (const raw of [null, "str", [1, 2], 42, true]) expect(sessionEntryView(raw)).toEqual({})
  })

  it.prop(
    "a view never invents, reorders or alters fields",
    [fc.dictionary(fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 6 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 10 })],
    ([raw]) => {
      const view = sessionEntryView(raw) as Record<string, unknown>
      const rawKeys = Object.keys(raw)
      const viewKeys = Object.keys(view)
      expect(rawKeys.filter((k) => viewKeys.includes(k))).toEqual(viewKeys)
      for (const key of viewKeys) expect(view[key]).toEqual((raw as Record<string, unknown>)[key])
      for (const key of rawKeys) if (!known.includes(key)) expect(viewKeys).toContain(key)
    }
  )
})
