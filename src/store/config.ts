/**
 * Loading OpenClaw's config file: JSON5, `$include`, `${VAR}` substitution, validation of the
 * keys clawkeep reads (store-model §1.3–1.5, D4).
 */
import { Context, Effect, Layer } from "effect"
import JSON5 from "json5"
import { readFileSync } from "node:fs"
import { ConfigError } from "../domain/errors.js"
import { isRecord, type JsonObject } from "../domain/json.js"
import { validateConfig } from "../domain/configValidation.js"
import { abbreviateHome, configPath, Environment, type EnvironmentShape } from "./environment.js"
import { resolveIncludes } from "./configIncludes.js"

export interface LoadedConfig {
  /** The config file read, or undefined when there is none (all defaults). */
  readonly path: string | undefined
  /** The parsed, include-resolved, env-substituted config (an empty object when none). */
  readonly value: JsonObject
}

export class OpenClawConfig extends Context.Tag("clawkeep/OpenClawConfig")<OpenClawConfig, LoadedConfig>() {
  /** Reads and validates the config named by the environment. */
  static readonly layer: Layer.Layer<OpenClawConfig, ConfigError, Environment> = Layer.effect(
    OpenClawConfig,
    Effect.flatMap(Environment, (env) => loadConfig(env))
  )
  /** A config given as a value (tests, library callers). */
  static readonly make = (value: JsonObject, path?: string): Layer.Layer<OpenClawConfig> =>
    Layer.succeed(OpenClawConfig, { path, value })
}

const configErrorBlock = (file: string, problems: ReadonlyArray<string>): string =>
  [
    "OpenClaw config is invalid",
    `File: ${file}`,
    "Problem:",
    ...problems.map((p) => `  - ${p}`),
    "",
    "Fix: openclaw doctor --fix",
    "Inspect: openclaw config validate",
    "Status, health, logs, and doctor commands still run with invalid config."
  ].join("\n")

export const makeConfigError = (env: EnvironmentShape, file: string, problems: ReadonlyArray<string>) =>
  new ConfigError({ file, problems, message: configErrorBlock(abbreviateHome(env, file), problems) })

const ENV_REF = /\$(\$?)\{([A-Z_][A-Z0-9_]*)\}/g

/** Replaces `${NAME}` in every string from the environment; `$${NAME}` is a literal `${NAME}`. */
export const substituteEnv = (value: unknown, env: EnvironmentShape["env"]): unknown => {
  if (typeof value === "string") {
    return value.replace(ENV_REF, (whole, escape: string, name: string) => {
      if (escape === "$") return whole.slice(1)
      const v = env[name]
      return v === undefined ? whole : v
    })
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env))
  if (isRecord(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env)
    return out
  }
  return value
}

/** Loads the config for an environment; a missing file means all defaults. */
export const loadConfig = (env: EnvironmentShape): Effect.Effect<LoadedConfig, ConfigError> =>
  Effect.suspend((): Effect.Effect<LoadedConfig, ConfigError> => {
    const file = configPath(env)
    if (file === undefined) return Effect.succeed({ path: undefined, value: {} })
    let text: string
    try {
      text = readFileSync(file, "utf8")
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === "ENOENT") return Effect.succeed({ path: undefined, value: {} })
      return Effect.fail(makeConfigError(env, file, [`<root>: ${String((error as Error).message)}`]))
    }
    let parsed: unknown
    try {
      parsed = JSON5.parse(text)
    } catch (error) {
      return Effect.fail(makeConfigError(env, file, [`<root>: JSON5 parse failed: ${String(error)}`]))
    }
    const included = resolveIncludes(parsed, file, env)
    if (included._tag === "Left") return Effect.fail(makeConfigError(env, file, included.left))
    const value = substituteEnv(included.right, env.env)
    if (!isRecord(value)) {
      return Effect.fail(makeConfigError(env, file, ["<root>: Invalid input: expected object, received " + typeof value]))
    }
    const problems = validateConfig(value)
    if (problems.length > 0) return Effect.fail(makeConfigError(env, file, problems))
    return Effect.succeed({ path: file, value })
  })
