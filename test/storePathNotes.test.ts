/**
 * What the CLI says about store and output paths that are not what the user meant: a `--store`
 * path with nothing at it, a `--store` path that is a directory, an export `--output` that
 * already exists. stdout and exit codes stay the reference's; the notes go to stderr.
 */
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { cleanupTempRoots, loadCase, runCase } from "./export/support.js"
import { runClawkeep } from "./support/cli.js"
import { tempDir } from "./support/tempDir.js"

afterAll(cleanupTempRoots)

const NOW = Date.UTC(2026, 4, 20)

const scratch = () => {
  const home = fs.realpathSync(tempDir("clawkeep-notes-"))
  const run = (args: ReadonlyArray<string>) => runClawkeep(args, { env: { HOME: home, NO_COLOR: "1" }, cwd: home, nowMs: NOW })
  return { home, run }
}

describe("--store naming nothing", () => {
  it("lists as empty, as the reference does, and says on stderr that no store is there", async () => {
    const { home, run } = scratch()
    const missing = path.join(home, "missing.json")
    const text = await run(["sessions", "--store", missing])
    expect(text.code).toBe(0)
    expect(text.stdout).toBe(`Session store: ${missing}\nSessions listed: 0\nNo sessions found.\n`)
    expect(text.stderr).toBe(`Note: no session store at ${missing}\n`)
    const json = await run(["sessions", "--store", missing, "--json"])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ path: missing, count: 0, sessions: [] })
    expect(json.stderr).toBe(`Note: no session store at ${missing}\n`)
    // the same through `sessions list`, and relative to the working directory
    const relative = await run(["sessions", "list", "--store", "missing.json"])
    expect(relative.stdout).toBe(text.stdout)
    expect(relative.stderr).toBe(`Note: no session store at ${missing}\n`)
  })

  it("says nothing when the default store does not exist yet (no --store)", async () => {
    const { run } = scratch()
    const result = await run(["sessions"])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("No sessions found.")
    expect(result.stderr).toBe("")
  })

  it("says nothing when the store exists", async () => {
    const { home, run } = scratch()
    const store = path.join(home, "sessions.json")
    fs.writeFileSync(store, JSON.stringify({ "agent:main:main": { sessionId: "a", updatedAt: NOW } }))
    const result = await run(["sessions", "--store", store])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
  })
})

describe("--store naming a directory", () => {
  it("warns that the path is a directory, not that it is not a JSON object", async () => {
    const { home, run } = scratch()
    const dir = path.join(home, "sessions")
    fs.mkdirSync(dir)
    for (const args of [["sessions", "--store", dir], ["sessions", "cleanup", "--dry-run", "--store", dir]]) {
      const result = await run(args)
      expect(result.code).toBe(0)
      expect(result.stderr).toContain(`Warning: session store path is a directory, not a file, and was read as empty: ${dir}\n`)
      expect(result.stderr).not.toContain("not a valid JSON object")
    }
    // an apply refuses it, saying why
    expect(await run(["sessions", "cleanup", "--enforce", "--store", dir])).toEqual({
      code: 1,
      stdout: "",
      stderr: `Session store path is a directory, not a file: ${dir}; refusing to write\n`
    })
    expect(fs.readdirSync(dir)).toEqual([])
    // a file that is not a JSON object keeps its warning
    const notJson = path.join(home, "broken.json")
    fs.writeFileSync(notJson, "[1, 2]")
    expect((await run(["sessions", "--store", notJson])).stderr).toBe(
      `Warning: session store is not a valid JSON object and was read as empty: ${notJson}\n`
    )
  })
})

describe("export --output that already exists", () => {
  for (const name of ["err-output-exists", "err-output-exists-masked"]) {
    it(`${name}: the reference's first line, then the same in words`, async () => {
      const c = loadCase(name)
      const run = await runCase(c)
      expect(run.code).toBe(1)
      expect(run.normStdout).toBe("")
      const [first, second, ...rest] = run.normStderr.split("\n")
      expect(`${first}\n`).toBe(c.stderr)
      const dir = /mkdir '(.*)'$/.exec(first!)![1]
      expect(second).toBe(`The output directory already exists: ${dir}. Choose another --output name, or move that directory away.`)
      expect(rest).toEqual([""])
    })
  }
})
