/**
 * The model a row is shown with (list §5.1), its runtime metadata (§5.2), runtime label (§5.3)
 * and context window (§5.4). Shared by the list and the cleanup action table.
 */
import { field, isRecord, type JsonObject } from "./json.js"
import { normalizeAgentId } from "./agentId.js"

export const DEFAULT_PROVIDER = "openai"
export const DEFAULT_MODEL = "gpt-5.5"
/** Context window when nothing is configured. */
export const DEFAULT_CONTEXT_TOKENS = 200000

export interface ModelRef {
  readonly provider: string
  readonly model: string
}

/** A trimmed non-empty string, else undefined (non-strings too). */
const trimmedString = (v: unknown): string | undefined => {
  if (typeof v !== "string") return undefined
  const t = v.trim()
  return t === "" ? undefined : t
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
  modelstudio: "qwen",
  qwencloud: "qwen",
  "z.ai": "zai",
  "z-ai": "zai",
  "opencode-zen": "opencode",
  "opencode-go-auth": "opencode-go",
  "anthropic-cli": "claude-cli",
  kimi: "kimi",
  "kimi-code": "kimi",
  "kimi-coding": "kimi",
  moonshotai: "moonshot",
  "moonshot-ai": "moonshot",
  bedrock: "amazon-bedrock",
  "aws-bedrock": "amazon-bedrock",
  bytedance: "volcengine",
  doubao: "volcengine"
}

/** Provider id normalisation used when comparing providers (trim, lowercase, aliases). */
export const normalizeProvider = (provider: string): string => {
  const lower = typeof provider === "string" ? provider.trim().toLowerCase() : ""
  return PROVIDER_ALIASES[lower] ?? lower
}

const BUILTIN_CLI_PROVIDERS = ["claude-cli", "codex-cli", "google-gemini-cli"]

const cliProviderCache = new WeakMap<JsonObject, ReadonlySet<string>>()

/** CLI providers: the fixed set plus `agents.defaults.cliBackends` keys (D13). */
export const cliProviders = (config: JsonObject): ReadonlySet<string> => {
  const cached = cliProviderCache.get(config)
  if (cached !== undefined) return cached
  const set = new Set(BUILTIN_CLI_PROVIDERS)
  const backends = field(field(config["agents"], "defaults"), "cliBackends")
  if (isRecord(backends)) for (const key of Object.keys(backends)) set.add(normalizeProvider(key))
  cliProviderCache.set(config, set)
  return set
}

export const isCliProvider = (config: JsonObject, provider: string): boolean =>
  cliProviders(config).has(normalizeProvider(provider))

/** `model` given as a string or `{ primary }`, trimmed; undefined when blank. */
const primaryOf = (value: unknown): string | undefined => {
  if (typeof value === "string") return trimmedString(value)
  if (!isRecord(value)) return undefined
  return trimmedString(value["primary"])
}

/** The raw second `:`-segment of a key starting `agent:`. */
const rawAgentSegment = (key: string): string | undefined => (key.startsWith("agent:") ? key.split(":")[1] : undefined)

/** `agents.defaults.model` primary, else gpt-5.5, as a ref (the display default of no agent). */
export const configDefaultModelRef = (config: JsonObject): ModelRef =>
  parseModelRef(primaryOf(field(field(config["agents"], "defaults"), "model")) ?? DEFAULT_MODEL, DEFAULT_PROVIDER)

/** The default model ref of a row: its agent's model, else `agents.defaults.model`, else gpt-5.5. */
export const defaultModelRef = (config: JsonObject, key: string): ModelRef => {
  const agents = config["agents"]
  const agent = rawAgentSegment(key)
  let primary: string | undefined
  if (agent) {
    const list = field(agents, "list")
    if (Array.isArray(list)) {
      const entry = list.find((a) => isRecord(a) && a["id"] === agent)
      primary = primaryOf(field(entry, "model"))
    }
  }
  primary ??= primaryOf(field(field(agents, "defaults"), "model"))
  return parseModelRef(primary ?? DEFAULT_MODEL, DEFAULT_PROVIDER)
}

/** Google preview model ids as the reference normalises them before comparing. */
const normalizeGooglePreview = (id: string): string => {
  if (id.startsWith("google/")) {
    const inner = id.slice(7)
    const normalized = normalizeGooglePreview(inner)
    return normalized === inner ? id : `google/${normalized}`
  }
  switch (id) {
    case "gemini-3-pro":
    case "gemini-3-pro-preview":
    case "gemini-3.1-pro":
      return "gemini-3.1-pro-preview"
    case "gemini-3-flash":
    case "gemini-3.1-flash":
    case "gemini-3.1-flash-preview":
      return "gemini-3-flash-preview"
    case "gemini-3.1-flash-lite":
      return "gemini-3.1-flash-lite-preview"
    default:
      return id
  }
}

