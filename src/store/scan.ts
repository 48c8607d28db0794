/**
 * A byte-level scanner for `sessions.json` that finds each top-level row's key, its `updatedAt`
 * and the byte range of its value without building an object model of the whole store, and
 * without holding the whole file in memory: it reads the file through a window of a fixed size
 * (grown only for a row larger than the window) and keeps, per row, a few numbers.
 *
 * The scanner validates the complete JSON grammar (RFC 8259, as `JSON.parse` accepts it), so a
 * file it accepts is exactly a file `JSON.parse` accepts. Row order and duplicate keys follow
 * `Object.entries(JSON.parse(text))`: array-index keys first in ascending numeric order, then the
 * other keys in first-appearance order; for a duplicate key the last value wins.
 *
 * Anything the scanner rejects is what `JSON.parse` would not read as an object: the list reads
 * such a store as empty, as the reference does.
 */
import { type EntryFields, FIELD_OF, FIELDS_OBJECT, PICKED_MEMBERS, PLAN_FIELDS, projectPlanField } from "../domain/entry.js"
import type { JsonObject } from "../domain/json.js"
import { isArrayIndexKey } from "../domain/storeText.js"
import { StoreReadBackError as StoreChangedError } from "../domain/errors.js"
import { ChunkedArray, FieldColumns } from "./fieldColumns.js"
import type { SyncFs } from "./sessionFs.js"
import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, MINUS, QUOTE, RBRACE, RBRACKET } from "./jsonBytes.js"

/** A row read back after the scan is not what the scan saw: the file was changed in place. */
export { StoreReadBackError as StoreChangedError } from "../domain/errors.js"

/** Where the scanner reads bytes from: a file open on a `SyncFs`, or a Buffer. */
export interface ByteSource {
  /** Copies up to `length` bytes from file position `position` into `target` at `offset`; 0 at the end. */
  readonly read: (target: Buffer, offset: number, length: number, position: number) => number
}

export const bufferSource = (buffer: Buffer): ByteSource => ({
  read: (target, offset, length, position) =>
    position >= buffer.length ? 0 : buffer.copy(target, offset, position, Math.min(buffer.length, position + length))
})

/** The bytes of `fd`, open on `fs` (the `SessionFs` layer's synchronous calls). */
export const fileSource = (fs: SyncFs, fd: number): ByteSource => ({
  read: (target, offset, length, position) => fs.read(fd, target, offset, length, position)
})

export type ScanResult = ScannedStore | { readonly _tag: "rejected"; readonly at: number }


/** Byte classes: 2 = hex digit. */
const CLASS = new Uint8Array(256)
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = 2
for (let c = 0x41; c <= 0x46; c++) CLASS[c] = 2
for (let c = 0x61; c <= 0x66; c++) CLASS[c] = 2

/** Characters allowed after a backslash (besides `u`). */
const SIMPLE_ESCAPE = new Uint8Array(256)
for (const c of [0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]) SIMPLE_ESCAPE[c] = 1

class Reject extends Error {
  constructor(readonly at: number) {
    super("rejected")
  }
}

/** The deepest container nesting `skipValue` met since it was last reset (by `scanMember`). */
let deepest = 0

/** Rows nested deeper than this are listed (`ScannedStore.deepRows`): writing them may overflow the stack. */
export const DEEP_ROW = 512

/** Set by `skipString`: whether the last string contained a backslash escape. */
let lastStringEscaped = false

const skipWs = (b: Uint8Array, i: number, n: number): number => {
  while (i < n) {
    const c = b[i]!
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
    i++
  }
  return i
}

/** `b[i]` is `"`; returns the index after the closing quote. */
const skipString = (b: Uint8Array, i: number, n: number): number => {
  let escaped = false
  i++
  for (;;) {
    // plain content runs until `"`, `\\` or a control character
    let c = -1
    while (i < n) {
      c = b[i]!
      if (c === QUOTE || c === BACKSLASH || c < 0x20) break
      i++
    }
    if (i >= n) throw new Reject(i)
    if (c === QUOTE) {
      lastStringEscaped = escaped
      return i + 1
    }
    if (c !== BACKSLASH) throw new Reject(i)
    escaped = true
    const e = i + 1 < n ? b[i + 1]! : -1
    if (e >= 0 && SIMPLE_ESCAPE[e] === 1) {
      i += 2
    } else if (e === 0x75) {
      if (i + 6 > n) throw new Reject(i)
      for (let k = i + 2; k < i + 6; k++) if (CLASS[b[k]!] !== 2) throw new Reject(k)
      i += 6
    } else {
      throw new Reject(i)
    }
  }
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39

/** A JSON number starting at `i`; returns the index after it. */
const skipNumber = (b: Uint8Array, i: number, n: number): number => {
  if (b[i] === MINUS) i++
  if (i >= n) throw new Reject(i)
  if (b[i] === 0x30) {
    i++
  } else if (isDigit(b[i])) {
    while (i < n && isDigit(b[i])) i++
  } else {
    throw new Reject(i)
  }
  if (i < n && b[i] === 0x2e) {
    i++
    if (!isDigit(b[i])) throw new Reject(i)
    while (i < n && isDigit(b[i])) i++
  }
  if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
    i++
    if (b[i] === 0x2b || b[i] === MINUS) i++
    if (!isDigit(b[i])) throw new Reject(i)
    while (i < n && isDigit(b[i])) i++
  }
  return i
}

