/** `clawkeep sessions cleanup`: parse, run the cleanup program, print. */
import { Command, Options } from "@effect/cli"
import { Effect, Option } from "effect"
import { runCleanup } from "../interpreters/program.js"
import { colorEnabled, makePalette } from "../render/colors.js"
import { renderAppliedText, renderCleanupJson, renderDryRunText } from "../render/cleanup.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment } from "../store/environment.js"
import { unreadableStoreWarning } from "../store/storeFile.js"
import { Stdio, writeStderr, writeStdout } from "./io.js"
import { agentOption, allAgentsFlag, inherit, jsonFlag, sessionsCommand, storeOption } from "./sessionsCommand.js"

export const cleanupOptions = {
  store: storeOption,
  agent: agentOption,
  allAgents: allAgentsFlag,
  dryRun: Options.boolean("dry-run"),
  enforce: Options.boolean("enforce"),
  fixMissing: Options.boolean("fix-missing"),
  fixDmScope: Options.boolean("fix-dm-scope"),
  activeKey: Options.text("active-key").pipe(Options.optional),
  json: jsonFlag
}

export type CleanupCliOptions = Command.Command.ParseConfig<typeof cleanupOptions>

export const cleanupCommand = Command.make("cleanup", cleanupOptions, (options) =>
  Effect.gen(function* () {
    const parent = yield* sessionsCommand
    const json = options.json || parent.json
    const run = yield* runCleanup({
      store: inherit(options.store, parent.store),
      agent: inherit(options.agent, parent.agent),
      allAgents: options.allAgents || parent.allAgents,
      dryRun: options.dryRun,
      enforce: options.enforce,
      fixMissing: options.fixMissing,
      fixDmScope: options.fixDmScope,
      activeKey: Option.getOrUndefined(options.activeKey)
    })
    if (run.dryRun) {
      for (const { plan } of run.previews) {
        if (plan.storeStatus === "invalid") yield* writeStderr(unreadableStoreWarning(plan.target.storePath) + "\n")
      }
    }
    if (run.applied !== undefined) {
      yield* writeStdout(json ? renderCleanupJson(run.applied, run.mode, false) : renderAppliedText(run.applied))
    } else if (json) {
      yield* writeStdout(renderCleanupJson(run.previews.map((p) => p.summary), run.mode, true))
    } else {
      const env = yield* Environment
      const io = yield* Stdio
      const palette = makePalette(colorEnabled(env.env, io.isTty === true))
      yield* writeStdout(renderDryRunText(run.previews, run.config, palette))
    }
  }).pipe(Effect.provide(OpenClawConfig.layer))
).pipe(Command.withDescription("Run session-store maintenance now"))
