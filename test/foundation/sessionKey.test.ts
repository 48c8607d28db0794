import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { rawEntryField, viewField } from "../../src/domain/entry.js"
import {
  agentIdOfKey,
  hasProtectedKeyShape,
  hasThreadSuffix,
  isCronKey,
  isPeerDirectRest,
  isSyntheticKey,
  kindOfRow,
  isPlainKey,
  parseAgentSessionKey,
  parseAgentSessionKeySlowly,
  restOfKey
} from "../../src/domain/sessionKey.js"

/** Segments without `:` that stay non-empty after trimming (what a real key segment looks like). */
const segment = fc.stringMatching(/^[A-Za-z0-9_+.\-é🦀]{1,10}$/)
const rest = fc.array(segment, { minLength: 1, maxLength: 5 })

describe("parseAgentSessionKey (store-model §6)", () => {
  it("splits agent:<id>:<rest>, lowercased", () => {
    expect(parseAgentSessionKey("agent:main:main")).toEqual({ agentId: "main", rest: "main" })
    expect(parseAgentSessionKey("agent:Work:Telegram:Direct:42")).toEqual({ agentId: "work", rest: "telegram:direct:42" })
    expect(parseAgentSessionKey("  AGENT:MAIN:CRON:J  ")).toEqual({ agentId: "main", rest: "cron:j" })
    expect(parseAgentSessionKey("agent::main::cron:z")).toEqual({ agentId: "main", rest: "cron:z" })
    expect(parseAgentSessionKey("agent:main:telegram::direct:x")).toEqual({ agentId: "main", rest: "telegram:direct:x" })
  })

  it("rejects legacy and alias keys", () => {
    for (const key of ["main", "+15555550123", "quietchat:group:demo", "global", "unknown", "agent:main", "agent:main:", "agent::x:", "x:agent:main:y", "agents:main:x", ""]) {
      expect(parseAgentSessionKey(key)).toBeUndefined()
    }
  })

  it.prop("round-trips canonical keys built from non-empty segments", [segment, rest], ([agent, parts]) => {
    const key = `agent:${agent}:${parts.join(":")}`
    expect(parseAgentSessionKey(key)).toEqual({ agentId: agent.toLowerCase(), rest: parts.join(":").toLowerCase() })
  })

  it.prop(
    "is insensitive to case, surrounding blanks and empty segments",
    [segment, rest, fc.array(fc.nat({ max: 3 }), { minLength: 8, maxLength: 8 }), fc.constantFrom("", " ", "\t ")],
    ([agent, parts, extra, blank]) => {
      const colons = (i: number) => ":".repeat(1 + extra[i % extra.length]!)
      const noisy = `${blank}AGENT${colons(0)}${agent.toUpperCase()}${colons(1)}${parts.map((p, i) => (i % 2 ? p.toUpperCase() : p)).join(colons(2))}${blank}`
      const clean = `agent:${agent}:${parts.join(":")}`
      expect(parseAgentSessionKey(noisy)).toEqual(parseAgentSessionKey(clean))
    }
  )

  it.prop("is undefined without the agent prefix or with fewer than three segments", [rest], ([parts]) => {
    fc.pre(parts[0]!.toLowerCase() !== "agent")
    expect(parseAgentSessionKey(parts.join(":"))).toBeUndefined()
    expect(parseAgentSessionKey(`agent:${parts[0]}`)).toBeUndefined()
  })

  it("cuts plain keys where split, filter and join would (the fast path agrees with the definition)", () => {
    // keys made of pieces that reach both paths: plain ones, and ones with upper case, blanks,
    // empty segments, non-ASCII or control characters
    const piece = fc.constantFrom("agent", "Agent", ":", "::", "main", "x", "cron", "telegram", " ", "\t", "\u00a0", "é", "🦀", "\u0001", "~", "A")
    const lower = fc.constantFrom("agent", ":", "main", "x", "cron", "telegram", "~", "9")
    const key = fc.oneof(
      fc.array(piece, { maxLength: 8 }).map((ps) => ps.join("")),
      fc.array(piece, { maxLength: 6 }).map((ps) => `agent:${ps.join("")}`),
      fc.array(lower, { maxLength: 8 }).map((ps) => ps.join("")),
      fc.array(lower, { maxLength: 6 }).map((ps) => `agent:${ps.join("")}`)
    )
    let plain = 0
    let plainAgent = 0
    let other = 0
    fc.assert(
      fc.property(key, (k) => {
        if (isPlainKey(k)) {
          plain++
          if (parseAgentSessionKeySlowly(k) !== undefined) plainAgent++
        } else other++
        expect(parseAgentSessionKey(k)).toEqual(parseAgentSessionKeySlowly(k))
      }),
      { numRuns: 3000 }
    )
    // the generator reaches the fast path (with and without an agent key) and the slow one
    expect(plainAgent).toBeGreaterThan(50)
    expect(plain - plainAgent).toBeGreaterThan(50)
    expect(other).toBeGreaterThan(50)
  })

  it("agent of a row: the key's agent, else the target's", () => {
    expect(agentIdOfKey("agent:Other:x", "work")).toBe("other")
    expect(agentIdOfKey("global", "work")).toBe("work")
    expect(restOfKey("Discord:Channel:1")).toBe("discord:channel:1")
  })
})

