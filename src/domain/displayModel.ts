/**
 * The model a row is shown with (list §5.1), shared by the list and the cleanup action table.
 */
import { field, isRecord, type JsonObject } from "./json.js"

export const DEFAULT_PROVIDER = "openai"
export const DEFAULT_MODEL = "gpt-5.5"

export interface ModelRef {
  readonly provider: string
  readonly model: string
}

/** `parse(raw, fallbackProvider)` of list §5.1. */
export const parseModelRef = (raw: string, fallbackProvider: string): ModelRef => {
  const text = raw.trim()
  if (text === "") return { provider: fallbackProvider, model: DEFAULT_MODEL }
  const slash = text.indexOf("/")
  if (slash <= 0 || slash === text.length - 1) return { provider: fallbackProvider, model: text }
  const provider = text.slice(0, slash).trim()
  const model = text.slice(slash + 1).trim()
  return { provider: provider === "" ? fallbackProvider : provider, model: model === "" ? DEFAULT_MODEL : model }
}

const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  bedrock: "amazon-bedrock",
  "aws-bedrock": "amazon-bedrock",
  "z.ai": "zai",
  "z-ai": "zai",
  "anthropic-cli": "claude-cli"
}

/** Provider id normalisation used when comparing providers. */
export const normalizeProvider = (provider: string): string => {
  const lower = provider.trim().toLowerCase()
  return PROVIDER_ALIASES[lower] ?? lower
}

const BUILTIN_CLI_PROVIDERS = ["claude-cli", "codex-cli", "google-gemini-cli"]

/** CLI providers: the fixed set plus `agents.defaults.cliBackends` keys (D13). */
export const cliProviders = (config: JsonObject): ReadonlySet<string> => {
  const set = new Set(BUILTIN_CLI_PROVIDERS)
  const backends = field(field(config["agents"], "defaults"), "cliBackends")
  if (isRecord(backends)) for (const key of Object.keys(backends)) set.add(normalizeProvider(key))
  return set
}

export const isCliProvider = (config: JsonObject, provider: string): boolean =>
  cliProviders(config).has(normalizeProvider(provider))

const primaryOf = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  const primary = field(value, "primary")
  return typeof primary === "string" ? primary : undefined
}

/** The raw second `:`-segment of a key starting `agent:`. */
const rawAgentSegment = (key: string): string | undefined => (key.startsWith("agent:") ? key.split(":")[1] : undefined)

/** The default model ref of a row: its agent's model, else `agents.defaults.model`, else gpt-5.5. */
export const defaultModelRef = (config: JsonObject, key: string): ModelRef => {
  const agents = config["agents"]
  const agent = rawAgentSegment(key)
  let primary: string | undefined
  if (agent !== undefined) {
    const list = field(agents, "list")
    if (Array.isArray(list)) {
      const entry = list.find((a) => isRecord(a) && a["id"] === agent)
      primary = primaryOf(field(entry, "model"))
    }
  }
  primary ??= primaryOf(field(field(agents, "defaults"), "model"))
  return parseModelRef(primary ?? DEFAULT_MODEL, DEFAULT_PROVIDER)
}

const stringOrUndefined = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined)

/** Providers configured for a model id (in `agents.defaults.models` keys and `models.providers`). */
const providersForModel = (config: JsonObject, model: string): ReadonlySet<string> => {
  const found = new Set<string>()
  const lower = model.toLowerCase()
  const matches = (m: string) => m === model || m.toLowerCase() === lower
  const models = field(field(config["agents"], "defaults"), "models")
  if (isRecord(models)) {
    for (const key of Object.keys(models)) {
      if (key.endsWith("/*")) continue
      const slash = key.indexOf("/")
      if (slash <= 0) continue
      if (matches(key.slice(slash + 1))) found.add(normalizeProvider(key.slice(0, slash)))
    }
  }
  const providers = field(config["models"], "providers")
  if (isRecord(providers)) {
    for (const [name, provider] of Object.entries(providers)) {
      const list = field(provider, "models")
      if (!Array.isArray(list)) continue
      if (list.some((m) => typeof field(m, "id") === "string" && matches(field(m, "id") as string))) {
        found.add(normalizeProvider(name))
      }
    }
  }
  return found
}

/** CLI normalisation of list §5.1. */
const normalizeCliRef = (config: JsonObject, ref: ModelRef, fallback: ModelRef): ModelRef => {
  if (!isCliProvider(config, ref.provider)) return ref
  if (ref.model.includes("/")) {
    const parsed = parseModelRef(ref.model, fallback.provider)
    if (!isCliProvider(config, parsed.provider)) return parsed
  }
  const inferred = [...providersForModel(config, ref.model)].filter((p) => !isCliProvider(config, p))
  if (inferred.length === 1) return { provider: inferred[0]!, model: ref.model }
  const parsed = parseModelRef(ref.model, fallback.provider)
  if (!isCliProvider(config, parsed.provider)) return parsed
  return { provider: fallback.provider, model: ref.model }
}

/** The display model ref of a row (list §5.1). */
export const displayModelRef = (config: JsonObject, key: string, entry: unknown): ModelRef => {
  const fallback = defaultModelRef(config, key)
  const override = stringOrUndefined(field(entry, "modelOverride"))
  const providerOverride = stringOrUndefined(field(entry, "providerOverride"))
  if (override !== undefined) {
    let text = override
    if (providerOverride !== undefined && text.toLowerCase().startsWith(providerOverride.toLowerCase() + "/")) {
      text = text.slice(providerOverride.length + 1)
    }
    return parseModelRef(text, providerOverride ?? fallback.provider)
  }
  const model = stringOrUndefined(field(entry, "model"))
  if (model !== undefined) {
    const provider = stringOrUndefined(field(entry, "modelProvider")) ?? fallback.provider
    return normalizeCliRef(config, parseModelRef(model, provider), fallback)
  }
  return fallback
}
