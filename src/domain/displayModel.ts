/**
 * The model a row is shown with, its runtime metadata, runtime label and context window
 * (docs/list.md#model-runtime-and-context-window). Shared by the list and the cleanup action table.
 */
import { acpOf, viewField } from "./entry.js"
import { normalizeAgentId } from "./agentId.js"
import type { ModelPolicy, OpenClawSettings, ProviderSettings } from "./config.js"

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

/** `parse(raw, fallbackProvider)` of docs/list.md#model-runtime-and-context-window. */
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

const cliProviderCache = new WeakMap<OpenClawSettings, ReadonlySet<string>>()

/** CLI providers: the fixed set plus `agents.defaults.cliBackends` keys (D13). */
export const cliProviders = (config: OpenClawSettings): ReadonlySet<string> => {
  const cached = cliProviderCache.get(config)
  if (cached !== undefined) return cached
  const set = new Set(BUILTIN_CLI_PROVIDERS)
  for (const key of config.agents.defaults.cliBackends) set.add(normalizeProvider(key))
  cliProviderCache.set(config, set)
  return set
}

export const isCliProvider = (config: OpenClawSettings, provider: string): boolean =>
  cliProviders(config).has(normalizeProvider(provider))

/** The raw second `:`-segment of a key starting `agent:`. */
const rawAgentSegment = (key: string): string | undefined => (key.startsWith("agent:") ? key.split(":")[1] : undefined)

/** `agents.defaults.model` primary, else gpt-5.5, as a ref (the display default of no agent). */
export const configDefaultModelRef = (config: OpenClawSettings): ModelRef =>
  parseModelRef(config.agents.defaults.model ?? DEFAULT_MODEL, DEFAULT_PROVIDER)