const skipLiteral = (b: Uint8Array, i: number, n: number, word: ReadonlyArray<number>): number => {
  if (i + word.length > n) throw new Reject(i)
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) throw new Reject(i + k)
  return i + word.length
}

const TRUE = [0x74, 0x72, 0x75, 0x65]
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65]
const NULL = [0x6e, 0x75, 0x6c, 0x6c]

/** Skips a scalar (string, number, literal) at `i`; returns the index after it. */
const skipScalar = (b: Uint8Array, i: number, n: number): number => {
  const c = b[i]
  if (c === QUOTE) return skipString(b, i, n)
  if (c === MINUS || isDigit(c)) return skipNumber(b, i, n)
  if (c === 0x74) return skipLiteral(b, i, n, TRUE)
  if (c === 0x66) return skipLiteral(b, i, n, FALSE)
  if (c === 0x6e) return skipLiteral(b, i, n, NULL)
  throw new Reject(i)
}

/**
 * The open containers of the value `skipValue` is in (1 = object, 0 = array), shared by every
 * call (`skipValue` does not recurse or re-enter) and grown when a value nests deeper: a stack
 * made per call was most of what a scan allocated (a row has several nested values).
 */
let openers = new Uint8Array(64)

/** Records an open container at `depth` (the stack grown when full); returns the new depth. */
const open = (depth: number, isObject: number): number => {
  if (depth === openers.length) {
    const grown = new Uint8Array(openers.length * 2)
    grown.set(openers)
    openers = grown
  }
  openers[depth++] = isObject
  if (depth > deepest) deepest = depth
  return depth
}

/**
 * Skips one JSON value starting at `i` (no leading whitespace) without recursion; returns the
 * index after it.
 */
const skipValue = (b: Uint8Array, i: number, n: number): number => {
  const first = b[i]
  if (first !== LBRACE && first !== LBRACKET) return skipScalar(b, i, n)
  let depth = 0
  for (;;) {
    // i is at the start of a value
    const c = b[i]
    if (c === LBRACE) {
      i = skipWs(b, i + 1, n)
      if (b[i] === RBRACE) {
        i++
      } else {
        depth = open(depth, 1)
        if (b[i] !== QUOTE) throw new Reject(i)
        i = skipWs(b, skipString(b, i, n), n)
        if (b[i] !== COLON) throw new Reject(i)
        i = skipWs(b, i + 1, n)
        continue
      }
    } else if (c === LBRACKET) {
      i = skipWs(b, i + 1, n)
      if (b[i] === RBRACKET) {
        i++
      } else {
        depth = open(depth, 0)
        continue
      }
    } else {
      i = skipScalar(b, i, n)
    }
    // after a value: close containers or move to the next element
    for (;;) {
      if (depth === 0) return i
      i = skipWs(b, i, n)
      const d = b[i]
      const inObject = openers[depth - 1] === 1
      if (d === COMMA) {
        i = skipWs(b, i + 1, n)
        if (inObject) {
          if (b[i] !== QUOTE) throw new Reject(i)
          i = skipWs(b, skipString(b, i, n), n)
          if (b[i] !== COLON) throw new Reject(i)
          i = skipWs(b, i + 1, n)
        }
        break
      }
      if ((inObject && d === RBRACE) || (!inObject && d === RBRACKET)) {
        depth--
        i++
        continue
      }
      throw new Reject(i)
    }
  }
}

const UPDATED_AT = Buffer.from('"updatedAt"', "latin1")

/** Whether the string token `b[start..end)` (quotes included, no escapes) is `"updatedAt"`. */
const isUpdatedAtToken = (b: Buffer, start: number, end: number): boolean => {
  if (end - start !== UPDATED_AT.length) return false
  for (let k = 1; k < UPDATED_AT.length - 1; k++) if (b[start + k] !== UPDATED_AT[k]) return false
  return true
}

const decodeString = (b: Buffer, start: number, end: number, escaped: boolean): string =>
  escaped ? (JSON.parse(b.toString("utf8", start, end)) as string) : b.toString("utf8", start + 1, end - 1)

/** The value of a scalar or container slice, as `JSON.parse` gives it. */
export const parseSlice = (b: Buffer, start: number, end: number): unknown => {
  const c = b[start]
  if (c === MINUS || isDigit(c)) return Number(b.toString("latin1", start, end))
  return JSON.parse(b.toString("utf8", start, end))
}

/** A plain non-negative integer of at most 15 digits is read directly; anything else by `parseSlice`. */
const parseUpdatedAt = (b: Buffer, start: number, end: number): unknown => {
  if (end - start <= 15) {
    let v = 0
    let k = start
    for (; k < end; k++) {
      const c = b[k]!
      if (c < 0x30 || c > 0x39) break
      v = v * 10 + (c - 0x30)
    }
    if (k === end) return v
  }
  return parseSlice(b, start, end)
}

/**
 * Scans an entry object (`b[i]` is `{`) and returns the index after it; records the last
 * `updatedAt` member's range in `found`, and, when `capture` is given, the name and value range
 * of every member named in `PLAN_FIELDS` (as triples: field index, value start, value end).
 */
