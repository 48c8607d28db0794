/**
 * The pure parts of du: the class of a file name (store-model §7.2 plus temp and lock files),
 * the kind of a row (the list's kind, list §4, with the synthetic sources of store-model §6),
 * `--top` and the sizes and bars of the text report.
 */
import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { duClassOf, duKindOf, parseTop } from "../../src/domain/du.js"
import { bar, BAR_WIDTH, formatSize } from "../../src/render/du.js"

const facts = { isStore: false, referenced: false }

describe("duClassOf", () => {
  it.each([
    ["sessions.json", { isStore: true, referenced: false }, "store"],
    ["custom-store.json", { isStore: true, referenced: false }, "store"],
    // a sessions.json that is not this target's store (a store path with another name)
    ["sessions.json", facts, "other"],
    ["a.jsonl", facts, "transcript-unreferenced"],
    ["a.jsonl", { isStore: false, referenced: true }, "transcript-referenced"],
    ["a-topic-42.jsonl", { isStore: false, referenced: true }, "transcript-referenced"],
    ["a.checkpoint.11111111-2222-4333-8444-555555555555.jsonl", facts, "checkpoint-orphaned"],
    ["a.checkpoint.11111111-2222-4333-8444-555555555555.jsonl", { isStore: false, referenced: true }, "checkpoint-referenced"],
    ["a.checkpoint.not-a-uuid.jsonl", facts, "transcript-unreferenced"],
    ["a.jsonl.deleted.2026-05-20T12-00-02.102Z", facts, "archive-deleted"],
    ["a.jsonl.reset.2026-05-20T12-00-02Z", facts, "archive-reset"],
    ["sessions.json.bak.2026-05-20T12-00-02Z", facts, "archive-bak"],
    ["sessions.json.bak.1700000000", facts, "archive-bak"],
    // a malformed timestamp is no archive
    ["a.jsonl.deleted.yesterday", facts, "other"],
    // the text after the last marker decides
    ["a.jsonl.deleted.2026-05-20T12-00-02Z.reset.2026-05-21T12-00-02Z", facts, "archive-reset"],
    ["a.trajectory.jsonl", { isStore: false, referenced: true }, "trajectory-runtime"],
    ["a.trajectory-path.json", facts, "trajectory-pointer"],
    ["sessions.json.4242.tmp", facts, "temp"],
    [".clawkeep-write.abc.tmp", facts, "temp"],
    ["a.jsonl.tmp", facts, "temp"],
    ["sessions.json.lock", facts, "lock"],
    ["README", facts, "other"]
  ] as const)("%s %o → %s", (name, f, expected) => {
    expect(duClassOf(name, f)).toBe(expected)
  })
})

describe("duKindOf", () => {
  it.each([
    ["agent:main:main", undefined, "direct"],
    ["agent:main:telegram:direct:42", undefined, "direct"],
    ["agent:main:slack:channel:c1", undefined, "group"],
    ["agent:main:opaque", "channel", "group"],
    ["agent:main:cron:nightly", undefined, "cron"],
    ["agent:main:Cron:Nightly:Run:R1", undefined, "cron-run"],
    ["agent:main:cron:nightly:run:", undefined, "cron"],
    // a bare cron key is direct in the list, and here
    ["cron:bare", undefined, "direct"],
    ["agent:main:subagent:child", "group", "subagent"],
    ["subagent:bare", undefined, "subagent"],
    ["agent:main:acp:x", undefined, "acp"],
    ["agent:main:hook:gh", undefined, "hook"],
    ["agent:main:node:n1", undefined, "node"],
    ["agent:main:heartbeat", undefined, "heartbeat"],
    ["agent:main:slack:heartbeat", undefined, "heartbeat"],
    ["global", undefined, "global"],
    ["unknown", undefined, "unknown"],
    ["legacy-dm", undefined, "direct"]
  ] as const)("%s (chatType %s) → %s", (key, chatType, expected) => {
    expect(duKindOf(key, chatType)).toBe(expected)
  })
})

describe("--top", () => {
  it("defaults to 10 and takes whole numbers only", () => {
    expect(parseTop(undefined)).toEqual(Either.right(10))
    expect(parseTop(" 0 ")).toEqual(Either.right(0))
    expect(parseTop("25")).toEqual(Either.right(25))
    for (const bad of ["-1", "1.5", "ten", "", "1e3"]) expect(Either.isLeft(parseTop(bad))).toBe(true)
  })
})

describe("sizes and bars", () => {
  it("formats bytes in 1024-based units", () => {
    expect([0, 1023, 1024, 1536, 1024 * 1024 - 1, 116 * 1024 * 1024, 3 * 1024 ** 3].map(formatSize)).toEqual([
      "0 B",
      "1023 B",
      "1.0 KB",
      "1.5 KB",
      "1.0 MB",
      "116.0 MB",
      "3.0 GB"
    ])
  })

  it("draws eighths of a cell, a whole bar for the whole, something for any part", () => {
    expect(bar(1, 1)).toBe("█".repeat(BAR_WIDTH))
    expect(bar(1, 2)).toBe("█".repeat(12) + "▌")
    expect(bar(1, 1e9)).toBe("▏")
    expect(bar(0, 10)).toBe("")
    expect(bar(5, 0)).toBe("")
  })
})
