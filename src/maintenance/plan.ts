/**
 * Builds cleanup plans from a snapshot: the reference's preview and apply
 * (docs/cleanup.md#the-two-parts) as pipes of the rule functions, in the reference's order. Pure: every answer about the
 * disk comes from the snapshot, and later rules see the earlier rules' renames and deletions
 * through the view's overlay.
 */
import type { DmScope, MaintenanceMode, MaintenanceSettings } from "../domain/config.js"
import { isEntryFields } from "../domain/entry.js"
import { serializeEntry } from "../domain/storeText.js"
import { archiveTranscripts } from "./archive.js"
import { capEntries } from "./capEntries.js"
import { diskBudget } from "./diskBudget.js"
import { fixMissing } from "./fixMissing.js"
import { FsView } from "./fsView.js"
import { artifactPaths, InvalidSessionId, namesNoFile } from "./paths.js"
import { preserveKeys, protectionReason } from "./protection.js"
import { pruneStale } from "./pruneStale.js"
import { archiveRetention } from "./retention.js"
import { retireDmScope } from "./retireDmScope.js"
import { concatRows, type IndexedRows, isIndexedRows, keySet, type Rows, withoutKeys } from "./rows.js"
import { idsOf, keyOfSession, rememberRemoved, removedRowFiles } from "./removedRows.js"
import { keptPaths, staleTempFiles } from "./safety.js"
import { sweepUnreferenced } from "./sweep.js"
import type {
  ApplyPlan,
  CleanupOptions,
  CleanupPlan,
  FileAction,
  FileFingerprint,
  PlannedRow,
  PreviewPlan,
  RowAction,
  RowPlan,
  Snapshot
} from "./types.js"

/**
 * Appends `items` to `target` one by one (`push(...items)` passes every item as an argument:
 * beyond some 100 000 items it overflows the stack).
 */
export const append = <T>(target: Array<T>, items: ReadonlyArray<T>): void => {
  for (const item of items) target.push(item)
}

export interface CleanupSettings {
  readonly maintenance: MaintenanceSettings
  readonly dmScope: DmScope
}

export const modeOf = (settings: CleanupSettings, options: CleanupOptions): MaintenanceMode =>
  options.enforce ? "enforce" : settings.maintenance.mode

interface Decisions {
  readonly missing: ReadonlyMap<string, string>
  readonly retired: ReadonlySet<string>
  readonly stale: ReadonlySet<string>
  readonly capped: ReadonlySet<string>
  readonly evicted: ReadonlySet<string>
}

const describeRows = <R extends PlannedRow>(
  rows: Rows,
  d: Decisions,
  cutoffMs: number,
  maxEntries: number,
  preserve: ReadonlySet<string>,
  /** The row as the plan keeps it: with its entry (the preview) or without (the apply part); `index` in `rows`. */
  make: (key: string, entry: unknown, action: RowAction, reason: string, index: number) => R
): ReadonlyArray<R> => {
  // (the reasons repeat: each text is made once per plan, not once per row)
  const staleReason = `updatedAt before cutoff ${cutoffMs}`
  const cappedReason = `beyond the ${maxEntries} newest rows`
  const protectedReasons = new Map<string, string>()
  return rows.map(([key, entry], index): R => {
    let action: RowAction = "keep"
    let reason: string
    if (d.retired.has(key)) {
      action = "retire-dm-scope"
      reason = "per-peer direct key while session.dmScope is main"
    } else if (d.missing.has(key)) {
      action = "prune-missing"
      reason = `transcript missing: ${d.missing.get(key)}`
    } else if (d.stale.has(key)) {
      action = "prune-stale"
      reason = staleReason
    } else if (d.capped.has(key)) {
      action = "cap-overflow"
      reason = cappedReason
    } else if (d.evicted.has(key)) {
      action = "evict-budget"
      reason = "evicted to bring the sessions dir under highWaterBytes"
    } else if (preserve.has(key)) {
      reason = "active key"
    } else {
      const protectedBy = protectionReason(key, entry)
      if (protectedBy === undefined) reason = "within retention"
      else {
        let text = protectedReasons.get(protectedBy)
        if (text === undefined) protectedReasons.set(protectedBy, (text = `protected: ${protectedBy}`))
        reason = text
      }
    }
    return make(key, entry, action, reason, index)
  })
}

