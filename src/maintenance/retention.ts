/**
 * Archive retention (docs/cleanup.md#archive-retention), enforce apply only: `*.deleted.<ts>` older than
 * `pruneAfter` and `*.reset.<ts>` older than `resetArchiveRetention` are deleted (age from the
 * name; strictly older). `.bak` archives are never deleted here, nor an archive a remaining row
 * names (its `sessionFile`, a checkpoint: that row's data, whatever the name says). Not counted
 * in any output.
 */
import * as path from "node:path"
import { archiveTimestampMs } from "../domain/sessionFiles.js"
import type { FsView } from "./fsView.js"
import { removable } from "./safety.js"
import type { FileAction } from "./types.js"

const ARCHIVE_TS = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d{3})?Z$/

/** Epoch ms of the `.<reason>.<ts>` suffix (last marker), or undefined. */
export const archiveTimeOf = (name: string, reason: "deleted" | "reset"): number | undefined => {
  const marker = `.${reason}.`
  const at = name.lastIndexOf(marker)
  if (at < 0) return undefined
  const raw = name.slice(at + marker.length)
  if (!ARCHIVE_TS.test(raw)) return undefined
  const ms = archiveTimestampMs(raw)
  return Number.isNaN(ms) ? undefined : ms
}

const sweepReason = (fs: FsView, reason: "deleted" | "reset", olderThanMs: number, nowMs: number, kept: ReadonlySet<string>): ReadonlyArray<FileAction> => {
  if (!Number.isFinite(olderThanMs) || olderThanMs < 0) return []
  const actions: Array<FileAction> = []
  for (const name of fs.eachName()) {
    const ts = archiveTimeOf(name, reason)
    if (ts === undefined) continue
    if (nowMs - ts <= olderThanMs) continue
    const p = path.join(fs.realDir, name)
    const stat = fs.statFile(p)
    if (stat === undefined || !removable(fs, p) || kept.has(fs.canonical(p))) continue
    actions.push({ op: "delete", path: p, bytes: stat.size, counted: false, reason: "archive-retention" })
    fs.remove(p)
  }
  return actions
}

export const archiveRetention = (
  fs: FsView,
  pruneAfterMs: number,
  resetArchiveRetentionMs: number | false,
  nowMs: number,
  archivedSomething: boolean,
  /** Canonical paths the remaining rows name (`keptPaths`): an archive a kept row names stays. */
  kept: ReadonlySet<string>
): ReadonlyArray<FileAction> => {
  if (!archivedSomething && resetArchiveRetentionMs === false) return []
  const deleted = sweepReason(fs, "deleted", pruneAfterMs, nowMs, kept)
  const reset = resetArchiveRetentionMs === false ? [] : sweepReason(fs, "reset", resetArchiveRetentionMs, nowMs, kept)
  return [...deleted, ...reset]
}
