/**
 * Whether a row's bytes are already exactly what the store write would make of them
 * (`serializeEntry`: `JSON.stringify(value, null, 2)`, indented one level). Such a row is written
 * through as it is, instead of being parsed and serialised again. The check is conservative: it
 * answers false for anything it does not prove — an escape other than `\"`, `\\`, `\n`, `\r`,
 * `\t`, `\b`, `\f` (JSON.stringify writes `\u00XX` for other control characters, and a
 * file may spell any character as `\uXXXX`), a number `String(Number(text))` does not give back,
 * a duplicate key (`JSON.parse` keeps the last value, at the first key's place), an array-index
 * key (`JSON.stringify` writes those first), or any other whitespace. Then the row takes the
 * usual way. Property-tested against `JSON.stringify` (`test/store/canonical.test.ts`).
 */

import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, MINUS, QUOTE, RBRACE, RBRACKET } from "./jsonBytes.js"

const NEWLINE = 0x0a
const SPACE = 0x20

/** The escapes `JSON.stringify` writes for the characters they stand for (besides `\u00XX`). */
const isShortEscape = (c: number | undefined): boolean =>
  c === QUOTE || c === BACKSLASH || c === 0x6e || c === 0x72 || c === 0x74 || c === 0x62 || c === 0x66

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39

/** A decimal integer below 2^32 − 1 with no leading zero: an array index as an object key. */
const isIndexKey = (b: Uint8Array, start: number, end: number): boolean => {
  const len = end - start
  if (len === 0 || len > 10) return false
  if (b[start] === 0x30) return len === 1
  let n = 0
  for (let k = start; k < end; k++) {
    const c = b[k]
    if (!isDigit(c)) return false
    n = n * 10 + (c! - 0x30)
  }
  return n < 4_294_967_295
}

/**
 * Keys of the objects being checked, as byte ranges (`start, end` pairs, quotes included): an
 * object's keys from where it began to the checker's `keyTop`. Shared by every check (one runs at
 * a time) and grown when needed. Compared as spelled: with only the short escapes allowed, one
 * key has one spelling.
 */
let keyRanges = new Int32Array(256)

class Checker {
  constructor(private readonly b: Buffer) {}

  /** After `\n` and `2 × level` spaces at `i`, or -1. */
  private newline(i: number, level: number): number {
    const b = this.b
    if (b[i] !== NEWLINE) return -1
    i++
    for (let k = 0; k < 2 * level; k++, i++) if (b[i] !== SPACE) return -1
    return i
  }

  /** A canonical string token at `i` (its end), or -1. */
  private string(i: number): number {
    const b = this.b
    if (b[i] !== QUOTE) return -1
    for (i++; i < b.length; i++) {
      const c = b[i]!
      if (c === QUOTE) return i + 1
      if (c === BACKSLASH) {
        if (!isShortEscape(b[i + 1])) return -1
        i++
      } else if (c < SPACE) return -1
    }
    return -1
  }

  /** A canonical number token at `i` (its end), or -1. */
  private number(i: number): number {
    const b = this.b
    const start = i
    if (b[i] === MINUS) i++
    const first = i
    while (isDigit(b[i])) i++
    const digits = i - first
    if (digits === 0) return -1
    const c = b[i]
    if (c !== 0x2e && c !== 0x65 && c !== 0x45) {
      // an integer: canonical without a leading zero, and below 2^53 (15 digits), but never -0
      if (digits <= 15 && (b[first] !== 0x30 || digits === 1)) return b[first] === 0x30 && first > start ? -1 : i
    }
    while (isDigit(b[i]) || b[i] === 0x2e || b[i] === 0x65 || b[i] === 0x45 || b[i] === 0x2b || b[i] === MINUS) i++
    const text = b.toString("latin1", start, i)
    const n = Number(text)
    return Number.isFinite(n) && String(n) === text ? i : -1
  }

  private literal(i: number, word: string): number {
    for (let k = 0; k < word.length; k++) if (this.b[i + k] !== word.charCodeAt(k)) return -1
    return i + word.length
  }

  /** A canonical value at `i` written at nesting `level` (its end), or -1. */
  value(i: number, level: number): number {
    const c = this.b[i]
    if (c === LBRACE) return this.object(i, level)
    if (c === LBRACKET) return this.array(i, level)
    if (c === QUOTE) return this.string(i)
    if (c === 0x74) return this.literal(i, "true")
    if (c === 0x66) return this.literal(i, "false")
    if (c === 0x6e) return this.literal(i, "null")
    return this.number(i)
  }

  /** The end of the key ranges in use (`keyRanges`). */
  private keyTop = 0

  /** Whether the key token `b[start..end)` is one of the keys recorded since `from`. */
  private seen(from: number, start: number, end: number): boolean {
    const b = this.b
    const len = end - start
    for (let k = from; k < this.keyTop; k += 2) {
      const s = keyRanges[k]!
      if (keyRanges[k + 1]! - s !== len) continue
      let same = true
      for (let m = 1; m < len - 1; m++) {
        if (b[s + m] !== b[start + m]) {
          same = false
          break
        }
      }
      if (same) return true
    }
    return false
  }

  private remember(start: number, end: number): void {
    if (this.keyTop + 2 > keyRanges.length) {
      const grown = new Int32Array(keyRanges.length * 2)
      grown.set(keyRanges)
      keyRanges = grown
    }
    keyRanges[this.keyTop++] = start
    keyRanges[this.keyTop++] = end
  }

  /**
   * An object at `i`: empty as `{}`, else each member on its own line one level deeper (no
   * array-index or repeated key, `": "` after the key), `}` on a line of its own.
   */
  private object(i: number, level: number): number {
    const b = this.b
    if (b[i + 1] === RBRACE) return i + 2
    const from = this.keyTop
    i++
    for (;;) {
      i = this.newline(i, level + 1)
      if (i < 0) return -1
      const end = this.string(i)
      if (end < 0 || isIndexKey(b, i + 1, end - 1) || this.seen(from, i, end)) return -1
      this.remember(i, end)
      if (b[end] !== COLON || b[end + 1] !== SPACE) return -1
      i = this.value(end + 2, level + 1)
      if (i < 0) return -1
      if (b[i] === COMMA) {
        i++
        continue
      }
      this.keyTop = from
      return this.closing(i, level, RBRACE)
    }
  }

  /** An array at `i`: empty as `[]`, else each item on its own line one level deeper, `]` on a line of its own. */
  private array(i: number, level: number): number {
    const b = this.b
    if (b[i + 1] === RBRACKET) return i + 2
    i++
    for (;;) {
      i = this.newline(i, level + 1)
      if (i < 0) return -1
      i = this.value(i, level + 1)
      if (i < 0) return -1
      if (b[i] === COMMA) {
        i++
        continue
      }
      return this.closing(i, level, RBRACKET)
    }
  }

  /** `close` on a line of its own at `level` (its end), or -1. */
  private closing(i: number, level: number, close: number): number {
    i = this.newline(i, level)
    return i >= 0 && this.b[i] === close ? i + 1 : -1
  }
}

/**
 * Whether `bytes` (a row's value, as read from the file) is exactly
 * `JSON.stringify(JSON.parse(bytes), null, 2)` with every line after the first indented by
 * `level` levels of two spaces.
 */
export const isCanonicalValue = (bytes: Buffer, level: number): boolean => {
  try {
    return new Checker(bytes).value(0, level) === bytes.length
  } catch (error) {
    // nested deeper than this check can recurse: the usual way decides (and fails as before)
    if (error instanceof RangeError) return false
    throw error
  }
}
