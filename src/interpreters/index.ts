/** The two interpreters of a cleanup plan. */
export { apply, beforeWriteGuards, sqliteEraGuard } from "./apply.js"
export { dryRun } from "./dryRun.js"
