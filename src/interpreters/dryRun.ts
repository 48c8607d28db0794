/**
 * The dry-run interpreter: a plan is rendered, never executed. Its summary is the reference's
 * preview (docs/cleanup.md#the-two-parts), derived from the plan's preview rows and file actions.
 */
import { Effect } from "effect"
import { summarize } from "../maintenance/summary.js"
import type { CleanupPlan, CleanupSummary } from "../maintenance/types.js"

export const dryRun = (plan: CleanupPlan): Effect.Effect<CleanupSummary> => Effect.sync(() => summarize(plan.preview))
