/**
 * Which rows prune, cap and disk-budget eviction skip (cleanup §4.3): the preserved active key
 * and protected conversations (threads, Telegram topics, groups and channels by key or
 * chatType). Synthetic keys (subagent, acp, cron, hook, node, heartbeat) are never protected.
 */
import { isRecord } from "../domain/json.js"
import { parseAgentSessionKey } from "../domain/sessionKey.js"

/** The preserve set: `--active-key` trimmed and lowercased (empty when absent or blank). */
export const preserveKeys = (activeKey: string | undefined): ReadonlySet<string> => {
  const k = (activeKey ?? "").trim().toLowerCase()
  return k === "" ? new Set() : new Set([k])
}

const restOf = (key: string): string => (parseAgentSessionKey(key)?.rest ?? key.trim().toLowerCase())

/** Subagent, ACP, cron, hook, node and heartbeat sources. */
export const isSyntheticMaintenanceKey = (key: string): boolean => {
  const raw = key.trim().toLowerCase()
  const rest = restOf(key)
  const parsed = parseAgentSessionKey(key)
  if (raw !== "" && (raw.startsWith("subagent:") || parsed?.rest.startsWith("subagent:") === true)) return true
  if (raw !== "" && (raw.startsWith("acp:") || parsed?.rest.startsWith("acp:") === true)) return true
  if (parsed !== undefined && parsed.rest.startsWith("cron:")) return true
  return (
    rest.startsWith("hook:") ||
    rest.startsWith("node:") ||
    rest === "heartbeat" ||
    rest.endsWith(":heartbeat") ||
    rest.includes(":heartbeat:")
  )
}

/** A non-blank id after the last case-insensitive `:thread:` marker. */
const threadIdOf = (key: string): string | undefined => {
  const raw = key.trim()
  if (raw === "") return undefined
  const at = raw.toLowerCase().lastIndexOf(":thread:")
  if (at < 0) return undefined
  const id = raw.slice(at + ":thread:".length).trim()
  return id === "" ? undefined : id
}

const TELEGRAM_TOPIC = /^telegram:(?:group|channel|direct|dm):.+:topic:[^:]+$/
const GROUP_OR_CHANNEL = /^[^:]+:(?:group|channel):.+$/

const chatTypeOf = (entry: unknown): string => {
  if (!isRecord(entry)) return ""
  const own = entry["chatType"]
  const origin = entry["origin"]
  const value = own ?? (isRecord(origin) ? origin["chatType"] : undefined)
  return typeof value === "string" ? value.trim().toLowerCase() : ""
}

/** Why a row is protected, or undefined. */
export const protectionReason = (key: string, entry: unknown): string | undefined => {
  if (isSyntheticMaintenanceKey(key)) return undefined
  if (threadIdOf(key) !== undefined) return "thread key"
  const rest = restOf(key)
  if (TELEGRAM_TOPIC.test(rest)) return "telegram topic key"
  if (GROUP_OR_CHANNEL.test(rest)) return "group/channel key"
  const chatType = chatTypeOf(entry)
  if (chatType === "group" || chatType === "channel" || chatType === "thread") return `chatType ${chatType}`
  return undefined
}

export const isProtectedRow = (key: string, entry: unknown): boolean => protectionReason(key, entry) !== undefined

/** Skipped by prune, cap and budget eviction: preserved (exact key match) or protected. */
export const isSkipped = (key: string, entry: unknown, preserve: ReadonlySet<string>): boolean =>
  preserve.has(key) || isProtectedRow(key, entry)
