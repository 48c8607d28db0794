import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { closest, normalizeArgv } from "../src/cli/argv.js"
import { runClawkeep } from "./support/cli.js"
import { tempDir } from "./support/tempDir.js"

describe("argv normalisation (reference quirks)", () => {
  it("drops unknown options on `sessions` itself", () => {
    expect(normalizeArgv(["sessions", "--bogus", "--json"])).toEqual(Either.right(["sessions", "--json"]))
  })

  it("splits --opt=value and keeps parent options before the subcommand", () => {
    expect(normalizeArgv(["sessions", "--all-agents", "cleanup", "--active-key=agent:main:x", "--dry-run"])).toEqual(
      Either.right(["sessions", "--all-agents", "cleanup", "--active-key", "agent:main:x", "--dry-run"])
    )
  })

  // The first line of every argument error is the reference's; the hints after it name clawkeep
  // (the reference's read `Try: openclaw …`).
  it("rejects unknown options on subcommands with the reference's text", async () => {
    const result = await runClawkeep(["sessions", "cleanup", "--bogus"])
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'OpenClaw does not recognize option "--bogus".\nTry: clawkeep sessions cleanup --help\n'
    })
  })

  it("reports a missing option value", async () => {
    const result = await runClawkeep(["sessions", "--limit"])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      "OpenClaw could not parse this command: option '--limit <count>' argument missing\nTry: clawkeep sessions --help\n"
    )
  })

  it("rejects stray positionals", async () => {
    const result = await runClawkeep(["sessions", "bogus"])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe("Too many arguments for this command.\nTry: clawkeep sessions --help\n")
  })
})

describe("argv quirks found by comparing with the reference", () => {
  it("a repeated option keeps its last value, on `sessions` and on subcommands", () => {
    expect(normalizeArgv(["sessions", "--agent", "main", "--limit", "3", "--agent", "work", "--limit=1", "--json", "--json"])).toEqual(
      Either.right(["sessions", "--agent", "work", "--limit", "1", "--json"])
    )
    expect(normalizeArgv(["sessions", "cleanup", "--agent", "main", "--fix-missing", "--agent", "work", "--fix-missing"])).toEqual(
      Either.right(["sessions", "cleanup", "--agent", "work", "--fix-missing"])
    )
  })

  it("runs on the last --agent (cleanup applies to the store the user named last)", async () => {
    const home = tempDir("clawkeep-argv-")
    fs.mkdirSync(path.join(home, ".openclaw"), { recursive: true })
    fs.writeFileSync(path.join(home, ".openclaw", "openclaw.json"), '{ agents: { list: [{ id: "main" }, { id: "work" }] } }')
    const result = await runClawkeep(["sessions", "cleanup", "--agent", "main", "--agent", "work", "--json"], { env: { HOME: home }, cwd: home })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ agentId: "work", storePath: path.join(home, ".openclaw/agents/work/sessions/sessions.json") })
    expect(fs.existsSync(path.join(home, ".openclaw/agents/work/sessions/sessions.json"))).toBe(true)
    expect(fs.existsSync(path.join(home, ".openclaw/agents/main/sessions/sessions.json"))).toBe(false)
  })

  it("`--flag=value` on a flag is ignored on `sessions` and rejected on subcommands", async () => {
    expect(normalizeArgv(["sessions", "--json=true", "--all-agents=1"])).toEqual(Either.right(["sessions"]))
    const result = await runClawkeep(["sessions", "cleanup", "--dry-run=true"])
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'OpenClaw does not recognize option "--dry-run=true".\n--dry-run takes no value.\nTry: clawkeep sessions cleanup --help\n'
    })
    const unknown = await runClawkeep(["sessions", "cleanup", "--bogus=1"])
    expect(unknown.stderr).toBe('OpenClaw does not recognize option "--bogus=1".\nTry: clawkeep sessions cleanup --help\n')
  })

  it("`--` ends the arguments of `sessions`; after a subcommand the rest are extra arguments", async () => {
    expect(normalizeArgv(["sessions", "--json", "--", "foo", "--limit"])).toEqual(Either.right(["sessions", "--json"]))
    const result = await runClawkeep(["sessions", "cleanup", "--", "--dry-run"])
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "Too many arguments for this command.\nTry: clawkeep sessions cleanup --help\n"
    })
  })
})

