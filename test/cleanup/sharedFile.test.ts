/**
 * A transcript named by rows of two different session ids. The reference archives it when one of
 * the rows is removed, although the other row still names it (recorded with openclaw@2026.5.12:
 * `custom.jsonl` became `custom.jsonl.deleted.<ts>` after a cap to one row). clawkeep keeps any
 * file a remaining row references (a deliberate safety deviation, docs/cleanup.md).
 *
 * It stays on the real disk: it re-runs the recorded reference case end to end on the live
 * layer (JSON5 config file, a real atomic store write, a second apply over the first one's
 * result). The in-memory plan properties cover the same rule over generated trees.
 */
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep } from "../support/cli.js"
import { tempDir } from "../support/tempDir.js"

const NOW = 1779278400000

const setup = () => {
  const home = tempDir("clawkeep-shared-")
  fs.mkdirSync(path.join(home, ".openclaw"), { recursive: true })
  fs.writeFileSync(path.join(home, ".openclaw", "openclaw.json"), "{ session: { maintenance: { maxEntries: 1 } } }")
  const dir = path.join(home, ".openclaw", "agents", "main", "sessions")
  fs.mkdirSync(dir, { recursive: true })
  const store = {
    "agent:main:a": { sessionId: "ida", sessionFile: "custom.jsonl", updatedAt: NOW - 400_000 },
    "agent:main:b": { sessionId: "idb", sessionFile: "custom.jsonl", updatedAt: NOW - 1_400_000 }
  }
  fs.writeFileSync(path.join(dir, "sessions.json"), JSON.stringify(store))
  fs.writeFileSync(path.join(dir, "custom.jsonl"), "{}\n")
  return { home, dir }
}

describe("shared sessionFile across session ids", () => {
  it("the capped row's shared transcript stays in place for the kept row", async () => {
    const { home, dir } = setup()
    const result = await runClawkeep(["sessions", "cleanup", "--json"], { env: { HOME: home }, cwd: home, nowMs: NOW })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ capped: 1, appliedCount: 1 })
    expect(fs.readdirSync(dir).sort()).toEqual(["custom.jsonl", "sessions.json"])
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "sessions.json"), "utf8")))).toEqual(["agent:main:a"])
  })

  it("a second apply with --fix-missing finds the kept row's transcript and removes nothing", async () => {
    const { home } = setup()
    await runClawkeep(["sessions", "cleanup"], { env: { HOME: home }, cwd: home, nowMs: NOW })
    const again = await runClawkeep(["sessions", "cleanup", "--fix-missing", "--json"], { env: { HOME: home }, cwd: home, nowMs: NOW })
    expect(JSON.parse(again.stdout)).toMatchObject({ missing: 0, pruned: 0, capped: 0, appliedCount: 1 })
  })
})
