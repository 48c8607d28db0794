/**
 * Which rows prune, cap and disk-budget eviction skip (docs/cleanup.md#protection): the preserved active key
 * and protected conversations (threads, Telegram topics, groups and channels by key or
 * chatType). Synthetic keys (subagent, acp, cron, hook, node, heartbeat) are never protected.
 */
import { protectionChatTypeOf } from "../domain/entry.js"
import {
  hasThreadSuffix,
  isGroupOrChannelRest,
  isSyntheticKey,
  isTelegramTopicRest,
  restOfKey
} from "../domain/sessionKey.js"

/** The preserve set: `--active-key` trimmed and lowercased (empty when absent or blank). */
export const preserveKeys = (activeKey: string | undefined): ReadonlySet<string> => {
  const k = (activeKey ?? "").trim().toLowerCase()
  return k === "" ? new Set() : new Set([k])
}

/**
 * Protection is asked for the same row by several rules (prune, cap, budget, the action table);
 * object entries remember their answer for the key they were asked with.
 */
const remembered = new WeakMap<object, { readonly key: string; readonly reason: string | undefined }>()

/** Why a row is protected, or undefined. */
export const protectionReason = (key: string, entry: unknown): string | undefined => {
  if (typeof entry !== "object" || entry === null) return computeProtection(key, entry)
  const hit = remembered.get(entry)
  if (hit !== undefined && hit.key === key) return hit.reason
  const reason = computeProtection(key, entry)
  remembered.set(entry, { key, reason })
  return reason
}

const computeProtection = (key: string, entry: unknown): string | undefined => {
  if (isSyntheticKey(key)) return undefined
  if (hasThreadSuffix(key)) return "thread key"
  const rest = restOfKey(key)
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
