/**
 * The plan as a value: `--dry-run --plan-out`, `--apply-plan`, `--explain`, the warn-mode note
 * and apply's per-operation outcomes, run end to end through the CLI on the in-memory layer.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Layer } from "effect"
import * as fs from "node:fs"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { decodePlanFile } from "../../src/maintenance/planSchema.js"
import { makeSessionFs, SessionFs } from "../../src/store/sessionFs.js"
import { ClawkeepTest, type ClawkeepTestKit } from "../../src/testing.js"

const NOW = 1779278400000
const D = 86_400_000
const HOME = "/home/u"
const SD = `${HOME}/.openclaw/agents/main/sessions`
const ts = (ms: number) => new Date(ms).toISOString().replace(/:/g, "-")

const line = (id: string) => JSON.stringify({ type: "session", version: 3, id, timestamp: "2026-05-01T00:00:00.000Z", cwd: "/w" }) + "\n"

const files = (config?: unknown) => ({
  [`${SD}/sessions.json`]: {
    content: JSON.stringify(
      {
        "agent:main:main": { sessionId: "fresh", updatedAt: NOW - 60_000 },
        "agent:main:telegram:direct:1": { sessionId: "stale", updatedAt: NOW - 40 * D },
        "agent:main:telegram:direct:2": { sessionId: "old", updatedAt: NOW - 50 * D }
      },
      null,
      2
    ),
    mtimeMs: NOW - D
  },
  [`${SD}/fresh.jsonl`]: { content: line("fresh"), mtimeMs: NOW - 60_000 },
  [`${SD}/stale.jsonl`]: { content: line("stale"), mtimeMs: NOW - 40 * D },
  [`${SD}/old.jsonl`]: { content: line("old"), mtimeMs: NOW - 50 * D },
  ...(config === undefined ? {} : { [`${HOME}/.openclaw/openclaw.json`]: JSON.stringify(config) })
})

const world = (config?: unknown) => ClawkeepTest.make({ home: HOME, files: files(config), nowMs: NOW, env: { NO_COLOR: "1" } })

/** Runs the CLI on a test world (optionally with another SessionFs over the same memory). */
const run = (kit: ClawkeepTestKit, args: ReadonlyArray<string>, fsLayer?: Layer.Layer<SessionFs>) =>
  Effect.gen(function* () {
    const stdio = Stdio.memory()
    // a later layer's service wins: `fsLayer` replaces the world's SessionFs
    const layer = fsLayer === undefined ? kit.layer : Layer.merge(kit.layer, fsLayer)
    const code = yield* runCli(["sessions", "cleanup", ...args]).pipe(Effect.provide(Layer.mergeAll(NodeContext.layer, stdio.layer, layer)))
    return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
  })

