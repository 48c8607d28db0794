/**
 * Data of `sessions cleanup`: the snapshot a plan is built from, the plan itself and the
 * summaries derived from it. Plain values only; nothing here touches disk.
 */
import type { MaintenanceMode, MaintenanceSettings } from "../domain/config.js"
import type { Listing } from "./listing.js"
import type { PlanRows } from "./planRows.js"
import type { Rows } from "./rows.js"

/** What the file system answered about one path outside the directory listing. */
export interface PathFact {
  /** Undefined when the path does not exist (or realpath failed). */
  readonly realpath: string | undefined
  readonly type: "file" | "symlink" | "dir" | "other" | "missing"
  readonly statIsFile: boolean
  readonly size: number
  readonly mtimeMs: number
  /** `lstat` inode number (0 when missing). */
  readonly ino: number
}

export interface CleanupTarget {
  readonly agentId: string
  readonly storePath: string
}

/**
 * Everything a plan needs, gathered by one read pass: the store rows, the sessions-dir listing,
 * the contents of the small files a rule reads (trajectory pointers) and the answers about
 * paths outside the listing (real paths, existence) that the rules ask.
 */
export interface Snapshot {
  readonly target: CleanupTarget
  /** `dirname(resolve(storePath))`. */
  readonly sessionsDir: string
  /** Real path of the sessions dir (equal to `sessionsDir` when it does not exist). */
  readonly sessionsDirReal: string
  readonly dirExists: boolean
  readonly stateDir: string
  /** OpenClaw home (legacy transcript dir `<home>/.openclaw/sessions`). */
  readonly homeDir: string
  /** Working directory (relative pointer `runtimeFile`s resolve against it). */
  readonly cwd: string
  readonly store: {
    readonly status: "missing" | "ok" | "invalid"
    /**
     * Rows in `Object.entries` order: the key and the row's planning projection (the fields the
     * rules read, `projectPlanEntry`), never the whole row: an object, or an `EntryFields` handle
     * on one (read through the readers of `src/domain/entry.ts`).
     */
    readonly entries: Rows
    /** What the store file was when it was read. */
    readonly fingerprint: StoreFingerprint
    /** A row's whole value, read back from the file (the disk budget measures whole rows). */
    readonly value: (key: string) => unknown
    /** Whether writing every row back would give the file's text as it is (then nothing is written). */
    readonly unchanged: () => boolean
    /** Rows nested so deeply that writing them back may exceed the stack (`JSON.stringify` recurses). */
    readonly deepKeys: ReadonlyArray<string>
  }
  /** The entries directly inside the sessions directory, as `readdir` + `lstat` + `stat` saw them. */
  readonly listing: Listing
  /** Text of small files the rules read (trajectory pointers), by absolute path. */
  readonly texts: Readonly<Record<string, string>>
  /** Answers for paths not in the listing, by absolute path. */
  readonly probes: Readonly<Record<string, PathFact>>
}

/** `prune-selected`: removed by `sessions prune` (its selectors chose the row); never in a cleanup plan. */
export type RowAction = "keep" | "prune-missing" | "retire-dm-scope" | "prune-stale" | "cap-overflow" | "evict-budget" | "prune-selected"

/** One row's fate in a plan: what happens to it and why. */
export interface PlannedRow {
  readonly key: string
  readonly action: RowAction
  /** Why: the rule's reason in words. */
  readonly reason: string
}

/** A planned row with the entry it was decided on (in-memory plans; never saved). */
export interface RowPlan extends PlannedRow {
  readonly entry: unknown
}

/** A file as the snapshot saw it: a plan's file operation is refused when it no longer is. */
export interface FileFingerprint {
  readonly type: "file" | "symlink" | "dir" | "other"
  readonly size: number
  readonly mtimeMs: number
  readonly ino: number
}

/** The store file as the snapshot read it (`exists: false`: there was none). */
export interface StoreFingerprint {
  readonly exists: boolean
  readonly size: number
  readonly mtimeMs: number
  readonly ino: number
  /** SHA-256 of the file's bytes, hex (empty when it did not exist). */
  readonly sha256: string
}

export type FileReason =
  | "transcript-of-removed-row"
  | "trajectory-sidecar"
  | "archive-retention"
  | "disk-budget-file"
  | "disk-budget-row-artifact"
  | "unreferenced-artifact"
  /** clawkeep's own: a `.clawkeep-write.*.tmp` left by a killed apply (D19); never counted. */
  | "stale-temp-file"

export interface FileAction {
  readonly op: "archive" | "delete"
  /** Absolute path inside the sessions dir. */
  readonly path: string
  /** Archive destination (op `archive`). */
  readonly to?: string
  readonly bytes: number
  /** Whether the reference counts it in `removedFiles`/`freedBytes` (zero-byte deletions are not counted). */
  readonly counted: boolean
  readonly reason: FileReason
  /** The row (key) or session the action belongs to, when there is one. */
  readonly key?: string
  readonly sessionId?: string
  /** The file at `path` as the snapshot saw it; absent when an earlier operation of the plan creates it. */
  readonly before?: FileFingerprint
}

