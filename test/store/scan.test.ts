/**
 * The byte scanner must agree with `JSON.parse` + `Object.entries` on every input: same rows,
 * same order, same values, same `updatedAt`, and it must reject exactly what is not a JSON object.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { isArrayIndexKey } from "../../src/domain/storeText.js"
import { scanStore, StoreChangedError } from "../../src/store/scan.js"
import { openStoreRows, type StoreRows } from "../../src/list/source.js"
import { nodeSyncFs } from "../../src/store/nodeFs.js"
import { tempDir } from "../support/tempDir.js"

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** What the reference sees: rows of `Object.entries(JSON.parse(text))`, or undefined. */
const viaJsonParse = (text: string) => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(parsed)) return undefined
  return Object.entries(parsed).map(([key, value]) => ({
    key,
    value,
    updatedAt: isRecord(value) ? value["updatedAt"] : undefined
  }))
}

/** What the scanner sees, with the whole text in memory or through a window of `windowBytes`. */
const viaScanner = (text: string, windowBytes?: number) => {
  const buffer = Buffer.from(text, "utf8")
  const result = scanStore(buffer, windowBytes)
  if (result._tag === "rejected") return undefined
  return Array.from({ length: result.count }, (_, row) => ({ key: result.key(row), value: result.value(row), updatedAt: result.updatedAt(row) }))
}

/** The rows of a store file holding `bytes` (read as the list reads it). */
const rowsOfFile = (bytes: Buffer): StoreRows => {
  const file = path.join(tempDir("clawkeep-scan-"), "sessions.json")
  fs.writeFileSync(file, bytes)
  return openStoreRows(nodeSyncFs, file)
}

const listed = (rows: StoreRows) => Array.from({ length: rows.count }, (_, row) => [rows.key(row), rows.updatedAt(row), rows.value(row)])

/** JSON text of a member list (duplicates allowed) with arbitrary whitespace and escaping. */
const ws = fc.constantFrom("", " ", "\n", "\t", "\r\n  ", "  ")
const escapeKey = (key: string, mode: number): string => {
  if (mode === 0) return JSON.stringify(key)
  // escape every character as \uXXXX (or every other one)
  let out = '"'
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i)
    out += mode === 1 || i % 2 === 0 ? `\\u${code.toString(16).padStart(4, "0")}` : JSON.stringify(key[i]).slice(1, -1)
  }
  return out + '"'
}
const keyArb = fc.oneof(
  fc.string(),
  fc.constantFrom("updatedAt", "0", "1", "10", "01", "4294967294", "4294967295", "__proto__", "a", "b", "é", "\u2028"),
  fc.nat().map(String)
)
const entryArb = fc.oneof(
  fc.jsonValue(),
  fc.record({ updatedAt: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.constant(null), fc.jsonValue()) }),
  fc.dictionary(keyArb, fc.jsonValue())
)
const memberText = (key: string, mode: number, value: unknown, w: string, pretty: boolean): string =>
  `${w}${escapeKey(key, mode)}${w}:${w}${JSON.stringify(value, null, pretty ? 2 : undefined) ?? "null"}${w}`
const storeTextArb = fc
  .tuple(
    fc.array(fc.tuple(keyArb, fc.nat({ max: 2 }), entryArb, ws, fc.boolean()), { maxLength: 12 }),
    ws,
    fc.boolean()
  )
  .map(([members, w, dup]) => {
    const list = dup && members.length > 0 ? [...members, members[0]!] : members
    return `${w}{${list.map(([k, m, v, mw, p]) => memberText(k, m, v, mw, p)).join(",")}${list.length === 0 ? w : ""}}${w}`
  })

/** Valid text, then maybe damaged at one position. */
const mutatedArb = fc.tuple(storeTextArb, fc.nat(), fc.constantFrom("delete", "insert", "replace"), fc.constantFrom(",", "}", "{", '"', "\\", "\u0001", "x", "1", "-", ".", "e", " ", "[", "]", ":", "\u00e9", "tru", "nul")).map(
  ([text, at, op, ch]) => {
    const i = text.length === 0 ? 0 : at % text.length
    if (op === "delete") return text.slice(0, i) + text.slice(i + 1)
    if (op === "insert") return text.slice(0, i) + ch + text.slice(i)
    return text.slice(0, i) + ch + text.slice(i + 1)
  }
)