const normalizeModelIdFor = (provider: string, model: string): string =>
  provider === "google" || provider === "google-gemini-cli" || provider === "google-vertex" ? normalizeGooglePreview(model) : model

/** A `models.providers.<p>.models[].id` as the reference compares it. */
const catalogModelId = (provider: string, model: string): string => {
  const id = normalizeModelIdFor(normalizeProvider(provider), model)
  if (id.startsWith("google/")) return id
  const slash = id.indexOf("/")
  if (slash <= 0 || slash >= id.length - 1) return id
  const suffix = id.slice(slash + 1)
  if (!suffix.startsWith("google/")) return id
  const normalized = normalizeGooglePreview(suffix)
  return normalized === suffix ? id : `${id.slice(0, slash + 1)}${normalized}`
}

/**
 * The one provider configured for a model id (in `agents.defaults.models` keys and
 * `models.providers`), or undefined when none or several are.
 */
const uniqueConfiguredProvider = (config: JsonObject, rawModel: string): string | undefined => {
  const model = rawModel.trim()
  if (model === "") return undefined
  const lower = model.toLowerCase()
  const found = new Set<string>()
  const add = (p: string) => {
    const n = normalizeProvider(p)
    if (n !== "") found.add(n)
  }
  const models = field(field(config["agents"], "defaults"), "models")
  if (isRecord(models)) {
    for (const rawKey of Object.keys(models)) {
      const key = rawKey.trim()
      if (key === "" || !key.includes("/") || key.endsWith("/*")) continue
      const slash = key.indexOf("/")
      const providerRaw = key.slice(0, slash).trim()
      const keyModel = key.slice(slash + 1).trim()
      if (providerRaw === "" || keyModel === "") continue
      const provider = normalizeProvider(providerRaw)
      const id = normalizeModelIdFor(provider, keyModel)
      if (id === model || id.toLowerCase() === lower) {
        add(provider)
        if (found.size > 1) return undefined
      }
    }
  }
  const providers = field(config["models"], "providers")
  if (isRecord(providers)) {
    for (const [name, provider] of Object.entries(providers)) {
      const list = field(provider, "models")
      if (!Array.isArray(list)) continue
      for (const m of list) {
        const id = trimmedString(field(m, "id"))
        if (id === undefined) continue
        const normalized = catalogModelId(name, id)
        if (normalized === model || normalized.toLowerCase() === lower) add(name)
      }
      if (found.size > 1) return undefined
    }
  }
  return found.size === 1 ? [...found][0] : undefined
}

/** CLI normalisation of list §5.1. */
const normalizeCliRef = (config: JsonObject, ref: ModelRef, fallback: ModelRef): ModelRef => {
  if (!isCliProvider(config, ref.provider)) return ref
  if (ref.model.includes("/")) {
    const parsed = parseModelRef(ref.model, fallback.provider)
    if (!isCliProvider(config, parsed.provider)) return parsed
  }
  const inferred = uniqueConfiguredProvider(config, ref.model)
  if (inferred !== undefined && !isCliProvider(config, inferred)) return { provider: inferred, model: ref.model }
  const parsed = parseModelRef(ref.model, fallback.provider)
  if (!isCliProvider(config, parsed.provider)) return parsed
  return { provider: fallback.provider || ref.provider, model: parsed.model || ref.model }
}

/**
 * The entry's `model` / `modelProvider` after the reference's load normalisation: trimmed; a
 * blank or non-string `model` drops both.
 */
export const normalizedModelFields = (entry: unknown): { model?: string; modelProvider?: string } => {
  const model = trimmedString(field(entry, "model"))
  if (model === undefined) return {}
  const modelProvider = trimmedString(field(entry, "modelProvider"))
  return modelProvider === undefined ? { model } : { model, modelProvider }
}

/** The display model ref of a row (list §5.1). */
export const displayModelRef = (config: JsonObject, key: string, entry: unknown): ModelRef => {
  const fallback = defaultModelRef(config, key)
  const rawProviderOverride = field(entry, "providerOverride")
  const rawModelOverride = field(entry, "modelOverride")
  const providerOverride = typeof rawProviderOverride === "string" ? rawProviderOverride.trim() : undefined
  let modelOverride = typeof rawModelOverride === "string" ? rawModelOverride.trim() : undefined
  if (providerOverride && modelOverride) {
    if (modelOverride.toLowerCase().startsWith(`${providerOverride.toLowerCase()}/`)) {
      modelOverride = modelOverride.slice(providerOverride.length + 1).trim() || modelOverride
    }
  }
  if (modelOverride) return parseModelRef(modelOverride, providerOverride ?? fallback.provider)
  const { model, modelProvider } = normalizedModelFields(entry)
  if (model !== undefined) {
    return normalizeCliRef(config, parseModelRef(model, modelProvider ?? fallback.provider), fallback)
  }
  return fallback
}

