/**
 * After an apply, stdout stays the reference's applied summary; in text mode stderr says what
 * apply did (rows removed, transcripts archived, files deleted or moved to the trash, bytes
 * freed) and how to undo it, and in warn mode that `--enforce` applies what the preview shows.
 * After a restore, stderr says what came back and what could not.
 */
import { describe, expect, it } from "@effect/vitest"
import { applyReportLines, formatBytes, isApplyTotalsLine } from "../../src/render/applyReport.js"
import { isPreviewApplyNote } from "../../src/render/explain.js"
import { memoryFs } from "../../src/store/memoryFs.js"
import { HOME, runInMemory, SESSIONS_DIR, STORE, staleTree } from "./support.js"

/** stderr with the journal id of the undo line replaced (it holds a random part). */
const undoLine = (stderr: string) => stderr.replace(/--id \S+/g, "--id <journal>")

const names = (m: ReturnType<typeof memoryFs>) => Object.keys(m.snapshot(SESSIONS_DIR)).map((p) => p.slice(SESSIONS_DIR.length + 1))

describe("the apply report", () => {
  it("text mode: the reference's stdout, and on stderr the rows, transcripts, files and bytes", async () => {
    const m = memoryFs(staleTree())
    const result = await runInMemory(m, ["sessions", "cleanup"])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`Session store: ${STORE}\nApplied maintenance. Current entries: 1\nPruned unreferenced artifacts: 2\n`)
    // the tree: 3 stale rows with transcripts, 2 orphans of 1000 + 1048 bytes
    expect(undoLine(result.stderr)).toBe(
      "Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\nTo undo: clawkeep sessions restore --id <journal>\n"
    )
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
    // only main's store had something to do, so only it has a journal
    expect(undoLine(result.stderr)).toBe(
      "Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\nTo undo: clawkeep sessions restore --id <journal>\n"
    )
  })

  it("a saved plan applied later is reported the same way", async () => {
    const m = memoryFs(staleTree())
    expect((await runInMemory(m, ["sessions", "cleanup", "--dry-run", "--plan-out", `${HOME}/plan.json`])).code).toBe(0)
    const result = await runInMemory(m, ["sessions", "cleanup", "--apply-plan", `${HOME}/plan.json`])
    expect(result.code).toBe(0)
    expect(undoLine(result.stderr)).toBe(
      "Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\nTo undo: clawkeep sessions restore --id <journal>\n"
    )
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
    expect(undoLine(enforced.stderr)).toBe(
      "Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\nTo undo: clawkeep sessions restore --id <journal>\n"
    )
  })

  it("no journal, no undo line: an apply with nothing to do", async () => {
    const m = memoryFs(staleTree())
    expect((await runInMemory(m, ["sessions", "cleanup"])).code).toBe(0)
    const again = await runInMemory(m, ["sessions", "cleanup"])
    expect(again.stderr).toBe("Removed 0 rows, archived 0 transcripts, deleted 0 files (0 bytes freed).\n")
    expect(applyReportLines([])).toEqual(["Removed 0 rows, archived 0 transcripts, deleted 0 files (0 bytes freed)."])
  })

  it("--trash: the deleted files are counted as moved to the trash, nothing freed yet", async () => {
    const m = memoryFs(staleTree())
    const result = await runInMemory(m, ["sessions", "cleanup", "--trash"])
    expect(result.code).toBe(0)
    expect(undoLine(result.stderr)).toBe(
      "Removed 3 rows, archived 3 transcripts, deleted 0 files (0 bytes freed), moved 2 files to the trash (2.0 KB).\n" +
        "To undo: clawkeep sessions restore --id <journal>\n"
    )
    expect(isApplyTotalsLine(result.stderr.split("\n")[0]!)).toBe(true)
    const trashed = Object.keys(m.snapshot(`${HOME}/.openclaw/clawkeep`)).filter((p) => p.includes("/trash/"))
    expect(trashed.map((p) => p.replace(/.*\/trash\/\d+-/, "")).sort()).toEqual(["orphan-1.jsonl", "orphan-2.jsonl"])
  })

  it("--json: no report and no undo line on stderr, with or without --trash", async () => {
    for (const args of [["sessions", "cleanup", "--json"], ["sessions", "cleanup", "--json", "--trash"], ["sessions", "--json", "cleanup"]]) {
      const result = await runInMemory(staleTree(), args)
      expect(result.code).toBe(0)
      expect(result.stderr).toBe("")
    }
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

describe("the restore report", () => {
  const restored = async (applyArgs: ReadonlyArray<string>, restoreArgs: ReadonlyArray<string>) => {
    const m = memoryFs(staleTree())
    expect((await runInMemory(m, ["sessions", "cleanup", ...applyArgs])).code).toBe(0)
    return { m, result: await runInMemory(m, ["sessions", "restore", ...restoreArgs]) }
  }

  it("after a --trash apply: every row and file comes back", async () => {
    const before = memoryFs(staleTree()).snapshot(SESSIONS_DIR)
    const { m, result } = await restored(["--trash"], [])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("  rows put back: 3\n  files put back: 5\n")
    expect(result.stderr).toBe("Put back 3 rows and 5 files.\n")
    expect(m.snapshot(SESSIONS_DIR)).toEqual(before)
  })

  it("after a plain apply: the deleted files are named on stdout and counted on stderr with why", async () => {
    const { result } = await restored([], [])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`    ${SESSIONS_DIR}/orphan-1.jsonl: deleted outright (apply ran without --trash)\n`)
    expect(result.stderr).toBe("Put back 3 rows and 3 files; 2 files could not come back (deleted outright, the apply ran without --trash).\n")
  })

  it("--dry-run says what it would put back; --json prints no report", async () => {
    const dry = await restored([], ["--dry-run"])
    expect(dry.result.stderr).toBe("Would put back 3 rows and 3 files; 2 files cannot come back (deleted outright, the apply ran without --trash).\n")
    const json = await restored(["--trash"], ["--json"])
    expect(json.result.code).toBe(0)
    expect(JSON.parse(json.result.stdout)).toMatchObject({ dryRun: false })
    expect(json.result.stderr).toBe("")
  })
})