const scanEntry = (
  b: Buffer,
  i: number,
  n: number,
  found: { start: number; end: number },
  capture: Array<number> | undefined,
  wanted: ReadonlyArray<boolean>
): number => {
  i = skipWs(b, i + 1, n)
  if (b[i] === RBRACE) return i + 1
  for (;;) {
    if (b[i] !== QUOTE) throw new Reject(i)
    const keyStart = i
    i = skipString(b, i, n)
    const escaped = lastStringEscaped
    const matches = escaped ? decodeString(b, keyStart, i, true) === "updatedAt" : isUpdatedAtToken(b, keyStart, i)
    const field = capture === undefined ? -1 : planFieldOf(b, keyStart, i, escaped)
    i = skipWs(b, i, n)
    if (b[i] !== COLON) throw new Reject(i)
    i = skipWs(b, i + 1, n)
    const valueStart = i
    i = skipValue(b, i, n)
    if (matches) {
      found.start = valueStart
      found.end = i
    }
    if (field >= 0 && wanted[field] === true) capture!.push(field, valueStart, i)
    i = skipWs(b, i, n)
    if (b[i] === COMMA) {
      i = skipWs(b, i + 1, n)
      continue
    }
    if (b[i] === RBRACE) return i + 1
    throw new Reject(i)
  }
}

/** The fields a projection keeps, by index; `PLAN_FIELD_BY_HASH`: FNV hash of the name → index. */
const PLAN_FIELD_NAMES: ReadonlyArray<string> = [...PLAN_FIELDS]
const PLAN_FIELD_BYTES = PLAN_FIELD_NAMES.map((name) => Buffer.from(name, "latin1"))
const PLAN_FIELD_INDEX = new Map(PLAN_FIELD_NAMES.map((name, k) => [name, k]))
const UPDATED_AT_FIELD = PLAN_FIELD_INDEX.get("updatedAt")!
/** A field index as one character of a layout key (`keepCaptured`); fields are a bit each of a 31-bit mask. */
const FIELD_CHARS = PLAN_FIELD_NAMES.map((_, k) => String.fromCharCode(k))
if (PLAN_FIELD_NAMES.length > 31) throw new Error("more plan fields than a layout mask holds")

/** Index in `PLAN_FIELD_NAMES` of the key token `b[start..end)` (quotes included), or -1. */
const planFieldOf = (b: Buffer, start: number, end: number, escaped: boolean): number => {
  if (escaped) return PLAN_FIELD_INDEX.get(decodeString(b, start, end, true)) ?? -1
  const len = end - start - 2
  if (len < MIN_FIELD || len > MAX_FIELD) return -1
  let h = FNV_OFFSET
  for (let k = start + 1; k < end - 1; k++) h = fnvStep(h, b[k]!)
  const field = PLAN_FIELD_BY_HASH.get(h & HASH_MASK)
  if (field === undefined) return -1
  const name = PLAN_FIELD_BYTES[field]!
  if (name.length !== len) return -1
  for (let k = 0; k < len; k++) if (b[start + 1 + k] !== name[k]) return -1
  return field
}

/**
 * Short strings the projections repeat (chat types, channels, models, levels) are kept once:
 * the first `INTERNED_MAX` distinct values of at most `INTERN_BYTES` bytes.
 */
const INTERN_BYTES = 24
const INTERNED_MAX = 4096
const interned = new Map<string, string>()
const intern = (s: string): string => {
  const known = interned.get(s)
  if (known !== undefined) return known
  if (interned.size < INTERNED_MAX) interned.set(s, s)
  return s
}

/** A field's value as `JSON.parse` gives it, with fast paths for plain strings and small integers. */
const parseField = (b: Buffer, start: number, end: number): unknown => {
  const c = b[start]
  if (c === QUOTE) {
    for (let k = start + 1; k < end - 1; k++) if (b[k] === BACKSLASH) return JSON.parse(b.toString("utf8", start, end))
    const s = b.toString("utf8", start + 1, end - 1)
    return end - start - 2 <= INTERN_BYTES ? intern(s) : s
  }
  if (c === 0x74) return true
  if (c === 0x66) return false
  if (c === 0x6e) return null
  if (c === MINUS || isDigit(c)) return parseUpdatedAt(b, start, end)
  return JSON.parse(b.toString("utf8", start, end))
}

/** The projection of the captured member `b[start..end)` named `name` (`projectPlanField` of its value). */
const projectedField = (b: Buffer, name: string, start: number, end: number): unknown => {
  const members = PICKED_MEMBERS.get(name)
  const value =
    members !== undefined && b[start] === LBRACE ? pickMembers(b, start, end, members) : projectPlanField(name, parseField(b, start, end))
  return typeof value === "object" && value !== null ? internSmall(value) : value
}

/** The planning projection of the entry whose captured fields are `capture` (see `scanEntry`). */
const projectCaptured = (b: Buffer, capture: ReadonlyArray<number>): unknown => {
  const out: Record<string, unknown> = {}
  for (let k = 0; k < capture.length; k += 3) {
    const name = PLAN_FIELD_NAMES[capture[k]!]!
    // a duplicate member: the last one wins, as in `JSON.parse` (no field name is `__proto__`)
    out[name] = projectedField(b, name, capture[k + 1]!, capture[k + 2]!)
  }
  return out
}

/** Per field, the index in `capture` of its last member (`keepCaptured`'s scratch). */
const lastOf = new Int32Array(32)

/**
 * Keeps the projection of the entry whose captured fields are `capture` in `columns`, as member
 * `m`: the fields in the order of their first member, each with its last member's value (as the
 * projection object has them). `updatedAt` is not kept: the store's own columns have it.
 */
