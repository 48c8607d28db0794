/**
 * The reference CLI's argv quirks, applied before @effect/cli parses: `--opt=value` forms,
 * unknown options ignored on `sessions` itself but rejected on its subcommands, missing option
 * values, and stray positionals — each with the reference's message. The program's own options
 * (`--version`, `--log-level`, `--completions`) are taken out wherever they stand, as the
 * reference takes its `--version` and `--log-level`. The result is an argv that the @effect/cli
 * command tree accepts as is, plus those program options.
 */
import { Either } from "effect"
import { UsageError } from "../domain/errors.js"
import { type ArgvOptionSpec, argvSpecsOf, GLOBAL_OPTIONS, SESSIONS, SUBCOMMANDS } from "./commandTable.js"

export type OptionSpec = ArgvOptionSpec

/** Generated from the declaration tables (commandTable.ts), as the @effect/cli options are. */
export const SESSIONS_OPTIONS: ReadonlyArray<OptionSpec> = argvSpecsOf(SESSIONS.options)

export const SUBCOMMAND_OPTIONS: Readonly<Record<string, ReadonlyArray<OptionSpec>>> = Object.fromEntries(
  SUBCOMMANDS.map((command) => [command.path.at(-1)!, argvSpecsOf(command.options)])
)

/** The program's own options, accepted on every command level. */
export const GLOBAL_SPECS: ReadonlyArray<OptionSpec> = argvSpecsOf(GLOBAL_OPTIONS)

/** The program options an argv set (the last value of each wins). */
export interface GlobalArgs {
  readonly version: boolean
  readonly logLevel: string | undefined
  readonly completions: string | undefined
}

/** A normalised argv: what @effect/cli parses, and the program options taken out of it. */
export interface ParsedArgv {
  readonly args: ReadonlyArray<string>
  readonly globals: GlobalArgs
}

type MutableGlobals = { -readonly [K in keyof GlobalArgs]: GlobalArgs[K] }

const setGlobal = (globals: MutableGlobals, name: string, value: string | undefined): void => {
  if (name === "version") globals.version = true
  else if (name === "log-level") globals.logLevel = value
  else if (name === "completions") globals.completions = value
}

/** The line after an unknown `--wizard`: clawkeep has no interactive mode. */
const WIZARD_HINT = "clawkeep has no --wizard: every command takes its options on the command line (see --help)."

const wizardHint = (arg: string): string | undefined => (arg.split("=")[0] === "--wizard" ? WIZARD_HINT : undefined)

const usage = (lines: ReadonlyArray<string | undefined>) =>
  Either.left(new UsageError({ message: lines.filter((l): l is string => l !== undefined).join("\n") }))

/** Edit distance between two words (insertions, deletions, substitutions). */
const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

/**
 * The candidate a mistyped word most likely meant: within two edits, or one it starts (at least
 * three characters typed). Undefined when none is close.
 */
export const closest = (typed: string, candidates: ReadonlyArray<string>): string | undefined => {
  let best: { readonly candidate: string; readonly score: number } | undefined
  for (const candidate of candidates) {
    if (candidate === typed) continue
    const score = typed.length >= 3 && candidate.startsWith(typed) ? 1 : distance(typed, candidate)
    if (score <= 2 && score > 0 && (best === undefined || score < best.score)) best = { candidate, score }
  }
  return best?.candidate
}

/** `Did you mean --dry-run?` for a mistyped option of a command, if one is close. */
const didYouMeanOption = (arg: string, specs: ReadonlyArray<OptionSpec>): string | undefined => {
  if (!arg.startsWith("--")) return undefined
  const eq = arg.indexOf("=")
  const name = arg.slice(2, eq < 0 ? undefined : eq)
  if (specs.some((s) => s.name === name)) return `--${name} takes no value.`
  const match = closest(name, specs.map((s) => s.name))
  return match === undefined ? undefined : `Did you mean --${match}?`
}

/** `Did you mean clawkeep sessions cleanup?` for a mistyped subcommand, if one is close. */
const didYouMeanSubcommand = (word: string): string | undefined => {
  const match = closest(word, Object.keys(SUBCOMMAND_OPTIONS))
  return match === undefined ? undefined : `Did you mean clawkeep sessions ${match}?`
}

const isHelp = (arg: string) => arg === "-h" || arg === "--help"

interface Scan {
  readonly out: ReadonlyArray<string>
  readonly rest: ReadonlyArray<string>
  /** Options this level does not know (only when not `strict`), as typed. */
  readonly unknown: ReadonlyArray<string>
}

/**
 * Reads options of one command level until the first positional. A repeated option keeps its
 * last value (as the reference does), except a `repeatable` one, which keeps every value. Unknown options, and `--flag=value` on an option that
 * takes no value, fail when `strict` (subcommands) and are dropped otherwise (`sessions`). On
 * `sessions` a `--` ends the arguments and everything after it is ignored.
 */
