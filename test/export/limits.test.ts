/**
 * The reference's size and count limits (export-trajectory §5, §6.2, §6.3), each failing before
 * anything is written.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runClawkeep } from "../support/cli.js"
import { cleanupTempRoots, makeTempRoot } from "./support.js"

afterAll(cleanupTempRoots)

const NOW = 1779278400000

const fixture = (transcript: string) => {
  const home = path.join(makeTempRoot(), "h")
  const sd = path.join(home, ".openclaw", "agents", "main", "sessions")
  fs.mkdirSync(sd, { recursive: true })
  fs.mkdirSync(path.join(home, "ws"))
  fs.writeFileSync(path.join(sd, "sessions.json"), JSON.stringify({ "agent:main:s": { sessionId: "s-1" } }))
  fs.writeFileSync(path.join(sd, "s-1.jsonl"), transcript)
  return { home, sd, ws: path.join(home, "ws") }
}

const run = (home: string, args: ReadonlyArray<string> = []) =>
  runClawkeep(["sessions", "export-trajectory", "--session-key", "agent:main:s", ...args], {
    env: { HOME: home },
    cwd: path.join(home, "ws"),
    nowMs: NOW
  })

describe("export-trajectory limits", () => {
  it("more than 250000 events in total", async () => {
    const rows = [JSON.stringify({ type: "session", version: 3, id: "s-1", timestamp: "2026-05-20T09:00:00.000Z" })]
    let parent: string | null = null
    for (let i = 0; i < 125001; i += 1) {
      rows.push(
        JSON.stringify({
          type: "message",
          id: `a${i}`,
          parentId: parent,
          timestamp: "2026-05-20T10:00:00.000Z",
          message: { role: "assistant", content: [{ type: "toolCall", id: `c${i}`, name: "x", arguments: {} }] }
        })
      )
      parent = `a${i}`
    }
    const { home, ws } = fixture(rows.join("\n") + "\n")
    const r = await run(home)
    expect(r.stderr).toBe("Failed to export trajectory: Trajectory export has too many events (250002; limit 250000)\n")
    expect(r.code).toBe(1)
    expect(fs.readdirSync(ws)).toEqual([])
  })

  it("a runtime file over 52428800 bytes", async () => {
    const { home, sd, ws } = fixture(JSON.stringify({ type: "session", version: 3, id: "s-1" }) + "\n")
    fs.writeFileSync(path.join(sd, "s-1.trajectory.jsonl"), "")
    fs.truncateSync(path.join(sd, "s-1.trajectory.jsonl"), 52428801)
    const r = await run(home)
    expect(r.stderr).toBe("Failed to export trajectory: Trajectory runtime file is too large to export (52428801 bytes; limit 52428800)\n")
    expect(fs.readdirSync(ws)).toEqual([])
  })

  it("--max-bytes lowers or raises the transcript limit", async () => {
    const text = JSON.stringify({ type: "session", version: 3, id: "s-1" }) + "\n"
    const { home } = fixture(text)
    const low = await run(home, ["--max-bytes", "10"])
    expect(low.stderr).toBe(`Failed to export trajectory: Trajectory session file is too large to export (${text.length} bytes; limit 10)\n`)
    const ok = await run(home, ["--max-bytes", "1kb", "--output", "ok"])
    expect(ok.stderr).toBe("")
    expect(ok.code).toBe(0)
  })
})
