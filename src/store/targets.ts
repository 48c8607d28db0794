/**
 * Which stores a command works on: `--store` / `--agent` / `--all-agents`
 * (docs/store-model.md#which-stores-a-command-uses), and clawkeep's `--discover` (every store on
 * the host, docs/du.md#--discover).
 */
import { Effect, Either } from "effect"
import { normalizeAgentId } from "../domain/agentId.js"
import type { OpenClawSettings } from "../domain/config.js"
import { type FileSystemError, TargetError } from "../domain/errors.js"
import { discoverStoreTargets } from "./discovery.js"
import { Environment } from "./environment.js"
import { SessionFs } from "./sessionFs.js"
import { resolveStorePath } from "./storePath.js"

export { resolveStorePath }

export interface StoreTarget {
  readonly agentId: string
  readonly storePath: string
  /**
   * Only under `--discover`: true for a store found on disk whose agent is not in the config,
   * false for a configured agent's store. Absent otherwise, so reference-compatible output is
   * unchanged without the flag.
   */
  readonly discovered?: boolean
}

export interface TargetOptions {
  readonly store?: string | undefined
  readonly agent?: string | undefined
  readonly allAgents?: boolean | undefined
  /** Every store on the host: the configured agents' and the disk-only ones (clawkeep only). */
  readonly discover?: boolean | undefined
}

/** The agent and path of a target, without the `discovered` mark (what a cleanup plan records). */
export const plainTarget = (target: StoreTarget): { readonly agentId: string; readonly storePath: string } => ({
  agentId: target.agentId,
  storePath: target.storePath
})

/**
 * The `--discover` targets: the discovery stream (docs/du.md#--discover; regular `sessions.json`
 * only, symlinks and paths outside the agents root skipped), configured agents first.
 */
const discoveredTargets = (config: OpenClawSettings): Effect.Effect<ReadonlyArray<StoreTarget>, FileSystemError, Environment | SessionFs> =>
  Effect.map(discoverStoreTargets(config), (stores) =>
    stores.map((s): StoreTarget => ({ agentId: s.agentId, storePath: s.storePath, discovered: s.source === "disk" }))
  )

/** The targets of a list, cleanup or du run, or the reference's error. */
export const resolveTargets = (
  config: OpenClawSettings,
  options: TargetOptions
): Effect.Effect<ReadonlyArray<StoreTarget>, TargetError | FileSystemError, Environment | SessionFs> =>
  Effect.flatMap(Effect.all([Environment, SessionFs]), ([env, fs]): Effect.Effect<ReadonlyArray<StoreTarget>, TargetError | FileSystemError, Environment | SessionFs> => {
    const storePathOf = (value: string | undefined, agentId: string) => resolveStorePath(env, fs.sync.exists, value, agentId)
    const agent = options.agent?.trim() ? options.agent : undefined
    const store = options.store && options.store !== "" ? options.store : undefined
    const all = options.allAgents === true
    const discover = options.discover === true
    if (agent !== undefined && all) {
      return Effect.fail(new TargetError({ message: "--agent and --all-agents cannot be used together" }))
    }
    if (store !== undefined && (agent !== undefined || all)) {
      return Effect.fail(new TargetError({ message: "--store cannot be combined with --agent or --all-agents" }))
    }
    if (discover && agent !== undefined) {
      return Effect.fail(new TargetError({ message: "--agent and --discover cannot be used together" }))
    }
    if (discover && store !== undefined) {
      return Effect.fail(new TargetError({ message: "--store cannot be combined with --discover" }))
    }
    if (discover) return discoveredTargets(config)
    const template = config.session.store
    if (store !== undefined) {
      const id = config.agents.defaultId
      return Effect.succeed([{ agentId: id, storePath: storePathOf(store, id) }])
    }
    if (all) {
      const seen = new Set<string>()
      const targets: Array<StoreTarget> = []
      for (const id of config.agents.ids) {
        const storePath = storePathOf(template, id)
        if (seen.has(storePath)) continue
        seen.add(storePath)
        targets.push({ agentId: id, storePath })
      }
      return Effect.succeed(targets)
    }
    if (agent !== undefined) {
      const id = normalizeAgentId(agent)
      if (!config.agents.ids.includes(id)) {
        return Effect.fail(
          new TargetError({
            message: `Unknown agent id "${agent}". Use "openclaw agents list" to see configured agents.`
          })
        )
      }
      return Effect.succeed([{ agentId: id, storePath: storePathOf(template, id) }])
    }
    const id = config.agents.defaultId
    return Effect.succeed([{ agentId: id, storePath: storePathOf(template, id) }])
  }).pipe(Effect.tap((targets) => Effect.logDebug(`targets: ${targets.map((t) => `${t.agentId} ${t.storePath}`).join(", ") || "none"}`)))

/** How many stores a command works on at once, where the work is per store. */
export const STORE_CONCURRENCY = 4

/**
 * `f` for every target, at most `STORE_CONCURRENCY` at a time, the results in target order.
 * When some fail, the failure of the first of them in target order is the result (the same
 * error as a one-by-one run would give, whichever finished first).
 */
export const forEachTarget = <T, A, E, R>(
  targets: ReadonlyArray<T>,
  f: (target: T, index: number) => Effect.Effect<A, E, R>
): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.flatMap(
    Effect.forEach(targets, (target, index) => Effect.either(f(target, index)), { concurrency: STORE_CONCURRENCY }),
    (results) => {
      const out: Array<A> = []
      for (const r of results) {
        if (Either.isLeft(r)) return Effect.fail(r.left)
        out.push(r.right)
      }
      return Effect.succeed(out)
    }
  )
