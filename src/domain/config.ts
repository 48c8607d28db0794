/**
 * OpenClaw's config (`openclaw.json`, JSON5) as the typed value the session commands read:
 * `decodeSettings` turns the parsed, validated value into `OpenClawSettings` once, and every
 * command reads that. Validation covers only these keys (D4, `configValidation.ts`).
 *
 * Decoding is total and lenient: a key of the wrong type reads as unset (its default), exactly
 * as the reference does when it reads a config that skipped validation (`OpenClawConfig.make`).
 * Each field below says how its raw value is read.
 */
import { DEFAULT_AGENT_ID, normalizeAgentId } from "./agentId.js"
import { isRecord, type JsonObject } from "./json.js"
import { DAY_MS, parseByteSize, parseDurationMs } from "./units.js"

export type DmScope = "main" | "per-peer" | "per-channel-peer" | "per-account-channel-peer"
export const DM_SCOPES: ReadonlyArray<DmScope> = ["main", "per-peer", "per-channel-peer", "per-account-channel-peer"]

export type MaintenanceMode = "enforce" | "warn"

/** Resolved `session.maintenance` (docs/config.md#sessionmaintenance-sessions-cleanup). */
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

/** One `<model key> → { agentRuntime }` entry of an agent's (or the defaults') `models` record. */
export interface ModelPolicy {
  /** The record's key as written (e.g. `openai/gpt-5.5`). */
  readonly key: string
  /** `agentRuntime.id`, trimmed; undefined when blank or not a string. */
  readonly agentRuntime: string | undefined
}

/** One object of `agents.list`. */
export interface AgentSettings {
  /** `id` as written when a string (the model lookup compares it unnormalised). */
  readonly rawId: string | undefined
  /** `id` normalised (`main` when missing or not a string). */
  readonly id: string
  /** `default === true`. */
  readonly isDefault: boolean
  /** `model` (a string or `{ primary }`), trimmed; undefined when blank or of another type. */
  readonly model: string | undefined
  /** `models`, in key order; empty when not an object. */
  readonly models: ReadonlyArray<ModelPolicy>
}

/** `agents.defaults`. */
export interface AgentDefaults {
  /** `model` (a string or `{ primary }`), trimmed; undefined when blank or of another type. */
  readonly model: string | undefined
  /** `models`, in key order; empty when not an object. */
  readonly models: ReadonlyArray<ModelPolicy>
  /**
   * `contextTokens` as configured (validation admits positive integers only). Kept as the raw
   * value: the list shows whatever a config that skipped validation holds, as the reference does.
   */
  readonly contextTokens: unknown
  /** The keys of `cliBackends`; empty when not an object. */
  readonly cliBackends: ReadonlyArray<string>
}

export interface AgentsSettings {
  /** Configured agent ids, normalised and de-duplicated; `["main"]` when none. */
  readonly ids: ReadonlyArray<string>
  /** The first `default: true` agent, else the first agent, else `main`. */
  readonly defaultId: string
  /** The objects of `agents.list`, in order (other items are skipped). */
  readonly list: ReadonlyArray<AgentSettings>
  readonly defaults: AgentDefaults
}

export interface SessionSettings {
  /** `store` template, when a non-blank string. */
  readonly store: string | undefined
  /** `dmScope`; `main` when unset or not one of the scopes. */
  readonly dmScope: DmScope
  readonly maintenance: MaintenanceSettings
}

/** One `models.providers.<name>.models[]` object with a string `id` (other items never match). */
export interface ProviderModel {
  readonly id: string
  /** `contextTokens` / `contextWindow` when numbers (any number; callers check the range). */
  readonly contextTokens: number | undefined
  readonly contextWindow: number | undefined
  /** `agentRuntime.id`, trimmed; undefined when blank or not a string. */
  readonly agentRuntime: string | undefined
}

/** One `models.providers` entry, in key order. */
export interface ProviderSettings {
  readonly name: string
  /**
   * False when the raw value is falsy (`null`, `0`, `""`, `false`): the display model's lookup
   * by exact name passes over such an entry (it only counts in the lookup by normalised name).
   * Any other non-object value reads as a provider with nothing configured.
   */
  readonly present: boolean
  /** `baseUrl` when a string. */
  readonly baseUrl: string | undefined
  readonly contextTokens: number | undefined
  readonly contextWindow: number | undefined
  /** `agentRuntime.id`, trimmed; undefined when blank or not a string. */
  readonly agentRuntime: string | undefined
  /** `models`; empty when not an array. */
  readonly models: ReadonlyArray<ProviderModel>
}

export interface LoggingSettings {
  /** `redactSensitive` when a string (`"off"` turns secret masking off). */
  readonly redactSensitive: string | undefined
}

/**
 * `gateway.*`: where the reference's CLI looks for a running Gateway (`src/store/gateway.ts`).
 * Read as the reference's CLI reads them, without validation of their own.
 */
export interface GatewaySettings {
  /** `mode === "remote"`. */
  readonly remote: boolean
  /** `remote.url`, trimmed; undefined when blank or not a string. */
  readonly remoteUrl: string | undefined
  /** `port` when a finite number above 0. */
  readonly port: number | undefined
  /** `tls.enabled === true`. */
  readonly tls: boolean
  /** `bind` when a string (the reference's default is `loopback`). */
  readonly bind: string | undefined
  /** `customBindHost`, trimmed; undefined when blank or not a string. */
  readonly customBindHost: string | undefined
}

/** The parts of the config the session commands read, decoded once. */
export interface OpenClawSettings {
  readonly agents: AgentsSettings
  readonly session: SessionSettings
  readonly models: { readonly providers: ReadonlyArray<ProviderSettings> }
  readonly logging: LoggingSettings
  readonly gateway: GatewaySettings
}