export interface UnreferencedArtifacts {
  readonly scannedFiles: number
  readonly removedFiles: number
  readonly freedBytes: number
  readonly olderThanMs: number
}

export interface DiskBudgetSummary {
  readonly totalBytesBefore: number
  readonly totalBytesAfter: number
  readonly removedFiles: number
  readonly removedEntries: number
  readonly freedBytes: number
  readonly maxBytes: number
  readonly highWaterBytes: number
  readonly overBudget: boolean
}

/** The disk-budget projection a plan records (removal counts are derived from rows/files). */
export interface DiskBudgetProjection {
  readonly totalBytesBefore: number
  readonly totalBytesAfter: number
  readonly maxBytes: number
  readonly highWaterBytes: number
  readonly overBudget: boolean
}

export interface CleanupOptions {
  readonly dryRun: boolean
  readonly enforce: boolean
  readonly fixMissing: boolean
  readonly fixDmScope: boolean
  readonly activeKey: string | undefined
}

/** What a plan is about: the store, the instant, the settings and flags it was made with. */
export interface PlanHeader {
  readonly target: CleanupTarget
  readonly sessionsDir: string
  /** The state dir (where the SQLite-era store would live, D14). */
  readonly stateDir: string
  readonly nowMs: number
  readonly mode: MaintenanceMode
  readonly settings: MaintenanceSettings
  readonly options: CleanupOptions
  readonly storeStatus: "missing" | "ok" | "invalid"
}

/** The decisions of one semantics: every row's fate and every file operation, in order. */
export interface PlanPart<Row extends PlannedRow = PlannedRow> {
  /** Every row of the store as read, in store order, with its action. */
  readonly rows: PlanRows<Row>
  /** File operations in the order the reference performs them. */
  readonly files: ReadonlyArray<FileAction>
  /** Files the unreferenced sweep scanned. */
  readonly scannedFiles: number
  readonly diskBudget: DiskBudgetProjection | null
}

/** The store write of an apply plan: the kept rows' keys, in the order they are written. */
export interface StoreWrite {
  readonly keys: ReadonlyArray<string>
  /** True when the new text equals the file's text (nothing is written). */
  readonly skip: boolean
}

/**
 * What `apply` executes: the reference's apply (docs/cleanup.md#the-two-parts) of one store, every write listed
 * in its order, with fingerprints of the store and of every file it touches. Plain data with a
 * Schema (`ApplyPlanSchema`): it can be printed, saved and applied later.
 */
export interface ApplyPlan extends PlanHeader, PlanPart {
  readonly write: StoreWrite
  readonly store: StoreFingerprint
}

/** What `--dry-run` reports: the reference's preview (docs/cleanup.md#the-two-parts); never executed. */
export interface PreviewPlan extends PlanHeader, PlanPart<RowPlan> {}

/**
 * The plan of one store, built from one snapshot: the preview the reference's `--dry-run`
 * prints and the apply plan that `apply` executes (they differ in warn mode, docs/cleanup.md#the-two-parts).
 */
export interface CleanupPlan {
  readonly preview: PreviewPlan
  readonly apply: ApplyPlan
}

export interface CleanupSummary {
  readonly agentId: string
  readonly storePath: string
  readonly mode: MaintenanceMode
  readonly dryRun: boolean
  readonly beforeCount: number
  readonly afterCount: number
  readonly missing: number
  readonly dmScopeRetired: number
  readonly pruned: number
  readonly capped: number
  readonly unreferencedArtifacts: UnreferencedArtifacts
  readonly diskBudget: DiskBudgetSummary | null
  readonly wouldMutate: boolean
}

export interface AppliedSummary extends CleanupSummary {
  readonly applied: true
  readonly appliedCount: number
}

/** What became of one operation of an apply. */
export interface OperationOutcome {
  readonly op: "archive" | "delete" | "write"
  readonly path: string
  readonly to?: string
  /**
   * `skipped`: nothing to do or refused (already gone, a directory, not a regular file, outside
   * the sessions dir, the session store, a clawkeep file); `failed`: an error.
   */
  readonly status: "done" | "skipped" | "failed"
  readonly detail?: string
  /** Archive and delete: the file's size as planned (what a deletion frees). */
  readonly bytes?: number
}

/** The result of `apply(plan)`: the reference's applied summary and every operation's outcome. */
export interface ApplyResult {
  /** What the reference would print for this store; true to the disk only when `completed`. */
  readonly summary: AppliedSummary
  readonly operations: ReadonlyArray<OperationOutcome>
  /**
   * Whether every archive was made and the store written (or left as it was): false when apply
   * stopped before the store write, so the rows on disk are the rows before.
   */
  readonly completed: boolean
  /** The journal of this apply (`sessions restore --id`); undefined when there was nothing to do. */
  readonly journalId?: string | undefined
  /**
   * Set when someone else wrote the store right after apply did and put removed rows back (a
   * running Gateway, most likely): what was seen and put back, in words.
   */
  readonly interference?: string | undefined
}
