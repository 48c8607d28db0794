import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { normalizeArgv } from "../src/cli/argv.js"
import { runClawkeep } from "./support/cli.js"

describe("argv normalisation (reference quirks)", () => {
  it("drops unknown options on `sessions` itself", () => {
    expect(normalizeArgv(["sessions", "--bogus", "--json"])).toEqual(Either.right(["sessions", "--json"]))
  })

  it("splits --opt=value and keeps parent options before the subcommand", () => {
    expect(normalizeArgv(["sessions", "--all-agents", "cleanup", "--active-key=agent:main:x", "--dry-run"])).toEqual(
      Either.right(["sessions", "--all-agents", "cleanup", "--active-key", "agent:main:x", "--dry-run"])
    )
  })

  it("rejects unknown options on subcommands with the reference's text", async () => {
    const result = await runClawkeep(["sessions", "cleanup", "--bogus"])
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'OpenClaw does not recognize option "--bogus".\nTry: openclaw sessions cleanup --help\n'
    })
  })

  it("reports a missing option value", async () => {
    const result = await runClawkeep(["sessions", "--limit"])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      "OpenClaw could not parse this command: option '--limit <count>' argument missing\nTry: openclaw sessions --help\n"
    )
  })

  it("rejects stray positionals", async () => {
    const result = await runClawkeep(["sessions", "bogus"])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe("Too many arguments for this command.\nTry: openclaw sessions bogus --help\n")
  })
})
