import { live } from "../support/live.js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Exit, FastCheck as fc, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach } from "vitest"
import { SessionStoreFromJson, SessionStoreSchema } from "../../src/domain/entry.js"
import { StoreUnreadableError } from "../../src/domain/errors.js"
import {
  isArrayIndexKey,
  parseStoreText,
  readStore,
  requireWritable,
  serializeStore,
  writeStore,
  writeStoreText
} from "../../src/store/storeFile.js"
import { tempDir } from "../support/tempDir.js"

const GOLDEN = path.join(__dirname, "..", "golden", "store", "write")

const tmpDirs: Array<string> = []
const tmp = () => {
  const dir = tempDir("clawkeep-store-")
  tmpDirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

// Keys: any string (unicode, lone surrogates), integer-like strings, and tricky names.
const keyArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.nat({ max: 5_000_000_000 }).map(String),
  fc.integer({ min: -50, max: 50 }).map(String),
  fc.constantFrom("__proto__", "constructor", "01", "1.5", "4294967294", "4294967295", "agent:main:main", "")
)
const valueArb = fc.oneof(
  fc.jsonValue({ stringUnit: "binary", maxDepth: 4 }),
  fc.dictionary(keyArb, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.constantFrom(1e21, 1e-7, -0, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0.1)
)
const entriesArb = fc.uniqueArray(fc.tuple(keyArb, valueArb), { selector: (t) => t[0], maxLength: 12 })
/** A store object built the way JSON.parse builds one (own `__proto__` keys included). */
const storeObjectArb = entriesArb.map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`) as object)

describe("sessions.json text (store-model §5)", () => {
  it.prop(
    "a store written by JSON.stringify(x, null, 2) round-trips byte-identically through parse → serializeStore",
    [storeObjectArb],
    ([store]) => {
      const text = JSON.stringify(store, null, 2)
      const parsed = parseStoreText(text)
      expect(parsed).toBeDefined()
      expect(serializeStore(parsed!)).toBe(text)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "serializeStore(map) equals JSON.stringify(Object.fromEntries(map), null, 2) for any insertion order",
    [entriesArb],
    ([entries]) => {
      const map = new Map(entries)
      expect(serializeStore(map)).toBe(JSON.stringify(Object.fromEntries(map), null, 2))
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "the Schema decodes store text to the same map and encodes it back to the same text",
    [storeObjectArb],
    ([store]) => {
      const text = JSON.stringify(store, null, 2)
      const decoded = Schema.decodeUnknownSync(SessionStoreFromJson)(text)
      expect([...decoded.keys()]).toEqual(Object.keys(store))
      expect(Schema.encodeSync(SessionStoreFromJson)(decoded)).toBe(text)
      const viaObject = Schema.encodeSync(SessionStoreSchema)(Schema.decodeUnknownSync(SessionStoreSchema)(JSON.parse(text)))
      expect(JSON.stringify(viaObject, null, 2)).toBe(text)
    },
    { fastCheck: { numRuns: 100 } }
  )

  it("keeps a `__proto__` entry and nested `__proto__` fields as plain data", () => {
    const text = '{\n  "__proto__": {\n    "__proto__": 1\n  },\n  "a": 2\n}'
    const map = parseStoreText(text)!
    expect([...map.keys()]).toEqual(["__proto__", "a"])
    expect(serializeStore(map)).toBe(text)
    expect(Schema.encodeSync(SessionStoreFromJson)(Schema.decodeUnknownSync(SessionStoreFromJson)(text))).toBe(text)
  })

  it("orders array-index keys first, ascending, like a JavaScript object", () => {
    const map = new Map<string, unknown>([
      ["b", 1],
      ["10", 2],
      ["2", 3],
      ["-1", 4],
      ["01", 5],
      ["4294967295", 6],
      ["4294967294", 7]
    ])
    expect(JSON.parse(serializeStore(map))).toBeDefined()
    expect(Object.keys(JSON.parse(serializeStore(map)))).toEqual(["2", "10", "4294967294", "b", "-1", "01", "4294967295"])
    // the text itself, not JSON.parse of it: parsing would put the index keys first whatever order they were written in
    expect(serializeStore(map)).toBe(
      '{\n  "2": 3,\n  "10": 2,\n  "4294967294": 7,\n  "b": 1,\n  "-1": 4,\n  "01": 5,\n  "4294967295": 6\n}'
    )
    expect(isArrayIndexKey("0")).toBe(true)
    expect(isArrayIndexKey("00")).toBe(false)
    expect(isArrayIndexKey("4294967295")).toBe(false)
  })

  it("writes `{}` for an empty store and skips undefined values", () => {
    expect(serializeStore(new Map())).toBe("{}")
    expect(serializeStore(new Map([["a", undefined]]))).toBe("{}")
    expect(serializeStore(new Map<string, unknown>([["a", undefined], ["b", 1]]))).toBe('{\n  "b": 1\n}')
  })

  it("rejects text that is not a JSON object (Schema and parse agree)", () => {
    for (const text of ["", "[]", "5", "null", '"x"', "{ // c\n}", "{a:1}", "{\"a\":1,}"]) {
      expect(parseStoreText(text)).toBeUndefined()
      expect(Either.isLeft(Schema.decodeUnknownEither(SessionStoreFromJson)(text))).toBe(true)
    }
  })
})

describe("written stores match the reference byte for byte (test/golden/store/write)", () => {
  const cases = fs
    .readdirSync(GOLDEN)
    .filter((f) => f.endsWith(".input.json"))
    .map((f) => f.slice(0, -".input.json".length))

  it("has recorded cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(6)
  })

  for (const name of cases) {
    it.effect(`${name}: serializeStore and writeStore of the surviving rows equal the reference's file`, () =>
      Effect.gen(function* () {
        const input = fs.readFileSync(path.join(GOLDEN, `${name}.input.json`), "utf8")
        const reference = fs.readFileSync(path.join(GOLDEN, `${name}.reference.json`), "utf8")
        const entries = new Map(parseStoreText(input)!)
        // The recorded apply pruned exactly the stale row.
        expect(entries.delete("agent:main:stale")).toBe(true)
        expect(serializeStore(entries)).toBe(reference)

        const dir = tmp()
        const storePath = path.join(dir, "sessions", "sessions.json")
        fs.mkdirSync(path.dirname(storePath))
        fs.writeFileSync(storePath, input, { mode: 0o644 })
        const read = yield* live(readStore(storePath))
        const surviving = new Map(read.entries)
        surviving.delete("agent:main:stale")
        const result = yield* live(writeStore(storePath, surviving, read.text))
        expect(result.written).toBe(true)
        expect(fs.readFileSync(storePath)).toEqual(Buffer.from(reference, "utf8"))
        expect(fs.statSync(storePath).mode & 0o777).toBe(0o600)
        expect(fs.readdirSync(path.dirname(storePath))).toEqual(["sessions.json"])
      })
    )
  }
})