describe("store scanner ≡ JSON.parse", () => {
  it.prop("scanner ≡ JSON.parse on generated stores", [storeTextArb], ([text]) => {
    expect(viaScanner(text)).toEqual(viaJsonParse(text))
  }, { fastCheck: { numRuns: 250 } })

  it.prop("scanner ≡ JSON.parse on damaged stores (accepts exactly what JSON.parse accepts)", [mutatedArb], ([text]) => {
    expect(viaScanner(text)).toEqual(viaJsonParse(text))
  }, { fastCheck: { numRuns: Number(process.env["SCAN_RUNS"] ?? 600) } })

  it.prop("a small read window changes nothing: every token may be cut at a window's end", [fc.oneof(storeTextArb, mutatedArb), fc.integer({ min: 1, max: 40 })], ([text, windowBytes]) => {
    expect(viaScanner(text, windowBytes)).toEqual(viaJsonParse(text))
  }, { fastCheck: { numRuns: Number(process.env["SCAN_RUNS"] ?? 600) } })

  it.prop("scanner ≡ JSON.parse on arbitrary JSON text", [fc.json()], ([text]) => {
    expect(viaScanner(text)).toEqual(viaJsonParse(text))
  }, { fastCheck: { numRuns: 300 } })

  it.prop("scanner ≡ JSON.parse on arbitrary objects", [fc.dictionary(keyArb, entryArb)], ([obj]) => {
    const text = JSON.stringify(obj, null, 2)
    expect(viaScanner(text)).toEqual(viaJsonParse(text))
  }, { fastCheck: { numRuns: 300 } })

  it("tells whether a row has a key without making its string (`keyIs`), as the keys JSON.parse gives", () => {
    const seen = { plainNearMiss: 0, escaped: 0 }
    fc.assert(
      fc.property(storeTextArb, fc.string({ maxLength: 2 }), (text, extra) => {
        const parsed = viaJsonParse(text)
        const scanned = scanStore(Buffer.from(text, "utf8"))
        if (parsed === undefined || scanned._tag === "rejected") return
        const keys = parsed.map((r) => r.key)
        keys.forEach((key, row) => {
          if (text.includes(`${key}"`) && key.length > 0) seen.plainNearMiss++
          if (!text.includes(JSON.stringify(key))) seen.escaped++
          // the key itself, every other row's key, and near misses around its closing quote
          const candidates = [key, ...keys, `${key}"`, `${key}":`, `${key}" :`, key.slice(0, -1), key + extra, extra + key, `${key}"${extra}`]
          for (const candidate of candidates) expect(scanned.keyIs(row, candidate), `${JSON.stringify(candidate)} at row ${row} of ${text}`).toBe(candidate === key)
        })
      }),
      { numRuns: 300 }
    )
    // (near misses at plain keys, written as is in the text, and keys written with escapes)
    expect(seen.plainNearMiss).toBeGreaterThan(100)
    expect(seen.escaped).toBeGreaterThan(20)
    // a value that starts with a quote right after the key's own: `"ab":"x"` has no key `ab":`
    const tight = scanStore(Buffer.from('{"ab":"x","c":{"d":1}}'))
    if (tight._tag === "rejected") throw new Error("rejected")
    expect([tight.keyIs(0, 'ab":'), tight.keyIs(0, 'ab"'), tight.keyIs(0, "ab"), tight.keyIs(1, "c"), tight.keyIs(1, 'c":{')]).toEqual([false, false, true, true, false])
  })

  it("handles the hand-written edge cases", () => {
    const cases = [
      "",
      " ",
      "{}",
      "[]",
      "null",
      '"x"',
      "\uFEFF{}",
      '{"a":1,}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":1e}',
      '{"a":"\\x"}',
      '{"a":"\\u12"}',
      '{"a":"\t"}',
      '{"a":[1,]}',
      '{"a":{"b":1,"b":{"updatedAt":2}},"a":{"updatedAt":3,"updatedAt":4}}',
      '{"2":1,"1":2,"b":3,"0":4,"4294967295":5,"4294967294":6}',
      '{"updated\\u0041t":{"updatedAt":7},"k":{"updated\\u0041t":8}}',
      '{"k":{"updatedAt":-0},"l":{"updatedAt":1e400},"m":{"updatedAt":"5"}}',
      '{"deep":' + "[".repeat(200) + "]".repeat(200) + "}",
      '{"a":1} x',
      '{"a":1}\n\t '
    ]
    for (const text of cases) {
      for (const windowBytes of [undefined, 1, 2, 3, 5, 8, 13]) expect(viaScanner(text, windowBytes)).toEqual(viaJsonParse(text))
    }
  })

  it("scans nesting far deeper than a recursive parser could", () => {
    for (const depth of [10000, 100000]) {
      const text = '{"deep":' + '[{"a":'.repeat(depth) + "1" + "}]".repeat(depth) + ',"x":{"updatedAt":3}}'
      let parsedKeys: Array<string> | undefined
      try {
        parsedKeys = Object.keys(JSON.parse(text) as object)
      } catch {
        parsedKeys = undefined
      }
      const scanned = scanStore(Buffer.from(text))
      expect(scanned._tag === "object" ? Array.from({ length: scanned.count }, (_, row) => [scanned.key(row), scanned.updatedAt(row)]) : undefined).toEqual(
        parsedKeys === undefined ? undefined : [["deep", undefined], ["x", 3]]
      )
    }
  })

  it("keeps invalid UTF-8 bytes as JSON.parse of the decoded text does", () => {
    const buffer = Buffer.concat([Buffer.from('{"a\u00e9'), Buffer.from([0xe2, 0x28]), Buffer.from('":{"updatedAt":5},"b":"\u00ff'), Buffer.from([0xc3]), Buffer.from('"}')])
    const viaParse = viaJsonParse(buffer.toString("utf8"))!
    const rows = rowsOfFile(buffer)
    expect(listed(rows)).toEqual(viaParse.map((r) => [r.key, r.updatedAt, r.value]))
    rows.close()
  })

  it("reads anything the scanner rejects as an empty store", () => {
    expect(rowsOfFile(Buffer.from("[1,2]")).count).toBe(0)
    expect(rowsOfFile(Buffer.from("{ // comment\n}")).count).toBe(0)
  })

  it("reads a store file through the window and its printed rows from the same open file", () => {
    const dir = tempDir("clawkeep-scan-")
    const file = path.join(dir, "sessions.json")
    // rows larger than the window, duplicate and escaped keys, index keys, non-numeric updatedAt
    const big = "x".repeat(3 << 20)
    const text = `{"b":{"updatedAt":2,"pad":"${big}"},"7":{"updatedAt":"7"},"a\u0062":{"updatedAt":1.5},"ab":{"updatedAt":9},"b":{"pad":"${big}","updatedAt":-3}}`
    fs.writeFileSync(file, text)
    const rows = openStoreRows(nodeSyncFs, file)
    try {
      // the file is replaced (as the Gateway does) after the scan: values still come from the scanned file
      fs.renameSync(file, `${file}.old`)
      fs.writeFileSync(file, "{}")
      expect(listed(rows)).toEqual(viaJsonParse(text)!.map((r) => [r.key, r.updatedAt, r.value]))
      expect(rows.unreadable).toBe(false)
    } finally {
      rows.close()
    }
    expect(openStoreRows(nodeSyncFs, path.join(dir, "missing.json"))).toMatchObject({ count: 0, unreadable: false })
    expect(openStoreRows(nodeSyncFs, dir)).toMatchObject({ count: 0, unreadable: true })
    fs.writeFileSync(file, "[1]")
    expect(openStoreRows(nodeSyncFs, file)).toMatchObject({ count: 0, unreadable: true })
  })

  it("says so when a store is rewritten in place between the scan and reading a row back", () => {
    const dir = tempDir("clawkeep-scan-")
    const file = path.join(dir, "sessions.json")
    fs.writeFileSync(file, JSON.stringify({ a: { updatedAt: 1, pad: "x".repeat(100) }, b: { updatedAt: 2 } }))
    const shrunk = openStoreRows(nodeSyncFs, file)
    const garbled = openStoreRows(nodeSyncFs, file)
    try {
      expect(shrunk.count).toBe(2)
      fs.writeFileSync(file, "{}") // same file, truncated
      expect(() => shrunk.value(1)).toThrow(StoreChangedError)
      fs.writeFileSync(file, "x".repeat(200)) // same file, other bytes
      expect(() => garbled.value(0)).toThrow(StoreChangedError)
    } finally {
      shrunk.close()
      garbled.close()
    }
  })

  it("tells apart distinct keys whose hashes collide, and merges real duplicates among them", () => {
    // these two keys have the same 30-bit FNV-1a hash, the scanner's first test for duplicates
    const text = JSON.stringify({ "agent:main:k229599": { updatedAt: 1 } }).slice(0, -1) +
      ',"agent:main:k432382":{"updatedAt":2},"agent:main:k229599":{"updatedAt":3},"agent:main:k432382":{"updatedAt":4},"x":5}'
    for (const windowBytes of [undefined, 7]) {
      expect(viaScanner(text, windowBytes)).toEqual(viaJsonParse(text))
      expect(viaScanner(text, windowBytes)!.map((r) => r.updatedAt)).toEqual([3, 4, undefined])
    }
  })

  it("classifies array-index keys like Object.entries does", () => {
    for (const key of ["0", "1", "4294967294", "99"]) expect(isArrayIndexKey(key)).toBe(true)
    for (const key of ["", "01", "-1", "4294967295", "1.5", " 1", "a"]) expect(isArrayIndexKey(key)).toBe(false)
  })

  it.prop(
    "classifies any key as the engine orders it (index keys listed before an earlier non-index key)",
    [
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.nat().map(String),
        fc.bigInt({ min: 4_294_967_280n, max: 4_294_967_310n }).map(String),
        fc.constantFrom("0", "00", "01", "-0", "+1", "1e3", "1.0", " 1", "1 ", "9007199254740993")
      ).filter((key) => key !== "sentinel")
    ],
    ([key]) => {
      const listedFirst = Object.keys({ sentinel: 0, [key]: 1 })[0] === key
      expect(isArrayIndexKey(key)).toBe(listedFirst)
    },
    { fastCheck: { numRuns: 1000 } }
  )
})
