/**
 * One declaration table per command: each option's name, value placeholder and description.
 * Everything else is generated from these tables, so the layers cannot drift apart:
 *
 * - the argv normaliser's option lists (`SESSIONS_OPTIONS` / `SUBCOMMAND_OPTIONS` in argv.ts),
 * - the @effect/cli `Options` of each command (with their descriptions),
 * - the help text (help.ts),
 * - the shell completion scripts (completions.ts).
 *
 * Descriptions carry at least what openclaw@2026.5.12's own `--help` says, defaults included;
 * options marked `clawkeep` exist only here. To add a command, declare its table and
 * `CommandDecl` here and list it in `SUBCOMMANDS`; to add an option, add a line to its table.
 */
import { Options } from "@effect/cli"
import type { Option } from "effect"

interface OptionDeclBase {
  readonly name: string
  readonly description: string
  /** Only clawkeep has this option (the reference does not). */
  readonly clawkeep?: boolean
  /**
   * The normaliser handles this option itself (the reference's program-wide `--color` /
   * `--no-color`), so it is not in its option list.
   */
  readonly programWide?: boolean
  /** What a shell completes as this option's value (nothing when absent). */
  readonly values?: ValueHint
}

/**
 * Completion of an option's value: file or directory names, the configured agent ids, or a
 * fixed list of words.
 */
export type ValueHint = "file" | "directory" | "agent" | ReadonlyArray<string>

export interface FlagDecl extends OptionDeclBase {
  /** `<placeholder>` for options that take a value; absent for flags. */
  readonly value?: undefined
  readonly options: Options.Options<boolean>
}

export interface TextDecl extends OptionDeclBase {
  readonly value: string
  readonly options: Options.Options<Option.Option<string>>
}

/** An option that takes a value and may be given several times (every value is kept). */
export interface TextsDecl extends OptionDeclBase {
  readonly value: string
  readonly repeatable: true
  readonly options: Options.Options<Array<string>>
}

export type OptionDecl = FlagDecl | TextDecl | TextsDecl

export const flag = (name: string, description: string, extra: Partial<OptionDeclBase> = {}): FlagDecl => ({
  name,
  description,
  ...extra,
  options: Options.boolean(name).pipe(Options.withDescription(description))
})

export const text = (name: string, value: string, description: string, extra: Partial<OptionDeclBase> = {}): TextDecl => ({
  name,
  value,
  description,
  ...extra,
  options: Options.text(name).pipe(
    Options.withPseudoName(value.replace(/^<|>$/g, "")),
    Options.withDescription(description),
    Options.optional
  )
})

/** A repeatable option: `--name <value>` any number of times, all values kept in order. */
export const texts = (name: string, value: string, description: string, extra: Partial<OptionDeclBase> = {}): TextsDecl => ({
  name,
  value,
  description,
  ...extra,
  repeatable: true,
  options: Options.text(name).pipe(Options.withPseudoName(value.replace(/^<|>$/g, "")), Options.withDescription(description), Options.repeated)
})

export type OptionTable = Readonly<Record<string, OptionDecl>>

/** The @effect/cli options of a table, under the table's keys. */
export const optionsOf = <T extends OptionTable>(table: T): { readonly [K in keyof T]: T[K]["options"] } =>
  Object.fromEntries(Object.entries(table).map(([key, decl]) => [key, decl.options])) as { readonly [K in keyof T]: T[K]["options"] }

export interface CommandDecl<T extends OptionTable = OptionTable> {
  /** The words after `clawkeep`, e.g. `["sessions", "cleanup"]`. */
  readonly path: ReadonlyArray<string>
  readonly description: string
  readonly options: T
  readonly examples?: ReadonlyArray<readonly [command: string, what: string]>
  /** Paragraphs after the examples. */
  readonly notes?: ReadonlyArray<string>
}

/** `--discover` (clawkeep only), on every command that takes `--all-agents`. */
const DISCOVER = flag(
  "discover",
  "Every session store on this host: the configured agents' and those found on disk whose agent is no longer in the config (cannot be combined with --store or --agent)",
  { clawkeep: true }
)

/** `--explain`, `--plan-out`, `--trash` and `--force` (clawkeep only), on every command that applies a plan. */
const EXPLAIN = flag(
  "explain",
  "Show every operation an apply would make and why, without writing; with --json, the plan in --plan-out's format (default: false)",
  { clawkeep: true }
)
const PLAN_OUT = text("plan-out", "<file>", "Also write the apply plan of this run to <file>, for a later --apply-plan", { clawkeep: true, values: "file" })
const TRASH = flag(
  "trash",
  "Move the files apply deletes into the apply's journal instead of deleting them, so `clawkeep sessions restore` can bring them back (default: false)",
  { clawkeep: true }
)
const forceFlag = (what: string) =>
  flag(
    "force",
    `Apply even when an OpenClaw Gateway answers at its configured address (it could undo the ${what} with its next write; stop it instead when you can) (default: false)`,
    { clawkeep: true }
  )

