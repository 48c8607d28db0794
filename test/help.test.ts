/**
 * `--help`: generated from the declaration tables (commandTable.ts), which also generate the
 * argv normaliser's option lists and the @effect/cli options — these must all agree.
 */
import { Command, type Usage } from "@effect/cli"
import { describe, expect, it } from "@effect/vitest"
import { helpRequest, SESSIONS_OPTIONS, SUBCOMMAND_OPTIONS } from "../src/cli/argv.js"
import { cleanupCommand } from "../src/cli/cleanup.js"
import { CLEANUP, type CommandDecl, DU, EXPORT_TRAJECTORY, GLOBAL_OPTIONS, LIST, PRUNE, RESTORE, SESSIONS } from "../src/cli/commandTable.js"
import { duCommand } from "../src/cli/du.js"
import { restoreCommand } from "../src/cli/restore.js"
import { exportTrajectoryCommand } from "../src/cli/exportTrajectory.js"
import { VERSION } from "../src/cli/main.js"
import { pruneCommand } from "../src/cli/prune.js"
import { listCommand } from "../src/cli/sessions.js"
import { sessionsCommand } from "../src/cli/sessionsCommand.js"
import { runClawkeep } from "./support/cli.js"

const ESC = "\u001b["

/** Every named option in an @effect/cli usage tree: its name and whether it takes a value. */
const namedOptions = (usage: Usage.Usage): Array<{ name: string; takesValue: boolean }> => {
  const found: Array<{ name: string; takesValue: boolean }> = []
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return
    const record = node as Record<string, unknown>
    if (record["_tag"] === "Named") {
      const names = record["names"] as ReadonlyArray<string>
      const accepted = record["acceptedValues"] as { _tag: string }
      for (const name of names) found.push({ name: name.replace(/^--?/, ""), takesValue: accepted._tag === "Some" })
      return
    }
    for (const value of Object.values(record)) walk(value)
  }
  walk(usage)
  return found
}

const tableOptions = (decl: CommandDecl) =>
  Object.values(decl.options).map((o) => ({ name: o.name, takesValue: o.value !== undefined }))

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)

describe("one declaration table per command", () => {
  const commands: ReadonlyArray<readonly [CommandDecl, Usage.Usage]> = [
    [SESSIONS, Command.getUsage(sessionsCommand)],
    [LIST, Command.getUsage(listCommand)],
    [CLEANUP, Command.getUsage(cleanupCommand)],
    [EXPORT_TRAJECTORY, Command.getUsage(exportTrajectoryCommand)],
    [DU, Command.getUsage(duCommand)],
    [RESTORE, Command.getUsage(restoreCommand)],
    [PRUNE, Command.getUsage(pruneCommand)]
  ]

  for (const [decl, usage] of commands) {
    it(`${decl.path.join(" ")}: the @effect/cli options are the table's`, () => {
      // the usage names the command itself too
      const options = namedOptions(usage).filter((o) => o.name !== decl.path.at(-1))
      expect(options.sort(byName)).toEqual(tableOptions(decl).sort(byName))
    })

    it(`${decl.path.join(" ")}: the normaliser's options are the table's (without the program-wide colour flags)`, () => {
      const argvSpecs = decl === SESSIONS ? SESSIONS_OPTIONS : SUBCOMMAND_OPTIONS[decl.path[1]!]
      const expected = Object.values(decl.options)
        .filter((o) => o.programWide !== true)
        .map((o) => ({ name: o.name, takesValue: o.value !== undefined }))
      expect(argvSpecs?.map((s) => ({ name: s.name, takesValue: s.value !== undefined }))).toEqual(expected)
    })
  }

  it("knows exactly the subcommands the normaliser knows", () => {
    expect(Object.keys(SUBCOMMAND_OPTIONS).sort()).toEqual(["cleanup", "du", "export-trajectory", "list", "prune", "restore"])
  })

  it("keeps the reference's options and the clawkeep-only ones", () => {
    expect(SUBCOMMAND_OPTIONS["cleanup"]?.map((s) => s.name)).toEqual(
      expect.arrayContaining(["explain", "plan-out", "apply-plan", "dry-run", "enforce", "fix-missing", "fix-dm-scope", "active-key"])
    )
    expect(SUBCOMMAND_OPTIONS["export-trajectory"]?.map((s) => s.name)).toContain("max-bytes")
  })
})