/**
 * A preview row whose entry is read again from the rows each time it is asked: an entry made at
 * each read (`EntryFields`, the rules' fields in the scanner's columns) would otherwise be kept,
 * an object per row, for as long as the plan.
 */
class RowReadAgain implements RowPlan {
  readonly #rows: IndexedRows
  readonly #index: number
  constructor(
    readonly key: string,
    readonly action: RowAction,
    readonly reason: string,
    rows: IndexedRows,
    index: number
  ) {
    this.#rows = rows
    this.#index = index
  }
  get entry(): unknown {
    return this.#rows.entryAt(this.#index)
  }
}

/** The preview's rows of `rows`: each with its entry, or the means to read it again (`RowReadAgain`). */
const withEntry =
  (rows: Rows) =>
  (key: string, entry: unknown, action: RowAction, reason: string, index: number): RowPlan =>
    isEntryFields(entry) && isIndexedRows(rows) ? new RowReadAgain(key, action, reason, rows, index) : { key, entry, action, reason }
const withoutEntry = (key: string, _entry: unknown, action: RowAction, reason: string): PlannedRow => ({ key, action, reason })

const emptyDecisions = (): Decisions => ({ missing: new Map(), retired: new Set(), stale: new Set(), capped: new Set(), evicted: new Set() })

/** The explicit repairs, in the reference's order: `--fix-missing`, then `--fix-dm-scope`. */
const repairs = (fs: FsView, settings: CleanupSettings, options: CleanupOptions, before: Rows) => {
  const missingRows = options.fixMissing ? fixMissing(fs, before) : []
  if (missingRows instanceof InvalidSessionId) return missingRows
  const missing = new Map(missingRows.map((r) => [r.key, r.transcript]))
  const afterMissing = withoutKeys(before, new Set(missing.keys()))
  const retired = new Set(
    options.fixDmScope ? retireDmScope(afterMissing, settings.dmScope, fs.snapshot.target.agentId, options.activeKey) : []
  )
  return { missing, retired, afterRetire: withoutKeys(afterMissing, retired) }
}

/** The reference's preview of one store (docs/cleanup.md#the-two-parts). Fails on an invalid session id with `--fix-missing`. */
export const buildPreviewPlan = (
  fs: FsView,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number
): PreviewPlan | InvalidSessionId => {
  const snapshot = fs.snapshot
  const m = settings.maintenance
  const before: Rows = snapshot.store.entries
  const repaired = repairs(fs, settings, options, before)
  if (repaired instanceof InvalidSessionId) return repaired
  const { missing, retired, afterRetire } = repaired
  const preserve = preserveKeys(options.activeKey)
  const cutoffMs = nowMs - m.pruneAfterMs
  const stale = keySet(pruneStale(afterRetire, cutoffMs, preserve))
  const afterPrune = withoutKeys(afterRetire, stale)
  const capped = keySet(capEntries(afterPrune, m.maxEntries, preserve))
  const afterCap = withoutKeys(afterPrune, capped)
  const excluded = new Set<string>()
  // the removed rows' files are not swept (only files that exist can be swept, so only theirs
  // are asked for their canonical path)
  for (const [key, entry] of before) {
    if (!stale.has(key) && !capped.has(key) && !retired.has(key)) continue
    if (namesNoFile(fs, entry)) continue
    for (const p of artifactPaths(fs, entry)) if (fs.exists(p)) excluded.add(fs.canonical(p))
  }
  const budget = diskBudget(fs, afterCap, {
    maxBytes: m.maxDiskBytes,
    highWaterBytes: m.highWaterBytes,
    activeKey: options.activeKey,
    preserve,
    warnOnly: false,
    dryRun: true
  })
  for (const f of budget.files) excluded.add(f.path)
  const sweep = sweepUnreferenced(fs, budget.rows, m.pruneAfterMs, nowMs, true, excluded)
  const decisions: Decisions = { missing, retired, stale, capped, evicted: new Set(budget.evicted) }
  return {
    target: snapshot.target,
    sessionsDir: snapshot.sessionsDir,
    stateDir: snapshot.stateDir,
    nowMs,
    mode: modeOf(settings, options),
    settings: m,
    options,
    storeStatus: snapshot.store.status,
    rows: describeRows(before, decisions, cutoffMs, m.maxEntries, preserve, withEntry(before)),
    files: [...budget.files, ...sweep.files],
    scannedFiles: sweep.scannedFiles,
    diskBudget: budget.projection
  }
}

