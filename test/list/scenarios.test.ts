/**
 * The list scenarios of the spec (scenarios.md, L1–L15), each as a test named after its id.
 * Expectations are the verified outputs written in the spec.
 */
import { afterEach, describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep } from "../support/cli.js"
import { tempDir } from "../support/tempDir.js"

const NOW = 1779278400000
const M = 60000
const H = 60 * M
const D = 24 * H

const homes: Array<string> = []
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true })
})

const STORE = (agent = "main") => `.openclaw/agents/${agent}/sessions/sessions.json`

const makeHome = (files: Record<string, unknown>): string => {
  const home = fs.realpathSync(tempDir("clawkeep-list-scn-"))
  homes.push(home)
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true })
    fs.writeFileSync(path.join(home, rel), typeof content === "string" ? content : JSON.stringify(content, null, 2))
  }
  return home
}

const run = (home: string, args: ReadonlyArray<string>, env: Record<string, string> = {}, nowMs = NOW) =>
  runClawkeep(args, { env: { HOME: home, ...env }, cwd: home, nowMs })

const json = async (home: string, args: ReadonlyArray<string>, nowMs = NOW) => {
  const r = await run(home, [...args, "--json"], {}, nowMs)
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as {
    path: string | null
    count: number
    totalCount: number
    limitApplied: number | null
    hasMore: boolean
    activeMinutes: number | null
    sessions: Array<Record<string, unknown>>
  }
}

const keys = (doc: { sessions: Array<Record<string, unknown>> }) => doc.sessions.map((s) => s["key"])