const scanLevel = (
  args: ReadonlyArray<string>,
  specs: ReadonlyArray<OptionSpec>,
  commandPath: string,
  strict: boolean,
  globals: MutableGlobals
): Either.Either<Scan, UsageError> => {
  const seen = new Map<string, string | undefined>()
  const repeats = new Map<string, Array<string>>()
  const unknown: Array<string> = []
  let help = false
  const done = (rest: ReadonlyArray<string>): Either.Either<Scan, UsageError> => {
    const out: Array<string> = help ? ["--help"] : []
    for (const [name, value] of seen) out.push(`--${name}`, ...(value === undefined ? [] : [value]))
    for (const [name, values] of repeats) for (const value of values) out.push(`--${name}`, value)
    return Either.right({ out, rest, unknown })
  }
  let i = 0
  while (i < args.length) {
    const arg = args[i]!
    if (arg === "--") return done(strict ? args.slice(i + 1) : [])
    if (isHelp(arg)) {
      help = true
      i++
      continue
    }
    if (!arg.startsWith("-") || arg === "-") return done(args.slice(i))
    const eq = arg.indexOf("=")
    const name = arg.startsWith("--") ? arg.slice(2, eq < 0 ? undefined : eq) : arg.slice(1)
    const own = arg.startsWith("--") ? specs.find((s) => s.name === name) : undefined
    const global = own === undefined && arg.startsWith("--") ? GLOBAL_SPECS.find((s) => s.name === name) : undefined
    const spec = own ?? global
    if (spec === undefined || (spec.value === undefined && eq >= 0)) {
      // `--wizard` (an @effect/cli built-in clawkeep does not offer) fails even where unknown options are ignored
      if (strict || wizardHint(arg) !== undefined) {
        return usage([
          `OpenClaw does not recognize option "${arg}".`,
          wizardHint(arg) ?? didYouMeanOption(arg, [...specs, ...GLOBAL_SPECS]),
          `Try: clawkeep ${commandPath} --help`
        ])
      }
      unknown.push(arg)
      i++
      continue
    }
    if (own !== undefined) seen.delete(spec.name)
    if (spec.value === undefined) {
      if (global !== undefined) setGlobal(globals, spec.name, undefined)
      else seen.set(spec.name, undefined)
      i++
      continue
    }
    let value: string | undefined
    if (eq >= 0) {
      value = arg.slice(eq + 1)
      i++
    } else {
      value = args[i + 1]
      i += 2
    }
    if (value === undefined) {
      return usage([
        `OpenClaw could not parse this command: option '--${spec.name} ${spec.value}' argument missing`,
        `Try: clawkeep ${commandPath} --help`
      ])
    }
    if (global !== undefined) setGlobal(globals, spec.name, value)
    else if (spec.repeatable === true) repeats.set(spec.name, [...(repeats.get(spec.name) ?? []), value])
    else seen.set(spec.name, value)
  }
  return done([])
}

/**
 * `--color` / `--no-color` among the options `sessions` does not know: the last one decides the
 * list's colours (the reference's program-wide flags); emitted as `--color` / `--no-color`.
 */
const colorChoice = (unknown: ReadonlyArray<string>): ReadonlyArray<string> => {
  const last = unknown.filter((a) => a === "--color" || a === "--no-color").at(-1)
  return last === undefined ? [] : [last]
}

/**
 * Normalises the arguments after the program name. A command other than `sessions`, or an
 * unknown option before it, is reported here (with a suggestion when it looks like a typo). The
 * program's options are taken out at every level. Options `sessions` does not know are ignored
 * when it runs itself (or its `list` alias), and handed to a subcommand otherwise, which rejects
 * them (as the reference does: `sessions --bogus cleanup` fails on `--bogus`).
 */