describe("reading a store", () => {
  it.effect("a missing file is an empty store", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const read = yield* live(readStore(path.join(dir, "agents", "main", "sessions", "sessions.json")))
      expect(read.status).toBe("missing")
      expect(read.entries.size).toBe(0)
      expect(read.text).toBeUndefined()
      // reading created nothing
      expect(fs.readdirSync(dir)).toEqual([])
    })
  )

  it.effect("a file that is not a JSON object reads as empty, with status invalid", () =>
    Effect.gen(function* () {
      const dir = tmp()
      for (const text of ["{ // comment\n}", "[1,2]", "42", "", "null", "{\"a\":"]) {
        const p = path.join(dir, "sessions.json")
        fs.writeFileSync(p, text)
        const read = yield* live(readStore(p))
        expect(read.status).toBe("invalid")
        expect(read.entries.size).toBe(0)
        expect(read.text).toBe(text)
      }
    })
  )

  it.effect("a path that cannot be read (a directory) lists as empty and cannot be written", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const read = yield* live(readStore(dir))
      expect(read).toEqual({ path: dir, status: "invalid", text: undefined, entries: new Map() })
      expect(Exit.isFailure(yield* Effect.exit(requireWritable(read)))).toBe(true)
    })
  )

  it.effect("keeps non-object entries as raw values (D7)", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const p = path.join(dir, "sessions.json")
      fs.writeFileSync(p, '{"a":null,"b":"str","c":[1],"d":{"x":1}}')
      const read = yield* live(readStore(p))
      expect(read.status).toBe("ok")
      expect([...read.entries]).toEqual([
        ["a", null],
        ["b", "str"],
        ["c", [1]],
        ["d", { x: 1 }]
      ])
    })
  )

  it.effect("requireWritable refuses an invalid store with the D5 message and lets the others through", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const p = path.join(dir, "sessions.json")
      fs.writeFileSync(p, "{ // json5 comment\n}")
      const invalid = yield* live(readStore(p))
      const error = yield* Effect.flip(requireWritable(invalid))
      // compare the fields: equality of Exit values does not look at an error's message
      expect(error).toBeInstanceOf(StoreUnreadableError)
      expect({ path: error.path, message: error.message }).toEqual({
        path: p,
        message: `Session store is not a valid JSON object: ${p}; refusing to write`
      })
      const missing = yield* live(readStore(path.join(dir, "none.json")))
      expect(yield* requireWritable(missing)).toBe(missing)
      fs.writeFileSync(p, "{}")
      const ok = yield* live(readStore(p))
      expect(yield* requireWritable(ok)).toBe(ok)
    })
  )
})

