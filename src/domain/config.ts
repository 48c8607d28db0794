/**
 * The parts of OpenClaw's config (`openclaw.json`, JSON5) that the session commands read, as
 * plain functions over the parsed value. Validation covers only these keys (D4).
 */
import { DEFAULT_AGENT_ID, normalizeAgentId } from "./agentId.js"
import { isRecord, type JsonObject } from "./json.js"
import { DAY_MS, parseByteSize, parseDurationMs } from "./units.js"

export type DmScope = "main" | "per-peer" | "per-channel-peer" | "per-account-channel-peer"
export const DM_SCOPES: ReadonlyArray<DmScope> = ["main", "per-peer", "per-channel-peer", "per-account-channel-peer"]

export type MaintenanceMode = "enforce" | "warn"

/** Resolved `session.maintenance` (cleanup §2). */
export interface MaintenanceSettings {
  readonly mode: MaintenanceMode
  readonly pruneAfterMs: number
  readonly maxEntries: number
  /** `false` = never sweep `.reset` archives. */
  readonly resetArchiveRetentionMs: number | false
  readonly maxDiskBytes: number | undefined
  readonly highWaterBytes: number | undefined
}

export const DEFAULT_PRUNE_AFTER_MS = 30 * DAY_MS
export const DEFAULT_MAX_ENTRIES = 500

const obj = (value: unknown): JsonObject | undefined => (isRecord(value) ? value : undefined)

export const sessionSection = (config: JsonObject): JsonObject | undefined => obj(config["session"])
export const maintenanceSection = (config: JsonObject): JsonObject | undefined =>
  obj(sessionSection(config)?.["maintenance"])

/** `agents.list` entries that are objects. */
export const agentList = (config: JsonObject): ReadonlyArray<JsonObject> => {
  const list = obj(config["agents"])?.["list"]
  return Array.isArray(list) ? list.filter(isRecord) : []
}

/** Configured agent ids, normalised and de-duplicated; `["main"]` when none. */
export const configuredAgentIds = (config: JsonObject): ReadonlyArray<string> => {
  const ids: Array<string> = []
  for (const agent of agentList(config)) {
    const id = normalizeAgentId(typeof agent["id"] === "string" ? agent["id"] : "")
    if (!ids.includes(id)) ids.push(id)
  }
  return ids.length === 0 ? [DEFAULT_AGENT_ID] : ids
}

/** First `default: true` agent, else the first agent, else `main`. */
export const defaultAgentId = (config: JsonObject): string => {
  const list = agentList(config)
  const chosen = list.find((a) => a["default"] === true) ?? list[0]
  return normalizeAgentId(chosen && typeof chosen["id"] === "string" ? chosen["id"] : "")
}

/** `session.store` template, if a non-empty string. */
export const sessionStoreTemplate = (config: JsonObject): string | undefined => {
  const value = sessionSection(config)?.["store"]
  return typeof value === "string" && value.trim() !== "" ? value : undefined
}

export const dmScopeOf = (config: JsonObject): DmScope => {
  const value = sessionSection(config)?.["dmScope"]
  return typeof value === "string" && (DM_SCOPES as ReadonlyArray<string>).includes(value) ? (value as DmScope) : "main"
}

/**
 * A config value as the reference's parsers see it: strings trimmed, numbers and booleans
 * stringified (`7` → `"7"`, `1e21` → `"1e+21"`); blank or anything else → undefined.
 */
const stringified = (value: unknown): string | undefined => {
  const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined
  const trimmed = text?.trim()
  return trimmed === undefined || trimmed === "" ? undefined : trimmed
}

/** A duration setting (bare number = days); undefined when unset or unparseable. */
const durationSetting = (value: unknown): number | undefined => {
  const text = stringified(value)
  return text === undefined ? undefined : parseDurationMs(text, "d")
}

/** A byte-size setting (bare number = bytes); undefined when unset or unparseable. */
const byteSetting = (value: unknown): number | undefined => {
  const text = stringified(value)
  return text === undefined ? undefined : parseByteSize(text)
}

/** The default high-water mark for a disk budget: 80 % of it, at least 1 byte (0 for a 0 budget). */
export const defaultHighWaterBytes = (maxDiskBytes: number): number =>
  maxDiskBytes <= 0 ? 0 : Math.max(1, Math.min(maxDiskBytes, Math.floor(maxDiskBytes * 0.8)))

/**
 * Resolves `session.maintenance` with the reference's defaults (cleanup §2). Invalid values
 * never get here (config validation rejects them); should one slip through, the default is used,
 * as the reference does.
 */
export const maintenanceSettings = (config: JsonObject): MaintenanceSettings => {
  const m = maintenanceSection(config) ?? {}
  const mode: MaintenanceMode = m["mode"] === "warn" ? "warn" : "enforce"
  // `pruneAfter` wins over the deprecated `pruneDays` (a whole number of days).
  const pruneAfterMs = durationSetting(m["pruneAfter"] ?? m["pruneDays"]) ?? DEFAULT_PRUNE_AFTER_MS
  const maxEntries = typeof m["maxEntries"] === "number" ? m["maxEntries"] : DEFAULT_MAX_ENTRIES
  const resetArchiveRetentionMs: number | false =
    m["resetArchiveRetention"] === false ? false : (durationSetting(m["resetArchiveRetention"]) ?? pruneAfterMs)
  const maxDiskBytes = byteSetting(m["maxDiskBytes"])
  let highWaterBytes: number | undefined
  if (maxDiskBytes !== undefined) {
    const configured = byteSetting(m["highWaterBytes"])
    highWaterBytes = configured === undefined ? defaultHighWaterBytes(maxDiskBytes) : Math.min(configured, maxDiskBytes)
  }
  return { mode, pruneAfterMs, maxEntries, resetArchiveRetentionMs, maxDiskBytes, highWaterBytes }
}