const keepCaptured = (columns: FieldColumns, m: number, b: Buffer, capture: ReadonlyArray<number>): void => {
  let seen = 0
  let layout = ""
  for (let k = 0; k < capture.length; k += 3) {
    const field = capture[k]!
    if ((seen & (1 << field)) === 0) {
      seen |= 1 << field
      layout += FIELD_CHARS[field]!
    }
    lastOf[field] = k
  }
  columns.object(m, layout)
  for (let f = 0; f < layout.length; f++) {
    const field = layout.charCodeAt(f)
    if (field === UPDATED_AT_FIELD) continue
    const k = lastOf[field]!
    columns.set(m, field, projectedField(b, PLAN_FIELD_NAMES[field]!, capture[k + 1]!, capture[k + 2]!))
  }
}

/**
 * `projectPlanField`'s pick of `names` from the object `b[start..end)` (already validated by the
 * scan), read from the bytes: only the members picked are decoded, not the whole object.
 */
const pickMembers = (b: Buffer, start: number, end: number, names: ReadonlyArray<string>): Record<string, unknown> => {
  const at: Array<number> = []
  let i = skipWs(b, start + 1, end)
  if (b[i] !== RBRACE) {
    for (;;) {
      const keyStart = i
      i = skipString(b, i, end)
      const name = memberNamed(b, keyStart, i, lastStringEscaped, names)
      i = skipWs(b, skipWs(b, i, end) + 1, end)
      const valueStart = i
      i = skipValue(b, i, end)
      // a duplicate member: the last one wins, as in `JSON.parse`
      if (name >= 0) {
        at[2 * name] = valueStart
        at[2 * name + 1] = i
      }
      i = skipWs(b, i, end)
      if (b[i] !== COMMA) break
      i = skipWs(b, i + 1, end)
    }
  }
  const out: Record<string, unknown> = {}
  for (let k = 0; k < names.length; k++) if (at[2 * k] !== undefined) out[names[k]!] = parseField(b, at[2 * k]!, at[2 * k + 1]!)
  return out
}

/** Index in `names` (ASCII) of the key token `b[start..end)` (quotes included), or -1. */
const memberNamed = (b: Buffer, start: number, end: number, escaped: boolean, names: ReadonlyArray<string>): number => {
  if (escaped) return names.indexOf(decodeString(b, start, end, true))
  next: for (let k = 0; k < names.length; k++) {
    const name = names[k]!
    if (name.length !== end - start - 2) continue
    for (let j = 0; j < name.length; j++) if (b[start + 1 + j] !== name.charCodeAt(j)) continue next
    return k
  }
  return -1
}

/**
 * The nested objects projections keep (`origin`'s chat type and provider, `deliveryContext`'s
 * channel, …) repeat from row to row: one frozen copy of each, for the first `INTERNED_MAX`
 * distinct ones whose members are all short strings, booleans or null (anything else, and
 * arrays, as it is).
 */
const internedObjects = new Map<number, Array<{ readonly value: Readonly<Record<string, unknown>>; readonly names: ReadonlyArray<string> }>>()
let internedCount = 0
const internSmall = (value: object): object => {
  if (Array.isArray(value)) return value
  const record = value as Record<string, unknown>
  // a hash over the members' names and values (as FNV-1a over their code units)
  let h = FNV_OFFSET
  let size = 0
  for (const member in record) {
    const v = record[member]
    if (typeof v === "string" ? v.length > INTERN_BYTES : typeof v === "object" ? v !== null : typeof v !== "boolean") return value
    if (++size > 4) return value
    for (let k = 0; k < member.length; k++) h = fnvStep(h, member.charCodeAt(k))
    h = fnvStep(h, typeof v === "string" ? 1 : v === null ? 2 : v ? 3 : 4)
    if (typeof v === "string") for (let k = 0; k < v.length; k++) h = fnvStep(h, v.charCodeAt(k))
    h = fnvStep(h, 0)
  }
  const bucket = internedObjects.get(h)
  if (bucket !== undefined) {
    next: for (const known of bucket) {
      let i = 0
      for (const member in record) {
        if (member !== known.names[i] || record[member] !== known.value[member]) continue next
        i++
      }
      if (i === known.names.length) return known.value
    }
  }
  if (internedCount < INTERNED_MAX) {
    internedCount++
    const entry = { value: Object.freeze(record), names: Object.keys(record) }
    if (bucket === undefined) internedObjects.set(h, [entry])
    else bucket.push(entry)
  }
  return value
}

/**
 * Keys are hashed with FNV-1a over code units, cut to 30 bits (small integers for the `Map`): a
 * plain ASCII key hashes the same from its bytes (`scanMember`) or from its string.
 */
const FNV_OFFSET = 0x811c9dc5
const fnvStep = (h: number, unit: number): number => Math.imul(h ^ unit, 16777619)
const HASH_MASK = 0x3fffffff

const PLAN_FIELD_BY_HASH = new Map<number, number>()
let MIN_FIELD = Infinity
let MAX_FIELD = 0
for (const [k, name] of PLAN_FIELD_NAMES.entries()) {
  let h = FNV_OFFSET
  for (let j = 0; j < name.length; j++) h = fnvStep(h, name.charCodeAt(j))
  if (PLAN_FIELD_BY_HASH.has(h & HASH_MASK)) throw new Error(`hash clash between plan fields: ${name}`)
  PLAN_FIELD_BY_HASH.set(h & HASH_MASK, k)
  MIN_FIELD = Math.min(MIN_FIELD, name.length)
  MAX_FIELD = Math.max(MAX_FIELD, name.length)
}

