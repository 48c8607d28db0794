/**
 * Loading OpenClaw's config file: JSON5, `$include`, `${VAR}` substitution, validation of the
 * keys clawkeep reads (docs/store-model.md#the-config-file, D4).
 */
import { Context, Effect, Either, Layer } from "effect"
import JSON5 from "json5"
import { ConfigError } from "../domain/errors.js"
import { isRecord, type JsonObject } from "../domain/json.js"
import { DEFAULT_SETTINGS, decodeSettings, type OpenClawSettings } from "../domain/config.js"
import { decodeConfig } from "../domain/configValidation.js"
import { abbreviateHome, configPath, Environment, type EnvironmentShape } from "./environment.js"
import { resolveIncludes } from "./configIncludes.js"
import { errorCode, errorMessage, SessionFs, type SyncFs } from "./sessionFs.js"

export interface LoadedConfig {
  /** The config file read, or undefined when there is none (all defaults). */
  readonly path: string | undefined
  /** The config (include-resolved, env-substituted, validated), decoded; all defaults when none. */
  readonly settings: OpenClawSettings
}

export class OpenClawConfig extends Context.Tag("clawkeep/OpenClawConfig")<OpenClawConfig, LoadedConfig>() {
  /** Reads and validates the config named by the environment. */
  static readonly layer: Layer.Layer<OpenClawConfig, ConfigError, Environment | SessionFs> = Layer.effect(
    OpenClawConfig,
    Effect.suspend(() => loadConfig)
  )
  /** A config given as a parsed value (tests, library callers): decoded, not validated. */
  static readonly make = (value: JsonObject, path?: string): Layer.Layer<OpenClawConfig> =>
    Layer.succeed(OpenClawConfig, { path, settings: decodeSettings(value) })
}

/**
 * The hint lines that end the config error block. The reference's own (`Fix: openclaw doctor
 * --fix`, `Inspect: openclaw config validate`, `Status, health, logs, and doctor commands still
 * run with invalid config.`) name commands clawkeep does not have; everything above them is the
 * reference's text.
 */
export const CONFIG_ERROR_HINTS: ReadonlyArray<string> = [
  "Fix: correct the file (openclaw doctor --fix repairs it where OpenClaw is installed).",
  "clawkeep reads this config but never changes it; its sessions commands run once it is valid."
]

const configErrorBlock = (file: string, problems: ReadonlyArray<string>): string =>
  ["OpenClaw config is invalid", `File: ${file}`, "Problem:", ...problems.map((p) => `  - ${p}`), "", ...CONFIG_ERROR_HINTS].join("\n")

export const makeConfigError = (env: EnvironmentShape, file: string, problems: ReadonlyArray<string>) =>
  new ConfigError({ file, problems, message: configErrorBlock(abbreviateHome(env, file), problems) })

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/

/** The `${NAME}` (or `$${NAME}` escape) token starting at `at`, if any. */
const envTokenAt = (text: string, at: number): { readonly escaped: boolean; readonly name: string; readonly end: number } | undefined => {
  const escaped = text[at + 1] === "$" && text[at + 2] === "{"
  const open = escaped ? at + 2 : text[at + 1] === "{" ? at + 1 : -1
  if (open < 0) return undefined
  const close = text.indexOf("}", open + 1)
  if (close < 0) return undefined
  const name = text.slice(open + 1, close)
  return ENV_NAME.test(name) ? { escaped, name, end: close } : undefined
}

/** `${NAME}` substitution in one string (see `substituteEnv`). */
const substituteString = (text: string, env: EnvironmentShape["env"]): string => {
  if (!text.includes("$")) return text
  let out = ""
  for (let i = 0; i < text.length; i++) {
    const token = text[i] === "$" ? envTokenAt(text, i) : undefined
    if (token === undefined) {
      out += text[i]
      continue
    }
    const value = token.escaped ? undefined : env[token.name]
    out += value === undefined || value === "" ? `\${${token.name}}` : value
    i = token.end
  }
  return out
}

