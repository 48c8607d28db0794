/** `clawkeep sessions export-trajectory`. */
import { Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { UsageError } from "../domain/errors.js"
import { agentOption, jsonFlag, sessionsCommand, storeOption } from "./sessionsCommand.js"

export const exportOptions = {
  sessionKey: Options.text("session-key").pipe(Options.optional),
  output: Options.text("output").pipe(Options.optional),
  workspace: Options.text("workspace").pipe(Options.optional),
  store: storeOption,
  agent: agentOption,
  requestJsonBase64: Options.text("request-json-base64").pipe(Options.optional),
  json: jsonFlag
}

export const exportTrajectoryCommand = Command.make("export-trajectory", exportOptions, (_options) =>
  Effect.flatMap(sessionsCommand, () =>
    Effect.fail(new UsageError({ message: "sessions export-trajectory: not implemented yet" }))
  )
).pipe(Command.withDescription("Export a redacted trajectory bundle for a stored session"))
