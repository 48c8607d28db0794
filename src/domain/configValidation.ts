/**
 * Validation of the config keys clawkeep reads, with the reference's messages and order
 * (docs/store-model.md#the-config-file, D4: unknown keys are ignored).
 *
 * The reference validates with a schema library; what clawkeep reproduces of it:
 * - Problems are listed in the schema's key order (root: `models`, `agents`, `session`; then the
 *   order of the keys inside each object), not in the file's order.
 * - Some problems stop the checks that run after an object's own fields ("aborting"): a wrong
 *   type, a value outside an enum or literal union, a failed union, a non-integer where an integer
 *   is expected (which also skips that field's `> 0` check). `> 0` itself does not. `session.maintenance`'s duration and size formats are such after-checks: they are
 *   reported only when no field of `session.maintenance` had an aborting problem.
 * - Numbers in duration and size fields are checked as their string form (`-1` → invalid).
 *
 * Every message here was recorded from openclaw@2026.5.12 (test/golden/store/config-cases.json).
 */
import { Either } from "effect"
import { isRecord, type JsonObject } from "./json.js"
import { decodeSettings, DM_SCOPES, type OpenClawSettings } from "./config.js"
import { parseByteSize, parseDurationMs } from "./units.js"

/** The type name the reference's messages use (`received …`). */
export const receivedType = (v: unknown): string => {
  if (v === null) return "null"
  if (Array.isArray(v)) return "array"
  if (typeof v === "number" && Number.isNaN(v)) return "NaN"
  return typeof v
}

interface Issue {
  readonly path: string
  readonly message: string
  /** True when the problem stops the after-checks of the enclosing objects. */
  readonly aborts: boolean
}

class Issues {
  readonly list: Array<Issue> = []
  add(path: string, message: string, aborts: boolean) {
    this.list.push({ path, message, aborts })
  }
  /** Whether an aborting problem was recorded since `mark`. */
  abortedSince(mark: number): boolean {
    return this.list.slice(mark).some((i) => i.aborts)
  }
}

const join = (base: string, key: string | number) => (base === "" ? String(key) : `${base}.${key}`)

const expected = (issues: Issues, path: string, type: string, value: unknown, suffix = "") =>
  issues.add(path, `Invalid input: expected ${type}, received ${receivedType(value)}${suffix}`, true)

/** `z.object(...)`: the value must be a plain object. */
const objectAt = (issues: Issues, path: string, value: unknown): value is JsonObject => {
  if (isRecord(value)) return true
  expected(issues, path, "object", value)
  return false
}

const stringAt = (issues: Issues, path: string, value: unknown, options: { readonly min1?: boolean } = {}) => {
  if (typeof value !== "string") return expected(issues, path, "string", value)
  if (options.min1 === true && value.length < 1) issues.add(path, "Too small: expected string to have >=1 characters", false)
}

const booleanAt = (issues: Issues, path: string, value: unknown) => {
  if (typeof value !== "boolean") expected(issues, path, "boolean", value, " (allowed: true, false)")
}

/**
 * `z.number()` with optional `.int()` and `.positive()`: a non-integer aborts (no range check
 * follows, and the object's after-checks are skipped); `> 0` does not abort.
 */
const numberAt = (issues: Issues, path: string, value: unknown, checks: { readonly int?: boolean; readonly positive?: boolean }) => {
  if (typeof value !== "number" || Number.isNaN(value)) return expected(issues, path, "number", value)
  if (checks.int === true && !Number.isInteger(value)) return issues.add(path, "Invalid input: expected int, received number", true)
  if (checks.positive === true && !(value > 0)) issues.add(path, "Too small: expected number to be >0", false)
}

/** `z.union([z.string(), z.number(), …])`: a failed union says only `Invalid input`. */
const stringOrNumberAt = (issues: Issues, path: string, value: unknown, allowFalse = false) => {
  if (typeof value === "string" || typeof value === "number" || (allowFalse && value === false)) return
  issues.add(path, "Invalid input", true)
}

/** `z.union([z.string(), z.object({ primary?: string, … })])` of agent models. */
const agentModelAt = (issues: Issues, path: string, value: unknown) => {
  if (typeof value === "string") return
  if (isRecord(value) && (value["primary"] === undefined || typeof value["primary"] === "string")) return
  issues.add(path, "Invalid input", true)
}

/** The string form the reference's duration/size parsers see. */
const stringified = (value: unknown): string =>
  typeof value === "string" ? value.trim() : typeof value === "number" || typeof value === "boolean" ? String(value).trim() : ""

