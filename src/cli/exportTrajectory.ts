/** `clawkeep sessions export-trajectory`. */
import { Command } from "@effect/cli"
import { Effect, Option } from "effect"
import { UsageError } from "../domain/errors.js"
import { parseByteSize } from "../domain/units.js"
import { exportTrajectory, formatSummary } from "../export/program.js"
import { OpenClawConfig } from "../store/config.js"
import { writeStdout } from "./io.js"
import { EXPORT_TRAJECTORY, optionsOf } from "./commandTable.js"
import { recoverFirst } from "./recovery.js"
import { inherit, sessionsCommand } from "./sessionsCommand.js"

export const exportOptions = optionsOf(EXPORT_TRAJECTORY.options)

export type ExportTrajectoryOptions = Command.Command.ParseConfig<typeof exportOptions>

export const exportTrajectoryCommand = Command.make("export-trajectory", exportOptions, (options) =>
  Effect.gen(function* () {
    const parent = yield* sessionsCommand
    yield* recoverFirst
    let maxBytes: number | undefined
    if (Option.isSome(options.maxBytes)) {
      maxBytes = parseByteSize(options.maxBytes.value)
      if (maxBytes === undefined || maxBytes <= 0) {
        return yield* Effect.fail(new UsageError({ message: `Invalid --max-bytes: ${options.maxBytes.value}` }))
      }
    }
    const summary = yield* exportTrajectory({
      sessionKey: Option.getOrUndefined(options.sessionKey),
      output: Option.getOrUndefined(options.output),
      workspace: Option.getOrUndefined(options.workspace),
      store: inherit(options.store, parent.store),
      agent: inherit(options.agent, parent.agent),
      requestJsonBase64: Option.getOrUndefined(options.requestJsonBase64),
      json: options.json || parent.json,
      maxBytes
    })
    const json = options.json || parent.json
    yield* writeStdout(json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`)
  }).pipe(Effect.provide(OpenClawConfig.layer))
).pipe(Command.withDescription(EXPORT_TRAJECTORY.description))
