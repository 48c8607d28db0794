/**
 * Colour detection (observed with the reference), cell formatting, and the consistency of
 * `count` / `totalCount` / `hasMore` with `--limit` and `--active`.
 */
import { afterAll, describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { colorEnabled } from "../../src/render/colors.js"
import { formatAge, truncateKey } from "../../src/render/cells.js"
import { formatKTokens } from "../../src/render/listText.js"
import { runClawkeep } from "../support/cli.js"
import { tempDir } from "../support/tempDir.js"

describe("colour detection", () => {
  it("follows the reference on a pipe", () => {
    // each line observed with openclaw@2026.5.12, stdout piped
    expect(colorEnabled({}, false)).toBe(false)
    expect(colorEnabled({ FORCE_COLOR: "1" }, false)).toBe(true)
    expect(colorEnabled({ FORCE_COLOR: "" }, false)).toBe(true)
    expect(colorEnabled({ FORCE_COLOR: "0" }, false)).toBe(false)
    expect(colorEnabled({ FORCE_COLOR: "false" }, false)).toBe(false)
    expect(colorEnabled({ FORCE_COLOR: "true" }, false)).toBe(true)
    expect(colorEnabled({ FORCE_COLOR: "abc", TERM: "xterm" }, false)).toBe(true)
    expect(colorEnabled({ FORCE_COLOR: "abc", TERM: "" }, false)).toBe(false)
    expect(colorEnabled({ NO_COLOR: "1" }, false)).toBe(false)
    expect(colorEnabled({ NO_COLOR: "1", FORCE_COLOR: "1" }, false)).toBe(true)
  })

  it("turns on for a colour terminal unless NO_COLOR is set", () => {
    expect(colorEnabled({ TERM: "xterm-256color" }, true)).toBe(true)
    expect(colorEnabled({ TERM: "dumb" }, true)).toBe(false)
    expect(colorEnabled({ TERM: "xterm", NO_COLOR: "1" }, true)).toBe(false)
  })
})

describe("cells", () => {
  it("formats ages with JavaScript rounding and the reference's coercions", () => {
    const now = 1_000_000_000
    expect(formatAge(now - 29_000, now)).toBe("just now")
    expect(formatAge(now - 30_000, now)).toBe("1m ago")
    expect(formatAge(now - 90 * 60_000, now)).toBe("2h ago")
    expect(formatAge(now - 47 * 3_600_000, now)).toBe("47h ago")
    expect(formatAge(now - 48 * 3_600_000, now)).toBe("2d ago")
    expect(formatAge(now + 1, now)).toBe("unknown")
    expect(formatAge(0, now)).toBe("unknown")
    expect(formatAge(undefined, now)).toBe("unknown")
    expect(formatAge(String(now - 5 * 60_000), now)).toBe("5m ago")
    expect(formatAge({}, now)).toBe("unknown")
  })

  it("formats k-tokens as list §5.5 says", () => {
    expect([96, 2000, 9999, 12000, 1500000].map(formatKTokens)).toEqual(["0.1k", "2.0k", "10.0k", "12k", "1500k"])
    expect(formatKTokens("32000")).toBe("32k")
  })

  it("truncates keys to 16 + ... + 6", () => {
    expect(truncateKey("agent:main:discord:channel:123")).toBe("agent:main:disco...el:123")
    expect(truncateKey("x".repeat(26))).toBe("x".repeat(26))
  })
})

describe("count, totalCount and hasMore", () => {
  const NOW = 1779278400000
  const home = tempDir("clawkeep-list-counts-")
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }))
  const storePath = path.join(home, "s.json")

  it("agree with --limit and --active", async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.option(fc.integer({ min: -200, max: 200 }), { nil: undefined }), { maxLength: 40 }),
      fc.option(fc.integer({ min: 1, max: 45 }), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }),
    async (offsets, limit, active) => {
      const store: Record<string, unknown> = {}
      offsets.forEach((o, i) => (store[`k${i}`] = o === undefined ? {} : { updatedAt: NOW - o * 60_000 }))
      fs.writeFileSync(storePath, JSON.stringify(store))
      const args = ["sessions", "--store", storePath, "--json"]
      if (limit !== undefined) args.push("--limit", String(limit))
      if (active !== undefined) args.push("--active", String(active))
      const r = await runClawkeep(args, { env: { HOME: home }, cwd: home, nowMs: NOW })
      const doc = JSON.parse(r.stdout) as { count: number; totalCount: number; hasMore: boolean; limitApplied: number; sessions: Array<{ key: string }> }
      const kept = offsets
        .map((o, i) => ({ key: `k${i}`, o }))
        .filter(({ o }) => active === undefined || (o !== undefined && o <= active))
      const effectiveLimit = limit ?? 100
      expect(doc.totalCount).toBe(kept.length)
      expect(doc.count).toBe(Math.min(effectiveLimit, kept.length))
      expect(doc.hasMore).toBe(doc.count < doc.totalCount)
      expect(doc.limitApplied).toBe(effectiveLimit)
      const expectedKeys = [...kept]
        .sort((a, b) => (a.o ?? 1e12) - (b.o ?? 1e12))
        .slice(0, effectiveLimit)
        .map((k) => k.key)
      expect(doc.sessions.map((s) => s.key)).toEqual(expectedKeys)
    }), { numRuns: 40 })
  })
})

describe("JSON rendering", () => {
  it("row-by-row chunks equal JSON.stringify of the whole document", async () => {
    const { renderListJsonChunks, jsonEnvelope } = await import("../../src/render/listJson.js")
    const rows = [0, 1, 2].map((i) => ({
      json: { key: `k${i}`, updatedAt: i, nested: { a: [1, { b: "x\ny" }], u: undefined }, agentRuntime: { id: "codex", source: "implicit" } },
      entry: {},
      runtimeLabel: "",
      total: undefined
    }))
    for (const count of [0, 1, 3]) {
      const result = {
        nowMs: 0,
        targets: [{ agentId: "main", storePath: "/s.json" }],
        allAgents: false,
        count,
        totalCount: 3,
        limit: 100,
        hasMore: count < 3,
        activeMinutes: undefined,
        rows: rows.slice(0, count)
      } as unknown as Parameters<typeof renderListJsonChunks>[0]
      expect(renderListJsonChunks(result).join("")).toBe(
        JSON.stringify({ ...jsonEnvelope(result), sessions: result.rows.map((r) => r.json) }, null, 2)
      )
    }
  })
})
