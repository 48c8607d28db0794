/**
 * Which stores a command works on: `--store` / `--agent` / `--all-agents` (docs/store-model.md#which-stores-a-command-uses).
 */
import { Effect } from "effect"
import * as path from "node:path"
import { normalizeAgentId } from "../domain/agentId.js"
import type { OpenClawSettings } from "../domain/config.js"
import { TargetError } from "../domain/errors.js"
import { Environment, expandHomePath, stateDir, type EnvironmentShape } from "./environment.js"
import { SessionFs } from "./sessionFs.js"

export interface StoreTarget {
  readonly agentId: string
  readonly storePath: string
}

export interface TargetOptions {
  readonly store?: string | undefined
  readonly agent?: string | undefined
  readonly allAgents?: boolean | undefined
}

/** `resolveStorePath(value, agentId)` (docs/store-model.md#which-stores-a-command-uses). */
export const resolveStorePath = (
  env: EnvironmentShape,
  exists: (p: string) => boolean,
  value: string | undefined,
  agentId: string
): string => {
  const id = normalizeAgentId(agentId)
  if (value === undefined || value.trim() === "") {
    return path.join(stateDir(env, exists), "agents", id, "sessions", "sessions.json")
  }
  return expandHomePath(env, value.split("{agentId}").join(id))
}

/** The targets of a list or cleanup run, or the reference's error. */
export const resolveTargets = (
  config: OpenClawSettings,
  options: TargetOptions
): Effect.Effect<ReadonlyArray<StoreTarget>, TargetError, Environment | SessionFs> =>
  Effect.flatMap(Effect.all([Environment, SessionFs]), ([env, fs]) => {
    const storePathOf = (value: string | undefined, agentId: string) => resolveStorePath(env, fs.sync.exists, value, agentId)
    const agent = options.agent?.trim() ? options.agent : undefined
    const store = options.store && options.store !== "" ? options.store : undefined
    const all = options.allAgents === true
    if (agent !== undefined && all) {
      return Effect.fail(new TargetError({ message: "--agent and --all-agents cannot be used together" }))
    }
    if (store !== undefined && (agent !== undefined || all)) {
      return Effect.fail(new TargetError({ message: "--store cannot be combined with --agent or --all-agents" }))
    }
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
