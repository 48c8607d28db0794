/** `clawkeep sessions cleanup`. */
import { Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { UsageError } from "../domain/errors.js"
import { agentOption, allAgentsFlag, jsonFlag, sessionsCommand, storeOption } from "./sessionsCommand.js"

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

export const cleanupCommand = Command.make("cleanup", cleanupOptions, (_options) =>
  Effect.flatMap(sessionsCommand, () => Effect.fail(new UsageError({ message: "sessions cleanup: not implemented yet" })))
).pipe(Command.withDescription("Run session-store maintenance now"))
