/** `clawkeep sessions` / `sessions list`. */
import { Command } from "@effect/cli"
import { Effect } from "effect"
import { UsageError } from "../domain/errors.js"
import { sessionsCommand, sessionsOptions, type SessionsOptions } from "./sessionsCommand.js"

export const listHandler = (_options: SessionsOptions) =>
  Effect.fail(new UsageError({ message: "sessions list: not implemented yet" }))

export const listCommand = Command.make("list", sessionsOptions, (options) =>
  Effect.flatMap(sessionsCommand, () => listHandler(options))
).pipe(Command.withDescription("List stored conversation sessions (alias of `sessions`)"))