describe("writing a store", () => {
  it.effect("skips the write when the text is unchanged (mode and mtime untouched)", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const p = path.join(dir, "sessions.json")
      const text = '{\n  "a": {\n    "updatedAt": 1\n  }\n}'
      fs.writeFileSync(p, text, { mode: 0o644 })
      const past = new Date("2020-01-01T00:00:00Z")
      fs.utimesSync(p, past, past)
      const read = yield* live(readStore(p))
      const result = yield* live(writeStore(p, read.entries, read.text))
      expect(result).toEqual({ path: p, written: false, bytes: Buffer.byteLength(text) })
      expect(fs.statSync(p).mode & 0o777).toBe(0o644)
      expect(fs.statSync(p).mtimeMs).toBe(past.getTime())
    })
  )

  it.effect("rewrites a compact file with the same data in the reference's format", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const p = path.join(dir, "sessions.json")
      fs.writeFileSync(p, '{"a":{"updatedAt":1}}')
      const read = yield* live(readStore(p))
      const result = yield* live(writeStore(p, read.entries, read.text))
      expect(result.written).toBe(true)
      expect(fs.readFileSync(p, "utf8")).toBe('{\n  "a": {\n    "updatedAt": 1\n  }\n}')
    })
  )

  it.effect("creates a missing store (and its directory) as `{}` with mode 0600", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const p = path.join(dir, "agents", "main", "sessions", "sessions.json")
      const read = yield* live(readStore(p))
      const result = yield* live(writeStore(p, read.entries, read.text))
      expect(result).toEqual({ path: p, written: true, bytes: 2 })
      expect(fs.readFileSync(p, "utf8")).toBe("{}")
      expect(fs.statSync(p).mode & 0o777).toBe(0o600)
    })
  )

  it.effect("replaces atomically: no temp file is left behind and other files are untouched", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const p = path.join(dir, "sessions.json")
      fs.writeFileSync(p, "{}")
      fs.writeFileSync(path.join(dir, "a.jsonl"), "x")
      yield* live(writeStoreText(p, '{\n  "k": 1\n}', "{}"))
      expect(fs.readdirSync(dir).sort()).toEqual(["a.jsonl", "sessions.json"])
      expect(fs.readFileSync(p, "utf8")).toBe('{\n  "k": 1\n}')
    })
  )

  it.effect("fails with a FileSystemError when the directory cannot be created", () =>
    Effect.gen(function* () {
      const dir = tmp()
      fs.writeFileSync(path.join(dir, "file"), "")
      const exit = yield* Effect.exit(live(writeStoreText(path.join(dir, "file", "sessions.json"), "{}", undefined)))
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) expect(JSON.stringify(exit.cause)).toContain("FileSystemError")
    })
  )
})
