/**
 * Table cells shared by the session list and the cleanup action table (docs/list.md#text-output).
 * Widths count UTF-16 code units, as the reference's `padEnd`/`slice` do.
 */
import { rawEntryField } from "../domain/entry.js"
import { isRecord } from "../domain/json.js"

/** Pads to a minimum width; longer values are not cut. */
export const pad = (value: string, width: number): string => value.padEnd(width)

/** Keys longer than `width` become first (width − 10) + `...` + last 6 (26 → 16 + 3 + 6 + …). */
export const truncateKey = (key: string, width = 26): string =>
  key.length > width ? `${key.slice(0, width - 10)}...${key.slice(-6)}` : key

/** `formatTimeAgo` of the reference: a duration in ms as `just now`, `5m ago`, `3h ago`, `2d ago`. */
export const formatDurationAgo = (durationMs: number): string => {
  if (!Number.isFinite(durationMs) || durationMs < 0) return "unknown"
  const s = Math.round(durationMs / 1000)
  const m = Math.round(s / 60)
  if (m < 1) return "just now"
  if (m < 60) return `${m}m ago`
  const h = Math.round(m / 60)
  if (h < 48) return `${h}h ago`
  return `${Math.round(h / 24)}d ago`
}

/**
 * Age of a row (docs/list.md#text-output). `updatedAt` is the raw entry value: falsy → `unknown`; anything else
 * is coerced to a number the way the reference's subtraction does (`"123"` counts as 123).
 */
export const formatAge = (updatedAt: unknown, nowMs: number): string =>
  updatedAt ? formatDurationAgo(nowMs - (updatedAt as number)) : "unknown"

/** Flags cell (docs/list.md#text-output): any truthy value counts and prints as `String` makes it (raw reads). */
export const formatFlags = (entry: unknown): string => {
  if (!isRecord(entry)) return ""
  const flags: Array<string> = []
  const add = (name: string, label: string) => {
    const v = rawEntryField(entry, name)
    if (v) flags.push(`${label}:${String(v)}`)
  }
  add("thinkingLevel", "think")
  add("verboseLevel", "verbose")
  add("traceLevel", "trace")
  add("reasoningLevel", "reasoning")
  add("elevatedLevel", "elev")
  add("responseUsage", "usage")
  add("groupActivation", "activation")
  if (rawEntryField(entry, "systemSent")) flags.push("system")
  if (rawEntryField(entry, "abortedLastRun")) flags.push("aborted")
  const sessionId = rawEntryField(entry, "sessionId")
  if (sessionId) flags.push(`id:${String(sessionId)}`)
  return flags.join(" ")
}

/** Joins padded cells with one space and trims the right end. */
export const tableRow = (cells: ReadonlyArray<string>): string => cells.join(" ").trimEnd()
