/**
 * clawkeep as a library for Effect programs.
 *
 * The three commands are Effects over two services, `Environment` (variables, cwd, home) and
 * `OpenClawConfig` (the parsed config), plus Effect's `Clock` (read once per run):
 *
 * - `listSessions(request)` → the rows `clawkeep sessions` prints (`renderListJson` /
 *   `renderListText` give the exact output);
 * - `runCleanup(request)` → previews (and applied summaries) of `clawkeep sessions cleanup`; or
 *   step by step: `readSnapshot` → `planCleanup` (pure) → `dryRun(plan)` | `apply(plan)`;
 * - `exportTrajectory(options)` → writes one bundle and returns its summary.
 *
 * `ClawkeepLive` provides both services from the real process; `Environment.make` and
 * `OpenClawConfig.make` build them from values (tests, embedding). See docs/library.md.
 */
import { Layer } from "effect"
import { OpenClawConfig } from "./store/config.js"
import { Environment } from "./store/environment.js"

// ── domain: plain data and rules ────────────────────────────────────────────────────────────
export { DEFAULT_AGENT_ID, normalizeAgentId } from "./domain/agentId.js"
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
export { decodeConfig, validateConfig } from "./domain/configValidation.js"
export { displayModelRef, parseModelRef, type ModelRef } from "./domain/displayModel.js"
export {
  decodeSessionEntry,
  SessionEntry,
  sessionEntryView,
  SessionStoreFromJson,
  SessionStoreSchema
} from "./domain/entry.js"
export {
  ConfigError,
  ExportError,
  FileSystemError,
  SessionPathError,
  SqliteStoreError,
  StoreUnreadableError,
  TargetError,
  UsageError,
  type ClawkeepError
} from "./domain/errors.js"
export {
  agentIdOfKey,
  isCronKey,
  isSyntheticKey,
  kindOfRow,
  parseAgentSessionKey,
  type ParsedAgentKey,
  type SessionKind
} from "./domain/sessionKey.js"
export {
  archiveName,
  classifyFileName,
  parseArchiveName,
  resolveTranscriptPath,
  type FileClass
} from "./domain/sessionFiles.js"
export { parseByteSize, parseDurationMs } from "./domain/units.js"

// ── store: the world outside the process ────────────────────────────────────────────────────
export { loadConfig, OpenClawConfig, type LoadedConfig } from "./store/config.js"
export { discoverStores, discoverStoreTargets, type DiscoveredStore } from "./store/discovery.js"
export {
  configPath,
  Environment,
  openclawHome,
  stateDir,
  type EnvironmentShape
} from "./store/environment.js"
export { takeSnapshot } from "./interpreters/snapshot.js"
export { inspectSqliteStore, requireNoSqliteStore, type SqliteStoreVerdict } from "./store/sqliteGuard.js"
export {
  parseStoreText,
  readStore,
  requireWritable,
  serializeStore,
  writeStore,
  type SessionStore,
  type StoreRead,
  type WriteResult
} from "./store/storeFile.js"
export { resolveStorePath, resolveTargets, type StoreTarget, type TargetOptions } from "./store/targets.js"

// ── sessions (list) ─────────────────────────────────────────────────────────────────────────
export { listSessions, type ListRequest, type ListResult, type ListRow } from "./list/program.js"
export { renderListJson } from "./render/listJson.js"
export { renderListText } from "./render/listText.js"
export { colorEnabled, makePalette, type Palette } from "./render/colors.js"

// ── sessions cleanup ────────────────────────────────────────────────────────────────────────
export {
  buildPlan,
  modeOf,
  planCleanup,
  type AppliedSummary,
  type CleanupOptions,
  type CleanupPlan,
  type CleanupSettings,
  type CleanupSummary,
  type FileAction,
  type RowAction,
  type RowPlan,
  type Snapshot
} from "./maintenance/index.js"
export {
  apply,
  dryRun,
  runCleanup,
  type CleanupError,
  type CleanupRequest,
  type CleanupRun,
  type PreviewedStore
} from "./interpreters/index.js"
export { renderAppliedText, renderCleanupJson, renderDryRunText } from "./render/cleanup.js"

// ── sessions export-trajectory ──────────────────────────────────────────────────────────────
export { exportTrajectory, formatSummary as formatExportSummary, type ExportOptions, type ExportSummary } from "./export/program.js"

/** The real process environment and the config it names (fails with `ConfigError`). */
export const ClawkeepLive = Layer.provideMerge(OpenClawConfig.layer, Environment.layer)
