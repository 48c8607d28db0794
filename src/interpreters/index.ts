/** The two interpreters of a cleanup plan, and the cleanup programs built on them. */
export { apply, beforeWriteGuards, type ApplyOptions, planMismatches, sqliteEraGuard } from "./apply.js"
export { dryRun } from "./dryRun.js"
export { readPlanFile, writePlanFile } from "./planFile.js"
export {
  applyEach,
  applyPlans,
  planStores,
  runCleanup,
  type CleanupError,
  type CleanupRequest,
  type CleanupRun,
  APPLY_ATTEMPTS,
  type PreviewedStore
} from "./program.js"
export { snapshotAndBuild, snapshotAndPlan, takeSnapshot } from "./snapshot.js"
export { planPrune, planPruneStore, runPrune, type PrunedStore, type PruneRequest, type PruneRun } from "./prune.js"
export { clawkeepDir, journalDir, JOURNAL_MAX_AGE_MS, recoverPending, type ListedJournal } from "./journal.js"
export {
  isUndoable,
  journalsFor,
  listJournals,
  restoreJournal,
  runRestore,
  type RestoredFile,
  type RestoreError,
  type RestoreRequest,
  type RestoreResult,
  type RestoreRun
} from "./restore.js"
