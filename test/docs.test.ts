/**
 * docs/library.md's example is examples/library-test.ts (type-checked with the tests) and it
 * runs: list, cleanup dry-run, apply and export end to end on the in-memory layer, with no file
 * created on disk.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { tour, world } from "../examples/library-test.js"

const root = path.resolve(import.meta.dirname, "..")

describe("docs/library.md", () => {
  it("shows examples/library-test.ts as it is (imported from the package)", () => {
    const doc = fs.readFileSync(path.join(root, "docs", "library.md"), "utf8")
    const example = fs.readFileSync(path.join(root, "examples", "library-test.ts"), "utf8")
    expect(doc).toContain("```ts\n" + example.replace('from "../src/index.js"', 'from "clawkeep"') + "```")
  })

  it.effect("its tour lists, cleans, applies and exports in memory only", () =>
    Effect.gen(function* () {
      const t = world()
      const result = yield* Effect.provide(tour, t.layer)
      expect(result).toEqual({
        listedBefore: ["agent:main:main", "agent:main:telegram:direct:42"],
        wouldPrune: 1,
        appliedCount: 1,
        listedAfter: ["agent:main:main"],
        bundleFiles: ["manifest.json", "events.jsonl", "session-branch.json"]
      })
      const files = Object.keys(t.fs.snapshot("/home/me")).map((p) => path.relative("/home/me", p))
      expect(files.filter((p) => p.startsWith(".openclaw/agents")).sort()).toEqual([
        ".openclaw/agents/main/sessions/fresh.jsonl",
        ".openclaw/agents/main/sessions/sessions.json",
        ".openclaw/agents/main/sessions/stale.jsonl.deleted.2026-05-20T12-00-00.000Z"
      ])
      expect(files.filter((p) => p.startsWith("ws/")).sort()).toEqual([
        "ws/.openclaw/trajectory-exports/bundle/events.jsonl",
        "ws/.openclaw/trajectory-exports/bundle/manifest.json",
        "ws/.openclaw/trajectory-exports/bundle/session-branch.json"
      ])
      expect(fs.existsSync("/home/me")).toBe(false)
    })
  )
})