const hashString = (s: string): number => {
  let h = FNV_OFFSET
  for (let k = 0; k < s.length; k++) h = fnvStep(h, s.charCodeAt(k))
  return h & HASH_MASK
}

/** How much is read at once when rows are read back after the scan. */
const READ_AHEAD_BYTES = 64 * 1024

const EMPTY = Buffer.alloc(0)

/** `updatedAt` kinds kept per member. */
const ABSENT = 0
const NUMBER = 1
const OTHER = 2

/** A column of numbers that grows as members are added (outside the JS heap's object model). */
class Column<A extends Float64Array | Int32Array | Uint8Array> {
  length = 0
  constructor(
    public data: A,
    private readonly make: (size: number) => A
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }
}

/** The largest file position a 4-byte offset holds. */
const MAX_UINT32 = 0xffffffff

/**
 * @internal A column of file positions: 4 bytes each while every position fits (a file under
 * 4 GiB), 8 bytes from the first one that does not (the column is copied to doubles then, once).
 */
export class OffsetColumn {
  length = 0
  data: Uint32Array | Float64Array
  constructor(size: number) {
    this.data = new Uint32Array(size)
  }
  push(value: number): void {
    if (value > MAX_UINT32 && this.data instanceof Uint32Array) this.data = Float64Array.from(this.data)
    if (this.length === this.data.length) {
      const bigger = this.data instanceof Uint32Array ? new Uint32Array(this.data.length * 2) : new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }
}

const float64s = (size: number) => new Column(new Float64Array(size), (n) => new Float64Array(n))
const int32s = (size: number) => new Column(new Int32Array(size), (n) => new Int32Array(n))
const uint8s = (size: number) => new Column(new Uint8Array(size), (n) => new Uint8Array(n))

/** Members a store's columns start with room for. */
const FIRST_COLUMN_SIZE = 1024

/**
 * The scanned members of a store (in file order) and, derived from them, its rows in
 * `Object.entries` order. Byte positions are file positions; keys, values and non-numeric
 * `updatedAt` values are read back through the source only for the rows that ask.
 */
export class ScannedStore {
  readonly _tag = "object"
  // per member, in file order (`hash` until `finish`)
  private readonly keyStart = new OffsetColumn(FIRST_COLUMN_SIZE)
  private readonly valueStart = new OffsetColumn(FIRST_COLUMN_SIZE)
  private readonly valueEnd = new OffsetColumn(FIRST_COLUMN_SIZE)
  private hash = int32s(FIRST_COLUMN_SIZE)
  private readonly updatedKind = uint8s(FIRST_COLUMN_SIZE)
  private readonly updatedNumber = float64s(FIRST_COLUMN_SIZE)
  /** Keys decoded during the scan: escaped, non-ASCII or array-index-looking ones. */
  private readonly decodedKeys = new Map<number, string>()
  private readonly otherUpdated = new Map<number, unknown>()
  /** Per member, its key when it was plain (scans made with `project` keep every key). */
  private readonly plainKeys = new ChunkedArray<string>()
  /** Per member, its planning projection (scans made with `project`). */
  private readonly projected = new ChunkedArray<unknown>()
  /**
   * Per member, the fields of its projection (scans made with `columns`), and whether the
   * projection has `updatedAt` (then the store's own `updatedAt` columns answer it).
   */
  private fields: FieldColumns | undefined
  private keepsUpdatedAt = false
  /** Row → member whose value the row has (the last of duplicates), in `Object.entries` order. */
  private order: Int32Array = new Int32Array(0)

  constructor(private source: ByteSource) {}

  /** @internal rows keep their projections in columns, of the fields `wanted` (by plan field index). */
  keepColumns(wanted: ReadonlyArray<boolean>): FieldColumns {
    this.keepsUpdatedAt = wanted[UPDATED_AT_FIELD] === true
    return (this.fields = new FieldColumns())
  }

  /** @internal the index the next member added gets. */
  get members(): number {
    return this.keyStart.length
  }

  /** Members nested `DEEP_ROW` levels or more. */
  private readonly deepMembers = new Set<number>()

  /** @internal the member just added is nested deeply. */
  markDeep(): void {
    this.deepMembers.add(this.keyStart.length - 1)
  }

  /** Rows nested `DEEP_ROW` levels or more (writing them back may exceed the stack). */
  deepRows(): ReadonlyArray<number> {
    if (this.deepMembers.size === 0) return []
    const rows: Array<number> = []
    this.order.forEach((m, row) => {
      if (this.deepMembers.has(m)) rows.push(row)
    })
    return rows
  }

  /** Rows are read back through `source` from now on (the file scanned, opened again). */
  readBackFrom(source: ByteSource): void {
    this.source = source
    this.cache = EMPTY
    this.cacheStart = 0
  }

  get count(): number {
    return this.order.length
  }