const validateMaintenance = (issues: Issues, path: string, m: JsonObject) => {
  const mark = issues.list.length
  const at = (key: string) => join(path, key)
  if (m["mode"] !== undefined && m["mode"] !== "enforce" && m["mode"] !== "warn") {
    issues.add(at("mode"), 'Invalid option: expected one of "enforce"|"warn"', true)
  }
  if (m["pruneAfter"] !== undefined) stringOrNumberAt(issues, at("pruneAfter"), m["pruneAfter"])
  if (m["pruneDays"] !== undefined) numberAt(issues, at("pruneDays"), m["pruneDays"], { int: true, positive: true })
  if (m["maxEntries"] !== undefined) numberAt(issues, at("maxEntries"), m["maxEntries"], { int: true, positive: true })
  if (m["rotateBytes"] !== undefined) stringOrNumberAt(issues, at("rotateBytes"), m["rotateBytes"])
  if (m["resetArchiveRetention"] !== undefined) stringOrNumberAt(issues, at("resetArchiveRetention"), m["resetArchiveRetention"], true)
  if (m["maxDiskBytes"] !== undefined) stringOrNumberAt(issues, at("maxDiskBytes"), m["maxDiskBytes"])
  if (m["highWaterBytes"] !== undefined) stringOrNumberAt(issues, at("highWaterBytes"), m["highWaterBytes"])
  if (issues.abortedSince(mark)) return
  // After-checks: formats of durations and sizes (rotateBytes is not checked).
  const duration = (key: string) => {
    const v = m[key]
    if (v === undefined || v === false) return
    if (parseDurationMs(stringified(v), "d") === undefined) issues.add(at(key), "invalid duration (use ms, s, m, h, d)", false)
  }
  const size = (key: string) => {
    const v = m[key]
    if (v === undefined) return
    if (parseByteSize(stringified(v)) === undefined) issues.add(at(key), "invalid size (use b, kb, mb, gb, tb)", false)
  }
  duration("pruneAfter")
  duration("resetArchiveRetention")
  size("maxDiskBytes")
  size("highWaterBytes")
}

const validateSession = (issues: Issues, session: unknown) => {
  if (!objectAt(issues, "session", session)) return
  const dmScope = session["dmScope"]
  if (dmScope !== undefined && !(typeof dmScope === "string" && (DM_SCOPES as ReadonlyArray<string>).includes(dmScope))) {
    issues.add("session.dmScope", `Invalid input (allowed: ${DM_SCOPES.map((s) => JSON.stringify(s)).join(", ")})`, true)
  }
  if (session["store"] !== undefined) stringAt(issues, "session.store", session["store"])
  const maintenance = session["maintenance"]
  if (maintenance !== undefined && objectAt(issues, "session.maintenance", maintenance)) {
    validateMaintenance(issues, "session.maintenance", maintenance)
  }
}

const validateAgents = (issues: Issues, agents: unknown) => {
  if (!objectAt(issues, "agents", agents)) return
  const defaults = agents["defaults"]
  if (defaults !== undefined && objectAt(issues, "agents.defaults", defaults)) {
    if (defaults["model"] !== undefined) agentModelAt(issues, "agents.defaults.model", defaults["model"])
    if (defaults["models"] !== undefined && !isRecord(defaults["models"])) expected(issues, "agents.defaults.models", "record", defaults["models"])
    if (defaults["contextTokens"] !== undefined) {
      numberAt(issues, "agents.defaults.contextTokens", defaults["contextTokens"], { int: true, positive: true })
    }
    if (defaults["cliBackends"] !== undefined && !isRecord(defaults["cliBackends"])) {
      expected(issues, "agents.defaults.cliBackends", "record", defaults["cliBackends"])
    }
  }
  const list = agents["list"]
  if (list === undefined) return
  if (!Array.isArray(list)) return expected(issues, "agents.list", "array", list)
  list.forEach((agent, i) => {
    const path = `agents.list.${i}`
    if (!objectAt(issues, path, agent)) return
    stringAt(issues, `${path}.id`, agent["id"])
    if (agent["default"] !== undefined) booleanAt(issues, `${path}.default`, agent["default"])
    if (agent["model"] !== undefined) agentModelAt(issues, `${path}.model`, agent["model"])
  })
}

const validateModels = (issues: Issues, models: unknown) => {
  if (!objectAt(issues, "models", models)) return
  const providers = models["providers"]
  if (providers === undefined) return
  if (!isRecord(providers)) return expected(issues, "models.providers", "record", providers)
  for (const [name, provider] of Object.entries(providers)) {
    const path = `models.providers.${name}`
    if (!objectAt(issues, path, provider)) continue
    stringAt(issues, `${path}.baseUrl`, provider["baseUrl"], { min1: true })
    if (provider["contextWindow"] !== undefined) numberAt(issues, `${path}.contextWindow`, provider["contextWindow"], { positive: true })
    if (provider["contextTokens"] !== undefined) {
      numberAt(issues, `${path}.contextTokens`, provider["contextTokens"], { int: true, positive: true })
    }
    const list = provider["models"]
    if (!Array.isArray(list)) {
      expected(issues, `${path}.models`, "array", list)
      continue
    }
    list.forEach((model, i) => {
      const at = `${path}.models.${i}`
      if (!objectAt(issues, at, model)) return
      stringAt(issues, `${at}.id`, model["id"], { min1: true })
      stringAt(issues, `${at}.name`, model["name"], { min1: true })
      if (model["contextWindow"] !== undefined) numberAt(issues, `${at}.contextWindow`, model["contextWindow"], { positive: true })
      if (model["contextTokens"] !== undefined) numberAt(issues, `${at}.contextTokens`, model["contextTokens"], { int: true, positive: true })
    })
  }
}

/** The `<path>: <message>` lines of the config error block, in the reference's order. */
export const validateConfig = (config: JsonObject): ReadonlyArray<string> => {
  const issues = new Issues()
  if (config["models"] !== undefined) validateModels(issues, config["models"])
  if (config["agents"] !== undefined) validateAgents(issues, config["agents"])
  if (config["session"] !== undefined) validateSession(issues, config["session"])
  return issues.list.map((i) => `${i.path === "" ? "<root>" : i.path}: ${i.message}`)
}

/** Validates the parsed config, then decodes it: the problem lines, or the typed settings. */
export const decodeConfig = (config: JsonObject): Either.Either<OpenClawSettings, ReadonlyArray<string>> => {
  const problems = validateConfig(config)
  return problems.length > 0 ? Either.left(problems) : Either.right(decodeSettings(config))
}