describe("which help an argv asks for", () => {
  it("the deepest command named, skipping option values", () => {
    expect(helpRequest([])).toEqual([])
    expect(helpRequest(["--help"])).toEqual([])
    expect(helpRequest(["-h"])).toEqual([])
    expect(helpRequest(["sessions", "--help"])).toEqual(["sessions"])
    expect(helpRequest(["sessions", "--help", "cleanup"])).toEqual(["sessions", "cleanup"])
    expect(helpRequest(["sessions", "cleanup", "--dry-run", "--help"])).toEqual(["sessions", "cleanup"])
    expect(helpRequest(["sessions", "--store", "--help"])).toBeUndefined()
    expect(helpRequest(["sessions", "--store", "x", "cleanup"])).toBeUndefined()
    expect(helpRequest(["--version"])).toBeUndefined()
  })
})

describe("--help", () => {
  const cases = [
    [["--help"], "Usage: clawkeep [options] [command]", undefined],
    [["sessions", "--help"], "Usage: clawkeep sessions [options] [command]", SESSIONS],
    [["sessions", "list", "--help"], "Usage: clawkeep sessions list [options]", LIST],
    [["sessions", "cleanup", "--help"], "Usage: clawkeep sessions cleanup [options]", CLEANUP],
    [["sessions", "export-trajectory", "-h"], "Usage: clawkeep sessions export-trajectory [options]", EXPORT_TRAJECTORY]
  ] as const

  for (const [args, usage, decl] of cases) {
    it(`${args.join(" ")}: one title, the usage with the program name, every option described`, async () => {
      const result = await runClawkeep(args, { env: {} })
      expect(result.code).toBe(0)
      expect(result.stderr).toBe("")
      const out = result.stdout
      expect(out.split(`clawkeep ${VERSION}`).length - 1).toBe(1)
      expect(out).toContain(`${usage}\n`)
      expect(out).not.toContain("A user-defined piece of text")
      expect(out).not.toContain("This setting is optional")
      expect(out).not.toContain("$ ")
      const flat = out.replace(/\s+/g, " ")
      // the command's own options and the program's (accepted by every command)
      for (const o of [...Object.values(decl?.options ?? {}), ...Object.values(GLOBAL_OPTIONS)]) {
        expect(flat).toContain(`--${o.name}${o.value === undefined ? "" : ` ${o.value}`} ${o.description}`)
      }
      expect(out).not.toContain("--wizard")
    })
  }

  it("has the reference's descriptions and defaults, and marks --session-key as required", async () => {
    const list = (await runClawkeep(["sessions", "--help"])).stdout.replace(/\s+/g, " ")
    expect(list).toContain('--limit <count> Max sessions to show (default: 100; use "all" for full output)')
    expect(list).toContain("--store <path> Path to session store (default: resolved from config)")
    const cleanup = (await runClawkeep(["sessions", "cleanup", "--help"])).stdout.replace(/\s+/g, " ")
    expect(cleanup).toContain("--active-key <key> Protect this session key from budget-eviction")
    expect(cleanup).toContain("--plan-out <file>")
    expect(cleanup).toContain("[clawkeep only]")
    const exp = (await runClawkeep(["sessions", "export-trajectory", "--help"])).stdout
    expect(exp).toMatch(/--session-key <key> +Session key to export \(required\)/)
    expect(exp).toContain("--max-bytes <bytes>")
  })

  it("lists the subcommands of sessions and of the program", async () => {
    const sessions = (await runClawkeep(["sessions", "--help"])).stdout
    for (const sub of ["list", "cleanup", "export-trajectory"]) expect(sessions).toMatch(new RegExp(`\\n  ${sub} +\\S`))
    const root = (await runClawkeep([])).stdout
    expect(root).toMatch(/\n {2}sessions cleanup +Run session-store maintenance now/)
  })

  it("has no escape codes unless stdout is a terminal that allows colour", async () => {
    const help = (tty: boolean, env: Record<string, string>) => runClawkeep(["sessions", "cleanup", "--help"], { tty, env })
    expect((await help(false, { TERM: "xterm-256color" })).stdout).not.toContain(ESC)
    expect((await help(true, { TERM: "xterm-256color", NO_COLOR: "1" })).stdout).not.toContain(ESC)
    expect((await help(true, { TERM: "dumb" })).stdout).not.toContain(ESC)
    expect((await help(true, { TERM: "xterm-256color" })).stdout).toContain(ESC)
    // the same text, only painted
    const plain = (await help(false, { TERM: "xterm-256color" })).stdout
    const painted = (await help(true, { TERM: "xterm-256color" })).stdout
    expect(painted.replace(/\u001b\[\d+m/g, "")).toBe(plain)
  })
})
