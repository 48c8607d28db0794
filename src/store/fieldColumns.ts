/**
 * Where a scan keeps the fields the rules read of each row (`RULE_FIELDS` in
 * `src/domain/entry.ts`): field by field, in columns by member, instead of one projection object
 * per row. A value shared by many rows (a chat type, an interned `origin`) costs a byte per row;
 * a value of its own (a session id, a path) a slot in chunks, or an entry in a map while few
 * rows have the field. Nothing here knows JSON: the scanner decodes the values
 * (`src/store/scan.ts`) and asks for them back by member and field index.
 */

/** Values a chunk holds: 2^14 (64 KiB of references with compressed pointers, 128 KiB without). */
export const CHUNK_BITS = 14
export const CHUNK_MASK = (1 << CHUNK_BITS) - 1

/**
 * A growing list of values by index, held in chunks: growing it never copies what it holds. (One
 * array of a store's keys was copied at each growth, and the old copies, too large for V8's young
 * generation, waited in its large-object space for a full collection.) A chunk is made when its
 * first value is set.
 */
export class ChunkedArray<T> {
  private readonly chunks: Array<Array<T | undefined>> = []
  set(i: number, value: T): void {
    ;(this.chunks[i >>> CHUNK_BITS] ??= new Array<T | undefined>(CHUNK_MASK + 1))[i & CHUNK_MASK] = value
  }
  get(i: number): T | undefined {
    return this.chunks[i >>> CHUNK_BITS]?.[i & CHUNK_MASK]
  }
}

/** A byte per index, in chunks made when their first byte is set (0 where none was). */
class ByteChunks {
  private readonly chunks: Array<Uint8Array | undefined> = []
  set(i: number, value: number): void {
    ;(this.chunks[i >>> CHUNK_BITS] ??= new Uint8Array(CHUNK_MASK + 1))[i & CHUNK_MASK] = value
  }
  get(i: number): number {
    const chunk = this.chunks[i >>> CHUNK_BITS]
    return chunk === undefined ? 0 : chunk[i & CHUNK_MASK]!
  }
}

/** A sparse column becomes chunks once it holds this many values and one for every `DENSE_SHARE`th member. */
const DENSE_AFTER = 256
const DENSE_SHARE = 4

/**
 * Values by member, set in member order: a `Map` while few members have one (a map entry costs
 * some 30–40 bytes, a chunk slot 8 for every member of the chunk), chunks once a quarter of the
 * members so far have one.
 */
class SparseValues {
  private map: Map<number, unknown> | undefined = new Map()
  private dense: ChunkedArray<unknown> | undefined
  set(m: number, value: unknown): void {
    const map = this.map
    if (map === undefined) return this.dense!.set(m, value)
    map.set(m, value)
    if (map.size >= DENSE_AFTER && map.size * DENSE_SHARE > m) {
      const dense = new ChunkedArray<unknown>()
      for (const [k, v] of map) dense.set(k, v)
      this.dense = dense
      this.map = undefined
    }
  }
  get(m: number): unknown {
    return this.map === undefined ? this.dense!.get(m) : this.map.get(m)
  }
}

/** Distinct values a column gives a one-byte code (0 means "not coded"). */
const CODES = 255

/** Strings up to this length are coded (the scanner interns them: chat types, channels, levels). */
const SHARED_STRING = 24

/**
 * Values rows share: short strings, booleans, `null` and the frozen objects the scanner interns
 * (not numbers: `-0` and `0` would share a code).
 */
const isShareable = (value: unknown): boolean =>
  typeof value === "string"
    ? value.length <= SHARED_STRING
    : typeof value === "boolean" || value === null || (typeof value === "object" && Object.isFrozen(value))

/**
 * One field's values by member: the first `CODES` distinct shareable values by a one-byte code,
 * anything else (and every value once the codes are used up) as it is.
 */
class ValueColumn {
  private readonly codes = new ByteChunks()
  private readonly values: Array<unknown> = []
  private readonly codeOf = new Map<unknown, number>()
  private readonly others = new SparseValues()
  set(m: number, value: unknown): void {
    if (isShareable(value)) {
      let code = this.codeOf.get(value)
      if (code === undefined && this.values.length < CODES) {
        this.values.push(value)
        code = this.values.length
        this.codeOf.set(value, code)
      }
      if (code !== undefined) return this.codes.set(m, code)
    }
    this.others.set(m, value)
  }
  get(m: number): unknown {
    const code = this.codes.get(m)
    return code === 0 ? this.others.get(m) : this.values[code - 1]
  }
}

/**
 * The kept fields of every member. A member is either an object, with a *layout* (the fields it
 * has, in the order of their first member in the row: the projection object's order) and a value
 * per field of it, or another JSON value, kept as it is.
 */
export class FieldColumns {
  /** Per member: 0 for a value that is not an object, else 1 + its layout's index (`CODES`: see `bigLayouts`). */
  private readonly layoutCodes = new ByteChunks()
  private readonly layouts: Array<ReadonlyArray<number>> = []
  private readonly layoutIndex = new Map<string, number>()
  /** The layout of members whose code is `CODES` (when a store has that many layouts). */
  private readonly bigLayouts = new SparseValues()
  private readonly notObjects = new SparseValues()
  private readonly columns: Array<ValueColumn | undefined> = []

  /** Member `m` is an object whose fields are `fields` (field indices, in order), the chars of `key`. */
  object(m: number, key: string): void {
    let index = this.layoutIndex.get(key)
    if (index === undefined) {
      index = this.layouts.length
      const fields: Array<number> = []
      for (let k = 0; k < key.length; k++) fields.push(key.charCodeAt(k))
      this.layouts.push(fields)
      this.layoutIndex.set(key, index)
    }
    if (index + 1 < CODES) return this.layoutCodes.set(m, index + 1)
    this.layoutCodes.set(m, CODES)
    this.bigLayouts.set(m, index)
  }

  /** Member `m` (an object) has `value` for `field`. */
  set(m: number, field: number, value: unknown): void {
    ;(this.columns[field] ??= new ValueColumn()).set(m, value)
  }

  /** Member `m` is `value`, not an object. */
  notObject(m: number, value: unknown): void {
    this.notObjects.set(m, value)
  }

  isObject(m: number): boolean {
    return this.layoutCodes.get(m) !== 0
  }

  /** The value of a member that is not an object. */
  value(m: number): unknown {
    return this.notObjects.get(m)
  }

  /** The value of `field` of member `m` (an object); undefined when it has none. */
  get(m: number, field: number): unknown {
    return this.columns[field]?.get(m)
  }

  /** The fields member `m` (an object) has, in their order. */
  layout(m: number): ReadonlyArray<number> {
    const code = this.layoutCodes.get(m)
    return this.layouts[code === CODES ? (this.bigLayouts.get(m) as number) : code - 1]!
  }
}