const sessionsTable = {
  json: flag("json", "Output as JSON (default: false)"),
  verbose: flag("verbose", "Verbose logging (default: false)"),
  store: text("store", "<path>", "Path to session store (default: resolved from config)", { values: "file" }),
  agent: text("agent", "<id>", "Agent id to inspect (default: configured default agent)", { values: "agent" }),
  allAgents: flag("all-agents", "Aggregate sessions across all configured agents (default: false)"),
  discover: DISCOVER,
  active: text("active", "<minutes>", "Only show sessions updated within the past N minutes"),
  limit: text("limit", "<count>", 'Max sessions to show (default: 100; use "all" for full output)'),
  color: flag("color", "Colour the list even when stdout is not a terminal (default: colour on a terminal unless NO_COLOR is set or TERM=dumb)", {
    programWide: true
  }),
  noColor: flag("no-color", "Never colour the list (default: false)", { programWide: true })
}

export const SESSIONS: CommandDecl<typeof sessionsTable> = {
  path: ["sessions"],
  description: "List stored conversation sessions",
  options: sessionsTable,
  examples: [
    ["clawkeep sessions", "List all sessions."],
    ["clawkeep sessions --agent work", "List sessions for one agent."],
    ["clawkeep sessions --all-agents", "Aggregate sessions across agents."],
    ["clawkeep sessions --active 120", "Only last 2 hours."],
    ["clawkeep sessions --limit 25", "Show the newest 25 sessions."],
    ["clawkeep sessions --json", "Machine-readable output."],
    ["clawkeep sessions --store ./tmp/sessions.json", "Use a specific session store."]
  ],
  notes: [
    "Shows token usage per session when the agent reports it; set agents.defaults.contextTokens to cap the window and show %."
  ]
}

export const LIST: CommandDecl<typeof sessionsTable> = {
  path: ["sessions", "list"],
  description: "List stored conversation sessions (alias of `sessions`)",
  options: sessionsTable
}

const cleanupTable = {
  store: text("store", "<path>", "Path to session store (default: resolved from config)", { values: "file" }),
  agent: text("agent", "<id>", "Agent id to maintain (default: configured default agent)", { values: "agent" }),
  allAgents: flag("all-agents", "Run maintenance across all configured agents (default: false)"),
  discover: DISCOVER,
  dryRun: flag("dry-run", "Preview maintenance actions without writing (default: false)"),
  enforce: flag("enforce", "Apply maintenance even when configured mode is warn (default: false)"),
  fixMissing: flag("fix-missing", "Remove store entries whose transcript files are missing (bypasses age/count retention) (default: false)"),
  fixDmScope: flag("fix-dm-scope", "Retire stale direct-DM session rows that no longer match session.dmScope=main (default: false)"),
  activeKey: text("active-key", "<key>", "Protect this session key from budget-eviction"),
  json: flag("json", "Output JSON (default: false)"),
  explain: EXPLAIN,
  planOut: PLAN_OUT,
  applyPlan: text(
    "apply-plan",
    "<file>",
    "Apply a plan written by --plan-out, exactly as planned (no other store, agent or maintenance option allowed)",
    { clawkeep: true, values: "file" }
  ),
  force: forceFlag("cleanup"),
  trash: TRASH
}

export const CLEANUP: CommandDecl<typeof cleanupTable> = {
  path: ["sessions", "cleanup"],
  description: "Run session-store maintenance now",
  options: cleanupTable,
  examples: [
    ["clawkeep sessions cleanup --dry-run", "Preview stale/cap cleanup."],
    ["clawkeep sessions cleanup --dry-run --fix-missing", "Also preview pruning entries with missing transcript files."],
    ["clawkeep sessions cleanup --dry-run --fix-dm-scope", "Preview stale direct-DM rows after returning dmScope to main."],
    ["clawkeep sessions cleanup --enforce", "Apply maintenance now."],
    ["clawkeep sessions cleanup --agent work --dry-run", "Preview one agent store."],
    ["clawkeep sessions cleanup --all-agents --dry-run", "Preview all agent stores."],
    ["clawkeep sessions cleanup --enforce --store ./tmp/sessions.json", "Use a specific store."],
    ["clawkeep sessions cleanup --explain --plan-out plan.json", "Review what an apply would do and keep that plan."],
    ["clawkeep sessions cleanup --apply-plan plan.json", "Apply the reviewed plan."],
    ["clawkeep sessions cleanup --enforce --trash", "Apply, keeping deleted files so the apply can be fully undone."],
    ["clawkeep sessions restore", "Undo the latest apply."]
  ]
}

