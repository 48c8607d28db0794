/**
 * clawkeep as a library for Effect programs: programs, data types, layers and errors.
 *
 * Every program requires its services from the context — `Environment` (variables, cwd, home),
 * `OpenClawConfig` (the parsed config), `SessionFs` (the file system) — and reads Effect's
 * `Clock` once per run:
 *
 * - `listSessions(request)` → the rows `clawkeep sessions` prints;
 * - `runCleanup(request)` → one plan per store (`previews`) and what apply did (`applied`); or
 *   step by step: `takeSnapshot` → `planCleanup` (pure over the snapshot) → `dryRun(plan)` | `apply(plan.apply)`;
 * - `runPrune(request)` → `sessions prune`: the rows its selectors choose, removed through the same
 *   plan → `dryRun` | `apply` path (`planPruneStore`, `buildPrunePlan` step by step);
 * - `applyPlans(plans)`, `readPlanFile`, `writePlanFile` → saved plans (`--plan-out`, `--apply-plan`);
 * - `runRestore(request)`, `listJournals`, `recoverPending` → undo an apply from its journal, list
 *   the journals, finish or roll back an interrupted apply (docs/safety.md);
 * - `diskUsage(request)` → what fills each sessions dir and what cleanup would free (docs/du.md);
 * - `exportTrajectory(options)` → writes one bundle and returns its summary.
 *
 * `ClawkeepLive` provides the services from the real process (with OpenClaw's `.env` files
 * applied) and disk; `ClawkeepTest` from memory (a file tree value, a fixed environment and clock). Domain helpers (session-key
 * grammar, file names, units, store text) are in `clawkeep/helpers`. See docs/library.md.
 */
import { Layer } from "effect"
import { OpenClawConfig } from "./store/config.js"
import { withEnvFiles } from "./store/envFiles.js"
import { Environment } from "./store/environment.js"
import { GatewayProbe } from "./store/gateway.js"
import { NodeSessionFs } from "./store/nodeFs.js"

// ── services and layers ─────────────────────────────────────────────────────────────────────
export { Environment, type EnvironmentShape } from "./store/environment.js"
export { OpenClawConfig, type LoadedConfig } from "./store/config.js"
export { SessionFs, makeSessionFs, type FileInfo, type SessionFsShape, type SyncFs } from "./store/sessionFs.js"
export { NodeSessionFs } from "./store/nodeFs.js"
export { memoryFs, type FileTree, type MemoryFs, type TreeNode } from "./store/memoryFs.js"
export { inPhase, Progress, silentProgress, withProgressTask, type ProgressShape, type ProgressTask } from "./domain/progress.js"
export { ClawkeepTest, fixedClock, type ClawkeepTestKit, type ClawkeepTestOptions } from "./testing.js"

export {
  GatewayProbe,
  gatewayAddresses,
  probeGateway,
  requireNoLiveGateway,
  type GatewayAddress,
  type GatewayAnswer,
  type GatewayProbeShape
} from "./store/gateway.js"

export { loadEnvFiles, withEnvFiles, type EnvFilesResult } from "./store/envFiles.js"

/**
 * The real process environment with OpenClaw's `.env` files applied (as the CLI and OpenClaw do,
 * so a program sees the same stores), the real disk, the config they name (fails with
 * `ConfigError`) and the network probe for a running Gateway. See docs/env-files.md.
 */
export const ClawkeepLive = Layer.merge(
  Layer.provideMerge(OpenClawConfig.layer, Layer.merge(Layer.provide(withEnvFiles, Layer.merge(Environment.layer, NodeSessionFs.layer)), NodeSessionFs.layer)),
  GatewayProbe.live
)

/** `ClawkeepLive` on the process environment as it is: no `.env` file is read. */
export const ClawkeepLiveWithoutEnvFiles = Layer.merge(
  Layer.provideMerge(OpenClawConfig.layer, Layer.merge(Environment.layer, NodeSessionFs.layer)),
  GatewayProbe.live
)

// ── errors ──────────────────────────────────────────────────────────────────────────────────
export {
  ApplyIncompleteError,
  ConfigError,
  ExportError,
  FileSystemError,
  GatewayRunningError,
  JournalError,
  PlanFileError,
  PlanMismatchError,
  SessionPathError,
  SqliteStoreError,
  StoreChangedError,
  StoreUnreadableError,
  TargetError,
  UsageError,
  type ClawkeepError
} from "./domain/errors.js"

