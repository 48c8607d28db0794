/**
 * What fills one sessions directory (`sessions du`), from the cleanup snapshot of its store and
 * the cleanup plan built from that same snapshot. Pure: every answer about the disk comes from
 * the view (the snapshot's listing and recorded answers).
 *
 * - Every entry directly in the directory is counted once: a regular file in exactly one class
 *   (`DU_CLASSES`), anything else (symlink, directory, socket, …) as not measured. The classes
 *   add up to the directory's total.
 * - "Referenced" is what cleanup's sweep keeps: the files rows name as the reference resolves
 *   them plus the files named after a row's session id (D20), so the unreferenced transcripts,
 *   orphaned checkpoints and unreferenced trajectory files are the sweep's candidates, whatever
 *   their age.
 * - Archives past retention use the retention rule's own timestamps and settings (docs/cleanup.md#archive-retention).
 * - What cleanup would free is read off the plan's file actions, never estimated again.
 */
import * as path from "node:path"
import type { MaintenanceMode, MaintenanceSettings } from "../domain/config.js"
import { DU_CLASSES, duClassOf, duKindOf, DU_KINDS, type DuClass, type DuKind } from "../domain/du.js"
import { viewField } from "../domain/entry.js"
import type { FsView } from "./fsView.js"
import { canonicalTranscriptPath, namesNoFile, sessionIdOf } from "./paths.js"
import { archiveTimeOf } from "./retention.js"
import { updatedAtOf } from "./rows.js"
import { keptPaths } from "./safety.js"
import { summarize } from "./summary.js"
import type { CleanupPlan, CleanupTarget, FileAction, FileReason } from "./types.js"

export interface Tally {
  readonly files: number
  readonly bytes: number
}

export interface ClassTally extends Tally {
  /** `archive-deleted` / `archive-reset`: the archives older than their retention (docs/cleanup.md#archive-retention). */
  readonly pastRetention?: Tally
  /** `trajectory-runtime` / `trajectory-pointer`: the files no row references. */
  readonly unreferenced?: Tally
}

export interface KindTally {
  readonly kind: DuKind
  readonly rows: number
  /** Transcript bytes of the rows (each transcript counted once, for the first row naming it). */
  readonly bytes: number
}

export interface DuSession {
  readonly key: string
  readonly sessionId: string | undefined
  readonly kind: DuKind
  /** The row's `updatedAt` as stored (null when absent). */
  readonly updatedAt: unknown
  /** `now − updatedAt` when `updatedAt` is a finite number, else null. */
  readonly ageMs: number | null
  /** The transcript's path (inside the sessions directory). */
  readonly transcript: string
  readonly bytes: number
}

export interface DuCleanup {
  /** The mode a `sessions cleanup` without flags runs in (the config's). */
  readonly mode: MaintenanceMode
  /** Rows that `sessions cleanup` would remove. */
  readonly rowsRemoved: number
  /** Files it would delete, and their bytes: what it frees. */
  readonly freed: Tally
  /** The same deletions by the rule that decides them. */
  readonly freedByReason: Readonly<Partial<Record<FileReason, Tally>>>
  /** Transcripts it would archive (renamed to `.deleted.<ts>`: nothing freed) and keep. */
  readonly archived: Tally
  /** What `sessions cleanup --dry-run` reports as freed (its sweep and disk-budget counts). */
  readonly dryRunReported: Tally
}

export interface DuStoreReport {
  readonly target: CleanupTarget
  /** Only under `--discover`: whether the store was found on disk only. */
  readonly discovered?: boolean
  /** The sessions directory, as its real path. */
  readonly sessionsDir: string
  readonly storeStatus: "missing" | "ok" | "invalid"
  /** Every regular file directly in the directory. */
  readonly total: Tally
  readonly classes: Readonly<Record<DuClass, ClassTally>>
  /** Entries that are not regular files: not measured (symlinks are not followed, sub-directories are not read). */
  readonly notMeasured: { readonly symlinks: number; readonly directories: number; readonly other: number }
  readonly rows: { readonly total: number; readonly withTranscript: number; readonly withoutTranscript: number }
  /** Rows by kind, the most transcript bytes first. */
  readonly kinds: ReadonlyArray<KindTally>
  /** The rows with the largest transcripts (at most `top`), largest first. */
  readonly largest: ReadonlyArray<DuSession>
  /** How many rows have a transcript of their own (the candidates of `largest`). */
  readonly sessionsWithBytes: number
  readonly cleanup: DuCleanup
}