describe("cleanup plans as values", () => {
  it.effect("--dry-run --plan-out keeps the dry-run output; --apply-plan then does exactly what a plain apply does", () =>
    Effect.gen(function* () {
      const a = world()
      const b = world()
      const plain = yield* run(a, ["--dry-run"])
      const saved = yield* run(a, ["--dry-run", "--plan-out", "plan.json"])
      expect(saved).toEqual(plain)
      const text = a.fs.snapshot()[`${HOME}/plan.json`] as string
      const plans = decodePlanFile(text)
      expect(Either.isRight(plans)).toBe(true)
      const before = a.fs.snapshot(SD)
      expect(before).toEqual(b.fs.snapshot(SD))
      const applied = yield* run(a, ["--apply-plan", "plan.json"])
      const direct = yield* run(b, [])
      const journalIds = (r: typeof applied) => ({ ...r, stderr: r.stderr.replace(/--id \S+/g, "--id <journal>") })
      expect(journalIds(applied)).toEqual(journalIds(direct))
      expect(applied.stderr).toMatch(/^Removed 2 rows, archived 2 transcripts, deleted 0 files \(0 bytes freed\)\.\nTo undo: clawkeep sessions restore --id \S+\n$/)
      expect(applied.code).toBe(0)
      expect(a.fs.snapshot(SD)).toEqual(b.fs.snapshot(SD))
      expect(Object.keys(a.fs.snapshot(SD)).sort()).toEqual(
        [`${SD}/fresh.jsonl`, `${SD}/old.jsonl.deleted.${ts(NOW)}`, `${SD}/sessions.json`, `${SD}/stale.jsonl.deleted.${ts(NOW)}`].sort()
      )
      expect(Object.keys(JSON.parse(a.fs.snapshot(SD)[`${SD}/sessions.json`] as string))).toEqual(["agent:main:main"])
    })
  )

  it.effect("--apply-plan refuses, changing nothing, when the store changed since the plan", () =>
    Effect.gen(function* () {
      const kit = world()
      yield* run(kit, ["--dry-run", "--plan-out", "plan.json"])
      const store = JSON.parse(kit.fs.snapshot(SD)[`${SD}/sessions.json`] as string)
      store["agent:main:new"] = { sessionId: "new", updatedAt: NOW }
      kit.fs.volume.writeFileSync(`${SD}/sessions.json`, JSON.stringify(store, null, 2))
      const before = kit.fs.snapshot(SD)
      const r = yield* run(kit, ["--apply-plan", "plan.json"])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe("")
      expect(r.stderr.split("\n")[0]).toContain(`the session store ${SD}/sessions.json changed`)
      expect(r.stderr).toContain("nothing was changed")
      expect(kit.fs.snapshot(SD)).toEqual(before)
    })
  )

  it.effect("--apply-plan refuses, changing nothing, when a file the plan touches changed", () =>
    Effect.gen(function* () {
      const kit = world()
      yield* run(kit, ["--dry-run", "--plan-out", "plan.json"])
      kit.fs.volume.appendFileSync(`${SD}/stale.jsonl`, line("stale"))
      const before = kit.fs.snapshot(SD)
      const r = yield* run(kit, ["--apply-plan", "plan.json"])
      expect(r.code).toBe(1)
      expect(r.stderr.split("\n")[0]).toContain(`${SD}/stale.jsonl: its size changed`)
      expect(kit.fs.snapshot(SD)).toEqual(before)
    })
  )

  it.effect("a plan file that is missing, not JSON or not a plan is refused with its path", () =>
    Effect.gen(function* () {
      const kit = world()
      const missing = yield* run(kit, ["--apply-plan", "nope.json"])
      expect([missing.code, missing.stderr]).toEqual([1, `Could not read the plan file ${HOME}/nope.json: no such file\n`])
      kit.fs.volume.writeFileSync(`${HOME}/bad.json`, "{")
      const bad = yield* run(kit, ["--apply-plan", "bad.json"])
      expect(bad.code).toBe(1)
      expect(bad.stderr.startsWith(`Invalid plan file ${HOME}/bad.json: not JSON`)).toBe(true)
      kit.fs.volume.writeFileSync(`${HOME}/other.json`, JSON.stringify({ format: "clawkeep-cleanup-plan", version: 1, plans: [{ target: 1 }] }))
      const other = yield* run(kit, ["--apply-plan", "other.json"])
      expect(other.code).toBe(1)
      expect(other.stderr.startsWith(`Invalid plan file ${HOME}/other.json: `)).toBe(true)
      const combined = yield* run(kit, ["--apply-plan", "bad.json", "--store", "x.json"])
      expect(combined.code).toBe(1)
      expect(combined.stderr).toContain("--store cannot be combined with --apply-plan")
      expect(kit.fs.snapshot(SD)).toEqual(world().fs.snapshot(SD))
    })
  )

  it.effect("--explain prints every row and file operation apply would do, and applies nothing", () =>
    Effect.gen(function* () {
      const kit = world()
      const before = kit.fs.snapshot(SD)
      const text = yield* run(kit, ["--dry-run", "--explain"])
      expect(text.code).toBe(0)
      expect(text.stdout).toBe(
        [
          `Session store: ${SD}/sessions.json`,
          "Apply plan (mode enforce):",
          "Rows: 3 -> 1 (remove 2)",
          "  keep         agent:main:main  within retention",
          `  prune-stale  agent:main:telegram:direct:1  updatedAt before cutoff ${NOW - 30 * D}`,
          `  prune-stale  agent:main:telegram:direct:2  updatedAt before cutoff ${NOW - 30 * D}`,
          "File operations: 2 (archive 2, delete 0)",
          `  archive ${SD}/stale.jsonl -> ${SD}/stale.jsonl.deleted.${ts(NOW)}  ${line("stale").length} bytes  transcript-of-removed-row (row agent:main:telegram:direct:1)`,
          `  archive ${SD}/old.jsonl -> ${SD}/old.jsonl.deleted.${ts(NOW)}  ${line("old").length} bytes  transcript-of-removed-row (row agent:main:telegram:direct:2)`,
          "Store write: 1 rows, atomically",
          ""
        ].join("\n")
      )
      const json = yield* run(kit, ["--explain", "--json"])
      yield* run(kit, ["--dry-run", "--plan-out", "plan.json"])
      expect(json.stdout).toBe(kit.fs.snapshot()[`${HOME}/plan.json`])
      const { [`${HOME}/plan.json`]: _, ...after } = kit.fs.snapshot(SD)
      expect(after).toEqual(before)
    })
  )

  it.effect("in warn mode the dry run keeps the reference's output and says on stderr what apply will do instead", () =>
    Effect.gen(function* () {
      const warn = yield* run(world({ session: { maintenance: { mode: "warn" } } }), ["--dry-run"])
      expect(warn.code).toBe(0)
      expect(warn.stdout).toContain("Would prune stale: 2")
      expect(warn.stderr).toBe(
        `Note: ${SD}/sessions.json: apply in warn mode would remove 0 row(s) and 0 file(s), not the 2 row(s) and 0 file(s) shown; run with --enforce to apply the preview.\n`
      )
      const enforce = yield* run(world({ session: { maintenance: { mode: "warn" } } }), ["--dry-run", "--enforce"])
      expect(enforce.stderr).toBe("")
    })
  )

  it.effect("an operation that fails is reported with its path and exit 1, never as done", () =>
    Effect.gen(function* () {
      const kit = world()
      const sync = kit.fs.service.sync
      const failing = Layer.succeed(
        SessionFs,
        makeSessionFs({
          ...sync,
          rename: (from, to) => {
            if (from.endsWith("/old.jsonl")) throw Object.assign(new Error(`EACCES: permission denied, rename '${from}'`), { code: "EACCES" })
            sync.rename(from, to)
          }
        })
      )
      const before = kit.fs.snapshot(SD)
      const r = yield* run(kit, [], failing)
      expect(r.code).toBe(1)
      // apply stopped before the store write: the store is not reported as applied
      expect(r.stdout).toBe("")
      // apply stopped: the other transcript's archive was put back, so it did nothing; then the failure
      expect(r.stderr).toBe(
        "Removed 0 rows, archived 0 transcripts, deleted 0 files (0 bytes freed).\n" +
          "Put back 1 archived transcript: apply stopped before the store write.\n" +
          `Could not archive ${SD}/old.jsonl -> ${SD}/old.jsonl.deleted.${ts(NOW)}: EACCES: permission denied, rename '${SD}/old.jsonl'\n`
      )
      // the failed archive stopped apply before the store write: every row still points at its transcript
      expect(kit.fs.snapshot(SD)[`${SD}/sessions.json`]).toBe(before[`${SD}/sessions.json`])
      expect(fs.existsSync(HOME)).toBe(false)
    })
  )

  it.effect("a deletion that fails after the store write: the applied summary, then the failure with its path, exit 1", () =>
    Effect.gen(function* () {
      const kit = world()
      kit.fs.volume.writeFileSync(`${SD}/stale.trajectory.jsonl`, "{}\n")
      const sync = kit.fs.service.sync
      const failing = Layer.succeed(
        SessionFs,
        makeSessionFs({
          ...sync,
          unlink: (p) => {
            if (p.endsWith("/stale.trajectory.jsonl")) throw Object.assign(new Error(`EPERM: operation not permitted, unlink '${p}'`), { code: "EPERM" })
            sync.unlink(p)
          }
        })
      )
      const r = yield* run(kit, [], failing)
      expect(r.code).toBe(1)
      expect(r.stdout).toBe(`Session store: ${SD}/sessions.json\nApplied maintenance. Current entries: 1\n`)
      expect(r.stderr.replace(/--id \S+/, "--id <journal>")).toBe(
        "Removed 2 rows, archived 2 transcripts, deleted 0 files (0 bytes freed).\n" +
          "To undo: clawkeep sessions restore --id <journal>\n" +
          `Could not delete ${SD}/stale.trajectory.jsonl: EPERM: operation not permitted, unlink '${SD}/stale.trajectory.jsonl'\n`
      )
      expect(Object.keys(kit.fs.snapshot(SD))).toContain(`${SD}/stale.trajectory.jsonl`)
    })
  )
})