// ── sessions (list) ─────────────────────────────────────────────────────────────────────────
export { listSessions, type ListRequest, type ListResult, type ListRow } from "./list/program.js"
export { renderListJson } from "./render/listJson.js"
export { renderListText } from "./render/listText.js"
export { colorEnabled, makePalette, type Palette } from "./render/colors.js"
export { discoverStores, discoverStoreTargets, type DiscoveredStore } from "./store/discovery.js"
export { resolveTargets, type StoreTarget, type TargetOptions } from "./store/targets.js"

// ── sessions cleanup ────────────────────────────────────────────────────────────────────────
export {
  modeOf,
  planCleanup,
  type AppliedSummary,
  type ApplyPlan,
  type ApplyResult,
  type CleanupOptions,
  type CleanupPlan,
  type CleanupSettings,
  type CleanupSummary,
  type FileAction,
  type FileFingerprint,
  type Listing,
  listedRows,
  type OperationOutcome,
  PlanRows,
  type PlannedRow,
  type PreviewPlan,
  type RowAction,
  type RowPlan,
  type Snapshot,
  type StoreFingerprint
} from "./maintenance/index.js"
export { ApplyPlanSchema, decodePlanFile, encodePlanFile, PlanFile } from "./maintenance/planSchema.js"
export {
  apply,
  applyPlans,
  dryRun,
  planStores,
  readPlanFile,
  runCleanup,
  takeSnapshot,
  writePlanFile,
  type CleanupError,
  type CleanupRequest,
  type CleanupRun,
  type PreviewedStore
} from "./interpreters/index.js"
export { renderAppliedText, renderCleanupJson, renderDryRunText } from "./render/cleanup.js"
export { renderExplainText } from "./render/explain.js"

// ── journal and sessions restore ────────────────────────────────────────────────────────────
export {
  isUndoable,
  journalsFor,
  listJournals,
  recoverPending,
  restoreJournal,
  runRestore,
  type ApplyOptions,
  type ListedJournal,
  type RestoredFile,
  type RestoreError,
  type RestoreRequest,
  type RestoreResult,
  type RestoreRun
} from "./interpreters/index.js"
export { Journal, JournalOperation, JournalStatus } from "./maintenance/journal.js"
export { Processes, type ProcessesShape } from "./store/processes.js"
export { Collector, type CollectorShape } from "./store/collector.js"
export { renderJournalListJson, renderJournalListText, renderRestoreJson, renderRestoreText } from "./render/restore.js"

// ── sessions du ─────────────────────────────────────────────────────────────────────────────
export { diskUsage, type DuError, type DuRequest } from "./interpreters/du.js"
export { DU_CLASSES, DU_KINDS, type DuClass, type DuKind } from "./domain/du.js"
export type { ClassTally, DuCleanup, DuRun, DuSession, DuStoreReport, KindTally, Tally } from "./maintenance/du.js"
export { renderDuJson, renderDuText } from "./render/du.js"

// ── sessions prune ──────────────────────────────────────────────────────────────────────────
export {
  buildPrunePlan,
  channelOfRow,
  globRegExp,
  isIdleRow,
  parsePruneSelectors,
  PRUNE_KINDS,
  pruneSummary,
  rowKinds,
  rowSelected,
  transcriptMissing,
  type ProtectedRow,
  type PruneOptions,
  type PrunePlan,
  type PruneSelectorInput,
  type PruneSelectors,
  type PruneSummary
} from "./maintenance/prune.js"
export { planPrune, planPruneStore, runPrune, type PrunedStore, type PruneRequest, type PruneRun } from "./interpreters/index.js"
export { renderPruneAppliedJson, renderPruneAppliedText, renderPruneDryRunJson, renderPruneDryRunText } from "./render/prune.js"

// ── sessions export-trajectory ──────────────────────────────────────────────────────────────
export { exportTrajectory, formatSummary as formatExportSummary, type ExportOptions, type ExportSummary } from "./export/program.js"

// ── config ──────────────────────────────────────────────────────────────────────────────────
export {
  decodeSettings,
  type AgentDefaults,
  type AgentSettings,
  type AgentsSettings,
  type DmScope,
  type LoggingSettings,
  type MaintenanceMode,
  type MaintenanceSettings,
  type ModelPolicy,
  type OpenClawSettings,
  type ProviderModel,
  type ProviderSettings,
  type SessionSettings
} from "./domain/config.js"
export { decodeConfig } from "./domain/configValidation.js"

// ── store data ──────────────────────────────────────────────────────────────────────────────
export { SessionEntry, SessionStoreFromJson, SessionStoreSchema } from "./domain/entry.js"
export { readStore, writeStore, type SessionStore, type StoreRead, type WriteResult } from "./store/storeFile.js"
