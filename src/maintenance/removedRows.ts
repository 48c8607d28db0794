/**
 * The file actions of rows a plan removes (docs/cleanup.md), shared by cleanup's prune and cap and
 * by `sessions prune`: each removed session's transcript archived as `<file>.deleted.<ts>` and
 * its trajectory sidecars deleted, unless a kept row still uses the session or references the
 * file (the safety rules of `archive.ts`, `sidecars.ts` and `safety.ts` apply to every one).
 */
import { archiveTranscripts } from "./archive.js"
import type { FsView } from "./fsView.js"
import { sessionFileOf, sessionIdOf } from "./paths.js"
import type { Row, Rows } from "./rows.js"
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

/**
 * The key of the first of `rows` (those `only` admits, when given) that uses a session id (the
 * rows are indexed when first asked).
 */
export const keyOfSession = (rows: Rows, only?: (key: string) => boolean) => {
  let byId: Map<string, string> | undefined
  return (id: string) => {
    if (byId === undefined) {
      byId = new Map()
      for (const [k, e] of rows) {
        if (only !== undefined && !only(k)) continue
        const sid = sessionIdOf(e)
        if (sid !== undefined && !byId.has(sid)) byId.set(sid, k)
      }
    }
    return byId.get(id)
  }
}

/**
 * The archives and sidecar deletions of the rows `removedRows` (in that order) of `before`,
 * `isRemoved` telling their keys, `kept` being the rows that stay; the view is updated with
 * every one.
 */
export const removedRowFiles = (
  fs: FsView,
  before: Rows,
  removedRows: Iterable<Row>,
  isRemoved: (key: string) => boolean,
  kept: Rows,
  nowMs: number
): { readonly archived: ReadonlyArray<FileAction>; readonly sidecars: ReadonlyArray<FileAction> } => {
  const removed = new Map<string, string | undefined>()
  for (const [, entry] of removedRows) rememberRemoved(removed, entry, false)
  const stillUsed = idsOf(kept)
  const stillReferenced = removed.size > 0 ? keptPaths(fs, kept) : new Set<string>()
  // (which removed row an action belongs to is asked only for the files there are)
  const keyOf = keyOfSession(before, isRemoved)
  const archived = archiveTranscripts(fs, removed, stillUsed, nowMs, keyOf, stillReferenced)
  const sidecars = removed.size > 0 ? removeSidecars(fs, removed, stillUsed, keyOf, stillReferenced) : []
  return { archived, sidecars }
}
