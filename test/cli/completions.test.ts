/**
 * Shell completion scripts (`clawkeep --completions bash|zsh|fish`), generated from the
 * declaration tables. The bash script is run by bash itself (`_clawkeep` with COMP_WORDS as
 * bash fills them); the zsh and fish scripts are checked by their shells when installed, and
 * fish's completions are asked for with `complete -C`. Without bash the bash cases are skipped.
 */
import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { CLEANUP, type CommandDecl, EXPORT_TRAJECTORY, GLOBAL_OPTIONS, LIST, SESSIONS, SUBCOMMANDS } from "../../src/cli/commandTable.js"
import { bashScript, fishScript, zshScript } from "../../src/cli/completions.js"
import { tempDir } from "../support/tempDir.js"
import { runInMemory, staleTree } from "./support.js"

const has = (shell: string): boolean => spawnSync(shell, ["-c", "exit 0"], { stdio: "ignore" }).status === 0

const quote = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`

/** What the bash script offers for each case (COMP_WORDS as bash splits them; the last is completed). */
const bashComplete = (cases: ReadonlyArray<ReadonlyArray<string>>, agentIds: string): ReadonlyArray<ReadonlyArray<string>> => {
  const dir = tempDir("clawkeep-completion-")
  const script = path.join(dir, "clawkeep.bash")
  fs.writeFileSync(script, bashScript())
  const lines = [
    `source ${quote(script)}`,
    // the installed program answering `--completions agent-ids` (what clawkeep prints, tested below)
    `clawkeep() { [[ "$*" == "--completions agent-ids" ]] && printf %s ${quote(agentIds)}; }`,
    `complete -p clawkeep`,
    ...cases.map((words) => `COMP_WORDS=(${words.map(quote).join(" ")}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _clawkeep; printf '%s\\t' "\${COMPREPLY[@]}"; echo`)
  ]
  const run = spawnSync("bash", ["--norc", "--noprofile", "-c", lines.join("\n")], { encoding: "utf8" })
  expect(run.stderr).toBe("")
  const [registration, ...out] = run.stdout.split("\n")
  expect(registration).toBe("complete -F _clawkeep clawkeep")
  return out.slice(0, cases.length).map((line) => line.split("\t").filter((w) => w !== ""))
}

const optionsOf = (decl: CommandDecl | undefined): ReadonlyArray<string> =>
  [...Object.values(decl?.options ?? {}), ...Object.values(GLOBAL_OPTIONS)].map((o) => `--${o.name}`).concat("--help").sort()

describe.skipIf(!has("bash"))("bash completion", () => {
  it("completes every command, and every command's own options and the program's", async () => {
    const agentIds = (await runInMemory(staleTree(), ["--completions", "agent-ids"])).stdout
    const levels: ReadonlyArray<readonly [ReadonlyArray<string>, CommandDecl | undefined]> = [
      [[], undefined],
      [["sessions"], SESSIONS],
      ...SUBCOMMANDS.map((c) => [c.path, c] as const)
    ]
    const cases = levels.flatMap(([words]) => [["clawkeep", ...words, ""], ["clawkeep", ...words, "--"]])
    const got = bashComplete(cases, agentIds)
    levels.forEach(([words, decl], i) => {
      const subcommands = words.length === 0 ? ["sessions"] : words.length === 1 ? SUBCOMMANDS.map((c) => c.path[1]!) : []
      expect(got[2 * i], `clawkeep ${words.join(" ")} <TAB>`).toEqual(subcommands)
      expect([...got[2 * i + 1]!].sort(), `clawkeep ${words.join(" ")} --<TAB>`).toEqual(optionsOf(decl))
    })
  })

  it("completes a prefix to the one option or command it names", async () => {
    const got = bashComplete(
      [
        ["clawkeep", "sessions", "cleanup", "--dr"],
        ["clawkeep", "sessions", "cl"],
        ["clawkeep", "sessions", "--agent", "main", "cleanup", "--fix-m"],
        ["clawkeep", "--log-level", "debug", "sessions", "export-trajectory", "--session"],
        ["clawkeep", "sessions", "cleanup", "--explain", "--plan"],
        ["clawkeep", "se"]
      ],
      ""
    )
    expect(got).toEqual([["--dry-run"], ["cleanup"], ["--fix-missing"], ["--session-key"], ["--plan-out"], ["sessions"]])
  })

  it("completes option values by their kind: agent ids, levels, shells, files; nothing for free values", async () => {
    const dir = tempDir("clawkeep-completion-files-")
    fs.writeFileSync(path.join(dir, "sessions.json"), "{}")
    fs.writeFileSync(path.join(dir, "plan.json"), "{}")
    const agentIds = (await runInMemory(staleTree(), ["--completions", "agent-ids"])).stdout
    const got = bashComplete(
      [
        ["clawkeep", "sessions", "cleanup", "--agent", ""],
        ["clawkeep", "sessions", "--agent", "w"],
        ["clawkeep", "sessions", "list", "--agent", "=", "m"],
        ["clawkeep", "--log-level", "d"],
        ["clawkeep", "sessions", "--completions", ""],
        ["clawkeep", "sessions", "cleanup", "--store", path.join(dir, "se")],
        ["clawkeep", "sessions", "cleanup", "--apply-plan", path.join(dir, "pl")],
        ["clawkeep", "sessions", "--limit", ""],
        ["clawkeep", "sessions", "export-trajectory", "--session-key", ""]
      ],
      agentIds
    )
    expect(got).toEqual([
      ["main", "work"],
      ["work"],
      ["main"],
      ["debug"],
      ["bash", "zsh", "fish"],
      [path.join(dir, "sessions.json")],
      [path.join(dir, "plan.json")],
      [],
      []
    ])
  })
})

describe("the scripts name every command and option of the tables", () => {
  const all = [SESSIONS, LIST, CLEANUP, EXPORT_TRAJECTORY]
  for (const [shell, script] of [
    ["bash", bashScript()],
    ["zsh", zshScript()],
    ["fish", fishScript()]
  ] as const) {
    it(shell, () => {
      for (const decl of all) {
        expect(script).toContain(decl.path.at(-1)!)
        for (const o of Object.values(decl.options)) expect(script, `--${o.name}`).toMatch(new RegExp(`(--|-l )${o.name}\\b`))
      }
      for (const o of Object.values(GLOBAL_OPTIONS)) expect(script).toMatch(new RegExp(`(--|-l )${o.name}\\b`))
    })
  }

  it.skipIf(!has("zsh"))("zsh parses its script", () => {
    const run = spawnSync("zsh", ["-n"], { input: zshScript(), encoding: "utf8" })
    expect(run.stderr).toBe("")
    expect(run.status).toBe(0)
  })

  it.skipIf(!has("fish"))("fish parses its script and completes with it", () => {
    const dir = tempDir("clawkeep-fish-")
    const script = path.join(dir, "clawkeep.fish")
    fs.writeFileSync(script, fishScript())
    const ask = (line: string) => `complete -C${quote(line)} | string split -f1 \\t | string join ' '`
    const run = spawnSync(
      "fish",
      ["--no-config", "-c", [`source ${quote(script)}`, ask("clawkeep sessions cleanup --dr"), ask("clawkeep sessions "), ask("clawkeep --log-level ")].join("; ")],
      { encoding: "utf8" }
    )
    expect(run.stderr).toBe("")
    expect(run.stdout.split("\n").slice(0, 3)).toEqual(["--dry-run", SUBCOMMANDS.map((c) => c.path[1]).sort().join(" "), "debug error fatal info none trace warning"])
  })
})
