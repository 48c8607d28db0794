/**
 * The file actions of rows a plan removes (docs/cleanup.md), shared by cleanup's prune and cap and
 * by `sessions prune`: each removed session's transcript archived as `<file>.deleted.<ts>` and
 * its trajectory sidecars deleted, unless a kept row still uses the session or references the
 * file (the safety rules of `archive.ts`, `sidecars.ts` and `safety.ts` apply to every one).
 */
import { archiveTranscripts, legacyDirExists } from "./archive.js"
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

/** A file action whose row key is not known yet (`withRowKeys` adds it). */
export type KeylessAction = Omit<FileAction, "key"> & { key?: string }

/**
 * The actions, each with the key of the first of `rows` (those `only` admits, when given) that
 * uses its session id, as its last field (none when no such row). Only the ids of the actions
 * are looked for: a plan removing many rows archives the files of few.
 */
export const withRowKeys = (actions: ReadonlyArray<KeylessAction>, rows: Iterable<Row>, only?: (key: string) => boolean): ReadonlyArray<FileAction> => {
  if (actions.length === 0) return actions
  const keys = new Map<string, string | undefined>()
  for (const a of actions) if (a.sessionId !== undefined) keys.set(a.sessionId, undefined)
  let left = keys.size
  for (const [k, e] of rows) {
    if (left === 0) break
    if (only !== undefined && !only(k)) continue
    const id = sessionIdOf(e)
    if (id !== undefined && keys.has(id) && keys.get(id) === undefined) {
      keys.set(id, k)
      left--
    }
  }
  for (const a of actions) {
    const key = a.sessionId === undefined ? undefined : keys.get(a.sessionId)
    if (key !== undefined) a.key = key
  }
  return actions
}

/**
 * The archives and sidecar deletions of the rows `removedRows` (in that order) of `before`,
 * `isRemoved` telling their keys, `kept` being the rows that stay; the view is updated with
 * every one.
 */
export const removedRowFiles = (
  fs: FsView,
  before: Rows,
  /** Read twice. */
  removedRows: Iterable<Row>,
  isRemoved: (key: string) => boolean,
  kept: Rows,
  nowMs: number
): { readonly archived: ReadonlyArray<KeylessAction>; readonly sidecars: ReadonlyArray<KeylessAction> } => {
  const removed = new Map<string, string | undefined>()
  // A removed session that none of its rows gives a `sessionFile` and that names no file has no
  // file to archive or delete (unless an old installation's dir is there): it is not remembered,
  // so a plan removing many rows keeps few. (Its ids are found first: a session whose later row
  // names a file keeps the place its first row gives it.)
  const legacy = legacyDirExists(fs)
  const withFile = new Set<string>()
  if (!legacy) {
    for (const [, entry] of removedRows) {
      const id = sessionIdOf(entry)
      if (id !== undefined && sessionFileOf(entry)) withFile.add(id)
    }
  }
  for (const [, entry] of removedRows) {
    if (!legacy) {
      const id = sessionIdOf(entry)
      if (id !== undefined && !withFile.has(id) && !fs.hasFilesNamedAfter(id.trim())) continue
    }
    rememberRemoved(removed, entry, false)
  }
  const stillUsed = idsOf(kept)
  const stillReferenced = removed.size > 0 ? keptPaths(fs, kept) : new Set<string>()
  const archived = archiveTranscripts(fs, removed, stillUsed, nowMs, stillReferenced)
  const sidecars = removed.size > 0 ? removeSidecars(fs, removed, stillUsed, stillReferenced) : []
  // (which removed row an action belongs to is asked only for the files there are)
  withRowKeys([...archived, ...sidecars], before, isRemoved)
  return { archived, sidecars }
}