describe("options `sessions` does not know", () => {
  it("are handed to a subcommand, which rejects them", async () => {
    const result = await runClawkeep(["sessions", "--bogus", "cleanup", "--dry-run"])
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'OpenClaw does not recognize option "--bogus".\nTry: clawkeep sessions cleanup --help\n'
    })
  })

  it("--color / --no-color decide the list's colours, the last one winning", async () => {
    const home = tempDir("clawkeep-color-")
    const dir = path.join(home, ".openclaw", "agents", "main", "sessions")
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, "sessions.json"), JSON.stringify({ "agent:main:main": { sessionId: "a", updatedAt: 1 } }))
    const run = (args: ReadonlyArray<string>, env: Record<string, string>) => runClawkeep(args, { env: { HOME: home, ...env }, cwd: home })
    const esc = "\u001b["
    expect((await run(["sessions", "--no-color"], { FORCE_COLOR: "1" })).stdout).not.toContain(esc)
    expect((await run(["sessions", "--color"], {})).stdout).toContain(`${esc}93mSession store:`)
    expect((await run(["sessions", "--no-color", "--color"], {})).stdout).toContain(esc)
    expect((await run(["sessions", "--color", "--no-color"], { FORCE_COLOR: "1" })).stdout).not.toContain(esc)
    expect((await run(["sessions", "list", "--no-color"], { FORCE_COLOR: "1" })).stdout).not.toContain(esc)
    expect((await run(["sessions"], { FORCE_COLOR: "1" })).stdout).toContain(esc)
  })
})

describe("argument errors in colour", () => {
  it("are coloured as the reference colours them when colour is forced (recorded with FORCE_COLOR=1)", async () => {
    const result = await runClawkeep(["sessions", "bogus"], { env: { FORCE_COLOR: "1" } })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      "\u001b[31mToo many arguments for this command.\u001b[39m\n\u001b[31mTry:\u001b[39m \u001b[91mclawkeep sessions --help\u001b[39m\n"
    )
    const plain = await runClawkeep(["sessions", "bogus"], { env: { NO_COLOR: "1" } })
    expect(plain.stderr).toBe("Too many arguments for this command.\nTry: clawkeep sessions --help\n")
  })
})

describe("typos get a suggestion after the reference's first line", () => {
  const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
    [["sesions"], "Unknown command: clawkeep sesions.\nDid you mean clawkeep sessions?\nTry: clawkeep --help\n"],
    [["cleanup", "--dry-run"], "Unknown command: clawkeep cleanup.\nDid you mean clawkeep sessions cleanup?\nTry: clawkeep --help\n"],
    [["bogus"], "Unknown command: clawkeep bogus.\nTry: clawkeep --help\n"],
    [["--verison"], "Unknown option: clawkeep --verison.\nDid you mean --version?\nTry: clawkeep --help\n"],
    [["--bogus"], "Unknown option: clawkeep --bogus.\nTry: clawkeep --help\n"],
    [["sessions", "clean"], "Too many arguments for this command.\nDid you mean clawkeep sessions cleanup?\nTry: clawkeep sessions --help\n"],
    [["sessions", "export"], "Too many arguments for this command.\nDid you mean clawkeep sessions export-trajectory?\nTry: clawkeep sessions --help\n"],
    [
      ["sessions", "cleanup", "--dryrun"],
      'OpenClaw does not recognize option "--dryrun".\nDid you mean --dry-run?\nTry: clawkeep sessions cleanup --help\n'
    ],
    [
      ["sessions", "--dryrun", "cleanup"],
      'OpenClaw does not recognize option "--dryrun".\nDid you mean --dry-run?\nTry: clawkeep sessions cleanup --help\n'
    ],
    [
      ["sessions", "export-trajectory", "--sesion-key=agent:main:main"],
      'OpenClaw does not recognize option "--sesion-key=agent:main:main".\nDid you mean --session-key?\nTry: clawkeep sessions export-trajectory --help\n'
    ]
  ]
  for (const [args, stderr] of cases) {
    it(args.join(" "), async () => {
      expect(await runClawkeep(args, { env: { NO_COLOR: "1" } })).toEqual({ code: 1, stdout: "", stderr })
    })
  }

  it("suggests only near misses", () => {
    expect(closest("dryrun", ["dry-run", "enforce"])).toBe("dry-run")
    expect(closest("clean", ["list", "cleanup", "export-trajectory"])).toBe("cleanup")
    expect(closest("zzz", ["list", "cleanup", "export-trajectory"])).toBeUndefined()
    expect(closest("json", ["json"])).toBeUndefined()
  })
})
