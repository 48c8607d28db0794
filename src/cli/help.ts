/**
 * `--help` text, generated from the declaration tables (commandTable.ts): a title line, the
 * usage with the program name, the description, every option with its description and default,
 * the subcommands and examples — laid out as the reference's help is (80 columns, options in
 * alphabetical order). Colour only when the caller says so (a terminal that allows it).
 */
import type { ColorRole, Palette } from "../render/colors.js"
import { type CommandDecl, GLOBAL_OPTIONS, type OptionDecl, ROOT_DESCRIPTION, SESSIONS, SUBCOMMANDS } from "./commandTable.js"

const WIDTH = 80

interface Row {
  readonly term: string
  readonly description: string
}

/** Greedy word wrap of `text` into lines of at most `width` characters (longer words stay whole). */
const wrap = (text: string, width: number): ReadonlyArray<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line.length === 0 ? word : `${line} ${word}`
    }
  }
  if (line.length > 0) lines.push(line)
  return lines
}

const termWidthOf = (rows: ReadonlyArray<Row>): number => Math.max(...rows.map((r) => r.term.length))

/**
 * A two-column list: terms padded to a common width, descriptions wrapped beside them. Terms in
 * the reference's colours: options `info`, commands `accent`.
 */
const table = (rows: ReadonlyArray<Row>, palette: Palette, role: ColorRole, termWidth = termWidthOf(rows)): ReadonlyArray<string> => {
  const indent = 2 + termWidth + 2
  const descWidth = Math.max(20, WIDTH - indent)
  return rows.flatMap((row) => {
    const [first = "", ...rest] = wrap(row.description, descWidth)
    const term = palette.paint(role, row.term) + " ".repeat(termWidth - row.term.length)
    return [`  ${term}  ${first}`.trimEnd(), ...rest.map((line) => `${" ".repeat(indent)}${line}`)]
  })
}

const optionTerm = (decl: OptionDecl): string => (decl.value === undefined ? `--${decl.name}` : `--${decl.name} ${decl.value}`)

const HELP_ROW: Row & { readonly sortKey: string } = { term: "-h, --help", description: "Display help for command", sortKey: "help" }

const optionRows = (decls: ReadonlyArray<OptionDecl>): ReadonlyArray<Row> =>
  [
    ...decls.map((decl) => ({
      term: optionTerm(decl),
      description: decl.clawkeep === true ? `${decl.description} [clawkeep only]` : decl.description,
      sortKey: decl.name
    })),
    HELP_ROW
  ].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))

/** The program's options, accepted by every command (help is listed with each command's own). */
const globalRows: ReadonlyArray<Row> = Object.values(GLOBAL_OPTIONS).map((decl) => ({ term: optionTerm(decl), description: decl.description }))

const section = (palette: Palette, title: string, lines: ReadonlyArray<string>): ReadonlyArray<string> => [
  "",
  palette.paint("heading", title),
  ...lines
]

const title = (version: string, palette: Palette): string => palette.paint("heading", `clawkeep ${version}`) + ` — ${ROOT_DESCRIPTION}`

const commandRows = (commands: ReadonlyArray<CommandDecl>, from: number): ReadonlyArray<Row> =>
  commands.map((c) => ({ term: c.path.slice(from).join(" "), description: c.description }))

/** Help for `clawkeep` itself. */
export const rootHelp = (version: string, palette: Palette): string =>
  [
    title(version, palette),
    "",
    `${palette.paint("heading", "Usage:")} clawkeep [options] [command]`,
    ...section(
      palette,
      "Options:",
      table([HELP_ROW, ...globalRows], palette, "info")
    ),
    ...section(palette, "Commands:", table(commandRows([SESSIONS, ...SUBCOMMANDS], 0), palette, "accent")),
    "",
    ...wrap(
      "Run `clawkeep sessions --help` or `clawkeep sessions <command> --help` for the options of a command. The options above are accepted by every command.",
      WIDTH
    ),
    ""
  ].join("\n")

/** Help for `clawkeep sessions` or one of its subcommands (`path` as in the tables). */
export const commandHelp = (command: CommandDecl, version: string, palette: Palette): string => {
  const isSessions = command.path.length === 1
  const usage = `clawkeep ${command.path.join(" ")} [options]${isSessions ? " [command]" : ""}`
  const options = optionRows(Object.values(command.options))
  const commands = isSessions ? commandRows(SUBCOMMANDS, 1) : []
  // one description column for options and commands, as in the reference
  const termWidth = termWidthOf([...options, ...commands, ...globalRows])
  const lines: Array<string> = [
    title(version, palette),
    "",
    `${palette.paint("heading", "Usage:")} ${usage}`,
    "",
    command.description,
    ...section(palette, "Options:", table(options, palette, "info", termWidth)),
    ...section(palette, "Global options:", table(globalRows, palette, "info", termWidth))
  ]
  if (isSessions) lines.push(...section(palette, "Commands:", table(commands, palette, "accent", termWidth)))
  if (command.examples !== undefined && command.examples.length > 0) {
    lines.push(
      ...section(
        palette,
        "Examples:",
        command.examples.flatMap(([example, what]) => [`  ${palette.paint("accent", example)}`, `    ${palette.paint("muted", what)}`])
      )
    )
  }
  for (const note of command.notes ?? []) lines.push("", palette.paint("muted", note))
  lines.push("")
  return lines.join("\n")
}

/** The declaration of the command a help path names (`[]` is the program itself). */
export const helpFor = (path: ReadonlyArray<string>, version: string, palette: Palette): string => {
  if (path.length === 0) return rootHelp(version, palette)
  const command = [SESSIONS, ...SUBCOMMANDS].find((c) => c.path.join(" ") === path.join(" "))
  return command === undefined ? rootHelp(version, palette) : commandHelp(command, version, palette)
}
