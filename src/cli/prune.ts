/** `clawkeep sessions prune`: parse the selectors, run the prune program, print. */
import { Command } from "@effect/cli"
import { Effect, Either, Option } from "effect"
import { writePlanFile, runPrune } from "../interpreters/index.js"
import { parsePruneSelectors } from "../maintenance/prune.js"
import { encodePlanFile } from "../maintenance/planSchema.js"
import { colorEnabled, makePalette } from "../render/colors.js"
import { discoveredLines } from "../render/discovered.js"
import { renderExplainText } from "../render/explain.js"
import { renderPruneAppliedJson, renderPruneAppliedText, renderPruneDryRunJson, renderPruneDryRunText } from "../render/prune.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment } from "../store/environment.js"
import { applyRunOptions, applySavedPlans, planningClash, reportApplyResults, warnInvalidStores } from "./cleanup.js"
import { reportRecovered } from "./recovery.js"
import { optionsOf, PRUNE } from "./commandTable.js"
import { Stdio, writeStdout } from "./io.js"
import { sessionsCommand } from "./sessionsCommand.js"
import type { ApplyResult } from "../maintenance/types.js"

export const pruneOptions = optionsOf(PRUNE.options)

export type PruneCliOptions = Command.Command.ParseConfig<typeof pruneOptions>

const reportPruned = (results: ReadonlyArray<ApplyResult>, json: boolean, discovered: ReadonlyMap<string, boolean>) =>
  Effect.gen(function* () {
    yield* reportApplyResults(results, (done) => (json ? renderPruneAppliedJson(done, discovered) : renderPruneAppliedText(done)), json)
  })

/** `--apply-plan`: no selector, store or planning option may come with it. */
const applyPlanClash = (options: PruneCliOptions): string | undefined =>
  (
    [
      [options.match.length > 0, "--match"],
      [options.kind.length > 0, "--kind"],
      [Option.isSome(options.olderThan), "--older-than"],
      [options.idle, "--idle"],
      [options.channel.length > 0, "--channel"],
      [options.missingTranscript, "--missing-transcript"],
      [options.includeProtected, "--include-protected"]
    ] as const
  ).find(([set]) => set)?.[1] ?? planningClash(options)

export const pruneCommand = Command.make("prune", pruneOptions, (options) =>
  Effect.gen(function* () {
    const parent = yield* sessionsCommand
    const json = options.json || parent.json
    if (Option.isSome(options.applyPlan)) {
      const { applied } = yield* applySavedPlans(options.applyPlan.value, applyPlanClash(options), options)
      return yield* reportPruned(applied, json, new Map())
    }
    const selectors = yield* Either.match(
      parsePruneSelectors({
        match: options.match,
        kind: options.kind,
        olderThan: Option.getOrUndefined(options.olderThan),
        idle: options.idle,
        channel: options.channel,
        missingTranscript: options.missingTranscript
      }),
      { onLeft: Effect.fail, onRight: Effect.succeed }
    )
    // --explain shows what apply would do; it never applies.
    const dryRun = options.dryRun || options.explain
    const run = yield* runPrune({ ...applyRunOptions(options, parent), selectors, includeProtected: options.includeProtected, dryRun }).pipe(Effect.provide(OpenClawConfig.layer))
    yield* reportRecovered(run.recovered)
    const plans = run.previews.map((p) => p.plan.apply)
    if (Option.isSome(options.planOut)) yield* writePlanFile(options.planOut.value, plans)
    const discovered = new Map(run.previews.flatMap((p) => (p.discovered === undefined ? [] : [[p.plan.apply.target.storePath, p.discovered] as const])))
    if (run.applied !== undefined) return yield* reportPruned(run.applied, json, discovered)
    yield* warnInvalidStores(run.previews.map((p) => p.plan.preview))
    if (options.explain) {
      yield* writeStdout(json ? encodePlanFile(plans) : renderExplainText(plans))
      return
    }
    if (json) {
      yield* writeStdout(renderPruneDryRunJson(run.previews))
      return
    }
    const env = yield* Environment
    const io = yield* Stdio
    const lines = discoveredLines(
      run.previews.map((p) => ({ agentId: p.summary.agentId, storePath: p.summary.storePath, discovered: p.discovered })),
      makePalette(colorEnabled(env.env, io.isTty === true))
    )
    yield* writeStdout((lines.length === 0 ? "" : lines.join("\n") + "\n") + renderPruneDryRunText(run.previews))
  })
).pipe(Command.withDescription(PRUNE.description))
