/**
 * A journal abandoned by an apply killed while writing it (before its pending marker, so before
 * any change; found by the kill harness, test/crash/kill.test.ts) holds a copy of the whole store
 * and was never removed: later applies now remove it once it is an hour old. In memory.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { journalsDir, pendingDir, recoverPending, ABANDONED_JOURNAL_AGE_MS } from "../../src/interpreters/journal.js"
import { runCleanup } from "../../src/interpreters/program.js"
import { journalId } from "../../src/maintenance/journal.js"
import { ClawkeepTest } from "../../src/testing.js"

const NOW = 1779278400000
const D = 86_400_000
const STATE = "/h/.openclaw"
const DIR = `${STATE}/agents/main/sessions`
const STORE = `${DIR}/sessions.json`
const request = { dryRun: false, enforce: true, fixMissing: false, fixDmScope: false, activeKey: undefined }

/** A store with one stale row and its transcript: every apply removes the row and archives the file. */
const staleRowKit = () =>
  ClawkeepTest.make({
    home: "/h",
    nowMs: NOW,
    files: { [STORE]: JSON.stringify({ "agent:main:telegram:direct:a": { sessionId: "a", updatedAt: NOW - 40 * D } }), [`${DIR}/a.jsonl`]: "A" },
    config: { session: { maintenance: { mode: "enforce", pruneAfter: "30d" } } }
  })

describe("a journal finished but still marked pending (killed between the two)", () => {
  it.effect("the next command removes the marker and reports the interrupted apply as it ended", () =>
    Effect.gen(function* () {
      const kit = staleRowKit()
      const vol = kit.fs.volume
      const id = (yield* Effect.provide(runCleanup(request), kit.layer)).applied![0]!.journalId!
      const marker = `${pendingDir(STATE)}/${id}`
      const journalFile = `${journalsDir(STATE)}/${id}/journal.json`
      const files = kit.fs.snapshot(DIR)
      for (const [status, said] of [
        ["committed", "finished"],
        ["rolled-back", "rolled back"]
      ] as const) {
        const journal = JSON.parse(String(vol.readFileSync(journalFile, "utf8"))) as Record<string, unknown>
        vol.writeFileSync(journalFile, JSON.stringify({ ...journal, status }))
        vol.writeFileSync(marker, "")
        const messages = yield* Effect.provide(recoverPending, kit.layer)
        expect(messages).toEqual([`clawkeep: ${said} an interrupted apply to ${STORE} (journal ${id})`])
        expect(vol.existsSync(marker)).toBe(false)
        // nothing else is touched
        expect(kit.fs.snapshot(DIR)).toEqual(files)
      }
    })
  )
})

describe("abandoned journals", () => {
  it.effect("are removed by a later apply once an hour old; fresh and finished ones are kept", () =>
    Effect.gen(function* () {
      const kit = staleRowKit()
      const vol = kit.fs.volume
      const first = (yield* Effect.provide(runCleanup(request), kit.layer)).applied![0]!.journalId!
      const journals = journalsDir(STATE)
      const committed = JSON.parse(String(vol.readFileSync(`${journals}/${first}/journal.json`, "utf8"))) as Record<string, unknown>
      const old = NOW - ABANDONED_JOURNAL_AGE_MS - 60_000
      // killed after journal.json (still `prepared`), and killed before it (only the store's copy)
      const prepared = journalId(old, "aaaa")
      const bare = journalId(old, "bbbb")
      const fresh = journalId(NOW - 60_000, "cccc")
      vol.mkdirSync(`${journals}/${prepared}`, { recursive: true })
      vol.writeFileSync(`${journals}/${prepared}/journal.json`, JSON.stringify({ ...committed, id: prepared, status: "prepared", finishedAtMs: null }))
      vol.writeFileSync(`${journals}/${prepared}/store.before`, "{}")
      for (const id of [bare, fresh]) {
        vol.mkdirSync(`${journals}/${id}`, { recursive: true })
        vol.writeFileSync(`${journals}/${id}/store.before.x1.tmp`, "{}")
      }
      // a later apply (one more stale row) prunes
      vol.writeFileSync(STORE, JSON.stringify({ "agent:main:telegram:direct:b": { sessionId: "b", updatedAt: NOW - 40 * D } }))
      const second = (yield* Effect.provide(runCleanup(request), kit.layer)).applied![0]!.journalId!
      expect((vol.readdirSync(journals) as Array<string>).sort()).toEqual([first, second, fresh].sort())
      expect(vol.readdirSync(pendingDir(STATE))).toEqual([])
    })
  )

  it.effect("are removed by a later apply that has nothing to change (and writes no journal)", () =>
    Effect.gen(function* () {
      const kit = ClawkeepTest.make({
        home: "/h",
        nowMs: NOW,
        files: { [STORE]: JSON.stringify({ "agent:main:telegram:direct:a": { sessionId: "a", updatedAt: NOW } }, null, 2), [`${DIR}/a.jsonl`]: "A" },
        config: { session: { maintenance: { mode: "enforce", pruneAfter: "30d" } } }
      })
      const vol = kit.fs.volume
      const journals = journalsDir(STATE)
      const abandoned = journalId(NOW - ABANDONED_JOURNAL_AGE_MS - 60_000, "dddd")
      vol.mkdirSync(`${journals}/${abandoned}`, { recursive: true })
      vol.writeFileSync(`${journals}/${abandoned}/store.before.x1.tmp`, "{}")
      const storeBefore = String(vol.readFileSync(STORE, "utf8"))
      const run = (yield* Effect.provide(runCleanup(request), kit.layer)).applied![0]!
      expect(run.journalId).toBeUndefined()
      expect(String(vol.readFileSync(STORE, "utf8"))).toBe(storeBefore)
      expect(vol.readdirSync(journals)).toEqual([])
    })
  )
})
