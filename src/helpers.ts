/**
 * `clawkeep/helpers`: the pure rules behind the commands, for programs that want them alone —
 * agent ids, the session-key grammar, config settings, file names, units, the store's text form.
 */
export { DEFAULT_AGENT_ID, normalizeAgentId } from "./domain/agentId.js"
export { validateConfig } from "./domain/configValidation.js"
export { displayModelRef, parseModelRef, type ModelRef } from "./domain/displayModel.js"
export { decodeSessionEntry, sessionEntryView } from "./domain/entry.js"
export {
  agentIdOfKey,
  isCronKey,
  isSyntheticKey,
  kindOfRow,
  parseAgentSessionKey,
  type ParsedAgentKey,
  type SessionKind
} from "./domain/sessionKey.js"
export { archiveName, classifyFileName, parseArchiveName, resolveTranscriptPath, type FileClass } from "./domain/sessionFiles.js"
export { parseStoreText, serializeStore } from "./domain/storeText.js"
export { parseByteSize, parseDurationMs } from "./domain/units.js"
export { configPath, openclawHome, stateDir } from "./store/environment.js"
export { resolveStorePath } from "./store/targets.js"
export { inspectSqliteStore, requireNoSqliteStore, type SqliteStoreVerdict } from "./store/sqliteGuard.js"
