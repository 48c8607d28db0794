/**
 * The rules skip a row that names no file (`namesNoFile`: no `sessionFile`, no checkpoint, and
 * nothing in the sessions dir named after its id). Checked against the paths the rules would ask
 * about for such a row: none of them exists, on random directories whose names come close
 * (`a.b.jsonl` for id `a`, `a.jsonl.deleted.<ts>`, symlinks, ids with dots and spaces).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer } from "effect"
import * as path from "node:path"
import { transcriptCandidates } from "../../src/maintenance/archive.js"
import { FsView } from "../../src/maintenance/fsView.js"
import { artifactPaths, isInvalid, namesNoFile, sessionFilePath } from "../../src/maintenance/paths.js"
import { idNamedPaths } from "../../src/maintenance/safety.js"
import { pointerSidecarPath, runtimeSidecarPath } from "../../src/domain/sessionFiles.js"
import { takeSnapshot } from "../../src/interpreters/snapshot.js"
import { probePath } from "../../src/store/cleanupSnapshot.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs, type TreeNode } from "../../src/store/memoryFs.js"
import type { SessionFs } from "../../src/store/sessionFs.js"

const NOW = 1779278400000
const DIR = "/h/.openclaw/agents/main/sessions"
const STORE = path.join(DIR, "sessions.json")
const ENV = { env: { HOME: "/h" }, cwd: "/h", osHomedir: "/h" }
const IDS = ["a", "a.b", "a.trajectory", "b", "c-1", " a ", "x/y", ".."]
const SUFFIXES = [".jsonl", ".trajectory.jsonl", ".trajectory-path.json", ".checkpoint.11111111-1111-4111-8111-111111111111.jsonl", ".jsonl.deleted.2026-01-01T00-00-00.000Z", ".b.jsonl", ""]

const fileArb = fc.record({ id: fc.constantFrom(...IDS.filter((id) => !id.includes("/") && id.trim() === id && id !== "..")), suffix: fc.constantFrom(...SUFFIXES), link: fc.boolean() })
const rowArb = fc.record(
  {
    sessionId: fc.constantFrom<unknown>(...IDS, 7, ""),
    sessionFile: fc.constantFrom<unknown>("", " ", "a.jsonl", `${DIR}/b.jsonl`, 5),
    compactionCheckpoints: fc.constantFrom<unknown>([], [{ preCompaction: { sessionFile: "a.jsonl" } }], "x")
  },
  { requiredKeys: ["sessionId"] }
)

describe("rows that name no file", () => {
  it("have no transcript, sidecar, candidate or id-named path that exists", () => {
    let skipped = 0
    let skippedNearMiss = 0
    let named = 0
    fc.assert(
      fc.property(fc.array(fileArb, { maxLength: 6 }), fc.array(rowArb, { minLength: 1, maxLength: 5 }), fc.boolean(), (files, rows, legacy) => {
        const store = Object.fromEntries(rows.map((r, i) => [`agent:main:telegram:direct:${i}`, r]))
        const tree: Record<string, TreeNode> = { [STORE]: { content: JSON.stringify(store, null, 2), mtimeMs: NOW } }
        for (const f of files) {
          const p = path.join(DIR, `${f.id}${f.suffix}`)
          tree[p] = f.link ? { symlink: path.join(DIR, "target.bin") } : { content: "x", mtimeMs: NOW }
        }
        tree[path.join(DIR, "target.bin")] = { content: "t", mtimeMs: NOW }
        if (legacy) tree["/h/.openclaw/sessions/a.jsonl"] = { content: "l", mtimeMs: NOW }
        const mem = memoryFs(tree)
        const run = <A, E>(effect: Effect.Effect<A, E, SessionFs | Environment>): A =>
          Effect.runSync(effect.pipe(Effect.provide(Layer.merge(mem.layer, Environment.make(ENV)))))
        const settings = { maintenance: { mode: "enforce" as const, pruneAfterMs: 1, maxEntries: 100, resetArchiveRetentionMs: false as const, maxDiskBytes: undefined, highWaterBytes: undefined }, dmScope: "main" as const }
        const options = { dryRun: true, enforce: true, fixMissing: false, fixDmScope: false, activeKey: undefined }
        const snapshot = run(takeSnapshot({ agentId: "main", storePath: STORE }, settings, options, NOW))
        const fs = new FsView(snapshot, (p) => probePath(mem.service.sync, p), {})
        const exists = (p: string) => mem.service.sync.exists(p) || fs.node(p) !== undefined
        for (const [, entry] of snapshot.store.entries) {
          if (!namesNoFile(fs, entry)) {
            named++
            continue
          }
          skipped++
          const id = (entry as { sessionId?: unknown }).sessionId
          if (typeof id === "string" && files.some((f) => f.id.startsWith(id.trim()) && id.trim() !== "")) skippedNearMiss++
          const asked = [...artifactPaths(fs, entry), ...idNamedPaths(fs)(entry)]
          if (typeof id === "string" && id !== "") {
            const file = (entry as { sessionFile?: unknown }).sessionFile
            const sessionFile = typeof file === "string" ? file : undefined
            // the legacy dir's candidate is asked only when the legacy dir exists
            for (const c of transcriptCandidates(fs, id, sessionFile)) if (!c.startsWith("/h/.openclaw/sessions/")) asked.push(c)
            const t = sessionFilePath(fs, id, sessionFile || undefined)
            if (!isInvalid(t)) asked.push(t, pointerSidecarPath(t), runtimeSidecarPath(t))
          }
          for (const p of asked) expect({ p, exists: exists(p) }).toEqual({ p, exists: false })
        }
      }),
      { numRuns: 600 }
    )
    // both answers, and "no file" next to files whose names start with the id
    expect(skipped).toBeGreaterThan(200)
    expect(named).toBeGreaterThan(200)
    expect(skippedNearMiss).toBeGreaterThan(50)
  })
})
