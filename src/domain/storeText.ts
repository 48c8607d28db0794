/**
 * The text form of `sessions.json` (docs/store-model.md#reading-sessionsjson), pure: strict JSON in, the reference's
 * `JSON.stringify(store, null, 2)` out (two-space indent, no trailing newline).
 */
import { isRecord } from "./json.js"

/** Store rows in file order (the order `Object.entries(JSON.parse(text))` gives). */
export type SessionStore = ReadonlyMap<string, unknown>

/** Parses store text; undefined when it is not a JSON object. */
export const parseStoreText = (text: string): SessionStore | undefined => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  return isRecord(parsed) ? new Map(Object.entries(parsed)) : undefined
}

/** One entry's text exactly as `JSON.stringify(store, null, 2)` writes it, without the separator. */
export const serializeEntry = (key: string, value: unknown): string => `${entryKeyText(key)}${serializeEntryValue(value)}`

/** The text before a row's value in the store as written: its indentation, key and `: `. */
export const entryKeyText = (key: string): string => `  ${JSON.stringify(key)}: `

/** A row's value as the store write writes it (`JSON.stringify(value, null, 2)`, indented one level). */
export const serializeEntryValue = (value: unknown): string => (JSON.stringify(value, null, 2) ?? "null").replace(/\n/g, "\n  ")

/**
 * Whether a key is an array index (a canonical integer string below 2^32 − 1): JavaScript objects
 * list such keys first, in ascending numeric order, whatever order they were added in.
 */
export const isArrayIndexKey = (key: string): boolean =>
  /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4_294_967_295

/**
 * The keys of a store in the order `JSON.stringify` writes the equivalent object: array-index
 * keys first (ascending), then the others in map order. A map read from a file is already in
 * this order; the sort only matters for maps built or extended in another order.
 */
export const storeKeyOrder = (entries: SessionStore): ReadonlyArray<string> => {
  const indices: Array<string> = []
  const others: Array<string> = []
  for (const key of entries.keys()) (isArrayIndexKey(key) ? indices : others).push(key)
  if (indices.length === 0) return others
  indices.sort((a, b) => Number(a) - Number(b))
  return [...indices, ...others]
}

/**
 * `JSON.stringify(Object.fromEntries(entries), null, 2)`, built entry by entry (no trailing
 * newline). Entries whose value is `undefined` are left out, as `JSON.stringify` does.
 */
export const serializeStore = (entries: SessionStore): string => {
  if (entries.size === 0) return "{}"
  const parts: Array<string> = []
  for (const key of storeKeyOrder(entries)) {
    const value = entries.get(key)
    if (value === undefined) continue
    parts.push(serializeEntry(key, value))
  }
  return parts.length === 0 ? "{}" : `{\n${parts.join(",\n")}\n}`
}

/** Alias of `serializeStore`. */
export const serializeStoreText = (entries: SessionStore): string => serializeStore(entries)
