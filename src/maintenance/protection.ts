/**
 * Which rows prune, cap and disk-budget eviction skip (docs/cleanup.md#protection): the preserved active key
 * and protected conversations (threads, Telegram topics, groups and channels by key or
 * chatType). Synthetic keys (subagent, acp, cron, hook, node, heartbeat) are never protected.
 */
import { protectionChatTypeOf } from "../domain/entry.js"
import {
  hasThreadSuffix,
  isGroupOrChannelRest,
  isSyntheticParsed,
  isTelegramTopicRest,
  parseAgentSessionKey,
  restOf
} from "../domain/sessionKey.js"

/** The preserve set: `--active-key` trimmed and lowercased (empty when absent or blank). */
export const preserveKeys = (activeKey: string | undefined): ReadonlySet<string> => {
  const k = (activeKey ?? "").trim().toLowerCase()
  return k === "" ? new Set() : new Set([k])
}

/**
 * Why a row is protected, or undefined. (Asked again by each rule rather than remembered: one
 * answer costs less than a row's entry in a memo table, in time and memory.)
 */
export const protectionReason = (key: string, entry: unknown): string | undefined => {
  const parsed = parseAgentSessionKey(key)
  if (isSyntheticParsed(key, parsed)) return undefined
  if (hasThreadSuffix(key)) return "thread key"
  const rest = restOf(key, parsed)
  if (isTelegramTopicRest(rest)) return "telegram topic key"
  if (isGroupOrChannelRest(rest)) return "group/channel key"
  const chatType = protectionChatTypeOf(entry)
  if (chatType === "group" || chatType === "channel" || chatType === "thread") return `chatType ${chatType}`
  return undefined
}

export const isProtectedRow = (key: string, entry: unknown): boolean => protectionReason(key, entry) !== undefined

/** Skipped by prune, cap and budget eviction: preserved (exact key match) or protected. */
export const isSkipped = (key: string, entry: unknown, preserve: ReadonlySet<string>): boolean =>
  preserve.has(key) || isProtectedRow(key, entry)