/** The reference's apply of one store (docs/cleanup.md#the-two-parts), every write listed in its order. */
export const buildApplyPlan = (
  fs: FsView,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number
): ApplyPlan | InvalidSessionId => {
  const snapshot = fs.snapshot
  const m = settings.maintenance
  const mode = modeOf(settings, options)
  const before: Rows = snapshot.store.entries
  const repaired = repairs(fs, settings, options, before)
  if (repaired instanceof InvalidSessionId) return repaired
  const { missing, retired, afterRetire } = repaired
  // (the retired keys are in store order)
  const dmScopeRemoved = new Map<string, string | undefined>()
  if (retired.size > 0) for (const [key, entry] of before) if (retired.has(key)) rememberRemoved(dmScopeRemoved, entry, true)
  const preserve = preserveKeys(options.activeKey)
  const cutoffMs = nowMs - m.pruneAfterMs
  const files: Array<FileAction> = []
  let stale: ReadonlySet<string> = new Set()
  let capped: ReadonlySet<string> = new Set()
  let rows: Rows = afterRetire
  let budget
  if (mode === "warn") {
    budget = diskBudget(fs, rows, {
      maxBytes: m.maxDiskBytes,
      highWaterBytes: m.highWaterBytes,
      activeKey: options.activeKey,
      preserve,
      warnOnly: true,
      dryRun: false,
      savePass: true
    })
  } else {
    const staleRows = pruneStale(rows, cutoffMs, preserve)
    stale = keySet(staleRows)
    const afterPrune = withoutKeys(rows, stale)
    const cappedRows = capEntries(afterPrune, m.maxEntries, preserve)
    capped = keySet(cappedRows)
    rows = withoutKeys(afterPrune, capped)
    // (the removed rows one list after the other, each pair made as it is read)
    const { archived, sidecars } = removedRowFiles(fs, before, concatRows(staleRows, cappedRows), (k) => stale.has(k) || capped.has(k), rows, nowMs)
    append(files, archived)
    append(files, sidecars)
    append(files, archiveRetention(fs, m.pruneAfterMs, m.resetArchiveRetentionMs, nowMs, archived.length > 0, keptPaths(fs, rows)))
    budget = diskBudget(fs, rows, {
      maxBytes: m.maxDiskBytes,
      highWaterBytes: m.highWaterBytes,
      activeKey: options.activeKey,
      preserve,
      warnOnly: false,
      dryRun: false,
      savePass: true
    })
    append(files, budget.files)
    rows = budget.rows
  }
  // the rules only remove rows, so the text stays the same only when every row stays and the
  // file is already written the way it would be written
  const skip = snapshot.store.status === "ok" && rows.length === before.length && snapshot.store.unchanged()
  const write = { keys: rows.map(([k]) => k), skip }
  if (!skip) writableOrThrow(snapshot, write.keys)
  // (no later rule measures the store, so its size after the write is left as it was)
  if (!skip) fs.writeFile(snapshot.target.storePath, snapshot.store.fingerprint.size, nowMs)
  if (dmScopeRemoved.size > 0) {
    const retiredRows = before.filter(([k]) => retired.has(k))
    append(files, archiveTranscripts(fs, dmScopeRemoved, idsOf(rows), nowMs, keyOfSession(retiredRows), keptPaths(fs, rows)))
  }
  let scannedFiles = 0
  if (mode !== "warn") {
    const sweep = sweepUnreferenced(fs, rows, m.pruneAfterMs, nowMs, false, new Set())
    scannedFiles = sweep.scannedFiles
    append(files, sweep.files)
  }
  // clawkeep's own leftovers (a killed apply's temp file), in every mode (D19), unless a kept row names one
  append(files, staleTempFiles(fs, nowMs, keptPaths(fs, rows)))
  const decisions: Decisions = { ...emptyDecisions(), missing, retired, stale, capped, evicted: new Set(budget.evicted) }
  return {
    target: snapshot.target,
    sessionsDir: snapshot.sessionsDir,
    stateDir: snapshot.stateDir,
    nowMs,
    mode,
    settings: m,
    options,
    storeStatus: snapshot.store.status,
    rows: describeRows(before, decisions, cutoffMs, m.maxEntries, preserve, withoutEntry),
    files: fingerprinted(fs.pristine(), files),
    scannedFiles,
    diskBudget: budget.projection,
    write,
    store: snapshot.store.fingerprint
  }
}

