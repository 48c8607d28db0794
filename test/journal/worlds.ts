/**
 * Generated state dirs for the journal's properties: a store (pretty or compact JSON) with
 * transcripts, sidecars, orphans and archives, and a config that makes cleanup prune, cap,
 * archive and evict.
 */
import { FastCheck as fc } from "effect"
import type { FileTree } from "../../src/store/memoryFs.js"

export const NOW = 1779278400000
export const D = 86_400_000
export const HOME = "/h"
export const DIR = `${HOME}/.openclaw/agents/main/sessions`
export const STORE = `${DIR}/sessions.json`

const rowArb = fc.record({
  kind: fc.constantFrom("direct", "cron", "group", "legacy"),
  ageDays: fc.constantFrom(0.5, 5, 40, 400),
  transcript: fc.constantFrom("none", "own", "own", "custom"),
  size: fc.nat(400),
  sidecar: fc.boolean(),
  extra: fc.constantFrom<unknown>(undefined, 1.5, "é ü \u2028", [1, { a: null }], { nested: { deep: [true] } })
})

export const caseArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 12 }),
  orphans: fc.array(fc.record({ ageDays: fc.constantFrom(1, 45), size: fc.nat(200), kind: fc.constantFrom(".jsonl", ".trajectory.jsonl") }), { maxLength: 3 }),
  archives: fc.array(fc.record({ ageDays: fc.constantFrom(1, 40), size: fc.nat(100) }), { maxLength: 2 }),
  maxEntries: fc.integer({ min: 1, max: 10 }),
  budget: fc.option(fc.integer({ min: 200, max: 4000 }), { nil: undefined }),
  compact: fc.boolean(),
  trash: fc.boolean()
})

export type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never

const keyOf = (kind: string, i: number) =>
  kind === "direct" ? `agent:main:telegram:direct:${i}` : kind === "cron" ? `agent:main:cron:job${i}:run:${i}` : kind === "group" ? `agent:main:slack:group:g${i}` : `legacy-${i}`

/** The generated state dir: a store (pretty or compact JSON) with transcripts, sidecars, orphans and archives. */
export const treeOf = (c: Case): FileTree => {
  const tree: Record<string, FileTree[string]> = {}
  const store: Record<string, unknown> = {}
  c.rows.forEach((r, i) => {
    const id = `s${i}`
    const entry: Record<string, unknown> = { sessionId: id, updatedAt: Math.round(NOW - r.ageDays * D) }
    if (r.kind === "group") entry["chatType"] = "group"
    if (r.extra !== undefined) entry["extra"] = r.extra
    if (r.transcript === "custom") entry["sessionFile"] = `custom-${id}.jsonl`
    store[keyOf(r.kind, i)] = entry
    if (r.transcript !== "none") tree[`${DIR}/${r.transcript === "custom" ? `custom-${id}` : id}.jsonl`] = { content: "t".repeat(r.size), mtimeMs: NOW - r.ageDays * D }
    if (r.sidecar) tree[`${DIR}/${id}.trajectory.jsonl`] = { content: "s".repeat(7), mtimeMs: NOW - r.ageDays * D }
  })
  c.orphans.forEach((o, j) => (tree[`${DIR}/orphan-${j}${o.kind}`] = { content: "o".repeat(o.size), mtimeMs: NOW - o.ageDays * D }))
  c.archives.forEach((a, j) => {
    const ts = new Date(NOW - a.ageDays * D).toISOString().replace(/:/g, "-")
    tree[`${DIR}/old-${j}.jsonl.deleted.${ts}`] = { content: "a".repeat(a.size), mtimeMs: NOW - a.ageDays * D }
  })
  tree[STORE] = { content: c.compact ? JSON.stringify(store) : JSON.stringify(store, null, 2), mtimeMs: NOW }
  return tree
}

export const configOf = (c: Case) => ({
  session: {
    maintenance: {
      mode: "enforce",
      pruneAfter: "30d",
      maxEntries: c.maxEntries,
      resetArchiveRetention: "3d",
      ...(c.budget === undefined ? {} : { maxDiskBytes: c.budget, highWaterBytes: Math.floor(c.budget * 0.8) })
    }
  }
})

/** A `runCleanup` request that applies with `--enforce`. */
export const cleanupRequest = (trash: boolean) => ({ dryRun: false, enforce: true, fixMissing: false, fixDmScope: false, activeKey: undefined, trash })
