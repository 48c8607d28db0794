/** Duration and byte-size parsing as OpenClaw's config does it (docs/config.md#sessionmaintenance-sessions-cleanup). */

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const SINGLE_DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/
const COMPOSITE_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y

export const DAY_MS = 86_400_000

/**
 * Parses a duration: a number with an optional unit (a missing unit means `defaultUnit`),
 * or a composite of parts that each carry a unit (`1h30m`). Undefined when invalid.
 */
export const parseDurationMs = (input: string, defaultUnit: "d" | "ms" = "d"): number | undefined => {
  const text = input.trim().toLowerCase()
  if (text === "") return undefined
  const single = SINGLE_DURATION.exec(text)
  if (single) {
    const value = Number(single[1])
    const unit = single[2] ?? defaultUnit
    const ms = Math.round(value * DURATION_UNITS[unit]!)
    return Number.isFinite(ms) ? ms : undefined
  }
  let total = 0
  COMPOSITE_PART.lastIndex = 0
  let at = 0
  while (at < text.length) {
    COMPOSITE_PART.lastIndex = at
    const m = COMPOSITE_PART.exec(text)
    if (!m || m.index !== at) return undefined
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!
    at = COMPOSITE_PART.lastIndex
  }
  const ms = Math.round(total)
  return Number.isFinite(ms) ? ms : undefined
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4
}
const BYTE_SIZE = /^(\d+(?:\.\d+)?)([a-z]+)?$/

/** Parses a byte size (`1.5kb`, `10mb`, a bare number = bytes). Undefined when invalid. */
export const parseByteSize = (input: string): number | undefined => {
  const text = input.trim().toLowerCase()
  const m = BYTE_SIZE.exec(text)
  if (!m) return undefined
  const mult = BYTE_UNITS[m[2] ?? "b"]
  if (mult === undefined) return undefined
  const bytes = Math.round(Number(m[1]) * mult)
  return Number.isFinite(bytes) ? bytes : undefined
}