describe("sessions (list) scenarios", () => {
  it("L1 missing store", async () => {
    const home = makeHome({})
    const storePath = path.join(home, STORE())
    const r = await run(home, ["sessions", "--json"])
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout:
        JSON.stringify(
          { path: storePath, count: 0, totalCount: 0, limitApplied: 100, hasMore: false, activeMinutes: null, sessions: [] },
          null,
          2
        ) + "\n"
    })
    expect(fs.readdirSync(home)).toEqual([])
    const text = await run(home, ["sessions"])
    expect(text).toEqual({ code: 0, stderr: "", stdout: `Session store: ${storePath}\nSessions listed: 0\nNo sessions found.\n` })
  })

  const l2Store = {
    "agent:main:main": { sessionId: "s-main", updatedAt: NOW - 30000, model: "gpt-5.4", modelProvider: "openai", totalTokens: 12000, contextTokens: 200000, thinkingLevel: "high", systemSent: true },
    "agent:main:telegram:group:-100123456789": { sessionId: "s-grp", updatedAt: NOW - 90 * M, chatType: "group", groupActivation: "mention" },
    "agent:main:cron:nightly": { sessionId: "s-cron", updatedAt: NOW - 29000 - 31000, totalTokens: 5000, totalTokensFresh: false },
    global: { sessionId: "s-glob", updatedAt: NOW - 50 * H },
    unknown: { sessionId: "s-unk", updatedAt: NOW - 3 * D },
    "agent:main:subagent:child1": { sessionId: "s-sub", updatedAt: NOW - 10 * M, spawnedBy: "agent:main:main", abortedLastRun: true, verboseLevel: "on", traceLevel: "on", reasoningLevel: "low", elevatedLevel: "on", responseUsage: "full" },
    "agent:main:discord:channel:123": { sessionId: "s-chan", updatedAt: NOW + 5 * M },
    "cron:bare": { sessionId: "s-bare" },
    "agent:main:slack:direct:u1": { sessionId: "s-dm", updatedAt: NOW - 45 * M, modelOverride: "anthropic/claude-opus-4-6", providerOverride: "anthropic", totalTokens: 9999, contextTokens: 10000 }
  }

  it("L2 mixed rows", async () => {
    const home = makeHome({ [STORE()]: l2Store })
    const r = await run(home, ["sessions"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        `Session store: ${path.join(home, STORE())}`,
        "Sessions listed: 9",
        "Kind   Key                        Age       Model          Runtime            Tokens (ctx %)       Flags",
        "group  agent:main:disco...el:123  unknown   gpt-5.5        OpenAI Codex       unknown/200k (?%)    id:s-chan",
        "direct agent:main:main            1m ago    gpt-5.4        OpenAI Codex       12k/200k (6%)        think:high system id:s-main",
        "cron   agent:main:cron:nightly    1m ago    gpt-5.5        OpenAI Codex       5.0k/200k (3%)       id:s-cron",
        "direct agent:main:subagent:child1 10m ago   gpt-5.5        OpenAI Codex       unknown/200k (?%)    verbose:on trace:on reasoning:low elev:on usage:full aborted id:s-sub",
        "direct agent:main:slack:direct:u1 45m ago   claude-opus-4-6 OpenClaw Pi Default 10.0k/10k (100%)     id:s-dm",
        "group  agent:main:teleg...456789  2h ago    gpt-5.5        OpenAI Codex       unknown/200k (?%)    activation:mention id:s-grp",
        "global global                     2d ago    gpt-5.5        OpenAI Codex       unknown/200k (?%)    id:s-glob",
        "unknown unknown                    3d ago    gpt-5.5        OpenAI Codex       unknown/200k (?%)    id:s-unk",
        "direct cron:bare                  unknown   gpt-5.5        OpenAI Codex       unknown/200k (?%)    id:s-bare",
        ""
      ].join("\n")
    )
    const doc = await json(home, ["sessions", "--limit", "4"])
    expect([doc.count, doc.totalCount, doc.limitApplied, doc.hasMore]).toEqual([4, 9, 4, true])
    expect(doc.sessions[0]!["ageMs"]).toBe(-5 * M)
    expect(doc.sessions[0]!["agentRuntime"]).toEqual({ id: "codex", source: "implicit" })
    expect(doc.sessions.some((s) => "spawnedBy" in s)).toBe(false)
  })

  it("L3 upstream tabular fixture", async () => {
    const now = 1764979200000
    const home = makeHome({
      ".openclaw/openclaw.json": { agents: { defaults: { model: { primary: "test:opus" }, models: { "test:opus": {} }, contextTokens: 32000 } } },
      [STORE()]: {
        "+15555550123": { sessionId: "abc123", updatedAt: now - 45 * M, inputTokens: 1200, outputTokens: 800, totalTokens: 2000, totalTokensFresh: true, model: "test:opus" },
        "quietchat:group:demo": { sessionId: "xyz", updatedAt: now - 5 * M, thinkingLevel: "high" },
        "stale-total": { sessionId: "st", updatedAt: now - 10 * M, totalTokens: 2000, totalTokensFresh: false }
      }
    })
    const r = await run(home, ["sessions"], {}, now)
    expect(r.stdout.split("\n").slice(2, 6)).toEqual([
      "Kind   Key                        Age       Model          Runtime            Tokens (ctx %)       Flags",
      "group  quietchat:group:demo       5m ago    test:opus      OpenAI Codex       unknown/32k (?%)     think:high id:xyz",
      "direct stale-total                10m ago   test:opus      OpenAI Codex       2.0k/32k (6%)        id:st",
      "direct +15555550123               45m ago   test:opus      OpenAI Codex       2.0k/32k (6%)        id:abc123"
    ])
    const doc = await json(home, ["sessions"], now)
    expect(doc.sessions.map((s) => [s["key"], s["totalTokens"], s["totalTokensFresh"], s["model"], s["modelProvider"], s["contextTokens"]])).toEqual([
      ["quietchat:group:demo", null, false, "test:opus", "openai", 32000],
      ["stale-total", 2000, false, "test:opus", "openai", 32000],
      ["+15555550123", 2000, true, "test:opus", "openai", 32000]
    ])
  })

  it("L4 runtime column", async () => {
    const now = 1764979200000
    const home = makeHome({
      ".openclaw/openclaw.json": {
        agents: { defaults: { model: { primary: "anthropic/claude-opus-4-7" }, models: { "anthropic/claude-opus-4-7": { agentRuntime: { id: "claude-cli" } } }, contextTokens: 200000 } }
      },
      [STORE()]: {
        "agent:main:main": { sessionId: "main-session", updatedAt: now - M, modelProvider: "claude-cli", model: "claude-opus-4-7" },
        "agent:main:b": { updatedAt: now - 2 * M, modelProvider: "anthropic", model: "claude-opus-4-7" }
      }
    })
    const lines = (await run(home, ["sessions"], {}, now)).stdout.split("\n").slice(3, 5)
    for (const line of lines) expect(line).toContain("claude-opus-4-7 Claude CLI         unknown/200k (?%)")
    const doc = await json(home, ["sessions"], now)
    for (const s of doc.sessions) {
      expect(s["modelProvider"]).toBe("anthropic")
      expect(s["agentRuntime"]).toEqual({ id: "claude-cli", source: "model" })
    }
  })

  it("L5 --active", async () => {
    const home = makeHome({ [STORE()]: { recent: { updatedAt: NOW - 5 * M }, stale: { updatedAt: NOW - 45 * M } } })
    const doc = await json(home, ["sessions", "--active", "10"])
    expect([keys(doc), doc.totalCount, doc.activeMinutes]).toEqual([["recent"], 1, 10])
    expect((await run(home, ["sessions", "--active", "10"])).stdout.split("\n")[2]).toBe("Filtered to last 10 minute(s)")
    expect((await json(home, ["sessions", "--active", "10m"])).activeMinutes).toBe(10)
    const five = await json(home, ["sessions", "--active", "5.9"])
    expect([five.activeMinutes, keys(five)]).toEqual([5, ["recent"]])
  })

  it("L6 default limit", async () => {
    const store: Record<string, unknown> = {}
    for (let i = 0; i < 105; i++) store[`session-${String(i).padStart(3, "0")}`] = { updatedAt: NOW - i * M }
    const home = makeHome({ [STORE()]: store })
    const doc = await json(home, ["sessions"])
    expect([doc.count, doc.totalCount, doc.limitApplied, doc.hasMore]).toEqual([100, 105, 100, true])
    expect([doc.sessions[0]!["key"], doc.sessions[99]!["key"]]).toEqual(["session-000", "session-099"])
    expect((await run(home, ["sessions", "--limit", "2"])).stdout.split("\n")[1]).toBe("Sessions listed: 2 of 105 (limit 2)")
  })

  it("L7 limits", async () => {
    const home = makeHome({ [STORE()]: { oldest: { updatedAt: NOW - 3 * H }, newest: { updatedAt: NOW - H }, middle: { updatedAt: NOW - 2 * H } } })
    const two = await json(home, ["sessions", "--limit", "2"])
    expect([two.count, two.totalCount, two.limitApplied, two.hasMore, keys(two)]).toEqual([2, 3, 2, true, ["newest", "middle"]])
    for (const all of ["all", "ALL"]) {
      const doc = await json(home, ["sessions", "--limit", all])
      expect([doc.count, doc.limitApplied, doc.hasMore]).toEqual([3, null, false])
    }
    const big = await json(home, ["sessions", "--limit", "100000"])
    expect([big.limitApplied, big.hasMore]).toEqual([100000, false])
    expect((await json(home, ["sessions", "--limit", "007"])).limitApplied).toBe(7)
  })

  it("L8 validation errors", async () => {
    const home = makeHome({})
    for (const value of ["0", "abc", "-1", "0x10"]) {
      for (const extra of [[], ["--json"]]) {
        expect(await run(home, ["sessions", "--active", value, ...extra])).toEqual({
          code: 1,
          stdout: "",
          stderr: "--active must be a positive number of minutes, for example --active 30.\n"
        })
      }
    }
    for (const value of ["0", "abc", "1.5"]) {
      expect(await run(home, ["sessions", "--limit", value])).toEqual({
        code: 1,
        stdout: "",
        stderr: '--limit must be a positive integer or "all", for example --limit 25.\n'
      })
    }
    expect(await run(home, ["sessions", "--limit"])).toEqual({
      code: 1,
      stdout: "",
      // the reference's first line; the hint after it names clawkeep (the reference's: `Try: openclaw sessions --help`)
      stderr: "OpenClaw could not parse this command: option '--limit <count>' argument missing\nTry: clawkeep sessions --help\n"
    })
    // order: targets before --active before --limit
    expect((await run(home, ["sessions", "--active", "0", "--limit", "0"])).stderr).toMatch(/^--active/)
    expect((await run(home, ["sessions", "--agent", "nope", "--active", "0"])).stderr).toMatch(/^Unknown agent id "nope"/)
  })

  it("L9 stable order", async () => {
    const home = makeHome({ [STORE()]: { recent: { updatedAt: NOW - 5 * M }, stale: { updatedAt: NOW - 45 * M }, tieA: { updatedAt: NOW - 60 * M }, tieB: { updatedAt: NOW - 60 * M } } })
    expect(keys(await json(home, ["sessions"]))).toEqual(["recent", "stale", "tieA", "tieB"])
  })

  it("L10 model display", async () => {
    const home = makeHome({
      ".openclaw/openclaw.json": {
        agents: {
          defaults: { model: { primary: "anthropic/claude-opus-4-7" }, models: { "anthropic/claude-opus-4-7": { agentRuntime: { id: "claude-cli" } } } },
          list: [{ id: "main" }, { id: "research", model: "openai/gpt-5.4" }]
        },
        models: {
          providers: {
            anthropic: { baseUrl: "https://a.example", models: [{ id: "claude-opus-4-6", name: "o", contextWindow: 200000 }] },
            custom: { baseUrl: "https://c.example", models: [{ id: "claude-opus-4-6", name: "o", contextWindow: 16000 }] }
          }
        }
      },
      [STORE()]: {
        "agent:main:r01": { updatedAt: NOW - 1 * M, modelProvider: "codex-cli", model: "gpt-5.4" },
        "agent:main:r02": { updatedAt: NOW - 2 * M, modelProvider: "google-gemini-cli", model: "gemini-2.5-pro" },
        "agent:main:r03": { updatedAt: NOW - 3 * M, modelProvider: "anthropic", model: "claude-opus-4-6" },
        "agent:main:r04": { updatedAt: NOW - 4 * M, acp: { agent: "codex", backend: "acpx" } },
        "agent:main:r05": { updatedAt: NOW - 5 * M, modelProvider: "openai", model: "gpt-5.4", modelOverride: "test:opus" },
        "agent:main:r06": { updatedAt: NOW - 6 * M, modelOverride: "openai/gpt-5.4" },
        "agent:research:subagent:demo": { updatedAt: NOW - 7 * M },
        "agent:main:r08": { updatedAt: NOW - 8 * M, model: "openrouter/meta/llama" },
        "agent:main:r09": { updatedAt: NOW - 9 * M, modelProvider: "openai-codex", model: "gpt-5.4" },
        "agent:main:r10": { updatedAt: NOW - 10 * M, modelProvider: "weird-cli", model: "x" },
        "agent:main:r11": { updatedAt: NOW - 11 * M, modelOverride: "ANTHROPIC/claude-x", providerOverride: "anthropic" }
      }
    })
    const text = (await run(home, ["sessions"])).stdout.split("\n").slice(3, 14)
    const expected = [
      ["gpt-5.4", "OpenAI Codex"],
      ["gemini-2.5-pro", "Gemini CLI"],
      ["claude-opus-4-6", "OpenClaw Pi Default"],
      ["claude-opus-4-7", "codex (acp/acpx)"],
      ["test:opus", "OpenClaw Pi Default"],
      ["gpt-5.4", "OpenAI Codex"],
      ["gpt-5.4", "OpenAI Codex"],
      ["meta/llama", "OpenClaw Pi Default"],
      ["gpt-5.4", "OpenAI Codex"],
      ["x", "OpenClaw Pi Default"],
      ["claude-x", "OpenClaw Pi Default"]
    ]
    expect(text.length).toBe(expected.length)
    text.forEach((line, i) => expect(line).toContain(` ${expected[i]![0]!.padEnd(14)} ${expected[i]![1]!}`))
    const doc = await json(home, ["sessions"])
    const by = (k: string) => doc.sessions.find((s) => s["key"] === k)!
    expect([by("agent:main:r01")["modelProvider"], by("agent:main:r01")["contextTokens"], by("agent:main:r01")["agentRuntime"]]).toEqual([
      "anthropic",
      200000,
      { id: "auto", source: "implicit" }
    ])
    expect(by("agent:main:r02")["modelProvider"]).toBe("anthropic")
    expect([by("agent:main:r03")["modelProvider"], by("agent:main:r03")["contextTokens"]]).toEqual(["anthropic", 16000])
    expect(by("agent:main:r04")["agentRuntime"]).toEqual({ id: "claude-cli", source: "model" })
    expect(by("agent:main:r05")["modelProvider"]).toBe("anthropic")
    expect([by("agent:main:r06")["modelProvider"], by("agent:main:r06")["agentRuntime"]]).toEqual(["openai", { id: "codex", source: "implicit" }])
    expect([by("agent:research:subagent:demo")["modelProvider"], by("agent:research:subagent:demo")["agentId"]]).toEqual(["openai", "research"])
    expect(by("agent:main:r08")["modelProvider"]).toBe("openrouter")
    expect((by("agent:main:r09")["agentRuntime"] as { id: string }).id).toBe("codex")
    expect(by("agent:main:r10")["modelProvider"]).toBe("weird-cli")
    expect(by("agent:main:r11")["modelProvider"]).toBe("anthropic")
  })

  it("L11 no model, configured primary", async () => {
    const home = makeHome({
      ".openclaw/openclaw.json": '{\n  // JSON5\n  agents: { defaults: { model: { primary: "anthropic/claude-opus-4-6" } } },\n}\n',
      [STORE()]: { "agent:main:main": { sessionId: "abc", updatedAt: NOW - 5 * M } }
    })
    const doc = await json(home, ["sessions"])
    expect(doc.sessions[0]).toEqual({
      key: "agent:main:main",
      updatedAt: NOW - 5 * M,
      ageMs: 300000,
      sessionId: "abc",
      totalTokens: null,
      totalTokensFresh: false,
      model: "claude-opus-4-6",
      modelProvider: "anthropic",
      contextTokens: 200000,
      agentId: "main",
      agentRuntime: { id: "auto", source: "implicit" },
      kind: "direct"
    })
    expect((await run(home, ["sessions"])).stdout.split("\n")[3]).toBe(
      "direct agent:main:main            5m ago    claude-opus-4-6 OpenClaw Pi Default unknown/200k (?%)    id:abc"
    )
  })

  it("L12 raw values", async () => {
    const home = makeHome({
      [STORE()]: {
        neg: { updatedAt: NOW - 1 * M, totalTokens: -1, inputTokens: "5" },
        str: { updatedAt: NOW - 2 * M, totalTokens: "100", contextTokens: "32000" },
        zero: { updatedAt: 0, totalTokens: 0 }
      }
    })
    const doc = await json(home, ["sessions"])
    const pickRow = (k: string) => doc.sessions.find((s) => s["key"] === k)!
    expect([pickRow("neg")["inputTokens"], pickRow("neg")["totalTokens"], pickRow("neg")["totalTokensFresh"]]).toEqual(["5", null, true])
    expect([pickRow("str")["totalTokens"], pickRow("str")["totalTokensFresh"], pickRow("str")["contextTokens"]]).toEqual([null, false, "32000"])
    expect([pickRow("zero")["updatedAt"], pickRow("zero")["ageMs"], pickRow("zero")["totalTokens"], pickRow("zero")["totalTokensFresh"]]).toEqual([0, null, 0, true])
    const lines = (await run(home, ["sessions"])).stdout.split("\n")
    expect(lines[3]).toContain("unknown/200k (?%)")
    expect(lines[4]).toContain("unknown/32k (?%)")
    expect(lines[5]).toContain("0.0k/200k (0%)")
    expect(lines[5]!.slice(34, 43).trim()).toBe("unknown")
  })

  it("L13 non-object entries", async () => {
    const home = makeHome({ [STORE()]: `{"a":null,"b":"str","c":{"sessionId":"c","updatedAt":${NOW - H}},"d":[1,2]}` })
    const doc = await json(home, ["sessions"])
    expect(keys(doc)).toEqual(["c", "a", "b", "d"])
    for (const s of doc.sessions.slice(1)) expect([s["updatedAt"], s["ageMs"]]).toEqual([null, null])
    const lines = (await run(home, ["sessions"])).stdout.split("\n").slice(4, 7)
    for (const line of lines) {
      expect(line.slice(34, 43).trim()).toBe("unknown")
      expect(line.endsWith("unknown/200k (?%)")).toBe(true)
    }
    const commented = makeHome({ [STORE()]: '{\n  // comment\n  "a": {"updatedAt": 1}\n}' })
    expect((await json(commented, ["sessions"])).count).toBe(0)
  })

  it("L14 colours", async () => {
    const home = makeHome({
      [STORE()]: {
        "agent:main:p96": { updatedAt: NOW - 1 * M, totalTokens: 96, contextTokens: 100 },
        "agent:main:p85": { updatedAt: NOW - 2 * M, totalTokens: 85, contextTokens: 100 },
        "agent:main:p65": { updatedAt: NOW - 3 * M, totalTokens: 65, contextTokens: 100 },
        global: { updatedAt: NOW - 4 * M, totalTokens: 10, contextTokens: 0 },
        "agent:main:x:group:1": { updatedAt: NOW - 5 * M, totalTokens: 1500000, contextTokens: 1000 }
      }
    })
    const ESC = "\u001b"
    const r = await run(home, ["sessions"], { FORCE_COLOR: "1" })
    const lines = r.stdout.split("\n")
    expect(lines[0]!.startsWith(`${ESC}[93mSession store:`)).toBe(true)
    expect(lines[1]).toBe(`${ESC}[93mSessions listed: 5${ESC}[39m`)
    expect(lines[2]).toBe(
      `${ESC}[1m${ESC}[91mKind   Key                        Age       Model          Runtime            Tokens (ctx %)       Flags${ESC}[39m${ESC}[22m`
    )
    expect(lines[3]).toContain(`${ESC}[31m${"0.1k/0.1k (96%)".padEnd(20)}${ESC}[39m`)
    expect(lines[4]).toContain(`${ESC}[93m${"0.1k/0.1k (85%)".padEnd(20)}${ESC}[39m`)
    expect(lines[5]).toContain(`${ESC}[32m${"0.1k/0.1k (65%)".padEnd(20)}${ESC}[39m`)
    expect(lines[6]).toContain(` 0.0k/? (?%)`)
    expect(lines[6]!.startsWith(`${ESC}[93mglobal${ESC}[39m`)).toBe(true)
    expect(lines[7]).toContain(`${ESC}[31m${"1500k/1.0k (999%)".padEnd(20)}${ESC}[39m`)
    expect((await run(home, ["sessions"], { NO_COLOR: "1" })).stdout).not.toContain(ESC)
    expect((await run(home, ["sessions"], { NO_COLOR: "1", FORCE_COLOR: "1" })).stdout).toContain(ESC)
    expect((await run(home, ["sessions"], { FORCE_COLOR: "0" })).stdout).not.toContain(ESC)
  })

  it("L15 sessions list is an alias of sessions (D1)", async () => {
    const home = makeHome({ [STORE()]: l2Store })
    for (const args of [["--json", "--limit", "3"], ["--active", "60"], []]) {
      const plain = await run(home, ["sessions", ...args])
      expect(await run(home, ["sessions", "list", ...args])).toEqual(plain)
      expect(await run(home, ["sessions", ...args, "list"])).toEqual(plain)
    }
    expect(await run(home, ["sessions", "list", "--limit", "0"])).toEqual({
      code: 1,
      stdout: "",
      stderr: '--limit must be a positive integer or "all", for example --limit 25.\n'
    })
  })
})
