/** `clawkeep sessions cleanup`: parse, run the cleanup program, print. */
import { Command } from "@effect/cli"
import { Effect, Option } from "effect"
import { ApplyIncompleteError, UsageError } from "../domain/errors.js"
import { applyPlans, readPlanFile, runCleanup, writePlanFile, type PreviewedStore } from "../interpreters/index.js"
import { encodePlanFile } from "../maintenance/planSchema.js"
import { summarize } from "../maintenance/summary.js"
import type { MaintenanceMode } from "../domain/config.js"
import type { ApplyResult, CleanupSummary } from "../maintenance/index.js"
import { applyReportLines } from "../render/applyReport.js"
import { colorEnabled, makePalette, type Palette } from "../render/colors.js"
import { discoveredLines } from "../render/discovered.js"
import { renderAppliedText, renderCleanupJson, renderDryRunLines } from "../render/cleanup.js"
import { appliedLessNote, previewApplyNote, renderExplainText } from "../render/explain.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment } from "../store/environment.js"
import { SessionFs } from "../store/sessionFs.js"
import { directoryStoreWarning, unreadableStoreWarning } from "../store/storeFile.js"
import { Stdio, writeStderr, writeStdout, writeStdoutLines } from "./io.js"
import { CLEANUP, optionsOf } from "./commandTable.js"
import { reportRecovered } from "./recovery.js"
import { inherit, sessionsCommand } from "./sessionsCommand.js"

export const cleanupOptions = optionsOf(CLEANUP.options)

export type CleanupCliOptions = Command.Command.ParseConfig<typeof cleanupOptions>

/** How long apply waits after its store write before looking for a writer that undid it. */
export const CLI_SETTLE_MS = 100

/** The stderr lines of interrupted applies a command finished or rolled back first. */

/**
 * Prints applied results — `render`'s text of the stores whose apply completed (a store whose
 * apply stopped before its write is not reported as applied) on stdout; in text mode, what apply
 * did and how to undo it on stderr, then `notes` (of the completed ones) — and fails (exit 1)
 * naming every operation that failed, and any store a concurrent writer changed right after apply.
 */
export const reportApplyResults = (
  results: ReadonlyArray<ApplyResult>,
  render: (completed: ReadonlyArray<ApplyResult>) => string | undefined,
  json: boolean,
  notes: (completed: ReadonlyArray<ApplyResult>) => ReadonlyArray<string> = () => []
) =>
  Effect.gen(function* () {
    const completed = results.filter((r) => r.completed)
    const text = completed.length > 0 ? render(completed) : undefined
    if (text !== undefined) yield* writeStdout(text)
    if (!json) {
      for (const line of applyReportLines(results)) yield* writeStderr(line + "\n")
      for (const line of notes(completed)) yield* writeStderr(line + "\n")
    }
    const failed = results.flatMap((r) => r.operations.filter((o) => o.status === "failed"))
    const interfered = results.flatMap((r) => (r.interference === undefined ? [] : [r.interference]))
    if (failed.length > 0 || interfered.length > 0) {
      const lines = [
        ...interfered,
        ...failed.map((o) => `Could not ${o.op === "write" ? "write" : o.op} ${o.path}${o.to === undefined ? "" : ` -> ${o.to}`}: ${o.detail ?? "failed"}`)
      ]
      return yield* Effect.fail(new ApplyIncompleteError({ message: lines.join("\n") }))
    }
  })

/** The reference's summary of each store whose apply completed. */
const reportApplied = (results: ReadonlyArray<ApplyResult>, mode: MaintenanceMode, json: boolean, previews: ReadonlyArray<PreviewedStore> = []) =>
  reportApplyResults(
    results,
    (completed) => {
      const summaries = withDiscovered(completed.map((r) => r.summary), previews)
      return json ? renderCleanupJson(summaries, mode, false) : withDiscoveredLines(summaries, renderAppliedText(summaries))
    },
    json,
    // a warn-mode apply that did less than the run's preview: say that --enforce applies it
    (completed) =>
      completed.flatMap(({ summary }) => {
        // (warn mode only: an enforce-mode apply does not build the preview)
        if (summary.mode !== "warn") return []
        const preview = previews.find((p) => p.target.storePath === summary.storePath)
        const note = preview === undefined ? undefined : appliedLessNote(preview.summary, summary)
        return note === undefined ? [] : [note]
      })
  )