// ---------------------------------------------------------------------------------------------
// Runtime metadata (list §5.2)

export interface AgentRuntime {
  readonly id: string
  readonly source: string
}

const runtimeIdOf = (policy: unknown): string | undefined => trimmedString(field(policy, "id"))

/** A model id as the policy lookup compares it: `<p>/<m>` only when `<p>` is the ref's provider. */
const policyModelId = (provider: string, modelId: string): string | undefined => {
  const trimmed = modelId.trim()
  if (trimmed === "") return undefined
  const slash = trimmed.indexOf("/")
  if (slash <= 0) return trimmed
  const expected = normalizeProvider(provider)
  if (expected !== "" && normalizeProvider(trimmed.slice(0, slash)) !== expected) return undefined
  return trimmed.slice(slash + 1).trim() || undefined
}

const modelIdMatches = (entryIdRaw: string, provider: string, modelId: string): boolean => {
  const entryId = entryIdRaw.trim()
  if (entryId === modelId) return true
  const slash = entryId.indexOf("/")
  if (slash <= 0) return false
  return normalizeProvider(entryId.slice(0, slash)) === normalizeProvider(provider) && entryId.slice(slash + 1).trim() === modelId
}

const providerConfig = (config: JsonObject, provider: string): unknown => {
  const providers = field(config["models"], "providers")
  if (!isRecord(providers) || provider.trim() === "") return undefined
  const direct = providers[provider]
  if (direct) return direct
  const wanted = normalizeProvider(provider)
  for (const [name, value] of Object.entries(providers)) if (normalizeProvider(name) === wanted) return value
  return undefined
}

const isOfficialOpenAiBaseUrl = (baseUrl: unknown): boolean => {
  if (typeof baseUrl !== "string" || baseUrl.trim() === "") return true
  try {
    const url = new URL(baseUrl.trim())
    return (
      url.protocol === "https:" &&
      url.hostname.toLowerCase() === "api.openai.com" &&
      (url.pathname === "" || url.pathname === "/" || url.pathname === "/v1" || url.pathname === "/v1/")
    )
  } catch {
    return false
  }
}

/** `agentRuntime` of a row from its display ref and agent (list §5.2). */
export const agentRuntimeOf = (config: JsonObject, agentId: string, ref: ModelRef): AgentRuntime => {
  let policyId: string | undefined
  let source: string | undefined
  const modelId = policyModelId(ref.provider, ref.model)
  if (modelId !== undefined) {
    const sessionAgent = normalizeAgentId(agentId.toLowerCase())
    const list = field(config["agents"], "list")
    const agentEntry = Array.isArray(list)
      ? list.find((e) => isRecord(e) && normalizeAgentId(typeof e["id"] === "string" ? e["id"] : "") === sessionAgent)
      : undefined
    for (const models of [field(agentEntry, "models"), field(field(config["agents"], "defaults"), "models")]) {
      if (!isRecord(models)) continue
      for (const [key, entry] of Object.entries(models)) {
        if (modelIdMatches(key, ref.provider, modelId) && runtimeIdOf(field(entry, "agentRuntime")) !== undefined) {
          policyId = runtimeIdOf(field(entry, "agentRuntime"))
          source = "model"
          break
        }
      }
      if (source !== undefined) break
    }
  }
  if (source === undefined) {
    const pc = providerConfig(config, ref.provider)
    const list = field(pc, "models")
    const modelEntry =
      modelId !== undefined && Array.isArray(list)
        ? list.find((m) => typeof field(m, "id") === "string" && modelIdMatches(field(m, "id") as string, ref.provider, modelId))
        : undefined
    const modelPolicy = runtimeIdOf(field(modelEntry, "agentRuntime"))
    const providerPolicy = runtimeIdOf(field(pc, "agentRuntime"))
    if (modelPolicy !== undefined) {
      policyId = modelPolicy
      source = "model"
    } else if (providerPolicy !== undefined) {
      policyId = providerPolicy
      source = "provider"
    }
  }
  let id = policyId !== undefined && policyId !== "default" ? (policyId === "codex-app-server" ? "codex" : policyId) : "auto"
  const provider = normalizeProvider(ref.provider)
  const openAiDefault =
    provider === "openai" && isOfficialOpenAiBaseUrl(field(field(field(config["models"], "providers"), "openai"), "baseUrl"))
  if ((openAiDefault || provider === "openai-codex") && id === "auto") id = "codex"
  return { id, source: source ?? "implicit" }
}

