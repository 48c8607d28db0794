/** The two interpreters of a cleanup plan. */
export { apply, beforeWriteGuards, sqliteEraGuard } from "./apply.js"
export { dryRun } from "./dryRun.js"
export { runCleanup, type CleanupError, type CleanupRequest, type CleanupRun, type PreviewedStore } from "./program.js"
