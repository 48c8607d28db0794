/**
 * Disk budget (docs/cleanup.md#disk-budget). Measures the regular files directly in the sessions
 * dir with the store counted at its projected size (the reference's normalised form of the rows,
 * although clawkeep writes the rows verbatim, D6); over `maxDiskBytes` it removes archives and unreferenced
 * artifacts (oldest mtime first), then evicts rows (oldest `updatedAt` first, skipping the
 * active, preserved and protected rows) with their files, until the total is at most
 * `highWaterBytes`. `dryRun` only simulates removals on the sizes measured at the start.
 */
import { normalizeEntryForMeasure } from "../domain/entryNormalization.js"
import { classifyFileName } from "../domain/sessionFiles.js"
import { serializeEntry } from "../domain/storeText.js"
import type { FsView, ListedFile } from "./fsView.js"
import { artifactPaths, sessionIdOf } from "./paths.js"
import { isSkipped } from "./protection.js"
import type { Rows } from "./rows.js"
import { updatedAtOf } from "./rows.js"
import { idNamedPaths, keptPaths, removable } from "./safety.js"
import type { DiskBudgetProjection, FileAction } from "./types.js"

/**
 * Each row's part of the projected store (`serializeEntry` of the row as the reference holds it
 * after loading, docs/store-model.md#reading-sessionsjson; twice normalised for the apply's
 * save pass) and the projected store size: the budget measures this form, while the rows
 * themselves, and what is written, stay verbatim (D6). Whole rows are read back one at a time.
 */
const measureRows = (fs: FsView, rows: Rows, savePass: boolean): { readonly chunks: Map<string, number>; readonly projected: number } => {
  const chunks = new Map<string, number>()
  let total = 0
  let parts = 0
  for (const [key] of rows) {
    const loaded = normalizeEntryForMeasure(fs.snapshot.store.value(key))
    const measured = savePass ? normalizeEntryForMeasure(loaded) : loaded
    if (measured === undefined) continue
    const bytes = Buffer.byteLength(serializeEntry(key, measured))
    chunks.set(key, bytes)
    total += bytes
    parts++
  }
  return { chunks, projected: parts === 0 ? 2 : total + 2 * (parts - 1) + 4 }
}

/** Artifacts a sweep may remove: checkpoints, trajectory files and primary transcripts. */
export const isArtifactName = (name: string): boolean => {
  const c = classifyFileName(name)
  return c.kind === "checkpoint" || c.kind === "trajectory-runtime" || c.kind === "trajectory-pointer" || c.kind === "transcript"
}

export const isUnreferencedArtifact = (file: ListedFile, referenced: ReadonlySet<string>): boolean =>
  !referenced.has(file.canonicalPath) && isArtifactName(file.name)

/** Archives and unreferenced artifacts; never a file a remaining row names, even an archive. */
const isBudgetRemovable = (file: ListedFile, referenced: ReadonlySet<string>): boolean =>
  (classifyFileName(file.name).kind === "archive" && !referenced.has(file.canonicalPath)) || isUnreferencedArtifact(file, referenced)

const budgetTime = (entry: unknown): number => {
  const v = updatedAtOf(entry)
  return typeof v === "number" && Number.isFinite(v) ? v : 0
}

export interface BudgetInput {
  readonly maxBytes: number | undefined
  readonly highWaterBytes: number | undefined
  readonly activeKey: string | undefined
  readonly preserve: ReadonlySet<string>
  readonly warnOnly: boolean
  readonly dryRun: boolean
  /**
   * The reference's apply measures the store after normalising it a second time on save
   * (preview: once, on load). See `normalizeEntryForMeasure`.
   */
  readonly savePass?: boolean
}

export interface BudgetOutcome {
  readonly projection: DiskBudgetProjection | null
  /** Rows left after eviction. */
  readonly rows: Rows
  readonly evicted: ReadonlyArray<string>
  readonly files: ReadonlyArray<FileAction>
}