const exportTable = {
  sessionKey: text("session-key", "<key>", "Session key to export (required)"),
  output: text("output", "<path>", "Output directory name inside .openclaw/trajectory-exports (must not exist yet)"),
  workspace: text("workspace", "<path>", "Workspace root for the export (default: current directory)", { values: "directory" }),
  store: text("store", "<path>", "Path to session store (default: resolved from session key)", { values: "file" }),
  agent: text("agent", "<id>", "Agent id for resolving the default session store", { values: "agent" }),
  requestJsonBase64: text("request-json-base64", "<payload>", "Base64url-encoded export request"),
  json: flag("json", "Output JSON (default: false)"),
  maxBytes: text("max-bytes", "<bytes>", "Largest transcript to export, e.g. 100mb (default: 52428800 bytes, as the reference)", {
    clawkeep: true
  })
}

export const EXPORT_TRAJECTORY: CommandDecl<typeof exportTable> = {
  path: ["sessions", "export-trajectory"],
  description: "Export a redacted trajectory bundle for a stored session",
  options: exportTable,
  examples: [
    ["clawkeep sessions export-trajectory --session-key agent:main:main", "Export the main session into ./.openclaw/trajectory-exports."],
    ["clawkeep sessions export-trajectory --session-key agent:main:main --json", "Print the export summary as JSON."]
  ]
}

const duTable = {
  store: text("store", "<path>", "Path to session store (default: resolved from config)", { values: "file" }),
  agent: text("agent", "<id>", "Agent id to measure (default: configured default agent)", { values: "agent" }),
  allAgents: flag("all-agents", "Measure the stores of all configured agents (default: false)"),
  discover: DISCOVER,
  top: text("top", "<count>", "How many of the largest sessions to show per store (default: 10; 0 hides them)"),
  json: flag("json", "Output JSON (default: false)")
}

export const DU: CommandDecl<typeof duTable> = {
  path: ["sessions", "du"],
  description: "Show what fills the sessions directories and what cleanup would free (read-only) [clawkeep only]",
  options: duTable,
  examples: [
    ["clawkeep sessions du", "Disk usage of the default agent's sessions directory."],
    ["clawkeep sessions du --all-agents --top 5", "Every configured agent, with its 5 largest sessions."],
    ["clawkeep sessions du --discover", "Every store on this host, including agents removed from the config."],
    ["clawkeep sessions du --json", "Every figure as JSON."]
  ]
}

const restoreTable = {
  id: text("id", "<journal>", "Undo this apply (an id from --list or from the apply's \"To undo\" line) (default: the latest apply of each chosen store)"),
  list: flag("list", "List the applies clawkeep journaled and whether they can be undone (default: false)"),
  dryRun: flag("dry-run", "Show what would be put back without changing anything (default: false)"),
  store: text("store", "<path>", "Path to session store (default: resolved from config)", { values: "file" }),
  agent: text("agent", "<id>", "Agent id whose store to restore (default: configured default agent)", { values: "agent" }),
  allAgents: flag("all-agents", "Restore the latest apply of every configured agent's store (default: false)"),
  force: flag(
    "force",
    "Restore even when an OpenClaw Gateway answers at its configured address (it could undo the restore with its next write; stop it instead when you can) (default: false)"
  ),
  json: flag("json", "Output JSON (default: false)")
}

export const RESTORE: CommandDecl<typeof restoreTable> = {
  path: ["sessions", "restore"],
  description: "Undo an apply of clawkeep: put removed rows and archived files back [clawkeep only]",
  options: restoreTable,
  examples: [
    ["clawkeep sessions restore --list", "What can be undone."],
    ["clawkeep sessions restore --dry-run", "Preview undoing the latest apply of the default store."],
    ["clawkeep sessions restore", "Undo the latest apply of the default store."],
    ["clawkeep sessions restore --id 20261203T101500Z-1a2b3c4d", "Undo one apply."]
  ],
  notes: [
    "Archived transcripts and files an apply moved into its trash (--trash) come back; files it deleted outright cannot, and restore names them. Rows written since by someone else are kept. Journals are kept 30 days in <state dir>/clawkeep/."
  ]
}