// ---------------------------------------------------------------------------------------------
// Runtime label (list §5.3)

const RUNTIME_LABELS: Readonly<Record<string, string>> = {
  pi: "OpenClaw Pi Default",
  codex: "OpenAI Codex",
  "codex-cli": "OpenAI Codex",
  "claude-cli": "Claude CLI",
  "google-gemini-cli": "Gemini CLI"
}

const ANSI_OSC = /\x1b\][^\x07\x1b]*(?:\x1b\\|\x07)/g
const ANSI_CSI = /\x1b\[[\x20-\x3f]*[\x40-\x7e]/g

/** Single-line terminal-safe text: ANSI removed, CR/LF/TAB escaped, control characters dropped. */
export const sanitizeTerminalText = (input: string): string => {
  const normalized = input.replace(ANSI_OSC, "").replace(ANSI_CSI, "").replace(/\r/g, "\\r").replace(/\n/g, "\\n").replace(/\t/g, "\\t")
  let out = ""
  for (const ch of normalized) {
    const code = ch.charCodeAt(0)
    if (!((code >= 0 && code <= 31) || (code >= 127 && code <= 159))) out += ch
  }
  return out
}

/** The Runtime column of a row (list §5.3). `entry` is the raw store value. */
export const runtimeLabelOf = (config: JsonObject, entry: unknown, runtime: AgentRuntime, ref: ModelRef): string => {
  const acp = field(entry, "acp")
  const acpAgentRaw = trimmedString(field(acp, "agent"))
  const acpAgent = acpAgentRaw === undefined ? undefined : sanitizeTerminalText(acpAgentRaw)
  if (acpAgent) {
    const backendRaw = trimmedString(field(acp, "backend"))
    const backend = backendRaw === undefined ? undefined : sanitizeTerminalText(backendRaw)
    return backend ? `${acpAgent} (acp/${backend})` : `${acpAgent} (acp)`
  }
  const id = trimmedString(runtime.id)?.toLowerCase()
  if (id !== undefined && id !== "pi" && id !== "auto" && id !== "default") return RUNTIME_LABELS[id] ?? sanitizeTerminalText(id)
  const providerRaw =
    normalizedModelFields(entry).modelProvider ?? trimmedString(field(entry, "providerOverride")) ?? trimmedString(ref.provider)
  const provider = providerRaw === undefined ? undefined : sanitizeTerminalText(providerRaw)
  if (provider && isCliProvider(config, provider)) return RUNTIME_LABELS[providerRaw!.toLowerCase()] ?? `${provider} (cli)`
  return RUNTIME_LABELS["pi"]!
}

// ---------------------------------------------------------------------------------------------
// Context window (list §5.4)

/**
 * Configured context windows by exact model id: every `models.providers.*.models[]` entry, in
 * file order, the last one winning; its `contextTokens`, else `contextWindow`, else the
 * provider's; only positive numbers count.
 */
export const configuredContextWindows = (config: JsonObject): ReadonlyMap<string, number> => {
  const windows = new Map<string, number>()
  const providers = field(config["models"], "providers")
  if (!isRecord(providers)) return windows
  for (const provider of Object.values(providers)) {
    const list = field(provider, "models")
    if (!Array.isArray(list)) continue
    for (const m of list) {
      const id = field(m, "id")
      const pick = [field(m, "contextTokens"), field(m, "contextWindow"), field(provider, "contextTokens"), field(provider, "contextWindow")]
      const value = pick.find((v) => typeof v === "number") as number | undefined
      if (typeof id !== "string" || id === "" || !value || value <= 0) continue
      windows.set(id, value)
    }
  }
  return windows
}

/** Context-window resolution for one config: entry value, then config, then 200000 (list §5.4). */
export interface ContextWindowResolver {
  /** `contextTokens` of a row (raw entry value when present; may be any JSON value). */
  readonly of: (entryContextTokens: unknown, displayModel: string) => unknown
}

export const contextWindowResolver = (config: JsonObject): ContextWindowResolver => {
  const windows = configuredContextWindows(config)
  const configured = field(field(config["agents"], "defaults"), "contextTokens")
  const lookup = (model: string): number | undefined => (model ? windows.get(model) : undefined)
  const fallback = configured ?? lookup(configDefaultModelRef(config).model) ?? DEFAULT_CONTEXT_TOKENS
  return {
    of: (entryContextTokens, displayModel) => entryContextTokens ?? configured ?? lookup(displayModel) ?? fallback
  }
}
