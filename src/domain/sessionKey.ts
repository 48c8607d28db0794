/**
 * Session-key grammar (docs/store-model.md#session-keys). Keys are opaque strings in the store; these helpers
 * classify them the way OpenClaw 2026.5.12 does.
 */

export interface ParsedAgentKey {
  /** Lowercased agent id segment. */
  readonly agentId: string
  /** Remaining lowercased segments, joined by `:`, empty segments dropped. */
  readonly rest: string
}

/** Parses `agent:<id>:<rest>` (trim, lowercase, empty segments dropped, the id trimmed); undefined otherwise. */
export const parseAgentSessionKey = (key: string): ParsedAgentKey | undefined => {
  // Most keys are already in that form (printable lowercase ASCII, no empty segment): cut them
  // where the segments are, without splitting and joining them again.
  if (isPlainKey(key)) {
    if (!key.startsWith("agent:")) return undefined
    const at = key.indexOf(":", 6)
    return at < 0 ? undefined : { agentId: key.slice(6, at), rest: key.slice(at + 1) }
  }
  return parseAgentSessionKeySlowly(key)
}

/**
 * Whether trimming, lowercasing and dropping empty segments leave `key` as it is: printable
 * ASCII without upper-case letters or spaces, not starting or ending with `:`, without `::`.
 */
export const isPlainKey = (key: string): boolean => {
  const n = key.length
  if (n === 0) return false
  let previous = 0x3a
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i)
    if (c <= 0x20 || c >= 0x7f || (c >= 0x41 && c <= 0x5a) || (c === 0x3a && previous === 0x3a)) return false
    previous = c
  }
  return previous !== 0x3a
}

/** `parseAgentSessionKey` by its definition, for any key (the oracle of its fast path in tests). */
export const parseAgentSessionKeySlowly = (key: string): ParsedAgentKey | undefined => {
  const parts = key.trim().toLowerCase().split(":").filter((p) => p !== "")
  if (parts.length < 3 || parts[0] !== "agent") return undefined
  const agentId = parts[1]!.trim()
  if (agentId === "") return undefined
  return { agentId, rest: parts.slice(2).join(":") }
}

/** The agent of a row: the agent segment of an agent key, else the fallback (the target's agent). */
export const agentIdOfKey = (key: string, fallback: string): string =>
  parseAgentSessionKey(key)?.agentId ?? fallback

/** `rest` of an agent key, or the whole key lowercased for legacy keys. */
export const restOfKey = (key: string): string => restOf(key, parseAgentSessionKey(key))

/** `restOfKey` given the key's parse. */
export const restOf = (key: string, parsed: ParsedAgentKey | undefined): string => parsed?.rest ?? trimmedLower(key)

/** The key trimmed and lowercased. */
const trimmedLower = (key: string): string => (isPlainKey(key) ? key : key.trim().toLowerCase())

/** Cron rows: an agent key whose rest starts with `cron:`. */
export const isCronKey = (key: string): boolean => {
  const parsed = parseAgentSessionKey(key)
  return parsed !== undefined && parsed.rest.startsWith("cron:")
}

/** Heartbeat rests: `heartbeat`, `…:heartbeat`, `…:heartbeat:…`. */
export const isHeartbeatRest = (rest: string) =>
  rest === "heartbeat" || rest.endsWith(":heartbeat") || rest.includes(":heartbeat:")

/**
 * Synthetic sources, never protected by cleanup (docs/cleanup.md#protection): a `subagent:` or `acp:` prefix
 * (of the whole key or of an agent key's rest), cron agent keys, a rest starting `hook:` or
 * `node:`, and heartbeat keys. Bare `subagent` / `acp` (no colon) are not synthetic in the
 * reference (recorded in the cleanup golden `g24-bare-synthetic-keys`).
 */
export const isSyntheticKey = (key: string): boolean => isSyntheticParsed(key, parseAgentSessionKey(key))

/** `isSyntheticKey` given the key's parse. */
export const isSyntheticParsed = (key: string, parsed: ParsedAgentKey | undefined): boolean => {
  const raw = trimmedLower(key)
  const rest = parsed?.rest ?? raw
  if (raw.startsWith("subagent:") || rest.startsWith("subagent:")) return true
  if (raw.startsWith("acp:") || rest.startsWith("acp:")) return true
  if (parsed !== undefined && rest.startsWith("cron:")) return true
  if (rest.startsWith("hook:") || rest.startsWith("node:")) return true
  return isHeartbeatRest(rest)
}

/** A `:thread:<id>` suffix: the last case-insensitive `:thread:` marker followed by a non-blank id. */
export const hasThreadSuffix = (key: string): boolean => {
  const lower = isPlainKey(key) ? key : key.toLowerCase()
  const at = lower.lastIndexOf(":thread:")
  if (at < 0) return false
  return key.slice(at + ":thread:".length).trim() !== ""
}

const TELEGRAM_TOPIC = /^telegram:(group|channel|direct|dm):.+:topic:[^:]+$/
const GROUP_OR_CHANNEL = /^[^:]+:(group|channel):.+$/

/** A Telegram forum-topic rest: `telegram:<group|channel|direct|dm>:…:topic:<id>`. */
export const isTelegramTopicRest = (rest: string): boolean => TELEGRAM_TOPIC.test(rest)

/** A group or channel rest: `<channel>:<group|channel>:…`. */
export const isGroupOrChannelRest = (rest: string): boolean => GROUP_OR_CHANNEL.test(rest)

/** Keys whose shape marks a thread, a Telegram topic, or a group/channel conversation. */
export const hasProtectedKeyShape = (key: string): boolean => {
  if (hasThreadSuffix(key)) return true
  const rest = restOfKey(key)
  return isTelegramTopicRest(rest) || isGroupOrChannelRest(rest)
}

/**
 * Direct-DM keys of the per-peer dmScopes: `direct:<p>`, `<x>:direct:<p>`, `<x>:<y>:direct:<p>`
 * (rest segments, empty parts dropped).
 */
export const isPeerDirectRest = (rest: string): boolean => {
  const parts = rest.split(":").filter((p) => p !== "")
  switch (parts.length) {
    case 2:
      return parts[0] === "direct"
    case 3:
      return parts[1] === "direct"
    case 4:
      return parts[2] === "direct"
    default:
      return false
  }
}

/** List "kind" of a row (docs/list.md#kind). */
export type SessionKind = "global" | "unknown" | "cron" | "group" | "direct"

export const kindOfRow = (key: string, chatType: unknown): SessionKind => {
  if (key === "global") return "global"
  if (key === "unknown") return "unknown"
  if (isCronKey(key)) return "cron"
  if (chatType === "group" || chatType === "channel") return "group"
  if (key.includes(":group:") || key.includes(":channel:")) return "group"
  return "direct"
}
