/**
 * `clawkeep sessions prune` through the CLI, in memory: usage errors (no selector, bad values,
 * `--apply-plan` with a selector), the dry run's text and JSON, `--explain`, the apply's text,
 * undo hint and journal, and the `--plan-out` / `--apply-plan` round trip.
 */
import { describe, expect, it } from "@effect/vitest"
import * as path from "node:path"
import { Either } from "effect"
import { normalizeArgv } from "../../src/cli/argv.js"
import { NO_SELECTOR_ERROR } from "../../src/maintenance/prune.js"
import { memoryFs, type FileTree, type MemoryFs } from "../../src/store/memoryFs.js"
import { runClawkeep } from "../support/cli.js"

const NOW = 1779278400000
const D = 86_400_000
const HOME = "/h"
const DIR = "/h/.openclaw/agents/main/sessions"
const STORE = path.join(DIR, "sessions.json")

const ROWS: Record<string, Record<string, unknown>> = {
  "agent:main:main": { sessionId: "s0", updatedAt: NOW - 1 * D, totalTokens: 500, lastChannel: "telegram" },
  "agent:main:cron:nightly": { sessionId: "s1", updatedAt: NOW - 2 * D },
  "agent:main:cron:nightly:run:r1": { sessionId: "s2", updatedAt: NOW - 10 * D },
  "agent:main:cron:nightly:run:r2": { sessionId: "s3", updatedAt: NOW - 3 * D },
  "agent:main:slack:channel:c1:thread:9": { sessionId: "s4", updatedAt: NOW - 40 * D, chatType: "channel" },
  "agent:main:subagent:research": { sessionId: "s5", updatedAt: NOW - 50 * D, inputTokens: 0 },
  "agent:main:hook:github": { sessionId: "gone", updatedAt: NOW - 60 * D, channel: "Teams" }
}

const tree = (): FileTree => {
  const t: Record<string, FileTree[string]> = {
    "/h/.openclaw/openclaw.json": JSON.stringify({ session: { maintenance: { pruneAfter: "30d" } } }),
    [STORE]: JSON.stringify(ROWS, null, 2)
  }
  for (const [, row] of Object.entries(ROWS)) {
    if (row["sessionId"] !== "gone") t[path.join(DIR, `${row["sessionId"]}.jsonl`)] = "x".repeat(100)
  }
  t[path.join(DIR, "s2.trajectory.jsonl")] = "t".repeat(7)
  return t
}

const prune = (args: ReadonlyArray<string>, mem: MemoryFs = memoryFs(tree())) =>
  runClawkeep(["sessions", "prune", ...args], { env: { HOME }, cwd: HOME, nowMs: NOW, fs: mem.layer }).then((r) => ({ ...r, mem }))

const storeKeys = (mem: MemoryFs): ReadonlyArray<string> => Object.keys(JSON.parse(mem.snapshot(DIR)[STORE] as string))

describe("sessions prune: usage", () => {
  it("refuses to run without a selector, naming the selectors (exit 1, nothing written)", async () => {
    const r = await prune(["--dry-run"])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(NO_SELECTOR_ERROR + "\n")
    expect(r.stderr).toMatch(/--match, --kind, --older-than, --idle, --channel, --missing-transcript/)
    const applied = await prune([])
    expect(applied.code).toBe(1)
    expect(applied.mem.snapshot(DIR)).toEqual(memoryFs(tree()).snapshot(DIR))
  })

  it("rejects an unknown kind, a bad duration and a blank channel", async () => {
    expect((await prune(["--kind", "cronjob"])).stderr).toMatch(/^--kind must be one of direct, group, cron, cron-run, subagent, acp, hook, node, heartbeat, global, unknown; got "cronjob"\.\n$/)
    expect((await prune(["--older-than", "soon"])).stderr).toMatch(/^--older-than must be a duration such as 30d/)
    expect((await prune(["--channel", " "])).stderr).toMatch(/^--channel needs a channel id/)
    for (const args of [["--kind", "x"], ["--older-than", "1y"], ["--channel", ""]]) expect((await prune(args)).code).toBe(1)
  })

  it("keeps every value of a repeated --match, --kind or --channel (other options keep their last)", async () => {
    const argv = normalizeArgv(["sessions", "prune", "--match", "a*", "--kind", "hook", "--match", "b?", "--older-than", "1d", "--older-than", "2d"])
    expect(Either.getOrThrow(argv)).toEqual(["sessions", "prune", "--older-than", "2d", "--match", "a*", "--match", "b?", "--kind", "hook"])
    const r = await prune(["--match", "*:r1", "--match", "*:r2", "--dry-run", "--json"])
    expect(JSON.parse(r.stdout).rows.map((row: { key: string }) => row.key)).toEqual(["agent:main:cron:nightly:run:r1", "agent:main:cron:nightly:run:r2"])
  })

  it("--apply-plan takes no selector", async () => {
    const r = await prune(["--apply-plan", "/h/plan.json", "--kind", "cron"])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("--kind cannot be combined with --apply-plan (the plan already fixes the stores and settings)\n")
  })
})