describe("the files of removed rows", () => {
  it.effect("a session whose first removed row names no file keeps that row's place when a later row of it names one", () =>
    Effect.gen(function* () {
      const store = {
        "agent:main:telegram:direct:1": { sessionId: "s1", updatedAt: NOW - 40 * D },
        "agent:main:telegram:direct:2": { sessionId: "s2", updatedAt: NOW - 45 * D },
        "agent:main:telegram:direct:3": { sessionId: "s1", sessionFile: "other.jsonl", updatedAt: NOW - 50 * D },
        "agent:main:main": { sessionId: "fresh", updatedAt: NOW - 60_000 }
      }
      const kit = ClawkeepTest.make({
        home: HOME,
        files: {
          [`${SD}/sessions.json`]: { content: JSON.stringify(store, null, 2), mtimeMs: NOW - D },
          [`${SD}/s2.jsonl`]: { content: line("s2"), mtimeMs: NOW - 45 * D },
          [`${SD}/other.jsonl`]: { content: line("s1"), mtimeMs: NOW - 50 * D },
          [`${SD}/fresh.jsonl`]: { content: line("fresh"), mtimeMs: NOW - 60_000 }
        },
        nowMs: NOW,
        env: { NO_COLOR: "1" }
      })
      const r = yield* run(kit, ["--explain", "--json", "--enforce"])
      expect(r.code).toBe(0)
      const plan = (JSON.parse(r.stdout) as { plans: ReadonlyArray<{ files: ReadonlyArray<{ path: string; key?: string; reason: string }> }> }).plans[0]!
      // in the order of the sessions' first removed rows, each with the key of that row
      expect(plan.files.filter((f) => f.reason === "transcript-of-removed-row").map((f) => [f.path, f.key])).toEqual([
        [`${SD}/other.jsonl`, "agent:main:telegram:direct:1"],
        [`${SD}/s2.jsonl`, "agent:main:telegram:direct:2"]
      ])
    })
  )
})