  /** @internal records one member; `key` is given when it was decoded during the scan. */
  add(keyStart: number, keyHash: number, key: string | undefined, valueStart: number, valueEnd: number, updated: unknown, projection?: unknown, plainKey?: string): void {
    const m = this.keyStart.length
    if (projection !== undefined) this.projected.set(m, projection)
    if (plainKey !== undefined) this.plainKeys.set(m, plainKey)
    this.keyStart.push(keyStart)
    this.valueStart.push(valueStart)
    this.valueEnd.push(valueEnd)
    this.hash.push(keyHash)
    if (key !== undefined) this.decodedKeys.set(m, key)
    if (typeof updated === "number") {
      this.updatedKind.push(NUMBER)
      this.updatedNumber.push(updated)
    } else {
      this.updatedKind.push(updated === undefined ? ABSENT : OTHER)
      this.updatedNumber.push(0)
      if (updated !== undefined) this.otherUpdated.set(m, updated)
    }
  }

  /** @internal applies `Object.entries` order and last-value-wins to the members. */
  finish(): this {
    const members = this.keyStart.length
    const hashes = this.hash.data
    let rowCount = 0
    const rows = new Int32Array(members)
    // an open-addressing table: slot → 1 + the first row whose key has the slot's hash; rows
    // whose keys hash alike are chained through `next`
    let slots = 1
    while (slots < members * 2) slots *= 2
    const table = new Int32Array(slots)
    const next = new Int32Array(members)
    for (let m = 0; m < members; m++) {
      const h = hashes[m]!
      let slot = h & (slots - 1)
      while (table[slot] !== 0 && hashes[rows[table[slot]! - 1]!] !== h) slot = (slot + 1) & (slots - 1)
      const head = table[slot]! - 1
      let row = head
      while (row >= 0 && this.memberKey(rows[row]!) !== this.memberKey(m)) row = next[row]!
      if (row >= 0) {
        // a duplicate key: its first position, this (later) value
        rows[row] = m
        continue
      }
      next[rowCount] = head
      table[slot] = rowCount + 1
      rows[rowCount++] = m
    }
    // (the hashes are not needed any more)
    this.hash = int32s(0)
    // array-index keys first, in numeric order (`Object.entries` order), then the others as they came
    const index: Array<number> = []
    for (let r = 0; r < rowCount; r++) if (this.isIndexMember(rows[r]!)) index.push(rows[r]!)
    if (index.length > 0) {
      index.sort((a, b) => Number(this.memberKey(a)) - Number(this.memberKey(b)))
      const ordered = new Int32Array(rowCount)
      let k = 0
      for (const m of index) ordered[k++] = m
      for (let r = 0; r < rowCount; r++) if (!this.isIndexMember(rows[r]!)) ordered[k++] = rows[r]!
      this.order = ordered
    } else {
      this.order = rows.slice(0, rowCount)
    }
    return this
  }

  private isIndexMember(m: number): boolean {
    const key = this.decodedKeys.get(m)
    return key !== undefined && isArrayIndexKey(key)
  }

  /** The last bytes read back, from file position `cacheStart` (a part of `readAhead`). */
  private cache: Buffer = EMPTY
  private cacheStart = 0
  /** Where rows are read back into, grown only for a row larger than it. */
  private readAhead: Buffer = EMPTY

  /**
   * The file's bytes `[start, end)`, valid until the next call. Reads go through a small
   * read-ahead buffer, so rows read back in file order cost one read per few dozen rows.
   */
  private bytes(start: number, end: number): Buffer {
    if (start >= this.cacheStart && end <= this.cacheStart + this.cache.length) {
      return this.cache.subarray(start - this.cacheStart, end - this.cacheStart)
    }
    // (one buffer, refilled: a new one for every read-back raised the peak of an apply of 100 000
    // rows by 17 MB while it wrote the new store, in 64 KiB blocks the allocator kept)
    if (this.readAhead.length < end - start) this.readAhead = Buffer.allocUnsafe(Math.max(end - start, READ_AHEAD_BYTES))
    const out = this.readAhead
    this.cache = EMPTY
    let got = 0
    while (got < out.length) {
      const r = this.source.read(out, got, out.length - got, start + got)
      if (r === 0) break
      got += r
    }
    if (got < end - start) throw new StoreChangedError()
    this.cache = out.subarray(0, got)
    this.cacheStart = start
    return out.subarray(0, end - start)
  }

  private memberKey(m: number): string {
    const decoded = this.decodedKeys.get(m) ?? this.plainKeys.get(m)
    if (decoded !== undefined) return decoded
    // a plain key: ASCII without escapes, ends at the first quote after its opening one
    const start = this.keyStart.data[m]! + 1
    const chunk = this.bytes(start, this.valueStart.data[m]!)
    return chunk.toString("latin1", 0, chunk.indexOf(QUOTE))
  }

  key(row: number): string {
    return this.memberKey(this.order[row]!)
  }

  /**
   * Whether the row's key is `key`, without making a string of it: a plain key (ASCII, no
   * escapes) is compared byte for byte where the file has it.
   */
  keyIs(row: number, key: string): boolean {
    const m = this.order[row]!
    const known = this.decodedKeys.get(m) ?? this.plainKeys.get(m)
    if (known !== undefined) return known === key
    const start = this.keyStart.data[m]! + 1
    // (the key's closing quote is before the value: its length is known once `key`'s is)
    if (start + key.length >= this.valueStart.data[m]!) return false
    const chunk = this.bytes(start, start + key.length + 1)
    if (chunk[key.length] !== QUOTE) return false
    for (let i = 0; i < key.length; i++) if (chunk[i] !== key.charCodeAt(i)) return false
    return true
  }

  /** The row's own `updatedAt`, undefined when absent or when the value is not an object. */
  updatedAt(row: number): unknown {
    return this.updatedOf(this.order[row]!)
  }

