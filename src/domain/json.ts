/** A plain JSON object as produced by `JSON.parse`. */
export type JsonObject = { readonly [key: string]: unknown }

/** True for non-null, non-array objects. */
export const isRecord = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A string field of an object, or undefined when absent or not a string. */
export const stringField = (value: unknown, key: string): string | undefined => {
  if (!isRecord(value)) return undefined
  const v = value[key]
  return typeof v === "string" ? v : undefined
}

/** A field of an object as is, or undefined. */
export const field = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined)
