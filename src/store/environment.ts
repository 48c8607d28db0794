/**
 * The process environment the commands read: variables, working directory, OS home and the
 * derived OpenClaw home, state dir and config path (docs/store-model.md#where-it-looks). A service so tests can
 * run every command against a scratch directory without touching `process`.
 */
import { Context, Effect, Layer } from "effect"
import * as os from "node:os"
import * as path from "node:path"
import { SessionFs } from "./sessionFs.js"

export interface EnvironmentShape {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** `os.homedir()` fallback when neither HOME nor USERPROFILE is set. */
  readonly osHomedir: string
  /**
   * The variables that choose the config file, when they differ from `env`. OpenClaw picks its
   * config file before its config loader reads the `.env` files a second time, so a variable
   * that only that second read supplies (say `OPENCLAW_CONFIG_PATH` from `gateway.env`) moves the
   * state dir but not the config file. Set by `loadEnvFiles` (`envFiles.ts`); absent means `env`.
   */
  readonly configFileEnv?: Readonly<Record<string, string | undefined>>
}

export class Environment extends Context.Tag("clawkeep/Environment")<Environment, EnvironmentShape>() {
  /**
   * The real process environment, as it is: no `.env` file applied (`withEnvFiles` in
   * `envFiles.ts` adds them; `ClawkeepLive` and the CLI do).
   */
  static readonly layer: Layer.Layer<Environment> = Layer.sync(Environment, () => ({
    env: process.env,
    cwd: process.cwd(),
    osHomedir: os.homedir()
  }))
  /** A fixed environment (tests, library callers). */
  static readonly make = (value: EnvironmentShape): Layer.Layer<Environment> => Layer.succeed(Environment, value)
}

const envValue = (env: EnvironmentShape["env"], name: string): string | undefined => {
  const raw = env[name]?.trim()
  return raw === undefined || raw === "" ? undefined : raw
}

const TILDE = /^~(?=$|[\\/])/

/** A home-like value: trimmed; blank, `undefined` and `null` count as unset (as the reference does). */
const homeValue = (raw: string | undefined): string | undefined => {
  const trimmed = raw?.trim()
  return trimmed === undefined || trimmed === "" || trimmed === "undefined" || trimmed === "null" ? undefined : trimmed
}

/** The OS home: HOME, else USERPROFILE, else os.homedir(), else the cwd. */
export const osHome = (e: EnvironmentShape): string =>
  path.resolve(e.cwd, homeValue(e.env["HOME"]) ?? homeValue(e.env["USERPROFILE"]) ?? homeValue(e.osHomedir) ?? e.cwd)

/** OpenClaw's home: OPENCLAW_HOME (with `~` expanded) or the OS home (docs/store-model.md#where-it-looks). */
export const openclawHome = (e: EnvironmentShape): string => {
  const override = envValue(e.env, "OPENCLAW_HOME")
  if (override !== undefined && override !== "undefined" && override !== "null") {
    return path.resolve(e.cwd, override.replace(TILDE, osHome(e)))
  }
  return osHome(e)
}

/** Expands a leading `~` to OpenClaw's home and makes the result absolute against the cwd. */
export const expandHomePath = (e: EnvironmentShape, value: string): string =>
  path.resolve(e.cwd, value.replace(TILDE, () => openclawHome(e)))

/** The state directory (docs/store-model.md#where-it-looks). */
/** `exists` is the file system's (`SessionFs`): the state dir depends on which dirs exist. */
export const stateDir = (e: EnvironmentShape, exists: (p: string) => boolean): string => {
  const override = envValue(e.env, "OPENCLAW_STATE_DIR")
  if (override !== undefined) return expandHomePath(e, override)
  const home = openclawHome(e)
  const primary = path.join(home, ".openclaw")
  if (exists(primary)) return primary
  const legacy = path.join(home, ".clawdbot")
  if (exists(legacy)) return legacy
  return primary
}

/**
 * The config file path, or undefined when none exists (docs/store-model.md#the-config-file). Chosen with the
 * variables of `configFileEnv` when the environment has them (see there).
 */
export const configPath = (environment: EnvironmentShape, exists: (p: string) => boolean): string | undefined => {
  const e = environment.configFileEnv === undefined ? environment : { ...environment, env: environment.configFileEnv }
  const override = envValue(e.env, "OPENCLAW_CONFIG_PATH")
  if (override !== undefined) return expandHomePath(e, override)
  const dir = stateDir(e, exists)
  const candidates = [path.join(dir, "openclaw.json"), path.join(dir, "clawdbot.json")]
  if (envValue(e.env, "OPENCLAW_STATE_DIR") === undefined) {
    const home = openclawHome(e)
    for (const d of [path.join(home, ".openclaw"), path.join(home, ".clawdbot")]) {
      candidates.push(path.join(d, "openclaw.json"), path.join(d, "clawdbot.json"))
    }
  }
  return candidates.find((p) => exists(p))
}

/**
 * The display form of a path (the config error block's `File:` line), as the reference shortens
 * it: OpenClaw's home (`openclawHome`) is replaced by `$OPENCLAW_HOME` when that variable is set
 * to anything non-blank, else by `~`.
 */
export const abbreviateHome = (e: EnvironmentShape, p: string): string => {
  const home = openclawHome(e)
  const prefix = e.env["OPENCLAW_HOME"]?.trim() ? "$OPENCLAW_HOME" : "~"
  if (p === home) return prefix
  return p.startsWith(home + "/") || p.startsWith(home + "\\") ? prefix + p.slice(home.length) : p
}

/** Reads the environment service. */
export const environment = Effect.map(Environment, (e) => e)

/** The state dir of the environment in context, as the file system in context shows it. */
export const currentStateDir: Effect.Effect<string, never, Environment | SessionFs> = Effect.gen(function* () {
  const env = yield* Environment
  const fs = yield* SessionFs
  return stateDir(env, fs.sync.exists)
})
