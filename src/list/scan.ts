/**
 * A byte-level scanner for `sessions.json` that finds each top-level row's key, its `updatedAt`
 * and the byte range of its value without building an object model of the whole store.
 *
 * The scanner validates the complete JSON grammar (RFC 8259, as `JSON.parse` accepts it), so a
 * file it accepts is exactly a file `JSON.parse` accepts. Row order and duplicate keys follow
 * `Object.entries(JSON.parse(text))`: array-index keys first in ascending numeric order, then the
 * other keys in first-appearance order; for a duplicate key the last value wins.
 *
 * Anything the scanner rejects is handed to the plain `JSON.parse` path by the caller.
 */

import { isArrayIndexKey } from "../domain/storeText.js"

export { isArrayIndexKey }

/** One row of a scanned store. */
export interface ScannedRow {
  readonly key: string
  /** Byte range of the row's value in the buffer. */
  readonly start: number
  readonly end: number
  /** The row's own `updatedAt` (as `JSON.parse` would give it), undefined when absent or not an object. */
  readonly updatedAt: unknown
}

export type ScanResult =
  | { readonly _tag: "object"; readonly rows: ReadonlyArray<ScannedRow> }
  | { readonly _tag: "rejected"; readonly at: number }

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c
const LBRACE = 0x7b
const RBRACE = 0x7d
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const MINUS = 0x2d

/** Byte classes: 1 = JSON whitespace, 2 = hex digit. */
const CLASS = new Uint8Array(256)
for (const c of [0x20, 0x09, 0x0a, 0x0d]) CLASS[c] = 1
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

/** Set by `skipString`: whether the last string contained a backslash escape. */
let lastStringEscaped = false

const skipWs = (b: Uint8Array, i: number, n: number): number => {
  while (i < n && CLASS[b[i]!] === 1) i++
  return i
}

/** Bytes that end a run of plain string content: `"`, `\\` and control characters. */
const STRING_STOP = new Uint8Array(256)
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1
STRING_STOP[QUOTE] = 1
STRING_STOP[BACKSLASH] = 1