/** The options that make a plan, which `--apply-plan` refuses: the first one given. */
export const planningClash = (options: {
  readonly dryRun: boolean
  readonly explain: boolean
  readonly planOut: Option.Option<string>
  readonly activeKey: Option.Option<string>
  readonly store: Option.Option<string>
  readonly agent: Option.Option<string>
  readonly allAgents: boolean
  readonly discover: boolean
}): string | undefined =>
  (
    [
      [options.dryRun, "--dry-run"],
      [options.explain, "--explain"],
      [Option.isSome(options.planOut), "--plan-out"],
      [Option.isSome(options.activeKey), "--active-key"],
      [Option.isSome(options.store), "--store"],
      [Option.isSome(options.agent), "--agent"],
      [options.allAgents, "--all-agents"],
      [options.discover, "--discover"]
    ] as const
  ).find(([set]) => set)?.[1]

/**
 * `--apply-plan`: refuses when an option that makes a plan is given too (`clash`, its name),
 * then applies the saved plans after the same guards as a run; returns the plans and results.
 */
export const applySavedPlans = (file: string, clash: string | undefined, options: { readonly force: boolean; readonly trash: boolean }) =>
  Effect.gen(function* () {
    if (clash !== undefined) {
      return yield* Effect.fail(new UsageError({ message: `${clash} cannot be combined with --apply-plan (the plan already fixes the stores and settings)` }))
    }
    const plans = yield* readPlanFile(file)
    const { applied, recovered } = yield* applyPlans(plans, { force: options.force, trash: options.trash, settleMs: CLI_SETTLE_MS }).pipe(Effect.provide(OpenClawConfig.layer))
    yield* reportRecovered(recovered)
    return { plans, applied }
  })

const runApplyPlan = (file: string, options: CleanupCliOptions, parentJson: boolean) =>
  Effect.gen(function* () {
    const own = [
      [options.enforce, "--enforce"],
      [options.fixMissing, "--fix-missing"],
      [options.fixDmScope, "--fix-dm-scope"]
    ] as const
    const clash = planningClash(options) ?? own.find(([set]) => set)?.[1]
    const { plans, applied } = yield* applySavedPlans(file, clash, options)
    yield* reportApplied(applied, plans[0]?.mode ?? "enforce", options.json || parentJson)
  })

/**
 * Under `--discover`, each summary with `discovered` (true for a store whose agent is not in the
 * config); without it, the summaries as they are (the reference's JSON).
 */
const withDiscovered = <S extends CleanupSummary>(summaries: ReadonlyArray<S>, previews: ReadonlyArray<PreviewedStore>): ReadonlyArray<S> => {
  // (by the target: reading an apply run's summary would build its preview after the apply)
  const marks = new Map(previews.filter((p) => p.discovered !== undefined).map((p) => [p.target.storePath, p.discovered!]))
  if (marks.size === 0) return summaries
  return summaries.map((s) => (marks.has(s.storePath) ? { ...s, discovered: marks.get(s.storePath)! } : s))
}

/** The `--discover` lines (stores not in the config) above a text output. */
const withDiscoveredLines = (
  summaries: ReadonlyArray<CleanupSummary & { readonly discovered?: boolean }>,
  text: string,
  palette: Palette = makePalette(false)
): string => {
  const lines = discoveredLines(summaries, palette)
  return lines.length === 0 ? text : lines.join("\n") + "\n" + text
}