  private updatedOf(m: number): unknown {
    const kind = this.updatedKind.data[m]!
    return kind === NUMBER ? this.updatedNumber.data[m] : kind === ABSENT ? undefined : this.otherUpdated.get(m)
  }

  /**
   * The row's planning projection (`projectPlanEntry` of its value; the value itself when it is
   * not an object), as an object (a scan with `columns` makes it at each call). Only for scans
   * made with `project` or `columns`.
   */
  projection(row: number): unknown {
    const m = this.order[row]!
    const fields = this.fields
    if (fields === undefined) return this.projected.get(m)
    return fields.isObject(m) ? this.projectionObject(m) : fields.value(m)
  }

  /**
   * The row's entry as the rules read it: its projection (`projection`), or, for a scan with
   * `columns` and a row whose value is an object, an `EntryFields` over the columns, made at each
   * call (the readers of `src/domain/entry.ts` answer from it what they answer from the object).
   */
  entry(row: number): unknown {
    const m = this.order[row]!
    const fields = this.fields
    if (fields === undefined) return this.projected.get(m)
    return fields.isObject(m) ? new ScannedEntry(this, m) : fields.value(m)
  }

  /** @internal The field `name` of member `m`'s projection (an object); undefined when it has none. */
  fieldOf(m: number, name: string): unknown {
    const field = PLAN_FIELD_INDEX.get(name)
    if (field === undefined) return undefined
    if (field === UPDATED_AT_FIELD) return this.keepsUpdatedAt ? this.updatedOf(m) : undefined
    return this.fields!.get(m, field)
  }

  /** @internal member `m`'s projection (an object), made from the columns. */
  projectionObject(m: number): JsonObject {
    const fields = this.fields!
    const out: Record<string, unknown> = {}
    for (const field of fields.layout(m)) out[PLAN_FIELD_NAMES[field]!] = field === UPDATED_AT_FIELD ? this.updatedOf(m) : fields.get(m, field)
    return out
  }

  /** Byte range of the row's value in the file. */
  start(row: number): number {
    return this.valueStart.data[this.order[row]!]!
  }

  end(row: number): number {
    return this.valueEnd.data[this.order[row]!]!
  }

  /** The row's value as bytes read back from the file (valid until the next read). */
  valueBytes(row: number): Buffer {
    const m = this.order[row]!
    return this.bytes(this.valueStart.data[m]!, this.valueEnd.data[m]!)
  }

