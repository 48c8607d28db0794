/**
 * After an apply, stdout stays the reference's applied summary; in text mode stderr says what
 * apply did (rows removed, transcripts archived, files deleted, bytes freed), and in warn mode
 * that `--enforce` applies what the preview shows.
 */
import { describe, expect, it } from "@effect/vitest"
import { applyReportLines, formatBytes } from "../../src/render/applyReport.js"
import { isPreviewApplyNote } from "../../src/render/explain.js"
import { memoryFs } from "../../src/store/memoryFs.js"
import { HOME, runInMemory, SESSIONS_DIR, STORE, staleTree } from "./support.js"

const names = (m: ReturnType<typeof memoryFs>) => Object.keys(m.snapshot(SESSIONS_DIR)).map((p) => p.slice(SESSIONS_DIR.length + 1))

describe("the apply report", () => {
  it("text mode: the reference's stdout, and on stderr the rows, transcripts, files and bytes", async () => {
    const m = memoryFs(staleTree())
    const result = await runInMemory(m, ["sessions", "cleanup"])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`Session store: ${STORE}\nApplied maintenance. Current entries: 1\nPruned unreferenced artifacts: 2\n`)
    // the tree: 3 stale rows with transcripts, 2 orphans of 1000 + 1048 bytes
    expect(result.stderr).toBe("Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\n")
    const left = names(m)
    expect(left.filter((n) => n.includes(".jsonl.deleted.")).length).toBe(3)
    expect(left.filter((n) => n.startsWith("orphan-"))).toEqual([])
  })

  it("--json: the reference's JSON and nothing on stderr", async () => {
    const result = await runInMemory(staleTree(), ["sessions", "cleanup", "--json"])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ applied: true, appliedCount: 1, pruned: 3 })
    expect(result.stderr).toBe("")
  })

  it("several stores: one line of totals", async () => {
    const result = await runInMemory(staleTree(), ["sessions", "cleanup", "--all-agents"])
    expect(result.stdout).toContain("Agent: work\n")
    expect(result.stderr).toBe("Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\n")
  })

  it("a saved plan applied later is reported the same way", async () => {
    const m = memoryFs(staleTree())
    expect((await runInMemory(m, ["sessions", "cleanup", "--dry-run", "--plan-out", `${HOME}/plan.json`])).code).toBe(0)
    const result = await runInMemory(m, ["sessions", "cleanup", "--apply-plan", `${HOME}/plan.json`])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\n")
  })

  it("warn mode: apply does less than the preview, and the note says --enforce applies it", async () => {
    const m = memoryFs(staleTree("warn"))
    const result = await runInMemory(m, ["sessions", "cleanup"])
    expect(result.stdout).toBe(`Session store: ${STORE}\nApplied maintenance. Current entries: 4\n`)
    const lines = result.stderr.trimEnd().split("\n")
    expect(lines).toEqual([
      "Removed 0 rows, archived 0 transcripts, deleted 0 files (0 bytes freed).",
      `Note: ${STORE}: apply in warn mode removed 0 row(s) and 0 file(s), not the 3 row(s) and 2 file(s) --dry-run shows; run with --enforce to apply the preview.`
    ])
    expect(isPreviewApplyNote(lines[1]!)).toBe(true)
    const enforced = await runInMemory(m, ["sessions", "cleanup", "--enforce"])
    expect(enforced.stderr).toBe("Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\n")
  })

  it("the undo line goes after the totals when there is an undo command", () => {
    expect(applyReportLines([], "clawkeep sessions restore --id 1")).toEqual([
      "Removed 0 rows, archived 0 transcripts, deleted 0 files (0 bytes freed).",
      "To undo: clawkeep sessions restore --id 1"
    ])
  })

  it("bytes in words", () => {
    expect([0, 1, 1023, 1024, 1536, 5 * 1024 ** 2, 3 * 1024 ** 3].map(formatBytes)).toEqual([
      "0 bytes",
      "1 byte",
      "1,023 bytes",
      "1.0 KB",
      "1.5 KB",
      "5.0 MB",
      "3.0 GB"
    ])
  })
})
