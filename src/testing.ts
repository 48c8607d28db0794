/**
 * `ClawkeepTest`: everything a clawkeep program needs, in memory — a file system seeded from a
 * tree value (memfs), a fixed environment, the config read from that tree (or given as a value)
 * and a fixed clock — so an application can test its own use of clawkeep without a disk.
 *
 * ```ts
 * const t = ClawkeepTest.make({ files: { "/home/u/.openclaw/agents/main/sessions/sessions.json": "{}" }, nowMs })
 * await Effect.runPromise(Effect.provide(listSessions({}), t.layer))
 * t.fs.snapshot("/home/u") // what the program left behind
 * ```
 */
import { Clock, Effect, Layer } from "effect"
import type { ConfigError } from "./domain/errors.js"
import type { JsonObject } from "./domain/json.js"
import { OpenClawConfig } from "./store/config.js"
import { withEnvFiles } from "./store/envFiles.js"
import { Environment } from "./store/environment.js"
import { GatewayProbe } from "./store/gateway.js"
import { memoryFs, type FileTree, type MemoryFs } from "./store/memoryFs.js"
import type { SessionFs } from "./store/sessionFs.js"

/** A Clock that always reads `nowMs` (time passes for nobody; sleeps use the default clock). */
export const fixedClock = (nowMs: number): Clock.Clock => {
  const base = Clock.make()
  return {
    ...base,
    sleep: (duration) => base.sleep(duration),
    unsafeCurrentTimeMillis: () => nowMs,
    currentTimeMillis: Effect.succeed(nowMs),
    unsafeCurrentTimeNanos: () => BigInt(nowMs) * 1_000_000n,
    currentTimeNanos: Effect.succeed(BigInt(nowMs) * 1_000_000n)
  }
}

export interface ClawkeepTestOptions {
  /** Files of the in-memory disk: absolute path → content (see `FileTree`). */
  readonly files?: FileTree
  /** HOME of the environment (default `/home/user`). */
  readonly home?: string
  /** Further environment variables (`OPENCLAW_STATE_DIR`, …). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Working directory (default: the home). */
  readonly cwd?: string
  /** The instant every command sees (default: the real clock). */
  readonly nowMs?: number
  /** The config as a value; by default it is read from the in-memory disk as OpenClaw would. */
  readonly config?: JsonObject
  /** URLs where a Gateway answers (`ws://127.0.0.1:18789`, …); default: none anywhere. */
  readonly gateways?: ReadonlyArray<string>
  /**
   * Whether OpenClaw's `.env` files on the in-memory disk (`<cwd>/.env`, `<state dir>/.env`,
   * `~/.config/openclaw/gateway.env`) are applied to `env`, as the CLI does (default: true; a
   * tree without such files is unaffected).
   */
  readonly envFiles?: boolean
}

export interface ClawkeepTestKit {
  /** Environment, OpenClawConfig, SessionFs, GatewayProbe (and the fixed clock, when `nowMs` is given). */
  readonly layer: Layer.Layer<Environment | OpenClawConfig | SessionFs | GatewayProbe, ConfigError>
  /** The in-memory disk, to seed more files or read back what a program wrote. */
  readonly fs: MemoryFs
  /** Every URL a program probed for a Gateway, in order. */
  readonly gatewayProbes: ReadonlyArray<string>
}

export const ClawkeepTest = {
  /** A fresh in-memory world; read it back through `fs`. */
  make: (options: ClawkeepTestOptions = {}): ClawkeepTestKit => {
    const home = options.home ?? "/home/user"
    const fs = memoryFs({ [home]: null, ...options.files })
    const given = Environment.make({ env: { HOME: home, ...options.env }, cwd: options.cwd ?? home, osHomedir: home })
    const environment = options.envFiles === false ? given : Layer.provide(withEnvFiles, Layer.merge(given, fs.layer))
    const base = Layer.merge(fs.layer, environment)
    const config = options.config === undefined ? OpenClawConfig.layer : OpenClawConfig.make(options.config)
    const gateway = GatewayProbe.fixed(options.gateways ?? [])
    const world = Layer.merge(Layer.provideMerge(config, base), gateway.layer)
    const layer = options.nowMs === undefined ? world : Layer.merge(world, Layer.setClock(fixedClock(options.nowMs)))
    return { layer, fs, gatewayProbes: gateway.probed }
  },
  /** The layer of `make(options)`. */
  layer: (options: ClawkeepTestOptions = {}) => ClawkeepTest.make(options).layer
}