export const diskBudget = (fs: FsView, rows: Rows, input: BudgetInput): BudgetOutcome => {
  const { maxBytes, highWaterBytes } = input
  if (maxBytes === undefined || highWaterBytes === undefined) return { projection: null, rows, evicted: [], files: [] }
  const files = fs.listFiles()
  const sizes = new Map(files.map((f) => [f.canonicalPath, f.size]))
  const simulated = new Set<string>()
  const storeCanonical = fs.canonical(fs.snapshot.target.storePath)
  const storeFile = files.find((f) => f.canonicalPath === storeCanonical)
  const savePass = input.savePass === true
  const measure = measureRows(fs, rows, savePass)
  const chunks = measure.chunks
  let projected = measure.projected
  let total = files.reduce((s, f) => s + f.size, 0) - (storeFile?.size ?? 0) + projected
  const before = total
  const done = (over: boolean, left: Rows, evicted: ReadonlyArray<string>, actions: ReadonlyArray<FileAction>): BudgetOutcome => ({
    projection: { totalBytesBefore: before, totalBytesAfter: total, maxBytes, highWaterBytes, overBudget: over },
    rows: left,
    evicted,
    files: actions
  })
  if (total <= maxBytes) return done(false, rows, [], [])
  if (input.warnOnly) return done(true, rows, [], [])

  const actions: Array<FileAction> = []
  /** `removeFileForBudget`: the bytes freed (0 = nothing removed or not counted). */
  const remove = (p: string, canonicalPath: string, reason: FileAction["reason"], key?: string): number => {
    // the store, clawkeep's files and non-files are never removed, so never subtracted (D17)
    if (!removable(fs, p)) return 0
    if (input.dryRun) {
      if (simulated.has(canonicalPath)) return 0
      const size = sizes.get(canonicalPath) ?? 0
      if (size <= 0) return 0
      simulated.add(canonicalPath)
      actions.push({ op: "delete", path: canonicalPath, bytes: size, counted: true, reason, ...(key === undefined ? {} : { key }) })
      return size
    }
    const stat = fs.statFile(p)
    if (stat === undefined) return 0
    const target = fs.inRealDir(p)
    actions.push({ op: "delete", path: target, bytes: stat.size, counted: stat.size > 0, reason, ...(key === undefined ? {} : { key }) })
    fs.remove(target)
    return stat.size
  }

  const referenced = keptPaths(fs, rows)
  const queue = files.filter((f) => isBudgetRemovable(f, referenced)).sort((a, b) => a.mtimeMs - b.mtimeMs)
  for (const file of queue) {
    if (total <= highWaterBytes) break
    const freed = remove(file.path, file.canonicalPath, "disk-budget-file")
    if (freed <= 0) continue
    total -= freed
  }

  const left = new Map(rows)
  const evicted: Array<string> = []
  if (total > highWaterBytes) {
    const active = input.activeKey?.trim().toLowerCase() || undefined
    const refCounts = new Map<string, number>()
    // how many remaining rows name each artifact path: a file another row still names is never
    // deleted, even when that row has another session id (a deliberate safety deviation)
    const pathRefs = new Map<string, number>()
    // (and the files named after a remaining row's session id, D20)
    const named = idNamedPaths(fs)
    const rowPaths = (e: unknown) => [...new Set([...artifactPaths(fs, e).map((p) => fs.canonical(p)), ...named(e)])]
    for (const [, e] of rows) {
      const id = sessionIdOf(e)
      if (id !== undefined) refCounts.set(id, (refCounts.get(id) ?? 0) + 1)
      for (const p of rowPaths(e)) pathRefs.set(p, (pathRefs.get(p) ?? 0) + 1)
    }
    const order = [...rows].sort((a, b) => budgetTime(a[1]) - budgetTime(b[1]))
    for (const [key, entry] of order) {
      if (total <= highWaterBytes) break
      if (active !== undefined && key.trim().toLowerCase() === active) continue
      if (entry === null || entry === undefined || entry === false || entry === 0 || entry === "") continue
      if (isSkipped(key, entry, input.preserve)) continue
      const previous = projected
      left.delete(key)
      const chunk = chunks.get(key)
      chunks.delete(key)
      // (a row the reference does not write, as `undefined`, is not in the projected size)
      if (chunk !== undefined) projected = Math.max(2, projected - (chunk + 2))
      total += projected - previous
      evicted.push(key)
      const ownPaths = rowPaths(entry)
      for (const p of ownPaths) pathRefs.set(p, (pathRefs.get(p) ?? 1) - 1)
      const id = sessionIdOf(entry)
      if (id === undefined) continue
      const next = (refCounts.get(id) ?? 1) - 1
      if (next > 0) {
        refCounts.set(id, next)
        continue
      }
      refCounts.delete(id)
      for (const p of artifactPaths(fs, entry)) {
        if ((pathRefs.get(fs.canonical(p)) ?? 0) > 0) continue
        const freed = remove(p, fs.canonical(p), "disk-budget-row-artifact", key)
        if (freed <= 0) continue
        total -= freed
      }
    }
  }
  return done(true, [...left], evicted, actions)
}

