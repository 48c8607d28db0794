/**
 * A store that exists but is not a JSON object: read-only commands list it as empty (as the
 * reference does) and warn on stderr; writing commands refuse it (D5). A missing store is
 * simply empty, without a warning.
 */
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep } from "./support/cli.js"
import { tempDir } from "./support/tempDir.js"

const setup = (text: string | undefined) => {
  const home = tempDir("clawkeep-unreadable-")
  const dir = path.join(home, ".openclaw", "agents", "main", "sessions")
  fs.mkdirSync(dir, { recursive: true })
  const store = path.join(dir, "sessions.json")
  if (text !== undefined) fs.writeFileSync(store, text)
  return { home, store, run: (args: ReadonlyArray<string>) => runClawkeep(args, { env: { HOME: home }, cwd: home }) }
}

describe("stores that are not JSON objects", () => {
  for (const text of ["{ // json5 comment\n}", "[]", "", "null"]) {
    it(`list and dry-run read ${JSON.stringify(text)} as empty and warn on stderr`, async () => {
      const { store, run } = setup(text)
      const warning = `Warning: session store is not a valid JSON object and was read as empty: ${store}\n`
      const list = await run(["sessions", "--json"])
      expect(list.code).toBe(0)
      expect(JSON.parse(list.stdout)).toMatchObject({ count: 0, totalCount: 0, sessions: [] })
      expect(list.stderr).toBe(warning)
      const dry = await run(["sessions", "cleanup", "--dry-run", "--json"])
      expect(dry.code).toBe(0)
      expect(JSON.parse(dry.stdout)).toMatchObject({ beforeCount: 0, afterCount: 0 })
      expect(dry.stderr).toBe(warning)
      const apply = await run(["sessions", "cleanup"])
      expect(apply).toEqual({ code: 1, stdout: "", stderr: `Session store is not a valid JSON object: ${store}; refusing to write\n` })
      expect(fs.readFileSync(store, "utf8")).toBe(text)
    })
  }

  it("a missing store is empty without a warning", async () => {
    const { run } = setup(undefined)
    const list = await run(["sessions"])
    expect(list.code).toBe(0)
    expect(list.stderr).toBe("")
    expect(list.stdout).toContain("No sessions found.")
  })
})
