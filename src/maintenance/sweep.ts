/**
 * Unreferenced-artifact sweep (docs/cleanup.md#unreferenced-sweep): primary transcripts, checkpoints and trajectory
 * files directly in the sessions dir that no row references, with mtime at least `olderThanMs`
 * old, oldest first. The preview skips `exclude` (files of rows it would remove anyway) and
 * counts each non-empty file once; the apply deletes (an empty file is deleted but not counted).
 * clawkeep's own `.clawkeep-*` files are not scanned (D19); files named after a kept row's
 * session id count as referenced (D20).
 */
import type { FsView, ListedFile } from "./fsView.js"
import { isArtifactName, isUnreferencedArtifact } from "./diskBudget.js"
import { keptPaths, removable } from "./safety.js"
import type { Rows } from "./rows.js"
import type { FileAction } from "./types.js"

export interface SweepOutcome {
  readonly scannedFiles: number
  readonly olderThanMs: number
  readonly files: ReadonlyArray<FileAction>
}

export const sweepUnreferenced = (
  fs: FsView,
  rows: Rows,
  olderThanMsSetting: number,
  nowMs: number,
  dryRun: boolean,
  exclude: ReadonlySet<string>
): SweepOutcome => {
  const olderThanMs = Number.isFinite(olderThanMsSetting) && olderThanMsSetting > 0 ? olderThanMsSetting : 0
  const cutoff = nowMs - olderThanMs
  // the cheap questions first: a canonical path is made only for an old artifact, and the rows'
  // kept paths are gathered only when some old artifact is left to ask about (usually none: the
  // files of kept rows are as recent as the rows); no list of every file is made
  let scannedFiles = 0
  const old: Array<ListedFile> = []
  for (const f of fs.eachFile()) {
    scannedFiles++
    if (f.mtimeMs <= cutoff && isArtifactName(f.name) && !exclude.has(f.canonicalPath)) old.push(f)
  }
  const referenced = old.length === 0 ? new Set<string>() : keptPaths(fs, rows)
  const candidates = old.filter((f) => isUnreferencedArtifact(f, referenced) && removable(fs, f.path)).sort((a, b) => a.mtimeMs - b.mtimeMs)
  const actions: Array<FileAction> = []
  const seen = new Set<string>()
  for (const f of candidates) {
    if (dryRun) {
      const canonicalPath = f.canonicalPath
      if (seen.has(canonicalPath) || f.size <= 0) continue
      seen.add(canonicalPath)
      actions.push({ op: "delete", path: canonicalPath, bytes: f.size, counted: true, reason: "unreferenced-artifact" })
      continue
    }
    const stat = fs.statFile(f.path)
    if (stat === undefined) continue
    const target = fs.inRealDir(f.path)
    actions.push({ op: "delete", path: target, bytes: stat.size, counted: stat.size > 0, reason: "unreferenced-artifact" })
    fs.remove(target)
  }
  return { scannedFiles, olderThanMs, files: actions }
}
