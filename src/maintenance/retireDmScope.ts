/**
 * `--fix-dm-scope` (docs/cleanup.md#fix-dm-scope): with `session.dmScope` main, rows keyed per peer
 * (`direct:<p>`, `<x>:direct:<p>`, `<x>:<y>:direct:<p>`) of the target's agent are retired.
 * Nothing else is checked: no protection, no age; only the exact active key is spared.
 */
import { normalizeAgentId } from "../domain/agentId.js"
import type { DmScope } from "../domain/config.js"
import { parseAgentSessionKey } from "../domain/sessionKey.js"
import type { Rows } from "./rows.js"

export const isStaleDirectKey = (key: string, dmScope: DmScope, agentId: string, activeKey: string | undefined): boolean => {
  if (dmScope !== "main") return false
  if (activeKey && key === activeKey) return false
  const parsed = parseAgentSessionKey(key)
  if (parsed === undefined || normalizeAgentId(parsed.agentId) !== normalizeAgentId(agentId)) return false
  const parts = parsed.rest.split(":").filter((p) => p !== "")
  return (
    (parts.length === 2 && parts[0] === "direct") ||
    (parts.length === 3 && parts[1] === "direct") ||
    (parts.length === 4 && parts[2] === "direct")
  )
}

export const retireDmScope = (
  rows: Rows,
  dmScope: DmScope,
  agentId: string,
  activeKey: string | undefined
): ReadonlyArray<string> => rows.filter(([key]) => isStaleDirectKey(key, dmScope, agentId, activeKey)).map(([key]) => key)
