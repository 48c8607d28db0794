/**
 * The `sessions` command's own options. Subcommands read them (`yield* sessionsCommand`) to
 * inherit `--store`, `--agent`, `--all-agents` and `--json` placed before the subcommand name.
 */
import { Command } from "@effect/cli"
import { Option } from "effect"
import { optionsOf, SESSIONS } from "./commandTable.js"

export const sessionsOptions = optionsOf(SESSIONS.options)

export const sessionsCommand = Command.make("sessions", sessionsOptions).pipe(Command.withDescription(SESSIONS.description))

export type SessionsOptions = Command.Command.ParseConfig<typeof sessionsOptions>

/** Child value if present, else the parent's. */
export const inherit = (child: Option.Option<string>, parent: Option.Option<string>): string | undefined =>
  Option.getOrUndefined(Option.orElse(child, () => parent))
