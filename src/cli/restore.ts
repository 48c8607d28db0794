/** `clawkeep sessions restore`: undo an apply from its journal, or list the journals. */
import { Command } from "@effect/cli"
import { Effect, Option } from "effect"
import { UsageError } from "../domain/errors.js"
import { journalsFor, runRestore } from "../interpreters/index.js"
import { restoreReportLines } from "../render/applyReport.js"
import { renderJournalListJson, renderJournalListText, renderRestoreJson, renderRestoreText } from "../render/restore.js"
import { OpenClawConfig } from "../store/config.js"
import { writeStderr, writeStdout } from "./io.js"
import { optionsOf, RESTORE } from "./commandTable.js"
import { recoverFirst, reportRecovered } from "./recovery.js"
import { inherit, sessionsCommand } from "./sessionsCommand.js"

export const restoreOptions = optionsOf(RESTORE.options)

export const restoreCommand = Command.make("restore", restoreOptions, (options) =>
  Effect.gen(function* () {
    const parent = yield* sessionsCommand
    const json = options.json || parent.json
    const targets = {
      store: inherit(options.store, parent.store),
      agent: inherit(options.agent, parent.agent),
      allAgents: options.allAgents || parent.allAgents
    }
    if (options.list) {
      const clash = Option.isSome(options.id) ? "--id" : options.dryRun ? "--dry-run" : options.force ? "--force" : undefined
      if (clash !== undefined) return yield* Effect.fail(new UsageError({ message: `--list cannot be combined with ${clash}` }))
      yield* recoverFirst
      const journals = yield* journalsFor(targets)
      yield* writeStdout(json ? renderJournalListJson(journals) : renderJournalListText(journals))
      return
    }
    const run = yield* runRestore({ ...targets, id: Option.getOrUndefined(options.id), dryRun: options.dryRun, force: options.force })
    yield* reportRecovered(run.recovered)
    yield* writeStdout(json ? renderRestoreJson(run.results, options.dryRun) : renderRestoreText(run.results))
    if (!json) for (const line of restoreReportLines(run.results)) yield* writeStderr(line + "\n")
  }).pipe(Effect.provide(OpenClawConfig.layer))
).pipe(Command.withDescription(RESTORE.description))
