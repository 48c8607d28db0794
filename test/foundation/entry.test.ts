import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import {
  acpOf,
  checkpointSessionFiles,
  decodeSessionEntry,
  protectionChatTypeOf,
  rawEntryField,
  sessionEntryFields,
  sessionEntryView,
  sessionFileOf,
  sessionIdOf,
  updatedAtOf,
  viewField
} from "../../src/domain/entry.js"

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

  it.prop(
    "viewField(raw, key) is the view's field",
    [fc.dictionary(fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 6 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 10 })],
    ([raw]) => {
      const view = sessionEntryView(raw) as Record<string, unknown>
      for (const key of known) expect(viewField(raw, key as keyof typeof sessionEntryFields)).toEqual(view[key])
    }
  )
})

describe("entry reads (the view, and the raw reads the reference's type distinctions need)", () => {
  it("sessionId and sessionFile come from the view", () => {
    expect(sessionIdOf({ sessionId: "s" })).toBe("s")
    for (const sessionId of ["", 5, null, true]) expect(sessionIdOf({ sessionId })).toBeUndefined()
    expect(sessionIdOf("s")).toBeUndefined()
    expect([sessionFileOf({ sessionFile: "" }), sessionFileOf({ sessionFile: 1 })]).toEqual(["", undefined])
  })

  it("raw reads keep values of any type", () => {
    expect(updatedAtOf({ updatedAt: "1779278400000" })).toBe("1779278400000")
    expect(rawEntryField({ sessionId: 5 }, "sessionId")).toBe(5)
    expect(rawEntryField([1], "sessionId")).toBeUndefined()
    expect(viewField({ updatedAt: "1779278400000" }, "updatedAt")).toBeUndefined()
  })

  it("protection's chat type: a non-string own chatType still hides origin.chatType; null does not", () => {
    expect(protectionChatTypeOf({ chatType: " Group " })).toBe("group")
    expect(protectionChatTypeOf({ origin: { chatType: "Channel" } })).toBe("channel")
    expect(protectionChatTypeOf({ chatType: 5, origin: { chatType: "group" } })).toBe("")
    expect(protectionChatTypeOf({ chatType: null, origin: { chatType: "group" } })).toBe("group")
    expect(protectionChatTypeOf(null)).toBe("")
  })

  it("acp fields are read one by one", () => {
    expect(acpOf({ acp: { agent: "codex", backend: 3 } })).toEqual({ agent: "codex", backend: undefined })
    expect(acpOf({ acp: "x" })).toEqual({ agent: undefined, backend: undefined })
  })

  it("checkpoint files are read item by item", () => {
    const entry = {
      compactionCheckpoints: [
        { preCompaction: { sessionFile: " a.jsonl " } },
        { preCompaction: { sessionFile: 3 } },
        null,
        { preCompaction: "x" },
        [],
        { preCompaction: { sessionFile: "  " } },
        { preCompaction: { sessionFile: "b.jsonl" }, id: 1 }
      ]
    }
    expect(checkpointSessionFiles(entry)).toEqual(["a.jsonl", "b.jsonl"])
    expect(viewField(entry, "compactionCheckpoints")).toBeUndefined()
    expect(checkpointSessionFiles({ compactionCheckpoints: {} })).toEqual([])
  })
})
