/** A plain JSON object as produced by `JSON.parse`. */
export type JsonObject = { readonly [key: string]: unknown }

/** True for non-null, non-array objects. */
export const isRecord = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)
