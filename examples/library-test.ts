// Testing your own use of clawkeep, with no disk: ClawkeepTest seeds an in-memory file system,
// a fixed environment and a fixed clock; every clawkeep program reads and writes only there.
import { Effect } from "effect"
import { ClawkeepTest, exportTrajectory, listSessions, runCleanup } from "../src/index.js"

const NOW = Date.parse("2026-05-20T12:00:00Z")
const DAY = 86_400_000
const SESSIONS = "/home/me/.openclaw/agents/main/sessions"
const transcript = (id: string) => JSON.stringify({ type: "session", version: 3, id, timestamp: "2026-05-01T00:00:00.000Z", cwd: "/w" }) + "\n"

export const world = () =>
  ClawkeepTest.make({
    home: "/home/me",
    nowMs: NOW,
    files: {
      [`${SESSIONS}/sessions.json`]: JSON.stringify({
        "agent:main:main": { sessionId: "fresh", updatedAt: NOW - 60_000 },
        "agent:main:telegram:direct:42": { sessionId: "stale", updatedAt: NOW - 40 * DAY }
      }),
      [`${SESSIONS}/fresh.jsonl`]: transcript("fresh"),
      [`${SESSIONS}/stale.jsonl`]: transcript("stale"),
      "/home/me/ws": null
    }
  })

/** Lists, previews a cleanup, applies it, lists again and exports the session that is left. */
export const tour = Effect.gen(function* () {
  const before = yield* listSessions({})
  const preview = yield* runCleanup({ dryRun: true, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined })
  const applied = yield* runCleanup({ dryRun: false, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined })
  const after = yield* listSessions({})
  const bundle = yield* exportTrajectory({ sessionKey: "agent:main:main", workspace: "/home/me/ws", output: "bundle" })
  return {
    listedBefore: before.rows.map((r) => r.json.key),
    wouldPrune: preview.previews[0]!.summary.pruned,
    appliedCount: applied.applied![0]!.summary.appliedCount,
    listedAfter: after.rows.map((r) => r.json.key),
    bundleFiles: bundle.files
  }
})

// Run it: const t = world(); await Effect.runPromise(Effect.provide(tour, t.layer)); then read t.fs.snapshot().
