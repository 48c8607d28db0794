/**
 * The sessions dir as the snapshot read it (`readdir`, then `lstat` of each name and, for a
 * symlink, `stat` and `realpath`), kept in columns: the names `readdir` gave and, per entry, its
 * type, size, mtime and inode in typed arrays. The dir holds a file per transcript (20 000 next
 * to a store of 100 000 rows) and a plan keeps its snapshot to the end, so an object and a path
 * per entry would be kept as long. A real path is kept only where it is not `<real dir>/<name>`
 * (symlinks), and the names are found through a hash table of entry numbers, asked with the
 * name's text where it already is (a path's last component, an id and a suffix) so that no
 * string is made to ask.
 */
import type { Node } from "./fsView.js"
import type { PathFact } from "./types.js"

type EntryType = Node["type"]

/** `lstat` types by code; the `stat`-says-file bit is added to the code. */
const TYPES: ReadonlyArray<EntryType> = ["file", "symlink", "dir", "other"]
const STAT_IS_FILE = 4

/** FNV-1a over UTF-16 code units, from `h`: the hash of a name can be continued with a suffix. */
const FNV_OFFSET = 0x811c9dc5
const hashOn = (h: number, text: string, from: number): number => {
  for (let i = from; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h
}
/** Whether `name` starts with the `n` characters of `text` from `from`. */
const sameChars = (name: string, text: string, from: number, n: number): boolean => {
  for (let k = 0; k < n; k++) if (name.charCodeAt(k) !== text.charCodeAt(from + k)) return false
  return true
}
/** (the low bits index the table: the high ones are mixed in) */
const slotOf = (h: number, mask: number): number => (h ^ (h >>> 15)) & mask

export class Listing {
  /** Entry numbers + 1 by hash of the name (0: empty slot), linear probing; a quarter or more free. */
  private readonly table: Int32Array

  constructor(
    /** The names, in `readdir` order. */
    readonly names: ReadonlyArray<string>,
    private readonly codes: Uint8Array,
    private readonly sizes: Float64Array,
    private readonly mtimes: Float64Array,
    private readonly inos: Float64Array,
    /** Real paths that are not `<real dir>/<name>`, by entry (undefined: a dangling symlink). */
    private readonly realpaths: ReadonlyMap<number, string | undefined>
  ) {
    let size = 4
    while (size < (names.length * 4) / 3) size *= 2
    this.table = new Int32Array(size)
    names.forEach((name, i) => this.put(name, i))
  }

  /** (a name listed twice, which no directory does, is found at its last entry) */
  private put(name: string, i: number): void {
    const mask = this.table.length - 1
    let slot = slotOf(hashOn(FNV_OFFSET, name, 0), mask)
    while (this.table[slot] !== 0 && this.names[this.table[slot]! - 1] !== name) slot = (slot + 1) & mask
    this.table[slot] = i + 1
  }

  /** The entry named `text.slice(from) + suffix`, or -1 (no string is made to ask). */
  indexOf(text: string, from: number, suffix = ""): number {
    const mask = this.table.length - 1
    const stem = text.length - from
    const length = stem + suffix.length
    for (let slot = slotOf(hashOn(hashOn(FNV_OFFSET, text, from), suffix, 0), mask); ; slot = (slot + 1) & mask) {
      const i = this.table[slot]! - 1
      if (i < 0) return -1
      const name = this.names[i]!
      if (name.length === length && name.endsWith(suffix) && sameChars(name, text, from, stem)) return i
    }
  }

  type(i: number): EntryType {
    return TYPES[this.codes[i]! & ~STAT_IS_FILE]!
  }

  size(i: number): number {
    return this.sizes[i]!
  }

  /** Entry `i` as a node; `at` is its path, `<real dir>/<name>` (its real path unless it is a symlink). */
  node(i: number, at: string): Node {
    return {
      type: this.type(i),
      statIsFile: (this.codes[i]! & STAT_IS_FILE) !== 0,
      size: this.sizes[i]!,
      mtimeMs: this.mtimes[i]!,
      realpath: this.realpaths.has(i) ? this.realpaths.get(i) : at,
      ino: this.inos[i]!
    }
  }
}

/** Collects a listing in `readdir` order: at most `capacity` entries (the names `readdir` gave). */
export class ListingBuilder {
  private readonly names: Array<string> = []
  private readonly codes: Uint8Array
  private readonly sizes: Float64Array
  private readonly mtimes: Float64Array
  private readonly inos: Float64Array
  private readonly realpaths = new Map<number, string | undefined>()

  constructor(capacity: number) {
    this.codes = new Uint8Array(capacity)
    this.sizes = new Float64Array(capacity)
    this.mtimes = new Float64Array(capacity)
    this.inos = new Float64Array(capacity)
  }

  /**
   * The entry `name`, found at `at` (`<real dir>/<name>`); `fact` is what the file system said
   * of it (a name gone since `readdir` is left out).
   */
  add(name: string, at: string, fact: PathFact): void {
    if (fact.type === "missing") return
    const i = this.names.length
    this.names.push(name)
    this.codes[i] = TYPES.indexOf(fact.type) | (fact.statIsFile ? STAT_IS_FILE : 0)
    this.sizes[i] = fact.size
    this.mtimes[i] = fact.mtimeMs
    this.inos[i] = fact.ino
    if (fact.realpath !== at) this.realpaths.set(i, fact.realpath)
  }

  done(): Listing {
    const n = this.names.length
    return new Listing(this.names, this.codes.subarray(0, n), this.sizes.subarray(0, n), this.mtimes.subarray(0, n), this.inos.subarray(0, n), this.realpaths)
  }
}
