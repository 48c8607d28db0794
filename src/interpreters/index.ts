/** The two interpreters of a cleanup plan, and the cleanup programs built on them. */
export { apply, beforeWriteGuards, planMismatches, sqliteEraGuard } from "./apply.js"
export { dryRun } from "./dryRun.js"
export { readPlanFile, writePlanFile } from "./planFile.js"
export {
  applyPlans,
  planStores,
  runCleanup,
  type CleanupError,
  type CleanupRequest,
  type CleanupRun,
  type PreviewedStore
} from "./program.js"
export { snapshotAndPlan, takeSnapshot } from "./snapshot.js"