describe("direct-DM shapes of --fix-dm-scope (cleanup §4.2 table)", () => {
  // [key, retired] for target agent `main`; the active key is handled by the caller.
  const table: ReadonlyArray<readonly [string, boolean]> = [
    ["agent:main:telegram:direct:111", true],
    ["agent:main:telegram::direct:x", true],
    ["agent:main:agent:direct:customer", true],
    ["agent:main:direct:peer", true],
    ["agent:main:slack:default:direct:u1", true],
    ["agent:main:TELEGRAM:DIRECT:Y", true],
    ["agent:main:feishu:dm:ou_x", false],
    ["agent:main:telegram:direct:5:thread:9", false],
    ["agent:main:signal:acct:x:direct:p", false],
    ["agent:main:main", false],
    ["agent:main:metadata", false]
  ]
  for (const [key, retired] of table) {
    it(`${key} → ${retired ? "retired" : "kept"}`, () => {
      const parsed = parseAgentSessionKey(key)!
      expect(parsed.agentId).toBe("main")
      expect(isPeerDirectRest(parsed.rest)).toBe(retired)
    })
  }

  it("the other agent's direct key parses to that agent", () => {
    expect(parseAgentSessionKey("agent:work:telegram:direct:z")?.agentId).toBe("work")
  })

  it.prop("per-peer shapes of every dmScope are direct rests", [segment, segment, segment], ([channel, account, peer]) => {
    for (const shape of [`direct:${peer}`, `${channel}:direct:${peer}`, `${channel}:${account}:direct:${peer}`]) {
      expect(isPeerDirectRest(parseAgentSessionKey(`agent:main:${shape}`)!.rest)).toBe(true)
    }
    expect(isPeerDirectRest(`${channel}:${account}:x:direct:${peer}`)).toBe(false)
    expect(isPeerDirectRest(`${channel}:dm:${peer}`)).toBe(false)
  })
})

/** Cleanup's protection rule (cleanup §4.3) composed from the key helpers. */
const isProtected = (key: string, entry: unknown): boolean => {
  if (isSyntheticKey(key)) return false
  if (hasProtectedKeyShape(key)) return true
  const chatType = rawEntryField(entry, "chatType") ?? rawEntryField(rawEntryField(entry, "origin"), "chatType")
  return typeof chatType === "string" && ["group", "channel", "thread"].includes(chatType.toLowerCase())
}