const ZERO: Tally = { files: 0, bytes: 0 }

const add = (t: Tally, bytes: number): Tally => ({ files: t.files + 1, bytes: t.bytes + bytes })

/** `now − ts > retention` (strictly, as the retention rule). */
const pastRetention = (name: string, cls: DuClass, settings: MaintenanceSettings, nowMs: number): boolean => {
  const within = (reason: "deleted" | "reset", retentionMs: number | false): boolean => {
    if (retentionMs === false || !Number.isFinite(retentionMs) || retentionMs < 0) return false
    const ts = archiveTimeOf(name, reason)
    return ts !== undefined && nowMs - ts > retentionMs
  }
  if (cls === "archive-deleted") return within("deleted", settings.pruneAfterMs)
  if (cls === "archive-reset") return within("reset", settings.resetArchiveRetentionMs)
  return false
}

/** What `sessions cleanup` (its apply, with the config's settings and no flags) would do. */
export const cleanupFigures = (plan: CleanupPlan): DuCleanup => {
  const files = plan.apply.files
  const deletions = files.filter((f) => f.op === "delete")
  const deleted = new Set(deletions.map((f) => f.path))
  const byReason: Partial<Record<FileReason, Tally>> = {}
  for (const f of deletions) byReason[f.reason] = add(byReason[f.reason] ?? ZERO, f.bytes)
  const kept = files.filter((f): f is FileAction & { readonly to: string } => f.op === "archive" && f.to !== undefined && !deleted.has(f.to))
  const preview = summarize(plan.preview)
  const budget = preview.diskBudget
  return {
    mode: plan.apply.mode,
    rowsRemoved: plan.apply.rows.length - plan.apply.rows.actionCounts().keep,
    freed: deletions.reduce((t, f) => add(t, f.bytes), ZERO),
    freedByReason: byReason,
    archived: kept.reduce((t, f) => add(t, f.bytes), ZERO),
    dryRunReported: {
      files: preview.unreferencedArtifacts.removedFiles + (budget?.removedFiles ?? 0),
      bytes: preview.unreferencedArtifacts.freedBytes + (budget?.freedBytes ?? 0)
    }
  }
}

const emptyClasses = (): Record<DuClass, ClassTally> => {
  const out = {} as Record<DuClass, ClassTally>
  for (const c of DU_CLASSES) {
    out[c] =
      c === "archive-deleted" || c === "archive-reset"
        ? { ...ZERO, pastRetention: ZERO }
        : c === "trajectory-runtime" || c === "trajectory-pointer"
          ? { ...ZERO, unreferenced: ZERO }
          : ZERO
  }
  return out
}

const finiteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v)

/**
 * The usage of one store's directory. `view` answers from the store's cleanup snapshot (and,
 * for questions the plan never asked, probes the same file system read-only); `plan` was built
 * from that snapshot.
 */