describe("sessions prune: dry run", () => {
  it("text: the counts, the rows it would remove and the protected rows it keeps", async () => {
    const r = await prune(["--older-than", "7d", "--dry-run"])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatchInlineSnapshot(`
      "Session store: /h/.openclaw/agents/main/sessions/sessions.json
      Entries: 7 -> 4 (remove 3)
      Would archive transcripts: 2
      Would delete files: 1
      Bytes of those files: 207

      Would remove:
        agent:main:cron:nightly:run:r1  (updated 10d ago)
        agent:main:subagent:research  (updated 50d ago)
        agent:main:hook:github  (updated 60d ago)

      Kept although selected (1; --include-protected removes them):
        agent:main:slack:channel:c1:thread:9  protected: thread key
      "
    `)
    expect(r.mem.snapshot(DIR)).toEqual(memoryFs(tree()).snapshot(DIR))
  })

  it("--json: one store's summary, every row and file", async () => {
    const r = await prune(["--kind", "cron-run", "--match", "*:r1", "--dry-run", "--json"])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchInlineSnapshot(`
      {
        "afterCount": 6,
        "agentId": "main",
        "archivedTranscripts": 1,
        "beforeCount": 7,
        "bytes": 107,
        "deletedFiles": 1,
        "dryRun": true,
        "files": [
          {
            "bytes": 100,
            "key": "agent:main:cron:nightly:run:r1",
            "op": "archive",
            "path": "/h/.openclaw/agents/main/sessions/s2.jsonl",
            "reason": "transcript-of-removed-row",
            "to": "/h/.openclaw/agents/main/sessions/s2.jsonl.deleted.2026-05-20T12-00-00.000Z",
          },
          {
            "bytes": 7,
            "key": "agent:main:cron:nightly:run:r1",
            "op": "delete",
            "path": "/h/.openclaw/agents/main/sessions/s2.trajectory.jsonl",
            "reason": "trajectory-sidecar",
          },
        ],
        "protectedKept": 0,
        "pruned": 1,
        "rows": [
          {
            "key": "agent:main:cron:nightly:run:r1",
            "reason": "selected by --match *:r1 --kind cron-run",
          },
        ],
        "storePath": "/h/.openclaw/agents/main/sessions/sessions.json",
      }
    `)
  })

  it("--explain: the plan line by line; with --json the plan file", async () => {
    const r = await prune(["--kind", "hook", "--kind", "subagent", "--explain"])
    expect(r.stdout).toMatchInlineSnapshot(`
      "Session store: /h/.openclaw/agents/main/sessions/sessions.json
      Apply plan (mode enforce):
      Rows: 7 -> 5 (remove 2)
        keep            agent:main:main  not selected
        keep            agent:main:cron:nightly  not selected
        keep            agent:main:cron:nightly:run:r1  not selected
        keep            agent:main:cron:nightly:run:r2  not selected
        keep            agent:main:slack:channel:c1:thread:9  not selected
        prune-selected  agent:main:subagent:research  selected by --kind hook --kind subagent
        prune-selected  agent:main:hook:github  selected by --kind hook --kind subagent
      File operations: 1 (archive 1, delete 0)
        archive /h/.openclaw/agents/main/sessions/s5.jsonl -> /h/.openclaw/agents/main/sessions/s5.jsonl.deleted.2026-05-20T12-00-00.000Z  100 bytes  transcript-of-removed-row (row agent:main:subagent:research)
      Store write: 5 rows, atomically
      "
    `)
    const j = await prune(["--kind", "hook", "--explain", "--json"])
    expect(JSON.parse(j.stdout).format).toBe("clawkeep-cleanup-plan")
  })
})

describe("sessions prune: apply", () => {
  it("removes the selected rows, archives their transcripts, prints the undo hint; restore undoes it", async () => {
    const mem = memoryFs(tree())
    const before = mem.snapshot(DIR)
    const r = await prune(["--kind", "cron-run"], mem)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatchInlineSnapshot(`
      "Session store: /h/.openclaw/agents/main/sessions/sessions.json
      Pruned rows: 2. Current entries: 5
      Archived transcripts: 2
      Deleted files: 1
      "
    `)
    expect(r.stderr).toMatch(/^Removed [^\n]+\nTo undo: clawkeep sessions restore --id \d{8}T\d{6}Z-[a-z0-9]+\n$/)
    expect(storeKeys(mem)).toEqual(Object.keys(ROWS).filter((k) => !k.includes(":run:")))
    const id = /--id (\S+)/.exec(r.stderr)![1]!
    const list = await runClawkeep(["sessions", "restore", "--list", "--json"], { env: { HOME }, cwd: HOME, nowMs: NOW, fs: mem.layer })
    expect(JSON.parse(list.stdout).journals[0]).toMatchObject({ id, command: "prune" })
    const back = await runClawkeep(["sessions", "restore", "--id", id], { env: { HOME }, cwd: HOME, nowMs: NOW, fs: mem.layer })
    expect(back.code).toBe(0)
    // the sidecar s2.trajectory.jsonl was deleted outright (no --trash)
    const expected = { ...before }
    delete expected[path.join(DIR, "s2.trajectory.jsonl")]
    expect(mem.snapshot(DIR)).toEqual(expected)
  })

  it("--plan-out then --apply-plan applies exactly the reviewed plan; --json reports it", async () => {
    const mem = memoryFs(tree())
    const planned = await prune(["--missing-transcript", "--dry-run", "--plan-out", "/h/plan.json"], mem)
    expect(planned.code).toBe(0)
    const applied = await prune(["--apply-plan", "/h/plan.json", "--json"], mem)
    expect(applied.code).toBe(0)
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, beforeCount: 7, afterCount: 6, pruned: 1, archivedTranscripts: 0, deletedFiles: 0 })
    expect(storeKeys(mem)).not.toContain("agent:main:hook:github")
    // the same plan again no longer matches the store
    const again = await prune(["--apply-plan", "/h/plan.json"], mem)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/no longer matches the disk/)
  })
})