describe("synthetic keys and protected shapes (cleanup §4.3 table)", () => {
  const kept: ReadonlyArray<readonly [string, unknown]> = [
    ["agent:main:slack:channel:C123:thread:1710000000.000100", {}],
    ["agent:main:telegram:group:-100123:topic:77", {}],
    ["agent:main:slack:channel:c999", {}],
    ["agent:main:opaque", { chatType: "channel" }],
    ["agent:main:opaque2", { origin: { chatType: "group" } }],
    ["agent:main:acp-bridge:session-1", { chatType: "group" }],
    ["agent:main:custom:channel:room-one:with:colon", {}],
    ["agent:main:telegram:dm:5:topic:9", {}],
    ["discord:channel:123", {}],
    ["agent:main:whatever", { chatType: "thread" }],
    ["agent:main:thing:THREAD:5", {}],
    ["agent:main:x", { chatType: "GROUP" }]
  ]
  const pruned: ReadonlyArray<readonly [string, unknown]> = [
    ["agent:main:cron:x", { origin: { chatType: "group" } }],
    ["agent:main:acp:abc", { chatType: "group" }],
    ["agent:main:hook:abc", { chatType: "group" }],
    ["agent:main:node:abc", { chatType: "group" }],
    ["agent:main:heartbeat", { chatType: "group" }],
    ["agent:main:subagent:x", { chatType: "group" }],
    ["subagent:bare", { chatType: "group" }],
    ["agent:main:opaque:topic:om_topic_root:sender:ou_topic_user", {}],
    ["agent:main:main", {}],
    ["global", {}],
    ["agent:main:y", { chatType: "dm" }],
    ["agent:main:z:thread:", {}]
  ]
  for (const [key, entry] of kept) it(`protected: ${key}`, () => expect(isProtected(key, entry)).toBe(true))
  for (const [key, entry] of pruned) it(`not protected: ${key}`, () => expect(isProtected(key, entry)).toBe(false))

  it("synthetic sources", () => {
    for (const key of [
      "agent:main:cron:job",
      "agent:main:cron:job:run:r1",
      "agent:main:subagent:x",
      "subagent:",
      "agent:main:acp:x",
      "acp:bare",
      "agent:main:hook:x",
      "hook:x",
      "agent:main:node:x",
      "agent:main:heartbeat",
      "agent:main:slack:heartbeat",
      "agent:main:x:heartbeat:y",
      "heartbeat"
    ]) {
      expect(isSyntheticKey(key)).toBe(true)
    }
    // bare `subagent` / `acp` without a colon are ordinary keys in the reference (cleanup golden g24)
    for (const key of ["subagent", "acp", "agent:main:subagent", "cron:bare", "agent:main:explicit:name", "agent:main:dashboard:x", "agent:main:heartbeats", "agent:main:acp-bridge:x", "global", "agent:main:main"]) {
      expect(isSyntheticKey(key)).toBe(false)
    }
    expect(isCronKey("agent:main:cron:j")).toBe(true)
    expect(isCronKey("cron:j")).toBe(false)
  })

  it("thread suffix: last marker, any case, non-blank id", () => {
    expect(hasThreadSuffix("agent:main:x:thread:1")).toBe(true)
    expect(hasThreadSuffix("agent:main:x:Thread:1")).toBe(true)
    expect(hasThreadSuffix("agent:main:x:thread:1:thread:")).toBe(false)
    expect(hasThreadSuffix("agent:main:x:thread:  ")).toBe(false)
    expect(hasThreadSuffix("agent:main:thread")).toBe(false)
  })

  it.prop("a group or channel conversation of any agent is protected", [segment, segment, fc.constantFrom("group", "channel"), segment], ([agent, channel, kind, id]) => {
    fc.pre(!["subagent", "acp", "hook", "node", "heartbeat", "cron"].includes(channel.toLowerCase()))
    expect(hasProtectedKeyShape(`agent:${agent}:${channel}:${kind}:${id}`)).toBe(true)
    expect(hasProtectedKeyShape(`agent:${agent}:${channel}:direct:${id}:thread:${id}`)).toBe(true)
  })
})

describe("list kind (list §4, checked against the reference's `sessions --json`)", () => {
  // Recorded with openclaw@2026.5.12: the `kind` of each row of one store.
  const table: ReadonlyArray<readonly [string, unknown, string]> = [
    ["agent:main:x:GROUP:y", {}, "direct"],
    ["agent:main:a", { chatType: "GROUP" }, "direct"],
    ["agent:main:b", { chatType: "channel" }, "group"],
    ["agent:main:c", { origin: { chatType: "group" } }, "direct"],
    ["AGENT:MAIN:CRON:J", {}, "cron"],
    ["cron:bare", {}, "direct"],
    ["agent::main::cron:z", {}, "cron"],
    ["GLOBAL", {}, "direct"],
    ["global", {}, "global"],
    ["unknown", {}, "unknown"],
    ["x:channel:y", {}, "group"],
    ["agent:main:cron", {}, "direct"],
    ["agent:main:spawn", { spawnedBy: "agent:main:main" }, "direct"],
    ["agent:main:t", { chatType: "thread" }, "direct"]
  ]
  for (const [key, entry, kind] of table) {
    it(`${key} → ${kind}`, () => expect(kindOfRow(key, viewField(entry, "chatType"))).toBe(kind))
  }
})
