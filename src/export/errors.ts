/** Failures inside the export, before they get the command's `Failed to export trajectory: ` prefix. */
import { Data } from "effect"
import { maskSecrets } from "./redact.js"

export class ExportFailure extends Data.TaggedError("ExportFailure")<{ readonly message: string }> {
  /** Wraps a thrown value with the reference's error formatting (message, causes). */
  static from(error: unknown, mask: (text: string) => string = maskSecrets): ExportFailure {
    if (error instanceof ExportFailure) return error
    return new ExportFailure({ message: formatErrorMessage(error, mask) })
  }
}

/**
 * The reference's error text: an Error's message (or name) followed by ` | <cause>` for each
 * cause, then masked with the logging layer's secret patterns (unless `logging.redactSensitive`
 * is "off").
 */
export const formatErrorMessage = (error: unknown, mask: (text: string) => string = maskSecrets): string => {
  let text: string
  if (error instanceof Error) {
    text = error.message || error.name || "Error"
    let cause: unknown = (error as { cause?: unknown }).cause
    const seen = new Set<unknown>([error])
    while (cause && !seen.has(cause)) {
      seen.add(cause)
      if (cause instanceof Error) {
        if (cause.message) text += ` | ${cause.message}`
        cause = (cause as { cause?: unknown }).cause
      } else if (typeof cause === "string") {
        text += ` | ${cause}`
        break
      } else break
    }
  } else if (typeof error === "string") text = error
  else if (typeof error === "number" || typeof error === "boolean" || typeof error === "bigint") text = String(error)
  else {
    try {
      text = JSON.stringify(error)
    } catch {
      text = Object.prototype.toString.call(error)
    }
  }
  return mask(text)
}

const OUTPUT_EXISTS_NOTE = "The output directory already exists: "

/**
 * A second line for the reference's raw `EEXIST: file already exists, mkdir '<dir>'` (its first
 * line, kept as is): the same fact in words, with what to do about it. Undefined for other errors.
 */
export const outputExistsNote = (message: string): string | undefined => {
  const match = /^EEXIST: [^,]*, mkdir '(.*)'$/.exec(message)
  return match === null ? undefined : `${OUTPUT_EXISTS_NOTE}${match[1]}. Choose another --output name, or move that directory away.`
}

/** Whether a stderr line is that note (differential tests drop it; the reference has none). */
export const isOutputExistsNote = (line: string): boolean => line.startsWith(OUTPUT_EXISTS_NOTE)