export const parseArgv = (args: ReadonlyArray<string>): Either.Either<ParsedArgv, UsageError> => {
  const globals: MutableGlobals = { version: false, logLevel: undefined, completions: undefined }
  const parsed = (normalized: ReadonlyArray<string>) => Either.right({ args: normalized, globals })
  // the program's own level: help and the program options, up to the command
  let help = false
  let at = 0
  while (at < args.length && args[at]!.startsWith("-")) {
    const arg = args[at]!
    if (isHelp(arg)) {
      help = true
      at++
      continue
    }
    const eq = arg.indexOf("=")
    const spec = arg.startsWith("--") ? GLOBAL_SPECS.find((s) => s.name === arg.slice(2, eq < 0 ? undefined : eq)) : undefined
    if (spec === undefined || (spec.value === undefined && eq >= 0)) {
      const meant = closest(arg.replace(/^-+/, "").split("=")[0]!, ["help", ...GLOBAL_SPECS.map((s) => s.name)])
      return usage([
        `Unknown option: clawkeep ${arg}.`,
        wizardHint(arg) ?? (meant === undefined ? undefined : `Did you mean --${meant}?`),
        "Try: clawkeep --help"
      ])
    }
    const value = spec.value === undefined ? undefined : eq >= 0 ? arg.slice(eq + 1) : args[at + 1]
    if (spec.value !== undefined && value === undefined) {
      return usage([`OpenClaw could not parse this command: option '--${spec.name} ${spec.value}' argument missing`, "Try: clawkeep --help"])
    }
    setGlobal(globals, spec.name, value)
    at += spec.value !== undefined && eq < 0 ? 2 : 1
  }
  if (help) return parsed(["--help"])
  const first = args[at]
  if (first === undefined) return parsed([])
  if (first !== "sessions") {
    // a subcommand of `sessions` typed without it, or a near miss of either
    const sub = first in SUBCOMMAND_OPTIONS ? first : closest(first, Object.keys(SUBCOMMAND_OPTIONS))
    const meant = closest(first, ["sessions"]) ?? (sub === undefined ? undefined : `sessions ${sub}`)
    return usage([
      `Unknown command: clawkeep ${first}.`,
      meant === undefined ? undefined : `Did you mean clawkeep ${meant}?`,
      "Try: clawkeep --help"
    ])
  }
  const parent = scanLevel(args.slice(at + 1), SESSIONS_OPTIONS, "sessions", false, globals)
  if (Either.isLeft(parent)) return Either.left(parent.left)
  const { out, rest, unknown } = parent.right
  if (rest.length === 0) return parsed(["sessions", ...out, ...colorChoice(unknown)])
  const sub = rest[0]!
  const specs = SUBCOMMAND_OPTIONS[sub]
  if (specs === undefined) {
    return usage(["Too many arguments for this command.", didYouMeanSubcommand(sub), "Try: clawkeep sessions --help"])
  }
  const alias = sub === "list"
  if (!alias && unknown.length > 0) {
    return usage([
      `OpenClaw does not recognize option "${unknown[0]}".`,
      wizardHint(unknown[0]!) ?? didYouMeanOption(unknown[0]!, specs),
      `Try: clawkeep sessions ${sub} --help`
    ])
  }
  const child = scanLevel(rest.slice(1), specs, `sessions ${sub}`, !alias, globals)
  if (Either.isLeft(child)) return Either.left(child.left)
  if (child.right.rest.length > 0) {
    return usage(["Too many arguments for this command.", `Try: clawkeep sessions ${sub} --help`])
  }
  const colors = alias ? colorChoice([...unknown, ...child.right.unknown]) : []
  return parsed(["sessions", ...out, sub, ...child.right.out, ...colors])
}

/** `parseArgv` without the program options: the argv @effect/cli parses. */
export const normalizeArgv = (args: ReadonlyArray<string>): Either.Either<ReadonlyArray<string>, UsageError> =>
  Either.map(parseArgv(args), (parsed) => parsed.args)

/**
 * Reads one level of a normalised argv (options as `--name [value]`) from `start`: the options
 * it sets (`--help` included) and where the next command word is.
 */
const readLevel = (args: ReadonlyArray<string>, start: number, specs: ReadonlyArray<OptionSpec>): { set: ReadonlySet<string>; next: number } => {
  const set = new Set<string>()
  let i = start
  while (i < args.length && args[i]!.startsWith("-")) {
    const arg = args[i]!
    set.add(arg)
    const spec = specs.find((s) => `--${s.name}` === arg)
    i += spec?.value === undefined ? 1 : 2
  }
  return { set, next: i }
}

/** The options a normalised `sessions …` argv sets on `sessions` and on its subcommand (if any). */
const readLevels = (normalized: ReadonlyArray<string>) => {
  const parent = readLevel(normalized, 1, SESSIONS_OPTIONS)
  const sub = normalized[parent.next]
  const child = sub === undefined ? undefined : readLevel(normalized, parent.next + 1, SUBCOMMAND_OPTIONS[sub] ?? [])
  return { parent: parent.set, sub, child: child?.set ?? new Set<string>() }
}

/**
 * The command whose help a normalised argv asks for (`[]` for the program itself, e.g.
 * `["sessions", "cleanup"]`), or undefined when it asks for none. `clawkeep` alone asks for the
 * program's help; a `--help` anywhere shows the help of the deepest command named.
 */
export const helpRequest = (normalized: ReadonlyArray<string>): ReadonlyArray<string> | undefined => {
  if (normalized.length === 0 || isHelp(normalized[0]!)) return []
  if (normalized[0] !== "sessions") return undefined
  const { parent, sub, child } = readLevels(normalized)
  if (sub === undefined) return parent.has("--help") ? ["sessions"] : undefined
  return parent.has("--help") || child.has("--help") ? ["sessions", sub] : undefined
}

/** Whether a normalised argv asks for JSON output (`--json` on `sessions` or on its subcommand). */
export const asksForJson = (normalized: ReadonlyArray<string>): boolean => {
  if (normalized[0] !== "sessions") return false
  const { parent, child } = readLevels(normalized)
  return parent.has("--json") || child.has("--json")
}