export const storeUsage = (view: FsView, plan: CleanupPlan, nowMs: number, top: number): DuStoreReport => {
  const snapshot = view.snapshot
  const settings = plan.apply.settings
  const rows = snapshot.store.entries
  const referenced = keptPaths(view, rows)
  const storeReal = view.canonical(snapshot.target.storePath)

  const classes = emptyClasses()
  const notMeasured = { symlinks: 0, directories: 0, other: 0 }
  let total = ZERO
  /** Size of each regular file of the directory, by its path under the real directory. */
  const sizes = new Map<string, number>()
  const listing = snapshot.listing
  for (let i = 0; i < listing.names.length; i++) {
    const type = listing.type(i)
    if (type !== "file") {
      if (type === "symlink") notMeasured.symlinks++
      else if (type === "dir") notMeasured.directories++
      else notMeasured.other++
      continue
    }
    const name = listing.names[i]!
    const size = listing.size(i)
    const p = path.join(snapshot.sessionsDirReal, name)
    sizes.set(p, size)
    total = add(total, size)
    const isReferenced = referenced.has(p)
    const cls = duClassOf(name, { isStore: p === storeReal, referenced: isReferenced })
    const before = classes[cls]
    const next: ClassTally = { ...before, files: before.files + 1, bytes: before.bytes + size }
    classes[cls] = {
      ...next,
      ...(before.pastRetention !== undefined && pastRetention(name, cls, settings, nowMs) ? { pastRetention: add(before.pastRetention, size) } : {}),
      ...(before.unreferenced !== undefined && !isReferenced ? { unreferenced: add(before.unreferenced, size) } : {})
    }
  }

  const kindTallies = new Map<DuKind, { rows: number; bytes: number }>()
  const counted = new Set<string>()
  const sessions: Array<DuSession & { readonly order: number }> = []
  let withTranscript = 0
  rows.forEach(([key, entry], order) => {
    const kind = duKindOf(key, viewField(entry, "chatType"))
    const tally = kindTallies.get(kind) ?? { rows: 0, bytes: 0 }
    tally.rows++
    kindTallies.set(kind, tally)
    // (a row that names no file has no transcript in the dir: `namesNoFile`)
    if (namesNoFile(view, entry)) return
    const transcript = canonicalTranscriptPath(view, entry)
    const size = transcript === null ? undefined : sizes.get(transcript)
    if (transcript === null || size === undefined) return
    withTranscript++
    if (counted.has(transcript)) return
    counted.add(transcript)
    tally.bytes += size
    const updatedAt = updatedAtOf(entry) ?? null
    sessions.push({
      key,
      sessionId: sessionIdOf(entry),
      kind,
      updatedAt,
      ageMs: finiteNumber(updatedAt) ? nowMs - updatedAt : null,
      transcript,
      bytes: size,
      order
    })
  })
  const kinds = [...kindTallies]
    .map(([kind, t]): KindTally => ({ kind, rows: t.rows, bytes: t.bytes }))
    .sort((a, b) => b.bytes - a.bytes || b.rows - a.rows || DU_KINDS.indexOf(a.kind) - DU_KINDS.indexOf(b.kind))
  const largest = sessions
    .sort((a, b) => b.bytes - a.bytes || a.order - b.order)
    .slice(0, Math.max(0, top))
    .map(({ order: _order, ...s }): DuSession => s)

  return {
    target: snapshot.target,
    sessionsDir: snapshot.sessionsDirReal,
    storeStatus: snapshot.store.status,
    total,
    classes,
    notMeasured,
    rows: { total: rows.length, withTranscript, withoutTranscript: rows.length - withTranscript },
    kinds,
    largest,
    sessionsWithBytes: sessions.length,
    cleanup: cleanupFigures(plan)
  }
}

/** `sessions du` of every target. */
export interface DuRun {
  readonly nowMs: number
  /** `--top`. */
  readonly top: number
  /** `--discover` was given. */
  readonly discover: boolean
  readonly stores: ReadonlyArray<DuStoreReport>
  /** Every regular file of the stores' directories, each directory counted once. */
  readonly total: Tally
}

/** The stores' totals, a directory shared by several stores counted once. */
export const duTotal = (stores: ReadonlyArray<DuStoreReport>): Tally => {
  const seen = new Set<string>()
  let total = ZERO
  for (const s of stores) {
    if (seen.has(s.sessionsDir)) continue
    seen.add(s.sessionsDir)
    total = { files: total.files + s.total.files, bytes: total.bytes + s.total.bytes }
  }
  return total
}
