/** `clawkeep sessions cleanup`: parse, gather, plan, interpret, print. */
import { Command, Options } from "@effect/cli"
import { Clock, Effect, Option } from "effect"
import { dmScopeOf, maintenanceSettings } from "../domain/config.js"
import { apply, dryRun } from "../interpreters/index.js"
import { modeOf, planCleanup, type CleanupOptions, type CleanupSettings } from "../maintenance/index.js"
import { colorEnabled, makePalette } from "../render/colors.js"
import { renderAppliedText, renderCleanupJson, renderDryRunText } from "../render/cleanup.js"
import { loadConfig } from "../store/config.js"
import * as path from "node:path"
import { Environment, stateDir } from "../store/environment.js"
import { requireNoSqliteStore } from "../store/sqliteGuard.js"
import { readSnapshot } from "../store/snapshot.js"
import { resolveTargets } from "../store/targets.js"
import { writeStdout } from "./io.js"
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
    const env = yield* Environment
    const nowMs = yield* Clock.currentTimeMillis
    const config = yield* loadConfig(env)
    const json = options.json || parent.json
    const targets = yield* resolveTargets(env, config.value, {
      store: inherit(options.store, parent.store),
      agent: inherit(options.agent, parent.agent),
      allAgents: options.allAgents || parent.allAgents
    })
    const settings: CleanupSettings = { maintenance: maintenanceSettings(config.value), dmScope: dmScopeOf(config.value) }
    const opts: CleanupOptions = {
      dryRun: options.dryRun,
      enforce: options.enforce,
      fixMissing: options.fixMissing,
      fixDmScope: options.fixDmScope,
      activeKey: Option.getOrUndefined(options.activeKey)
    }
    const mode = modeOf(settings, opts)
    // The preview runs for every target first (an invalid id fails before anything is written).
    const previews = yield* Effect.forEach(targets, (target) =>
      Effect.gen(function* () {
        const snapshot = yield* readSnapshot(env, target, settings, opts, nowMs, "preview")
        const plan = yield* planCleanup(snapshot, settings, opts, nowMs, "preview")
        return { plan, summary: yield* dryRun(plan) }
      })
    )
    if (opts.dryRun) {
      if (json) {
        yield* writeStdout(renderCleanupJson(previews.map((p) => p.summary), mode, true))
      } else {
        const palette = makePalette(colorEnabled(env.env, process.stdout.isTTY === true))
        yield* writeStdout(renderDryRunText(previews, config.value, palette))
      }
      return
    }
    // Refuse before touching any target when a SQLite-era store is detected (D14).
    yield* requireNoSqliteStore(
      stateDir(env),
      targets.map((t) => t.agentId),
      targets.map((t) => path.dirname(path.resolve(t.storePath)))
    )
    const applied = yield* Effect.forEach(targets, (target) =>
      Effect.gen(function* () {
        const snapshot = yield* readSnapshot(env, target, settings, opts, nowMs, "apply")
        const plan = yield* planCleanup(snapshot, settings, opts, nowMs, "apply")
        return yield* apply(plan)
      })
    )
    yield* writeStdout(json ? renderCleanupJson(applied, mode, false) : renderAppliedText(applied))
  })
).pipe(Command.withDescription("Run session-store maintenance now"))