const EMPTY: JsonObject = {}

/** The object at `value`, or `{}` when it is not one. */
const objectOr = (value: unknown): JsonObject => (isRecord(value) ? value : EMPTY)

const stringOr = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)

const numberOr = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined)

/** A trimmed non-empty string, else undefined (non-strings too). */
const trimmedString = (value: unknown): string | undefined => {
  if (typeof value !== "string") return undefined
  const t = value.trim()
  return t === "" ? undefined : t
}

/** A model given as a string or `{ primary }`, trimmed; undefined when blank. */
const primaryModel = (value: unknown): string | undefined =>
  typeof value === "string" ? trimmedString(value) : isRecord(value) ? trimmedString(value["primary"]) : undefined

/** `agentRuntime.id` of an object, trimmed. */
const agentRuntimeId = (owner: unknown): string | undefined => trimmedString(objectOr(objectOr(owner)["agentRuntime"])["id"])

const modelPolicies = (value: unknown): ReadonlyArray<ModelPolicy> =>
  isRecord(value) ? Object.entries(value).map(([key, entry]) => ({ key, agentRuntime: agentRuntimeId(entry) })) : []

const decodeAgent = (agent: JsonObject): AgentSettings => {
  const rawId = stringOr(agent["id"])
  return {
    rawId,
    id: normalizeAgentId(rawId ?? ""),
    isDefault: agent["default"] === true,
    model: primaryModel(agent["model"]),
    models: modelPolicies(agent["models"])
  }
}

const decodeAgents = (raw: unknown): AgentsSettings => {
  const agents = objectOr(raw)
  const rawList = agents["list"]
  const list = Array.isArray(rawList) ? rawList.filter(isRecord).map(decodeAgent) : []
  const ids: Array<string> = []
  for (const agent of list) if (!ids.includes(agent.id)) ids.push(agent.id)
  const chosen = list.find((a) => a.isDefault) ?? list[0]
  const defaults = objectOr(agents["defaults"])
  const backends = defaults["cliBackends"]
  return {
    ids: ids.length === 0 ? [DEFAULT_AGENT_ID] : ids,
    defaultId: chosen?.id ?? DEFAULT_AGENT_ID,
    list,
    defaults: {
      model: primaryModel(defaults["model"]),
      models: modelPolicies(defaults["models"]),
      contextTokens: defaults["contextTokens"],
      cliBackends: isRecord(backends) ? Object.keys(backends) : []
    }
  }
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
 * Resolves `session.maintenance` with the reference's defaults (docs/config.md#sessionmaintenance-sessions-cleanup). Invalid values
 * never get here (config validation rejects them); should one slip through, the default is used,
 * as the reference does.
 */
const decodeMaintenance = (raw: unknown): MaintenanceSettings => {
  const m = objectOr(raw)
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

const decodeSession = (raw: unknown): SessionSettings => {
  const session = objectOr(raw)
  const store = session["store"]
  const dmScope = session["dmScope"]
  return {
    store: typeof store === "string" && store.trim() !== "" ? store : undefined,
    dmScope: typeof dmScope === "string" && (DM_SCOPES as ReadonlyArray<string>).includes(dmScope) ? (dmScope as DmScope) : "main",
    maintenance: decodeMaintenance(session["maintenance"])
  }
}

const decodeProviderModel = (model: JsonObject, id: string): ProviderModel => ({
  id,
  contextTokens: numberOr(model["contextTokens"]),
  contextWindow: numberOr(model["contextWindow"]),
  agentRuntime: agentRuntimeId(model)
})

const decodeProvider = (name: string, raw: unknown): ProviderSettings => {
  const provider = objectOr(raw)
  const list = provider["models"]
  const models: Array<ProviderModel> = []
  if (Array.isArray(list)) {
    for (const m of list) if (isRecord(m) && typeof m["id"] === "string") models.push(decodeProviderModel(m, m["id"]))
  }
  return {
    name,
    present: Boolean(raw),
    baseUrl: stringOr(provider["baseUrl"]),
    contextTokens: numberOr(provider["contextTokens"]),
    contextWindow: numberOr(provider["contextWindow"]),
    agentRuntime: agentRuntimeId(provider),
    models
  }
}

const decodeGateway = (raw: unknown): GatewaySettings => {
  const gateway = objectOr(raw)
  const port = gateway["port"]
  return {
    remote: gateway["mode"] === "remote",
    remoteUrl: trimmedString(objectOr(gateway["remote"])["url"]),
    port: typeof port === "number" && Number.isFinite(port) && port > 0 ? port : undefined,
    tls: objectOr(gateway["tls"])["enabled"] === true,
    bind: stringOr(gateway["bind"]),
    customBindHost: trimmedString(gateway["customBindHost"])
  }
}

/** Decodes the parsed config (lenient and total: see the module comment). */
export const decodeSettings = (config: JsonObject): OpenClawSettings => {
  const providers = objectOr(config["models"])["providers"]
  return {
    agents: decodeAgents(config["agents"]),
    session: decodeSession(config["session"]),
    models: { providers: isRecord(providers) ? Object.entries(providers).map(([name, p]) => decodeProvider(name, p)) : [] },
    logging: { redactSensitive: stringOr(objectOr(config["logging"])["redactSensitive"]) },
    gateway: decodeGateway(config["gateway"])
  }
}

/** The settings of an empty config (no file): every default. */
export const DEFAULT_SETTINGS: OpenClawSettings = decodeSettings({})