/** `b[i]` is `"`; returns the index after the closing quote. */
const skipString = (b: Uint8Array, i: number, n: number): number => {
  let escaped = false
  i++
  for (;;) {
    while (i < n && STRING_STOP[b[i]!] === 0) i++
    if (i >= n) throw new Reject(i)
    const c = b[i]!
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
 * Skips one JSON value starting at `i` (no leading whitespace) without recursion; returns the
 * index after it.
 */
const skipValue = (b: Uint8Array, i: number, n: number): number => {
  const first = b[i]
  if (first !== LBRACE && first !== LBRACKET) return skipScalar(b, i, n)
  // stack of open containers: true = object, false = array
  const stack: Array<boolean> = []
  for (;;) {
    // i is at the start of a value
    const c = b[i]
    if (c === LBRACE) {
      i = skipWs(b, i + 1, n)
      if (b[i] === RBRACE) {
        i++
      } else {
        stack.push(true)
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
        stack.push(false)
        continue
      }
    } else {
      i = skipScalar(b, i, n)
    }
    // after a value: close containers or move to the next element
    for (;;) {
      if (stack.length === 0) return i
      i = skipWs(b, i, n)
      const d = b[i]
      const inObject = stack[stack.length - 1]!
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
        stack.pop()
        i++
        continue
      }
      throw new Reject(i)
    }
  }
}

const UPDATED_AT = Buffer.from('"updatedAt"', "latin1")

const decodeKey = (b: Buffer, start: number, end: number, escaped: boolean): string =>
  escaped ? (JSON.parse(b.toString("utf8", start, end)) as string) : b.toString("utf8", start + 1, end - 1)

const isUpdatedAtKey = (b: Buffer, start: number, end: number, escaped: boolean): boolean => {
  if (!escaped) return end - start === UPDATED_AT.length && b.compare(UPDATED_AT, 0, UPDATED_AT.length, start, end) === 0
  return decodeKey(b, start, end, true) === "updatedAt"
}

/** The value of a scalar or container slice, as `JSON.parse` gives it. */
export const parseSlice = (b: Buffer, start: number, end: number): unknown => {
  const c = b[start]
  if (c === MINUS || isDigit(c)) return Number(b.toString("latin1", start, end))
  return JSON.parse(b.toString("utf8", start, end))
}

/**
 * Scans an entry object (`b[i]` is `{`) and returns the index after it; records the last
 * `updatedAt` member's range in `found`.
 */
const scanEntry = (b: Buffer, i: number, n: number, found: { start: number; end: number }): number => {
  i = skipWs(b, i + 1, n)
  if (b[i] === RBRACE) return i + 1
  for (;;) {
    if (b[i] !== QUOTE) throw new Reject(i)
    const keyStart = i
    i = skipString(b, i, n)
    const matches = isUpdatedAtKey(b, keyStart, i, lastStringEscaped)
    i = skipWs(b, i, n)
    if (b[i] !== COLON) throw new Reject(i)
    i = skipWs(b, i + 1, n)
    const valueStart = i
    i = skipValue(b, i, n)
    if (matches) {
      found.start = valueStart
      found.end = i
    }
    i = skipWs(b, i, n)
    if (b[i] === COMMA) {
      i = skipWs(b, i + 1, n)
      continue
    }
    if (b[i] === RBRACE) return i + 1
    throw new Reject(i)
  }
}

/**
 * Scans a whole store buffer. `object` with the rows in `Object.entries` order when the buffer
 * is a JSON object; `rejected` for anything else (not JSON, or JSON that is not an object —
 * arrays and scalars are left to the caller's plain path, which treats them as empty).
 */
export const scanStore = (b: Buffer): ScanResult => {
  const n = b.length
  try {
    let i = skipWs(b, 0, n)
    if (b[i] !== LBRACE) return { _tag: "rejected", at: i }
    const keys: Array<string> = []
    const starts: Array<number> = []
    const ends: Array<number> = []
    const updated: Array<unknown> = []
    const found = { start: -1, end: -1 }
    i = skipWs(b, i + 1, n)
    if (b[i] !== RBRACE) {
      for (;;) {
        if (b[i] !== QUOTE) throw new Reject(i)
        const keyStart = i
        i = skipString(b, i, n)
        const key = decodeKey(b, keyStart, i, lastStringEscaped)
        i = skipWs(b, i, n)
        if (b[i] !== COLON) throw new Reject(i)
        i = skipWs(b, i + 1, n)
        const valueStart = i
        let updatedAt: unknown = undefined
        if (b[i] === LBRACE) {
          found.start = -1
          i = scanEntry(b, i, n, found)
          if (found.start >= 0) updatedAt = parseSlice(b, found.start, found.end)
        } else {
          i = skipValue(b, i, n)
        }
        keys.push(key)
        starts.push(valueStart)
        ends.push(i)
        updated.push(updatedAt)
        i = skipWs(b, i, n)
        if (b[i] === COMMA) {
          i = skipWs(b, i + 1, n)
          continue
        }
        if (b[i] === RBRACE) break
        throw new Reject(i)
      }
    }
    i = skipWs(b, i + 1, n)
    if (i !== n) return { _tag: "rejected", at: i }
    return { _tag: "object", rows: orderRows(keys, starts, ends, updated) }
  } catch (error) {
    if (error instanceof Reject) return { _tag: "rejected", at: error.at }
    throw error
  }
}

/** Applies `Object.entries` order and last-value-wins to the raw member list. */
const orderRows = (
  keys: ReadonlyArray<string>,
  starts: ReadonlyArray<number>,
  ends: ReadonlyArray<number>,
  updated: ReadonlyArray<unknown>
): ReadonlyArray<ScannedRow> => {
  const count = keys.length
  const position = new Map<string, number>()
  const rows: Array<ScannedRow> = []
  let indexKeys = 0
  for (let k = 0; k < count; k++) {
    const key = keys[k]!
    const row: ScannedRow = { key, start: starts[k]!, end: ends[k]!, updatedAt: updated[k] }
    const at = position.get(key)
    if (at === undefined) {
      position.set(key, rows.length)
      rows.push(row)
      if (isArrayIndexKey(key)) indexKeys++
    } else {
      rows[at] = row
    }
  }
  if (indexKeys === 0) return rows
  const index = rows.filter((r) => isArrayIndexKey(r.key)).sort((a, b) => Number(a.key) - Number(b.key))
  return [...index, ...rows.filter((r) => !isArrayIndexKey(r.key))]
}