/**
 * Replaces `${NAME}` (NAME = `[A-Z_][A-Z0-9_]*`) in every string value from the environment, as
 * the reference does after resolving includes: an unset or empty variable leaves the literal
 * `${NAME}`; `$${NAME}` is the escape for a literal `${NAME}`. Keys are not substituted.
 */
export const substituteEnv = (value: unknown, env: EnvironmentShape["env"]): unknown => {
  if (typeof value === "string") return substituteString(value, env)
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env))
  if (isRecord(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env)
    return out
  }
  return value
}

const PORTABLE_ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

const hasEnvReference = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "$") continue
    const token = envTokenAt(text, i)
    if (token === undefined) continue
    if (!token.escaped) return true
    i = token.end
  }
  return false
}

/**
 * The environment the config's own `${…}` references see: the process environment plus the
 * config's `env.vars.<NAME>` and `env.<NAME>` strings, each used only when the variable is not
 * already set to a non-blank value and the string itself holds no `${…}` reference.
 */
export const configEnvironment = (config: unknown, env: EnvironmentShape["env"]): EnvironmentShape["env"] => {
  const block = isRecord(config) ? config["env"] : undefined
  if (!isRecord(block)) return env
  const candidates: Array<readonly [string, unknown]> = []
  if (isRecord(block["vars"])) candidates.push(...Object.entries(block["vars"]))
  for (const entry of Object.entries(block)) if (entry[0] !== "vars" && entry[0] !== "shellEnv") candidates.push(entry)
  const out: Record<string, string | undefined> = { ...env }
  for (const [rawKey, value] of candidates) {
    if (typeof value !== "string" || value.trim() === "") continue
    const key = rawKey.trim()
    if (!PORTABLE_ENV_NAME.test(key)) continue
    if (out[key]?.trim()) continue
    if (hasEnvReference(value)) continue
    out[key] = value
  }
  return out
}

const typeName = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v)

/** Loads the config named by the environment in context; a missing file means all defaults. */
export const loadConfig: Effect.Effect<LoadedConfig, ConfigError, Environment | SessionFs> = Effect.gen(function* () {
  const env = yield* Environment
  const { sync: fs } = yield* SessionFs
  return yield* loadConfigFrom(env, fs).pipe(
    Effect.tap((loaded) => Effect.logDebug(loaded.path === undefined ? "config: none found, using defaults" : `config: read ${loaded.path}`))
  )
})

const loadConfigFrom = (env: EnvironmentShape, fs: SyncFs): Effect.Effect<LoadedConfig, ConfigError> =>
  Effect.suspend((): Effect.Effect<LoadedConfig, ConfigError> => {
    const file = configPath(env, fs.exists)
    if (file === undefined) return Effect.succeed({ path: undefined, settings: DEFAULT_SETTINGS })
    let text: string
    try {
      text = fs.readText(file)
    } catch (error) {
      if (errorCode(error) === "ENOENT") return Effect.succeed({ path: undefined, settings: DEFAULT_SETTINGS })
      return Effect.fail(makeConfigError(env, file, [`<root>: ${errorMessage(error)}`]))
    }
    let parsed: unknown
    try {
      parsed = JSON5.parse(text)
    } catch (error) {
      return Effect.fail(makeConfigError(env, file, [`<root>: JSON5 parse failed: ${String(error)}`]))
    }
    const included = resolveIncludes(parsed, file, env, fs)
    if (included._tag === "Left") return Effect.fail(makeConfigError(env, file, included.left))
    const value = substituteEnv(included.right, configEnvironment(included.right, env.env))
    if (!isRecord(value)) {
      return Effect.fail(makeConfigError(env, file, [`<root>: Invalid input: expected object, received ${typeName(value)}`]))
    }
    const decoded = decodeConfig(value)
    if (Either.isLeft(decoded)) return Effect.fail(makeConfigError(env, file, decoded.left))
    return Effect.succeed({ path: file, settings: decoded.right })
  })