/** The stderr warning of each planned store that is not a JSON object (or is a directory). */
export const warnInvalidStores = (plans: ReadonlyArray<{ readonly storeStatus: string; readonly target: { readonly storePath: string } }>) =>
  Effect.gen(function* () {
    const fs = yield* SessionFs
    for (const plan of plans) {
      if (plan.storeStatus !== "invalid") continue
      const storePath = plan.target.storePath
      const info = yield* Effect.orElseSucceed(fs.stat(storePath), () => undefined)
      yield* writeStderr((info?.kind === "directory" ? directoryStoreWarning(storePath) : unreadableStoreWarning(storePath)) + "\n")
    }
  })

/**
 * The options every planning-and-applying command (cleanup, prune) takes the same way: the
 * targets (given after the subcommand or before it), `--active-key`, `--force`, `--trash`.
 */
export const applyRunOptions = (
  options: {
    readonly store: Option.Option<string>
    readonly agent: Option.Option<string>
    readonly allAgents: boolean
    readonly discover: boolean
    readonly activeKey: Option.Option<string>
    readonly force: boolean
    readonly trash: boolean
  },
  parent: { readonly store: Option.Option<string>; readonly agent: Option.Option<string>; readonly allAgents: boolean; readonly discover: boolean }
) => ({
  store: inherit(options.store, parent.store),
  agent: inherit(options.agent, parent.agent),
  allAgents: options.allAgents || parent.allAgents,
  discover: options.discover || parent.discover,
  activeKey: Option.getOrUndefined(options.activeKey),
  force: options.force,
  trash: options.trash,
  settleMs: CLI_SETTLE_MS
})

export const cleanupCommand = Command.make("cleanup", cleanupOptions, (options) =>
  Effect.gen(function* () {
    const parent = yield* sessionsCommand
    const json = options.json || parent.json
    if (Option.isSome(options.applyPlan)) return yield* runApplyPlan(options.applyPlan.value, options, parent.json)
    // --explain shows what apply would do; it never applies.
    const dryRun = options.dryRun || options.explain
    const run = yield* runCleanup({
      ...applyRunOptions(options, parent),
      dryRun,
      enforce: options.enforce,
      fixMissing: options.fixMissing,
      fixDmScope: options.fixDmScope,
      applyPart: options.explain || Option.isSome(options.planOut),
      previewPart: false,
      // only the dry run's table prints rows (their model and flags)
      fields: json || !dryRun || options.explain ? "rules" : "plan"
    }).pipe(Effect.provide(OpenClawConfig.layer))
    yield* reportRecovered(run.recovered)
    const applyPlansOfRun = () => run.previews.map((p) => p.plan.apply)
    if (Option.isSome(options.planOut)) yield* writePlanFile(options.planOut.value, applyPlansOfRun())
    if (run.applied !== undefined) return yield* reportApplied(run.applied, run.mode, json, run.previews)
    yield* warnInvalidStores(run.previews.map((p) => p.plan.preview))
    if (options.explain) {
      yield* writeStdout(json ? encodePlanFile(applyPlansOfRun()) : renderExplainText(applyPlansOfRun()))
      return
    }
    if (json) {
      yield* writeStdout(renderCleanupJson(withDiscovered(run.previews.map((p) => p.summary), run.previews), run.mode, true))
    } else {
      const env = yield* Environment
      const io = yield* Stdio
      const palette = makePalette(colorEnabled(env.env, io.isTty === true))
      const marks = withDiscovered(run.previews.map((p) => p.summary), run.previews)
      yield* writeStdoutLines([...discoveredLines(marks, palette), ...renderDryRunLines(run.previews, run.config, palette)])
    }
    // (in warn mode only: the apply part of an enforce-mode dry run is not built)
    for (const { plan, summary } of run.previews) {
      if (summary.mode !== "warn") continue
      const note = previewApplyNote(summary, summarize(plan.apply))
      if (note !== undefined) yield* writeStderr(note + "\n")
    }
  })
).pipe(Command.withDescription(CLEANUP.description))
