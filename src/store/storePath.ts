/**
 * `resolveStorePath` (docs/store-model.md#which-stores-a-command-uses): where an agent's `sessions.json` lives. Its own module so
 * that target selection (`targets.ts`) and discovery (`discovery.ts`) can both use it without
 * importing each other.
 */
import * as path from "node:path"
import { normalizeAgentId } from "../domain/agentId.js"
import { expandHomePath, stateDir, type EnvironmentShape } from "./environment.js"

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
