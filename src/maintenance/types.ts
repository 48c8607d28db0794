/**
 * Data of `sessions cleanup`: the snapshot a plan is built from, the plan itself and the
 * summaries derived from it. Plain values only; nothing here touches disk.
 */
import type { MaintenanceMode, MaintenanceSettings } from "../domain/config.js"

/** One entry directly inside the sessions directory, as `readdir` + `lstat` + `stat` saw it. */
export interface DirEntry {
  readonly name: string
  /** `lstat` type. */
  readonly type: "file" | "symlink" | "dir" | "other"
  /** `stat` (symlinks followed): regular file? */
  readonly statIsFile: boolean
  /** `stat` size and mtime (0 when stat failed). */
  readonly size: number
  readonly mtimeMs: number
  /** Real path; undefined for a dangling symlink. */
  readonly realpath: string | undefined
}

/** What the file system answered about one path outside the directory listing. */
export interface PathFact {
  /** Undefined when the path does not exist (or realpath failed). */
  readonly realpath: string | undefined
  readonly type: "file" | "symlink" | "dir" | "other" | "missing"
  readonly statIsFile: boolean
  readonly size: number
  readonly mtimeMs: number
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
    readonly text: string | undefined
    /** Rows in file order. */
    readonly entries: ReadonlyArray<readonly [string, unknown]>
  }
  readonly listing: ReadonlyArray<DirEntry>
  /** Text of small files the rules read (trajectory pointers), by absolute path. */
  readonly texts: Readonly<Record<string, string>>
  /** Answers for paths not in the listing, by absolute path. */
  readonly probes: Readonly<Record<string, PathFact>>
}

export type RowAction = "keep" | "prune-missing" | "retire-dm-scope" | "prune-stale" | "cap-overflow" | "evict-budget"

export interface RowPlan {
  readonly key: string
  readonly entry: unknown
  readonly action: RowAction
  /** Why: the rule's reason in words. */
  readonly reason: string
}

export type FileReason =
  | "transcript-of-removed-row"
  | "trajectory-sidecar"
  | "archive-retention"
  | "disk-budget-file"
  | "disk-budget-row-artifact"
  | "unreferenced-artifact"

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

/**
 * A cleanup plan. `preview` plans follow the reference's preview (cleanup §3.1) and are never
 * executed; `apply` plans follow its apply (§3.2) and list every write in the order the
 * reference performs them.
 */
export interface CleanupPlan {
  readonly semantics: "preview" | "apply"
  readonly target: CleanupTarget
  readonly sessionsDir: string
  /** The state dir (where the SQLite-era store would live, D14). */
  readonly stateDir: string
  readonly nowMs: number
  readonly mode: MaintenanceMode
  readonly settings: MaintenanceSettings
  readonly options: CleanupOptions
  readonly storeStatus: "missing" | "ok" | "invalid"
  /** Every row of the store as read, in store order, with its action. */
  readonly rows: ReadonlyArray<RowPlan>
  /** File operations in the order the reference performs them. */
  readonly files: ReadonlyArray<FileAction>
  /** Files the unreferenced sweep scanned. */
  readonly scannedFiles: number
  readonly diskBudget: DiskBudgetProjection | null
  /** Apply plans: the store text to write and whether the write is skipped (unchanged). */
  readonly write: { readonly text: string; readonly skip: boolean; readonly previousText: string | undefined } | undefined
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
