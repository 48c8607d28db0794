/**
 * The smallest world whose enforce cleanup archives a transcript and rewrites the store, in
 * memory: row `a` (40 days old, pruned) and row `b` (fresh), each with its transcript.
 */
import { ClawkeepTest } from "../../src/testing.js"

export const NOW = 1779278400000
export const D = 86_400_000
export const DIR = "/h/.openclaw/agents/main/sessions"
export const STORE = `${DIR}/sessions.json`

/** `runCleanup`'s request for an enforce apply. */
export const enforceRequest = { dryRun: false, enforce: true, fixMissing: false, fixDmScope: false, activeKey: undefined }

export const twoRowKit = () =>
  ClawkeepTest.make({
    home: "/h",
    nowMs: NOW,
    files: {
      [STORE]: JSON.stringify({ "agent:main:telegram:direct:a": { sessionId: "a", updatedAt: NOW - 40 * D }, "agent:main:telegram:direct:b": { sessionId: "b", updatedAt: NOW } }, null, 2),
      [`${DIR}/a.jsonl`]: "A",
      [`${DIR}/b.jsonl`]: "B"
    },
    config: { session: { maintenance: { mode: "enforce", pruneAfter: "30d" } } }
  })