/**
 * Serialises the kept rows nested deeply enough that `JSON.stringify` may exceed the stack: a
 * store that cannot be written fails the plan (`RangeError`, reported as too deep by
 * `planEffect`) rather than the apply halfway.
 */
export const writableOrThrow = (snapshot: Snapshot, kept: ReadonlyArray<string>): void => {
  if (snapshot.store.deepKeys.length === 0) return
  const keep = new Set(kept)
  for (const key of snapshot.store.deepKeys) if (keep.has(key)) serializeEntry(key, snapshot.store.value(key))
}

/**
 * Each file operation with the fingerprint of its file as the snapshot saw it (none for a file
 * an earlier operation of the plan creates, such as an archive that retention then deletes).
 */
export const fingerprinted = (view: FsView, files: ReadonlyArray<FileAction>): ReadonlyArray<FileAction> => {
  const created = new Set<string>()
  return files.map((a) => {
    const made = created.has(a.path)
    if (a.to !== undefined) created.add(a.to)
    const n = made ? undefined : view.node(a.path)
    if (n === undefined) return a
    const before: FileFingerprint = { type: n.type, size: n.size, mtimeMs: n.mtimeMs, ino: n.ino }
    // (`Object.assign`, not a spread: V8 gives every `{ ...a, before }` a hidden class of its own)
    return Object.assign({}, a, { before })
  })
}

/**
 * Which parts of a plan its caller is going to read. A part not wanted is built from the same
 * snapshot when it is first read (`buildPlan`): a dry run in enforce mode prints only the
 * preview, an apply in enforce mode executes only the apply part.
 */
export interface PlanParts {
  readonly preview: boolean
  readonly apply: boolean
}

export const BOTH_PARTS: PlanParts = { preview: true, apply: true }

/**
 * The plan of one store from one snapshot: the preview and the apply plan (no I/O but whole
 * rows read back through `snapshot.store.value`). The parts in `parts` are built now; the other
 * one when it is first read, from the same snapshot, so it is the same value either way (but a
 * part built later reads rows back from the store file then, and throws `StoreReadBackError`
 * when the file is no longer the one scanned). A store too deep to be written back fails the
 * apply part, so then both parts are built now.
 */
export const buildPlan = (
  snapshot: Snapshot,
  settings: CleanupSettings,
  options: CleanupOptions,
  nowMs: number,
  /** The views the rules ask (default: replay of the snapshot; the snapshot taker passes probing ones). */
  view: () => FsView = () => new FsView(snapshot),
  parts: PlanParts = BOTH_PARTS
): CleanupPlan | InvalidSessionId => {
  const previewPart = () => buildPreviewPlan(view(), settings, { ...options, dryRun: true }, nowMs)
  const applyPart = () => buildApplyPlan(view(), settings, { ...options, dryRun: false }, nowMs)
  const applyNow = parts.apply || snapshot.store.deepKeys.length > 0
  const previewNow = parts.preview || !applyNow
  const preview = previewNow ? previewPart() : undefined
  if (preview instanceof InvalidSessionId) return preview
  const apply = applyNow ? applyPart() : undefined
  if (apply instanceof InvalidSessionId) return apply
  return new PlanOfParts(preview ?? previewPart, apply ?? applyPart)
}

/** Thrown when a part built later finds an invalid session id the part built first did not (a defect: both run the same repairs). */
const built = <A>(part: A | InvalidSessionId): A => {
  if (part instanceof InvalidSessionId) throw new Error(`a plan part built later found an invalid session id: ${part.sessionId}`)
  return part
}

/** A cleanup plan whose parts are values or built (once) when first read. */
class PlanOfParts implements CleanupPlan {
  #preview: PreviewPlan | (() => PreviewPlan | InvalidSessionId)
  #apply: ApplyPlan | (() => ApplyPlan | InvalidSessionId)
  constructor(preview: PreviewPlan | (() => PreviewPlan | InvalidSessionId), apply: ApplyPlan | (() => ApplyPlan | InvalidSessionId)) {
    this.#preview = preview
    this.#apply = apply
  }
  get preview(): PreviewPlan {
    if (typeof this.#preview === "function") this.#preview = built(this.#preview())
    return this.#preview
  }
  get apply(): ApplyPlan {
    if (typeof this.#apply === "function") this.#apply = built(this.#apply())
    return this.#apply
  }
}
