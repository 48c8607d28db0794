/**
 * The program's own options — `--version`, `--log-level`, `--completions` — accepted on every
 * command level, as help lists them; `--wizard` rejected with a clear message.
 */
import { describe, expect, it } from "@effect/vitest"
import { VERSION } from "../../src/cli/main.js"
import { runInMemory, staleTree, STORE } from "./support.js"

const LEVELS: ReadonlyArray<ReadonlyArray<string>> = [[], ["sessions"], ["sessions", "list"], ["sessions", "cleanup"], ["sessions", "export-trajectory"]]

describe("--version", () => {
  for (const level of LEVELS) {
    it(`clawkeep ${[...level, "--version"].join(" ")} prints the version`, async () => {
      expect(await runInMemory({}, [...level, "--version"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" })
    })
  }

  it("wins over the command's own options, wherever it stands (as the reference's does)", async () => {
    const tree = staleTree()
    const result = await runInMemory(tree, ["sessions", "cleanup", "--version", "--enforce"])
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" })
  })

  it("is a value, not the option, after an option that takes one", async () => {
    const result = await runInMemory({}, ["sessions", "--store", "--version", "--json"])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ path: "/home/u/--version", count: 0 })
  })
})

describe("--log-level", () => {
  it("is accepted on every command and logs what clawkeep does on stderr only", async () => {
    const tree = staleTree()
    const quiet = await runInMemory(tree, ["sessions", "cleanup", "--dry-run"])
    const loud = await runInMemory(tree, ["sessions", "cleanup", "--dry-run", "--log-level", "debug"])
    expect(loud.code).toBe(0)
    // stdout is the same data; the log is on stderr
    expect(loud.stdout).toBe(quiet.stdout)
    expect(quiet.stderr).toBe("")
    const lines = loud.stderr.trimEnd().split("\n")
    expect(lines.every((l) => /^\[debug \+\d+ms\] /.test(l))).toBe(true)
    expect(loud.stderr).toContain("config: read /home/u/.openclaw/openclaw.json")
    expect(loud.stderr).toContain(`targets: main ${STORE}`)
    expect(loud.stderr).toContain(`read store ${STORE}: ok, 4 rows`)
    expect(loud.stderr).toContain(`planned ${STORE}: rows 4 -> 1, archive 3 file(s), delete 2 file(s)`)
  })

  it("logs every file an apply touches", async () => {
    const result = await runInMemory(staleTree(), ["--log-level=debug", "sessions", "cleanup"])
    expect(result.code).toBe(0)
    for (const n of [1, 2, 3]) expect(result.stderr).toMatch(new RegExp(`\\] archive \\S+/old-${n}\\.jsonl -> \\S+/old-${n}\\.jsonl\\.deleted\\.\\S+: done\\n`))
    expect(result.stderr).toMatch(/\] delete \S+\/orphan-1\.jsonl: done\n/)
    expect(result.stderr).toMatch(/\] write \S+\/sessions\.json: done\n/)
    expect(result.stderr).toMatch(/\] journal \S+ of \S+\/sessions\.json: committed\n/)
  })

  it("logs the list's and the export's steps", async () => {
    const list = await runInMemory(staleTree(), ["sessions", "--log-level", "debug", "--all-agents"])
    expect(list.stderr).toContain("list: 5 row(s) from 2 store(s) pass the filters, 5 shown")
    const exported = await runInMemory(staleTree(), ["sessions", "export-trajectory", "--session-key", "agent:main:main", "--log-level", "debug"])
    expect(exported.code).toBe(0)
    expect(exported.stderr).toMatch(/\] export: session agent:main:main of store \S+, transcript \S+\/fresh\.jsonl\n/)
    expect(exported.stderr).toMatch(/\] export: wrote \/home\/u\/\.openclaw\/trajectory-exports\/\S+\n/)
  })

  it("logs nothing above the level asked for, and nothing without it", async () => {
    expect((await runInMemory(staleTree(), ["sessions", "cleanup", "--dry-run", "--log-level", "info"])).stderr).toBe("")
    expect((await runInMemory(staleTree(), ["sessions", "--log-level", "silent"])).stderr).toBe("")
  })

  it("rejects a level that does not exist, and a missing one", async () => {
    expect(await runInMemory({}, ["sessions", "--log-level", "loud"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Invalid --log-level: "loud". Use one of trace, debug, info, warning, error, fatal, none.\nTry: clawkeep --help\n'
    })
    const missing = await runInMemory({}, ["sessions", "cleanup", "--log-level"])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe("OpenClaw could not parse this command: option '--log-level <level>' argument missing\nTry: clawkeep sessions cleanup --help\n")
  })
})

describe("--completions", () => {
  for (const level of LEVELS) {
    it(`clawkeep ${[...level, "--completions", "bash"].join(" ")} prints the bash script`, async () => {
      const result = await runInMemory({}, [...level, "--completions", "bash"])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain("complete -F _clawkeep clawkeep")
    })
  }

  it("names the shells it has scripts for", async () => {
    expect(await runInMemory({}, ["--completions", "tcsh"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'No completion script for "tcsh": use one of bash, zsh, fish.\nTry: clawkeep --help\n'
    })
  })

  it("agent-ids: the configured agents, one per line (what the scripts complete --agent with)", async () => {
    expect(await runInMemory(staleTree(), ["--completions", "agent-ids"])).toEqual({ code: 0, stdout: "main\nwork\n", stderr: "" })
    expect((await runInMemory({}, ["--completions", "agent-ids"])).stdout).toBe("main\n")
  })
})

describe("--wizard", () => {
  it("is rejected with a message that says there is no interactive mode, on every level", async () => {
    for (const level of LEVELS) {
      const result = await runInMemory({}, [...level, "--wizard"], { env: { NO_COLOR: "1" } })
      expect(result.code).toBe(1)
      expect(result.stdout).toBe("")
      expect(result.stderr).toContain("clawkeep has no --wizard: every command takes its options on the command line (see --help).\n")
    }
    expect((await runInMemory({}, ["--wizard"], { env: { NO_COLOR: "1" } })).stderr).toBe(
      "Unknown option: clawkeep --wizard.\nclawkeep has no --wizard: every command takes its options on the command line (see --help).\nTry: clawkeep --help\n"
    )
  })

  it("is listed in no help", async () => {
    for (const level of LEVELS) expect((await runInMemory({}, [...level, "--help"])).stdout).not.toContain("wizard")
  })
})