/** The default model ref of a row: its agent's model, else `agents.defaults.model`, else gpt-5.5. */
export const defaultModelRef = (config: OpenClawSettings, key: string): ModelRef => {
  const agent = rawAgentSegment(key)
  // the first agent whose id, as written, is the key's segment (not normalised)
  const primary = agent ? config.agents.list.find((a) => a.rawId === agent)?.model : undefined
  return parseModelRef(primary ?? config.agents.defaults.model ?? DEFAULT_MODEL, DEFAULT_PROVIDER)
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
const uniqueConfiguredProvider = (config: OpenClawSettings, rawModel: string): string | undefined => {
  const model = rawModel.trim()
  if (model === "") return undefined
  const lower = model.toLowerCase()
  const found = new Set<string>()
  const add = (p: string) => {
    const n = normalizeProvider(p)
    if (n !== "") found.add(n)
  }
  for (const { key: rawKey } of config.agents.defaults.models) {
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
  for (const provider of config.models.providers) {
    for (const m of provider.models) {
      const id = trimmedString(m.id)
      if (id === undefined) continue
      const normalized = catalogModelId(provider.name, id)
      if (normalized === model || normalized.toLowerCase() === lower) add(provider.name)
    }
    if (found.size > 1) return undefined
  }
  return found.size === 1 ? [...found][0] : undefined
}

/** CLI normalisation of docs/list.md#model-runtime-and-context-window. */
const normalizeCliRef = (config: OpenClawSettings, ref: ModelRef, fallback: ModelRef): ModelRef => {
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
  const model = trimmedString(viewField(entry, "model"))
  if (model === undefined) return {}
  const modelProvider = trimmedString(viewField(entry, "modelProvider"))
  return modelProvider === undefined ? { model } : { model, modelProvider }
}

/** The display model ref of a row (docs/list.md#model-runtime-and-context-window). */
export const displayModelRef = (config: OpenClawSettings, key: string, entry: unknown): ModelRef => {
  const fallback = defaultModelRef(config, key)
  const providerOverride = viewField(entry, "providerOverride")?.trim()
  let modelOverride = viewField(entry, "modelOverride")?.trim()
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
// Runtime metadata (docs/list.md#model-runtime-and-context-window)

export interface AgentRuntime {
  readonly id: string
  readonly source: string
}

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

/** A provider with nothing configured (what a lookup that lands on a non-object reads). */
const NO_PROVIDER: ProviderSettings = {
  name: "",
  present: false,
  baseUrl: undefined,
  contextTokens: undefined,
  contextWindow: undefined,
  agentRuntime: undefined,
  models: []
}

/**
 * `models.providers[provider]` when set, else the first provider with the same normalised name.
 * A name the providers object inherits (`constructor`, `__proto__`, …) is found "set" by that
 * lookup and reads as a provider with nothing configured, as it does in the reference.
 */
const providerConfig = (config: OpenClawSettings, provider: string): ProviderSettings | undefined => {
  const { providers } = config.models
  if (providers.length === 0 || provider.trim() === "") return undefined
  const direct = providers.find((p) => p.name === provider)
  if (direct?.present) return direct
  if (direct === undefined && provider in Object.prototype) return NO_PROVIDER
  const wanted = normalizeProvider(provider)
  return providers.find((p) => normalizeProvider(p.name) === wanted)
}

const isOfficialOpenAiBaseUrl = (baseUrl: string | undefined): boolean => {
  if (baseUrl === undefined || baseUrl.trim() === "") return true
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

/** `agentRuntime` of a row from its display ref and agent (docs/list.md#model-runtime-and-context-window). */
export const agentRuntimeOf = (config: OpenClawSettings, agentId: string, ref: ModelRef): AgentRuntime => {
  let policyId: string | undefined
  let source: string | undefined
  const modelId = policyModelId(ref.provider, ref.model)
  if (modelId !== undefined) {
    const sessionAgent = normalizeAgentId(agentId.toLowerCase())
    const agentEntry = config.agents.list.find((a) => a.id === sessionAgent)
    const policies: ReadonlyArray<ReadonlyArray<ModelPolicy>> = [agentEntry?.models ?? [], config.agents.defaults.models]
    for (const models of policies) {
      const policy = models.find((p) => modelIdMatches(p.key, ref.provider, modelId) && p.agentRuntime !== undefined)
      if (policy !== undefined) {
        policyId = policy.agentRuntime
        source = "model"
        break
      }
    }
  }
  if (source === undefined) {
    const pc = providerConfig(config, ref.provider)
    const modelEntry = modelId !== undefined ? pc?.models.find((m) => modelIdMatches(m.id, ref.provider, modelId)) : undefined
    const modelPolicy = modelEntry?.agentRuntime
    const providerPolicy = pc?.agentRuntime
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
    provider === "openai" && isOfficialOpenAiBaseUrl(config.models.providers.find((p) => p.name === "openai")?.baseUrl)
  if ((openAiDefault || provider === "openai-codex") && id === "auto") id = "codex"
  return { id, source: source ?? "implicit" }
}

// ---------------------------------------------------------------------------------------------
// Runtime label (docs/list.md#model-runtime-and-context-window)

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

/** The Runtime column of a row (docs/list.md#model-runtime-and-context-window). `entry` is the raw store value. */
export const runtimeLabelOf = (config: OpenClawSettings, entry: unknown, runtime: AgentRuntime, ref: ModelRef): string => {
  const acp = acpOf(entry)
  const acpAgentRaw = trimmedString(acp.agent)
  const acpAgent = acpAgentRaw === undefined ? undefined : sanitizeTerminalText(acpAgentRaw)
  if (acpAgent) {
    const backendRaw = trimmedString(acp.backend)
    const backend = backendRaw === undefined ? undefined : sanitizeTerminalText(backendRaw)
    return backend ? `${acpAgent} (acp/${backend})` : `${acpAgent} (acp)`
  }
  const id = trimmedString(runtime.id)?.toLowerCase()
  if (id !== undefined && id !== "pi" && id !== "auto" && id !== "default") return RUNTIME_LABELS[id] ?? sanitizeTerminalText(id)
  const providerRaw =
    normalizedModelFields(entry).modelProvider ?? trimmedString(viewField(entry, "providerOverride")) ?? trimmedString(ref.provider)
  const provider = providerRaw === undefined ? undefined : sanitizeTerminalText(providerRaw)
  if (provider && isCliProvider(config, provider)) return RUNTIME_LABELS[providerRaw!.toLowerCase()] ?? `${provider} (cli)`
  return RUNTIME_LABELS["pi"]!
}

// ---------------------------------------------------------------------------------------------
// Context window (docs/list.md#model-runtime-and-context-window)

/**
 * Configured context windows by exact model id: every `models.providers.*.models[]` entry, in
 * file order, the last one winning; its `contextTokens`, else `contextWindow`, else the
 * provider's; only positive numbers count.
 */
export const configuredContextWindows = (config: OpenClawSettings): ReadonlyMap<string, number> => {
  const windows = new Map<string, number>()
  for (const provider of config.models.providers) {
    for (const m of provider.models) {
      // the first number of the four counts, even when it is not positive
      const value = m.contextTokens ?? m.contextWindow ?? provider.contextTokens ?? provider.contextWindow
      if (m.id === "" || !value || value <= 0) continue
      windows.set(m.id, value)
    }
  }
  return windows
}

/** Context-window resolution for one config: entry value, then config, then 200000 (docs/list.md#model-runtime-and-context-window). */
export interface ContextWindowResolver {
  /** `contextTokens` of a row (raw entry value when present; may be any JSON value). */
  readonly of: (entryContextTokens: unknown, displayModel: string) => unknown
}

export const contextWindowResolver = (config: OpenClawSettings): ContextWindowResolver => {
  const windows = configuredContextWindows(config)
  const configured = config.agents.defaults.contextTokens
  const lookup = (model: string): number | undefined => (model ? windows.get(model) : undefined)
  const fallback = configured ?? lookup(configDefaultModelRef(config).model) ?? DEFAULT_CONTEXT_TOKENS
  return {
    of: (entryContextTokens, displayModel) => entryContextTokens ?? configured ?? lookup(displayModel) ?? fallback
  }
}
