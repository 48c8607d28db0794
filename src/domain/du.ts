/**
 * `sessions du` in pure terms: the class of each file of a sessions directory (from its name,
 * as the reference's maintenance classifies names, docs/store-model.md#session-files), the kind of each row (the
 * list's kind, docs/list.md#kind, told apart further by the synthetic sources of docs/store-model.md#session-keys), and the
 * `--top` option.
 */
import { Either } from "effect"
import { UsageError } from "./errors.js"
import { classifyFileName } from "./sessionFiles.js"
import { isHeartbeatRest, kindOfRow, restOfKey } from "./sessionKey.js"

/** The classes of `du`, in the order they are shown. Every regular file is in exactly one. */
export const DU_CLASSES = [
  "store",
  "transcript-referenced",
  "transcript-unreferenced",
  "archive-deleted",
  "archive-reset",
  "archive-bak",
  "checkpoint-referenced",
  "checkpoint-orphaned",
  "trajectory-runtime",
  "trajectory-pointer",
  "temp",
  "lock",
  "other"
] as const

export type DuClass = (typeof DU_CLASSES)[number]

/** What the caller knows about a file besides its name. */
export interface DuFileFacts {
  /** The file is this store's `sessions.json` (by path, whatever its name). */
  readonly isStore: boolean
  /** A row keeps it from cleanup's sweep (the reference's references plus D20's id-named files). */
  readonly referenced: boolean
}

/**
 * The class of a regular file directly in a sessions directory. The reference's classification
 * decides archives, checkpoints, trajectory files and primary transcripts; `*.tmp` and `*.lock`
 * (the atomic writes' temp files, lock files) are told apart from the other names it never
 * touches. A `sessions.json` that is not this target's store (a store path with another name
 * in the same directory) is `other`.
 */
export const duClassOf = (name: string, facts: DuFileFacts): DuClass => {
  if (facts.isStore) return "store"
  const c = classifyFileName(name)
  switch (c.kind) {
    case "transcript":
      return facts.referenced ? "transcript-referenced" : "transcript-unreferenced"
    case "checkpoint":
      return facts.referenced ? "checkpoint-referenced" : "checkpoint-orphaned"
    case "archive":
      return c.reason === "deleted" ? "archive-deleted" : c.reason === "reset" ? "archive-reset" : "archive-bak"
    case "trajectory-runtime":
      return "trajectory-runtime"
    case "trajectory-pointer":
      return "trajectory-pointer"
    case "store":
      return "other"
    case "other":
      if (name.endsWith(".tmp")) return "temp"
      if (name.endsWith(".lock")) return "lock"
      return "other"
  }
}

/** The kinds of `du`'s rows, in the order they are listed when their sizes tie. */
export const DU_KINDS = [
  "direct",
  "group",
  "cron",
  "cron-run",
  "subagent",
  "acp",
  "hook",
  "node",
  "heartbeat",
  "global",
  "unknown"
] as const

export type DuKind = (typeof DU_KINDS)[number]

const CRON_RUN = /^cron:[^:]+:run:[^:]+$/

/**
 * The kind of a row: the list's kind (`global`, `unknown`, `cron`, `group`, `direct`), with a
 * cron run (`cron:<job>:run:<run>`) told from its job and the synthetic sources (`subagent:`,
 * `acp:`, `hook:`, `node:`, heartbeat) told from the conversations the list files them under.
 */
export const duKindOf = (key: string, chatType: unknown): DuKind => {
  const listKind = kindOfRow(key, chatType)
  if (listKind === "global" || listKind === "unknown") return listKind
  const rest = restOfKey(key)
  if (listKind === "cron") return CRON_RUN.test(rest) ? "cron-run" : "cron"
  const raw = key.trim().toLowerCase()
  if (raw.startsWith("subagent:") || rest.startsWith("subagent:")) return "subagent"
  if (raw.startsWith("acp:") || rest.startsWith("acp:")) return "acp"
  if (rest.startsWith("hook:")) return "hook"
  if (rest.startsWith("node:")) return "node"
  if (isHeartbeatRest(rest)) return "heartbeat"
  return listKind
}

export const DEFAULT_TOP = 10

export const TOP_ERROR = "--top must be a whole number of sessions (0 or more), for example --top 5."

/** `--top`: absent → 10; else digits only (0 hides the largest sessions). */
export const parseTop = (value: string | undefined): Either.Either<number, UsageError> => {
  if (value === undefined) return Either.right(DEFAULT_TOP)
  const trimmed = value.trim()
  if (!/^\d{1,9}$/.test(trimmed)) return Either.left(new UsageError({ message: TOP_ERROR }))
  return Either.right(Number.parseInt(trimmed, 10))
}