  /** The row's value, parsed from its bytes. */
  value(row: number): unknown {
    const m = this.order[row]!
    const start = this.valueStart.data[m]!
    const end = this.valueEnd.data[m]!
    try {
      return parseSlice(this.bytes(start, end), 0, end - start)
    } catch (error) {
      // the bytes were valid JSON when scanned: anything else now means the file changed
      if (error instanceof SyntaxError) throw new StoreChangedError()
      throw error
    }
  }
}

/**
 * An object row of a scan with `columns`, as the rules read it: a member number, made at each
 * read and dropped after (see `ScannedStore.entry`).
 */
class ScannedEntry implements EntryFields {
  // (private fields: nothing that lists an object's members sees the store)
  readonly #store: ScannedStore
  readonly #m: number
  constructor(store: ScannedStore, m: number) {
    this.#store = store
    this.#m = m
  }
  [FIELD_OF](name: string): unknown {
    return this.#store.fieldOf(this.#m, name)
  }
  [FIELDS_OBJECT](): JsonObject {
    return this.#store.projectionObject(this.#m)
  }
  /** `JSON.stringify` writes the projection. */
  toJSON(): JsonObject {
    return this.#store.projectionObject(this.#m)
  }
}

/**
 * A window over the source: `b` (always exactly `len` bytes long, so reading past its end gives
 * `undefined` as for a whole buffer) holds the file bytes from position `base`. `refill(from)`
 * drops the bytes before `from`, reads more (growing the window when what is kept fills half of
 * it) and returns where `from` now is (0).
 */
class Window {
  /** The window's storage; `b` is its first `len` bytes. */
  private storage: Buffer
  b: Buffer
  len = 0
  base = 0
  eof = false
  constructor(
    private readonly source: ByteSource,
    size: number
  ) {
    this.storage = Buffer.allocUnsafe(size)
    this.fill()
    this.b = this.storage.subarray(0, this.len)
  }
  private fill(): void {
    while (this.len < this.storage.length) {
      const r = this.source.read(this.storage, this.len, this.storage.length - this.len, this.base + this.len)
      if (r === 0) {
        this.eof = true
        return
      }
      this.len += r
    }
  }
  refill(from: number): number {
    const keep = this.len - from
    if (keep * 2 > this.storage.length) {
      const bigger = Buffer.allocUnsafe(this.storage.length * 2)
      this.storage.copy(bigger, 0, from, this.len)
      this.storage = bigger
    } else if (from > 0) {
      this.storage.copy(this.storage, 0, from, this.len)
    }
    this.base += from
    this.len = keep
    this.fill()
    this.b = this.storage.subarray(0, this.len)
    return 0
  }
  /** Skips whitespace from `i`, across refills; returns a non-space byte's index or `len` at the end of the file. */
  skipWs(i: number): number {
    i = skipWs(this.b, i, this.len)
    while (i === this.len && !this.eof) i = skipWs(this.b, this.refill(this.len), this.len)
    return i
  }
  /** A rejection at `at` may only mean the window ends inside a token: read more and retry. */
  cut(at: number): boolean {
    return !this.eof && at >= this.len - 8
  }
}

/** The default window: large enough that refills are rare, small enough to stay in cache. */
export const WINDOW_BYTES = 1 << 20

/** Scans one member (key, `:`, value) at `i`; returns the index of the `,` or `}` after it. */
const scanMember = (
  w: Window,
  store: ScannedStore,
  i: number,
  found: { start: number; end: number },
  capture: Array<number> | undefined,
  wanted: ReadonlyArray<boolean>,
  keepKeys: boolean,
  columns: FieldColumns | undefined
): number => {
  const b = w.b
  const n = w.len
  if (b[i] !== QUOTE) throw new Reject(i)
  const keyStart = i
  i = skipString(b, i, n)
  const keyEnd = i
  let key: string | undefined
  let h = 0
  let plain = !lastStringEscaped
  if (plain) {
    // hash the bytes; a key with non-ASCII bytes or a leading digit is decoded instead
    h = FNV_OFFSET
    for (let k = keyStart + 1; k < i - 1; k++) {
      const c = b[k]!
      if (c >= 0x80) {
        plain = false
        break
      }
      h = fnvStep(h, c)
    }
    h &= HASH_MASK
    if (plain && isDigit(b[keyStart + 1])) plain = false
  }
  if (!plain) {
    key = decodeString(b, keyStart, i, lastStringEscaped)
    h = hashString(key)
  }
  i = skipWs(b, i, n)
  if (b[i] !== COLON) throw new Reject(i)
  i = skipWs(b, i + 1, n)
  const valueStart = i
  deepest = 0
  let updatedAt: unknown = undefined
  let projection: unknown = undefined
  const object = b[i] === LBRACE
  if (object) {
    found.start = -1
    if (capture !== undefined) capture.length = 0
    i = scanEntry(b, i, n, found, capture, wanted)
    if (found.start >= 0) updatedAt = parseUpdatedAt(b, found.start, found.end)
  } else {
    i = skipValue(b, i, n)
  }
  const valueEnd = i
  i = skipWs(b, i, n)
  if (b[i] !== COMMA && b[i] !== RBRACE) throw new Reject(i)
  // (kept only now: a member cut by the window's end is scanned again)
  if (capture !== undefined) {
    if (columns === undefined) projection = object ? projectCaptured(b, capture) : parseSlice(b, valueStart, valueEnd)
    else if (object) keepCaptured(columns, store.members, b, capture)
    else columns.notObject(store.members, parseSlice(b, valueStart, valueEnd))
  }
  const plainKey = keepKeys && key === undefined ? b.toString("latin1", keyStart + 1, keyEnd - 1) : undefined
  store.add(w.base + keyStart, h, key, w.base + valueStart, w.base + valueEnd, updatedAt, projection, plainKey)
  if (deepest >= DEEP_ROW) store.markDeep()
  return i
}

/**
 * Scans a whole store (`keys`: keeping every key decoded; `project`: also each row's planning
 * projection, as an object; `columns`: the same projections kept field by field, in columns,
 * read through `ScannedStore.entry`). A `ScannedStore` with the rows in `Object.entries` order when the source
 * holds a JSON object; `rejected` for anything else (not JSON, or JSON that is not an object —
 * arrays and scalars, which the list reads as an empty store).
 */
export const scanSource = (
  source: ByteSource,
  windowBytes: number = WINDOW_BYTES,
  keep: "offsets" | "keys" | "project" | "columns" = "offsets",
  /** The fields a projection keeps (`PLAN_FIELDS`, or fewer: `RULE_FIELDS`). */
  fields: ReadonlySet<string> = PLAN_FIELDS
): ScanResult => {
  const w = new Window(source, Math.max(1, windowBytes))
  const store = new ScannedStore(source)
  const found = { start: -1, end: -1 }
  const capture = keep === "project" || keep === "columns" ? [] : undefined
  const wanted = PLAN_FIELD_NAMES.map((name) => fields.has(name))
  const columns = keep === "columns" ? store.keepColumns(wanted) : undefined
  const keepKeys = keep !== "offsets"
  try {
    let i = w.skipWs(0)
    if (w.b[i] !== LBRACE) return { _tag: "rejected", at: w.base + i }
    i = w.skipWs(i + 1)
    if (w.b[i] !== RBRACE) {
      for (;;) {
        // `i` is past any whitespace: at the member's opening quote, or at the window's end
        const memberStart = i
        try {
          i = scanMember(w, store, i, found, capture, wanted, keepKeys, columns)
        } catch (error) {
          if (error instanceof Reject && w.cut(error.at)) {
            i = w.skipWs(w.refill(memberStart))
            continue
          }
          throw error
        }
        if (w.b[i] === RBRACE) break
        i = skipWs(w.b, i + 1, w.len)
      }
    }
    // after the closing brace: only whitespace up to the end of the file
    i = w.skipWs(i + 1)
    return i < w.len ? { _tag: "rejected", at: w.base + i } : store.finish()
  } catch (error) {
    if (error instanceof Reject) return { _tag: "rejected", at: w.base + error.at }
    throw error
  }
}

/** Scans a store held in a Buffer, through a window of `windowBytes` (default: the whole buffer). */
export const scanStore = (b: Buffer, windowBytes: number = b.length): ScanResult => scanSource(bufferSource(b), windowBytes)
