/**
 * The `sessions` command's own options. Subcommands read them (`yield* sessionsCommand`) to
 * inherit `--store`, `--agent`, `--all-agents` and `--json` placed before the subcommand name.
 */
import { Command, Options } from "@effect/cli"
import { Option } from "effect"

export const jsonFlag = Options.boolean("json")
export const storeOption = Options.text("store").pipe(Options.optional)
export const agentOption = Options.text("agent").pipe(Options.optional)
export const allAgentsFlag = Options.boolean("all-agents")

export const sessionsOptions = {
  json: jsonFlag,
  verbose: Options.boolean("verbose"),
  store: storeOption,
  agent: agentOption,
  allAgents: allAgentsFlag,
  active: Options.text("active").pipe(Options.optional),
  limit: Options.text("limit").pipe(Options.optional),
  /** The reference's program-wide colour switches (list only; see cli/argv.ts). */
  color: Options.boolean("color"),
  noColor: Options.boolean("no-color")
}

export const sessionsCommand = Command.make("sessions", sessionsOptions).pipe(
  Command.withDescription("List stored conversation sessions")
)

export type SessionsOptions = Command.Command.ParseConfig<typeof sessionsOptions>

/** Child value if present, else the parent's. */
export const inherit = (child: Option.Option<string>, parent: Option.Option<string>): string | undefined =>
  Option.getOrUndefined(Option.orElse(child, () => parent))