const pruneTable = {
  match: texts("match", "<glob>", "Select rows whose session key matches the glob: * any characters, ? one character, case-sensitive (repeatable; any may match)"),
  kind: texts(
    "kind",
    "<kind>",
    "Select rows of this kind: direct, group, cron, cron-run, subagent, acp, hook, node, heartbeat, global, unknown (the list's Kind or the finer kind of du; repeatable; any may match)"),
  olderThan: text("older-than", "<duration>", "Select rows last updated longer ago than this, e.g. 30d, 12h, 1h30m (a bare number is days)"),
  idle: flag("idle", "Select rows with no tokens recorded (totalTokens, inputTokens and outputTokens absent or 0) (default: false)"),
  channel: texts("channel", "<id>", "Select rows of this channel (lastChannel, else channel, deliveryContext.channel, origin.provider; aliases resolved; repeatable)"),
  missingTranscript: flag("missing-transcript", "Select rows whose transcript file does not exist (default: false)"),
  includeProtected: flag(
    "include-protected",
    "Also remove selected rows that cleanup protects (threads, topics, groups and channels, the --active-key row) (default: false)"),
  activeKey: text("active-key", "<key>", "Protect this session key, as cleanup does"),
  store: text("store", "<path>", "Path to session store (default: resolved from config)"),
  agent: text("agent", "<id>", "Agent id whose store to prune (default: configured default agent)"),
  allAgents: flag("all-agents", "Prune the stores of all configured agents (default: false)"),
  discover: DISCOVER,
  dryRun: flag("dry-run", "Show the rows and files a prune would remove without writing (default: false)"),
  json: flag("json", "Output JSON (default: false)"),
  explain: EXPLAIN,
  planOut: PLAN_OUT,
  applyPlan: text("apply-plan", "<file>", "Apply a plan written by --plan-out, exactly as planned (no selector, store or agent option allowed)"),
  force: forceFlag("prune"),
  trash: TRASH
}

export const PRUNE: CommandDecl<typeof pruneTable> = {
  path: ["sessions", "prune"],
  description: "Remove the session rows you select, as cleanup removes rows (journaled; undo with restore) [clawkeep only]",
  options: pruneTable,
  examples: [
    ["clawkeep sessions prune --kind cron-run --older-than 7d --dry-run", "Preview removing cron run rows older than a week."],
    ["clawkeep sessions prune --match 'agent:main:subagent:*' --idle", "Remove subagent rows that never used a token."],
    ["clawkeep sessions prune --missing-transcript --all-agents --dry-run", "Preview removing rows whose transcript is gone, in every store."],
    ["clawkeep sessions prune --channel telegram --older-than 90d --explain", "Every operation a prune would make, and why."],
    ["clawkeep sessions prune --kind hook --plan-out plan.json --dry-run", "Keep the plan to apply it later with --apply-plan."],
    ["clawkeep sessions restore", "Undo the latest apply."]
  ],
  notes: [
    "Selectors combine with AND; a repeated --match, --kind or --channel matches any of its values. At least one selector is required. Rows cleanup protects are kept unless --include-protected."
  ]
}

export const ROOT_DESCRIPTION = "A fast, safe, offline companion for OpenClaw session stores"

/** `--log-level` values, quietest last; `silent` and `warn` (the reference's spellings) are accepted too. */
export const LOG_LEVELS = ["trace", "debug", "info", "warning", "error", "fatal", "none"] as const

/** The shells `--completions` writes a script for. */
export const SHELLS = ["bash", "zsh", "fish"] as const

/**
 * Options of the program itself, accepted before or after any command (`clawkeep sessions
 * cleanup --log-level debug`) and listed in every command's help.
 */
export const GLOBAL_OPTIONS = {
  version: flag("version", "Print the version of clawkeep and exit"),
  logLevel: text(
    "log-level",
    "<level>",
    `Log what clawkeep does (config, stores, files touched) on stderr from this level up: ${LOG_LEVELS.join(", ")} (default: none)`,
    { values: LOG_LEVELS }
  ),
  completions: text("completions", "<shell>", `Print a shell completion script: ${SHELLS.join(", ")}`, { values: SHELLS })
} satisfies OptionTable

/** The subcommands of `sessions`, in help order. */
export const SUBCOMMANDS: ReadonlyArray<CommandDecl> = [LIST, CLEANUP, EXPORT_TRAJECTORY, DU, RESTORE, PRUNE]

export interface ArgvOptionSpec {
  readonly name: string
  /** `<placeholder>` for options that take a value. */
  readonly value?: string
  /** Every value is kept (the others keep their last). */
  readonly repeatable?: boolean
}

/** The normaliser's view of a table: names and placeholders, without program-wide flags. */
export const argvSpecsOf = (table: OptionTable): ReadonlyArray<ArgvOptionSpec> =>
  Object.values(table)
    .filter((decl) => decl.programWide !== true)
    .map((decl) =>
      decl.value === undefined
        ? { name: decl.name }
        : "repeatable" in decl
          ? { name: decl.name, value: decl.value, repeatable: true }
          : { name: decl.name, value: decl.value }
    )
