/**
 * The options of `sessions export-trajectory` and the encoded request that replaces them
 * (docs/export.md#request).
 */
import { Either } from "effect"
import { isRecord } from "../domain/json.js"

export interface ExportOptions {
  readonly sessionKey?: string | undefined
  readonly output?: string | undefined
  readonly workspace?: string | undefined
  readonly store?: string | undefined
  readonly agent?: string | undefined
  readonly requestJsonBase64?: string | undefined
  /** Output format of the CLI; the export itself does not depend on it. */
  readonly json?: boolean | undefined
  /** clawkeep addition: transcript size limit in bytes (default 52 428 800). */
  readonly maxBytes?: number | undefined
}

const ENCODED = /^[A-Za-z0-9_-]{1,65536}$/u

const nonBlank = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim().length > 0 ? value : undefined

/** Decodes a base64url request; Left carries the detail after `Failed to decode … request: `. */
export const decodeRequest = (
  encoded: string
): Either.Either<Pick<ExportOptions, "sessionKey" | "output" | "store" | "agent" | "workspace">, string> => {
  const trimmed = encoded.trim()
  if (!ENCODED.test(trimmed)) return Either.left("Encoded trajectory export request is invalid")
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(trimmed, "base64url").toString("utf8"))
  } catch (error) {
    return Either.left(error instanceof Error ? error.message || error.name || "Error" : String(error))
  }
  if (!isRecord(decoded)) return Either.left("Encoded trajectory export request must be a JSON object")
  return Either.right({
    sessionKey: nonBlank(decoded["sessionKey"]) ?? "",
    output: nonBlank(decoded["output"]),
    store: nonBlank(decoded["store"]),
    agent: nonBlank(decoded["agent"]),
    workspace: nonBlank(decoded["workspace"])
  })
}

/** The options after applying a non-blank `--request-json-base64` (its fields replace the direct ones). */
export const resolveRequestOptions = (options: ExportOptions): Either.Either<ExportOptions, string> => {
  const encoded = options.requestJsonBase64?.trim()
  if (!encoded) return Either.right(options)
  return Either.map(decodeRequest(encoded), (fields) => ({ ...options, ...fields }))
}
