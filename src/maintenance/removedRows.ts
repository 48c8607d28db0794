/**
 * The file actions of rows a plan removes (docs/cleanup.md), shared by cleanup's prune and cap and
 * by `sessions prune`: each removed session's transcript archived as `<file>.deleted.<ts>` and
 * its trajectory sidecars deleted, unless a kept row still uses the session or references the
 * file (the safety rules of `archive.ts`, `sidecars.ts` and `safety.ts` apply to every one).
 */
import { archiveTranscripts } from "./archive.js"
import type { FsView } from "./fsView.js"
import { sessionFileOf, sessionIdOf } from "./paths.js"
import type { Rows } from "./rows.js"
import { keptPaths } from "./safety.js"
import { removeSidecars } from "./sidecars.js"
import type { FileAction } from "./types.js"

/** A removed row's `sessionId → sessionFile` (a non-empty `sessionFile` wins over an earlier one). */
export const rememberRemoved = (map: Map<string, string | undefined>, entry: unknown, lastWins: boolean) => {
  const id = sessionIdOf(entry)
  if (id === undefined) return
  const file = sessionFileOf(entry)
  if (lastWins || !map.has(id) || file) map.set(id, file)
}

/** The session ids of rows. */
export const idsOf = (rows: Rows): ReadonlySet<string> => {
  const ids = new Set<string>()
  for (const [, e] of rows) {
    const id = sessionIdOf(e)
    if (id !== undefined) ids.add(id)
  }
  return ids
}

/** The key of the first of `rows` that uses a session id. */
export const keyOfSession = (rows: Rows) => {
  const byId = new Map<string, string>()
  for (const [k, e] of rows) {
    const id = sessionIdOf(e)
    if (id !== undefined && !byId.has(id)) byId.set(id, k)
  }
  return (id: string) => byId.get(id)
}

/**
 * The archives and sidecar deletions of the rows `removedKeys` (in that order) of `before`,
 * `kept` being the rows that stay; the view is updated with every one.
 */
export const removedRowFiles = (
  fs: FsView,
  before: Rows,
  removedKeys: Iterable<string>,
  kept: Rows,
  nowMs: number
): { readonly archived: ReadonlyArray<FileAction>; readonly sidecars: ReadonlyArray<FileAction> } => {
  const beforeMap = new Map(before)
  const removed = new Map<string, string | undefined>()
  const removedSet = new Set<string>()
  for (const key of removedKeys) {
    removedSet.add(key)
    rememberRemoved(removed, beforeMap.get(key), false)
  }
  const stillUsed = idsOf(kept)
  const removedRows = before.filter(([k]) => removedSet.has(k))
  const stillReferenced = removed.size > 0 ? keptPaths(fs, kept) : new Set<string>()
  const archived = archiveTranscripts(fs, removed, stillUsed, nowMs, keyOfSession(removedRows), stillReferenced)
  const sidecars = removed.size > 0 ? removeSidecars(fs, removed, stillUsed, keyOfSession(removedRows), stillReferenced) : []
  return { archived, sidecars }
}
