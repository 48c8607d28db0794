// Golden cases for `sessions` (list). Shared by scripts/record-list-goldens.mjs (which runs the
// reference on them) and test/list/golden.test.ts (which runs clawkeep on the recorded inputs).
// Every case is a scratch HOME: `files` maps paths relative to HOME to file contents (strings are
// written verbatim, other values as JSON with 2-space indentation).

export const NOW = 1779278400000 // 2026-05-20T12:00:00.000Z
const M = 60000
const H = 60 * M
const D = 24 * H
const STORE = (agent = "main") => `.openclaw/agents/${agent}/sessions/sessions.json`
const CONFIG = ".openclaw/openclaw.json"

/** Deterministic pseudo-random numbers (LCG). */
const rng = (seed) => {
  let s = seed >>> 0 || 1
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296)
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)]

/** A varied store: key shapes, ages on whole minutes, models, tokens, flags, odd values. */
const generatedStore = (seed, size, agent = "main") => {
  const r = rng(seed)
  const store = {}
  const channels = ["telegram", "discord", "slack", "whatsapp", "signal"]
  const models = [
    {},
    { model: "gpt-5.4", modelProvider: "openai" },
    { model: "claude-opus-4-6", modelProvider: "anthropic" },
    { model: "claude-opus-4-7", modelProvider: "claude-cli" },
    { model: "gpt-5.4", modelProvider: "codex-cli" },
    { model: "gemini-2.5-pro", modelProvider: "google-gemini-cli" },
    { model: "openrouter/meta/llama" },
    { model: "  padded-model  ", modelProvider: " openai " },
    { model: "   ", modelProvider: "anthropic" },
    { modelOverride: "anthropic/claude-opus-4-6", providerOverride: "anthropic" },
    { modelOverride: "openai/gpt-5.4" },
    { model: "x", modelProvider: "weird-cli" },
    { model: "gpt-5.4", modelProvider: "openai-codex" },
    { model: "custom-model", modelProvider: "custom" }
  ]
  for (let i = 0; i < size; i++) {
    const ch = pick(r, channels)
    const shape = r()
    let key
    if (i === 0) key = `agent:${agent}:main`
    else if (shape < 0.35) key = `agent:${agent}:${ch}:direct:${1000 + i}`
    else if (shape < 0.5) key = `agent:${agent}:${ch}:group:${2000 + i}`
    else if (shape < 0.6) key = `agent:${agent}:${ch}:channel:${3000 + i}:thread:${i}`
    else if (shape < 0.68) key = `agent:${agent}:cron:job-${i}`
    else if (shape < 0.74) key = `agent:${agent}:subagent:${i}`
    else if (shape < 0.78) key = `agent:other:${ch}:${i}`
    else if (shape < 0.82) key = `${ch}:group:legacy-${i}`
    else if (shape < 0.85) key = `+1555000${i}`
    else if (shape < 0.88) key = `AGENT:${agent.toUpperCase()}:Mixed:${i}`
    else if (shape < 0.9) key = `agent:${agent}:very-long-session-key-with-many-segments:${i}:ünïcödé`
    else key = `agent:${agent}:${ch}:direct:peer-${i}`
    const e = { sessionId: `sess-${seed}-${i}` }
    const age = r()
    if (age < 0.05) {
      // no updatedAt
    } else if (age < 0.1) e.updatedAt = NOW + Math.floor(r() * 30 + 1) * M
    else if (age < 0.15) e.updatedAt = 0
    else e.updatedAt = NOW - Math.floor(r() * 60 * 24 * 9) * M
    if (r() < 0.2) e.chatType = pick(r, ["group", "channel", "direct"])
    Object.assign(e, pick(r, models))
    const tok = r()
    if (tok < 0.5) {
      e.inputTokens = Math.floor(r() * 50000)
      e.outputTokens = Math.floor(r() * 9000)
      e.totalTokens = e.inputTokens + e.outputTokens
    } else if (tok < 0.6) e.totalTokens = Math.floor(r() * 300000)
    else if (tok < 0.65) {
      e.totalTokens = Math.floor(r() * 300000)
      e.totalTokensFresh = false
    } else if (tok < 0.7) e.totalTokens = -1
    if (r() < 0.3) e.contextTokens = pick(r, [100000, 200000, 32000, 1000, 1048576])
    if (r() < 0.2) e.thinkingLevel = pick(r, ["high", "low", "off"])
    if (r() < 0.1) e.verboseLevel = "on"
    if (r() < 0.05) e.traceLevel = "on"
    if (r() < 0.1) e.reasoningLevel = "stream"
    if (r() < 0.05) e.elevatedLevel = "ask"
    if (r() < 0.05) e.responseUsage = "tokens"
    if (r() < 0.1) e.groupActivation = pick(r, ["mention", "always"])
    if (r() < 0.3) e.systemSent = true
    if (r() < 0.1) e.abortedLastRun = r() < 0.5
    if (r() < 0.05) e.acp = pick(r, [{ agent: "codex", backend: "acpx" }, { agent: "claude" }])
    if (r() < 0.1) e.label = `label ${i}`
    store[key] = e
  }
  return store
}

const richConfig = `// JSON5 config with models and runtimes
{
  agents: {
    defaults: {
      model: { primary: "anthropic/claude-opus-4-7" },
      models: { "anthropic/claude-opus-4-7": { agentRuntime: { id: "claude-cli" } } },
    },
    list: [{ id: "main" }, { id: "research", model: "openai/gpt-5.4" }],
  },
  models: {
    providers: {
      anthropic: { baseUrl: "https://api.anthropic.com", models: [{ id: "claude-opus-4-6", name: "Opus", contextWindow: 200000 }] },
      custom: { baseUrl: "https://custom.example", models: [{ id: "claude-opus-4-6", name: "Opus", contextWindow: 16000 }, { id: "custom-model", name: "C", contextTokens: 64000 }] },
    },
  },
}
`

const l2Store = {
  "agent:main:main": { sessionId: "s-main", updatedAt: NOW - 2 * M, model: "gpt-5.4", modelProvider: "openai", totalTokens: 12000, contextTokens: 200000, thinkingLevel: "high", systemSent: true },
  "agent:main:telegram:group:-100123456789": { sessionId: "s-grp", updatedAt: NOW - 90 * M, chatType: "group", groupActivation: "mention" },
  "agent:main:cron:nightly": { sessionId: "s-cron", updatedAt: NOW - 3 * M, totalTokens: 5000, totalTokensFresh: false },
  global: { sessionId: "s-glob", updatedAt: NOW - 50 * H },
  unknown: { sessionId: "s-unk", updatedAt: NOW - 3 * D },
  "agent:main:subagent:child1": { sessionId: "s-sub", updatedAt: NOW - 10 * M, spawnedBy: "agent:main:main", abortedLastRun: true, verboseLevel: "on", traceLevel: "on", reasoningLevel: "low", elevatedLevel: "on", responseUsage: "full" },
  "agent:main:discord:channel:123": { sessionId: "s-chan", updatedAt: NOW + 5 * M },
  "cron:bare": { sessionId: "s-bare" },
  "agent:main:slack:direct:u1": { sessionId: "s-dm", updatedAt: NOW - 45 * M, modelOverride: "anthropic/claude-opus-4-6", providerOverride: "anthropic", totalTokens: 9999, contextTokens: 10000 }
}

const limitRows = (n) => {
  const s = {}
  for (let i = 0; i < n; i++) s[`session-${String(i).padStart(3, "0")}`] = { sessionId: `id-${i}`, updatedAt: NOW - i * M }
  return s
}

const TEXT_JSON = [["sessions"], ["sessions", "--json"]]

export const cases = [
  { name: "l1-missing-store", files: {}, runs: TEXT_JSON },
  { name: "l2-mixed-rows", files: { [STORE()]: l2Store }, runs: [...TEXT_JSON, ["sessions", "--json", "--limit", "4"], ["sessions", "--limit", "4"]] },
  {
    name: "l3-tabular-fixture",
    now: 1764979200000,
    files: {
      [CONFIG]: { agents: { defaults: { model: { primary: "test:opus" }, models: { "test:opus": {} }, contextTokens: 32000 } } },
      [STORE()]: {
        "+15555550123": { sessionId: "abc123", updatedAt: 1764979200000 - 45 * M, inputTokens: 1200, outputTokens: 800, totalTokens: 2000, totalTokensFresh: true, model: "test:opus" },
        "quietchat:group:demo": { sessionId: "xyz", updatedAt: 1764979200000 - 5 * M, thinkingLevel: "high" },
        "stale-total": { sessionId: "st", updatedAt: 1764979200000 - 10 * M, totalTokens: 2000, totalTokensFresh: false }
      }
    },
    runs: TEXT_JSON
  },
  {
    name: "l4-runtime-column",
    now: 1764979200000,
    files: {
      [CONFIG]: { agents: { defaults: { model: { primary: "anthropic/claude-opus-4-7" }, models: { "anthropic/claude-opus-4-7": { agentRuntime: { id: "claude-cli" } } }, contextTokens: 200000 } } },
      [STORE()]: {
        "agent:main:main": { sessionId: "main-session", updatedAt: 1764979200000 - 1 * M, modelProvider: "claude-cli", model: "claude-opus-4-7" },
        "agent:main:b": { updatedAt: 1764979200000 - 2 * M, modelProvider: "anthropic", model: "claude-opus-4-7" }
      }
    },
    runs: TEXT_JSON
  },
  {
    name: "l5-active",
    files: { [STORE()]: { recent: { updatedAt: NOW - 5 * M }, stale: { updatedAt: NOW - 45 * M }, none: {}, str: { updatedAt: String(NOW - M) } } },
    runs: [["sessions", "--active", "10", "--json"], ["sessions", "--active", "10"], ["sessions", "--active", "10m", "--json"], ["sessions", "--active", "5.9"], ["sessions", "--active", "60", "--limit", "1"]]
  },
  { name: "l6-default-limit", files: { [STORE()]: limitRows(105) }, runs: [["sessions", "--json"], ["sessions", "--limit", "2"], ["sessions"]] },
  {
    name: "l7-limits",
    files: { [STORE()]: { oldest: { updatedAt: NOW - 3 * H }, newest: { updatedAt: NOW - 1 * H }, middle: { updatedAt: NOW - 2 * H } } },
    runs: [["sessions", "--limit", "2", "--json"], ["sessions", "--limit", "all", "--json"], ["sessions", "--limit", "ALL"], ["sessions", "--limit", "100000", "--json"], ["sessions", "--limit", "007", "--json"], ["sessions", "--limit", " 2 "]]
  },
  {
    name: "l8-validation",
    files: { [STORE()]: { a: { updatedAt: NOW - M } } },
    runs: [
      ["sessions", "--active", "0"], ["sessions", "--active", "abc", "--json"], ["sessions", "--active", "-1"], ["sessions", "--active", "0x10"],
      ["sessions", "--limit", "0"], ["sessions", "--limit", "abc", "--json"], ["sessions", "--limit", "1.5"], ["sessions", "--limit"],
      ["sessions", "--active", "0", "--limit", "0"], ["sessions", "--agent", "nope", "--active", "0"], ["sessions", "--agent", "a", "--all-agents"],
      ["sessions", "--store", "x.json", "--agent", "main"], ["sessions", "--bogus"]
    ]
  },
  {
    name: "l9-stable-order",
    files: { [STORE()]: { recent: { updatedAt: NOW - 5 * M }, stale: { updatedAt: NOW - 45 * M }, tieA: { updatedAt: NOW - 60 * M }, tieB: { updatedAt: NOW - 60 * M }, zero: { updatedAt: 0 }, none: {}, tieC: { updatedAt: NOW - 60 * M } } },
    runs: [["sessions", "--json"], ["sessions", "--json", "--limit", "4"], ["sessions", "--limit", "all"]]
  },
  {
    name: "l10-model-display",
    files: {
      [CONFIG]: richConfig,
      [STORE()]: {
        "agent:main:a": { updatedAt: NOW - 1 * M, modelProvider: "codex-cli", model: "gpt-5.4" },
        "agent:main:b": { updatedAt: NOW - 2 * M, modelProvider: "google-gemini-cli", model: "gemini-2.5-pro" },
        "agent:main:c": { updatedAt: NOW - 3 * M, modelProvider: "anthropic", model: "claude-opus-4-6" },
        "agent:main:d": { updatedAt: NOW - 4 * M, acp: { agent: "codex", backend: "acpx" } },
        "agent:main:e": { updatedAt: NOW - 5 * M, modelProvider: "openai", model: "gpt-5.4", modelOverride: "test:opus" },
        "agent:main:f": { updatedAt: NOW - 6 * M, modelOverride: "openai/gpt-5.4" },
        "agent:research:subagent:demo": { updatedAt: NOW - 7 * M },
        "agent:main:g": { updatedAt: NOW - 8 * M, model: "openrouter/meta/llama" },
        "agent:main:h": { updatedAt: NOW - 9 * M, modelProvider: "openai-codex", model: "gpt-5.4" },
        "agent:main:i": { updatedAt: NOW - 10 * M, modelProvider: "weird-cli", model: "x" },
        "agent:main:j": { updatedAt: NOW - 11 * M, modelOverride: "ANTHROPIC/claude-x", providerOverride: "anthropic" },
        "agent:main:k": { updatedAt: NOW - 12 * M, modelProvider: "claude-cli", model: "claude-opus-4-6" },
        "agent:main:l": { updatedAt: NOW - 13 * M, modelProvider: "claude-cli", model: "custom-model" },
        "agent:main:m": { updatedAt: NOW - 14 * M, acp: { agent: "claude" } }
      }
    },
    runs: TEXT_JSON
  },
  {
    name: "l11-configured-primary",
    files: { [CONFIG]: '{\n  // primary model\n  agents: { defaults: { model: { primary: "anthropic/claude-opus-4-6" } } },\n}\n', [STORE()]: { "agent:main:main": { sessionId: "abc", updatedAt: NOW - 5 * M } } },
    runs: TEXT_JSON
  },
  {
    name: "l12-raw-values",
    files: {
      [STORE()]: {
        neg: { updatedAt: NOW - 1 * M, totalTokens: -1, inputTokens: "5" },
        str: { updatedAt: NOW - 2 * M, totalTokens: "100", contextTokens: "32000" },
        zero: { updatedAt: 0, totalTokens: 0 },
        big: { updatedAt: NOW - 3 * M, totalTokens: 1500000, contextTokens: 1000, thinkingLevel: 7, sessionId: 42 },
        ctxzero: { updatedAt: NOW - 4 * M, totalTokens: 10, contextTokens: 0 },
        ctxfalse: { updatedAt: NOW - 5 * M, contextTokens: false, totalTokens: 500 },
        strdate: { updatedAt: String(NOW - 6 * M), totalTokens: 96, contextTokens: 100 },
        fresh: { updatedAt: NOW - 7 * M, totalTokens: 9999, totalTokensFresh: "no" }
      }
    },
    runs: TEXT_JSON
  },
  {
    name: "l13-non-object-entries",
    files: { [STORE()]: '{"a":null,"b":"str","c":{"sessionId":"c","updatedAt":' + (NOW - H) + '},"d":[1,2],"e":5,"f":true}' },
    runs: TEXT_JSON
  },
  { name: "l13-comment-store", files: { [STORE()]: '{\n  // comment\n  "a": {"updatedAt": 1}\n}' }, runs: TEXT_JSON },
  {
    name: "l14-colours",
    files: {
      [STORE()]: {
        "agent:main:p96": { updatedAt: NOW - 1 * M, totalTokens: 96, contextTokens: 100 },
        "agent:main:p85": { updatedAt: NOW - 2 * M, totalTokens: 85, contextTokens: 100, thinkingLevel: "high" },
        "agent:main:p65": { updatedAt: NOW - 3 * M, totalTokens: 65, contextTokens: 100 },
        global: { updatedAt: NOW - 4 * M, totalTokens: 10, contextTokens: 0 },
        "agent:main:x:group:1": { updatedAt: NOW - 5 * M, totalTokens: 1500000, contextTokens: 1000 },
        "agent:main:cron:c": { updatedAt: NOW - 6 * M },
        unknown: { updatedAt: NOW - 7 * M, totalTokens: 5, contextTokens: 100 }
      }
    },
    runs: [["sessions"], ["sessions", "--active", "30"]],
    env: { FORCE_COLOR: "1" }
  },
  { name: "l14-colours-no-color", files: { [STORE()]: { a: { updatedAt: NOW - M } } }, runs: [["sessions"]], env: { NO_COLOR: "1" } },
  { name: "l14-colours-both", files: { [STORE()]: { a: { updatedAt: NOW - M, sessionId: "x" } } }, runs: [["sessions"]], env: { NO_COLOR: "1", FORCE_COLOR: "1" } },
  { name: "l14-colours-empty-force", files: { [STORE()]: { a: { updatedAt: NOW - M } } }, runs: [["sessions"]], env: { FORCE_COLOR: "" } },
  {
    name: "t1-multi-agent",
    files: {
      [CONFIG]: { agents: { list: [{ id: "main" }, { id: "Work", default: true }, { id: "main" }] } },
      [STORE()]: { "agent:main:main": { updatedAt: NOW - 2 * H } },
      [STORE("work")]: { "agent:work:main": { updatedAt: NOW - 1 * H }, "agent:other:x": { updatedAt: NOW - 3 * H } }
    },
    runs: [["sessions"], ["sessions", "--all-agents"], ["sessions", "--all-agents", "--json"], ["sessions", "--agent", "WORK", "--json"], ["sessions", "--all-agents", "--limit", "2"]]
  },
  {
    name: "t2-shared-store",
    files: {
      [CONFIG]: { agents: { list: [{ id: "main" }, { id: "voice" }] }, session: { store: "~/shared/sessions.json" } },
      "shared/sessions.json": { "agent:main:room": { updatedAt: NOW - 1 * H }, "agent:voice:room": { updatedAt: NOW - 2 * H }, plain: { updatedAt: NOW - 3 * H } }
    },
    runs: [["sessions", "--all-agents", "--json"], ["sessions", "--all-agents"], ["sessions", "--agent", "voice"]]
  },
  {
    name: "scanner-edge-keys",
    files: {
      [STORE()]:
        '{"b":{"updatedAt":' + (NOW - 5 * M) + '},"10":{"updatedAt":' + (NOW - 5 * M) + '},"2":{"updatedAt":' + (NOW - 5 * M) +
        '},"a\\u0062":{"updated\\u0041t":' + (NOW - 5 * M) + '},"b":{"updatedAt":' + (NOW - 6 * M) + ',"updatedAt":' + (NOW - 5 * M) +
        '},"4294967295":{"updatedAt":' + (NOW - 5 * M) + '},"4294967294":{"updatedAt":' + (NOW - 5 * M) + '},"01":{"updatedAt":' + (NOW - 5 * M) +
        '},"__proto__":{"updatedAt":' + (NOW - 5 * M) + ',"sessionId":"p"},"esc\\"\\\\\\n\\t":{"updatedAt":1e3,"nested":{"updatedAt":5,"x":[{"updatedAt":9}]}},"ünï":{"updatedAt":' + (NOW - 7 * M) + '}}'
    },
    runs: [["sessions", "--json"], ["sessions"]]
  },
  {
    name: "key-shapes",
    files: {
      [STORE()]: {
        "agent: X :y": { updatedAt: NOW - 1 * M },
        "agent::main:x": { updatedAt: NOW - 2 * M },
        "AGENT:Main:Cron:Job": { updatedAt: NOW - 3 * M },
        "agent:main:": { updatedAt: NOW - 4 * M },
        "agent:main:cron:": { updatedAt: NOW - 5 * M },
        "  agent:main:x  ": { updatedAt: NOW - 6 * M },
        "agent:main:x:Group:1": { updatedAt: NOW - 7 * M },
        "cron:job": { updatedAt: NOW - 8 * M },
        "Global": { updatedAt: NOW - 9 * M },
        "agent:research:main": { updatedAt: NOW - 10 * M },
        "agent:ümlaut:main": { updatedAt: NOW - 11 * M, acp: { agent: "a\u001b[31mred\nx", backend: " " } },
        "exactly-twenty-six-chars!!": { updatedAt: NOW - 12 * M },
        "exactly-twenty-seven-chars!!": { updatedAt: NOW - 13 * M }
      }
    },
    runs: [["sessions", "--json"], ["sessions"], ["sessions", "--all-agents"]]
  },
  {
    name: "odd-updated-at",
    files: {
      [STORE()]: {
        n1: { updatedAt: NOW - 2 * M },
        s1: { updatedAt: "abc" },
        n2: { updatedAt: NOW - 1 * M },
        o1: { updatedAt: {} },
        t1: { updatedAt: true },
        n3: { updatedAt: NOW - 3 * M },
        a1: { updatedAt: [NOW - 4 * M] },
        inf: { updatedAt: 1e400 },
        inf2: { updatedAt: 1e400 },
        n4: { updatedAt: NOW - 1 * M }
      }
    },
    runs: [["sessions", "--json"], ["sessions", "--json", "--limit", "3"], ["sessions", "--json", "--limit", "all"], ["sessions", "--limit", "300"]]
  },
  { name: "config-context-windows", files: {
      [CONFIG]: {
        agents: { defaults: { model: "custom/big-model" } },
        models: { providers: {
          first: { baseUrl: "https://a.example", contextWindow: 50000, models: [{ id: "big-model", name: "B" }, { id: "gpt-5.5", name: "G", contextWindow: 12345 }, { id: "tiny", name: "T", contextTokens: 3, contextWindow: 999 }] },
          custom: { baseUrl: "https://c.example", models: [{ id: "big-model", name: "B", contextWindow: 777777 }] }
        } }
      },
      [STORE()]: { "agent:main:a": { updatedAt: NOW - M, totalTokens: 1000 }, "agent:main:b": { updatedAt: NOW - 2 * M, model: "gpt-5.5", totalTokens: 1000 }, "agent:main:c": { updatedAt: NOW - 3 * M, model: "unknown-model", modelProvider: "x" }, "agent:main:d": { updatedAt: NOW - 4 * M, model: "tiny", totalTokens: 2 } }
    }, runs: TEXT_JSON },
  { name: "runtime-policies", files: {
      [CONFIG]: {
        agents: {
          defaults: { model: "openai/gpt-5.4", cliBackends: { "my-cli": { command: "my-cli" } }, models: { "gpt-5.4": { agentRuntime: { id: "codex-app-server" } }, "openai/o3": { agentRuntime: { id: "default" } } } },
          list: [{ id: "main" }, { id: "ops", models: { "anthropic/claude-opus-4-6": { agentRuntime: { id: "PI" } } } }]
        },
        models: { providers: {
          anthropic: { baseUrl: "https://api.anthropic.com", agentRuntime: { id: "custom-harness" }, models: [{ id: "claude-sonnet", name: "S", agentRuntime: { id: "claude-cli" } }] },
          openai: { baseUrl: "https://proxy.example/v1", models: [] }
        } }
      },
      [STORE()]: {
        "agent:main:a": { updatedAt: NOW - M },
        "agent:main:b": { updatedAt: NOW - 2 * M, model: "o3", modelProvider: "openai" },
        "agent:main:c": { updatedAt: NOW - 3 * M, model: "claude-opus-4-6", modelProvider: "anthropic" },
        "agent:ops:c": { updatedAt: NOW - 4 * M, model: "claude-opus-4-6", modelProvider: "anthropic" },
        "agent:main:d": { updatedAt: NOW - 5 * M, model: "claude-sonnet", modelProvider: "anthropic" },
        "agent:main:e": { updatedAt: NOW - 6 * M, model: "thing", modelProvider: "my-cli" },
        "agent:main:f": { updatedAt: NOW - 7 * M, model: "gpt-5.4", modelProvider: "openai-codex" },
        "agent:main:g": { updatedAt: NOW - 8 * M, model: "claude-opus-4-6", modelProvider: "anthropic-cli" },
        "agent:main:h": { updatedAt: NOW - 9 * M, providerOverride: "claude-cli", modelOverride: "claude-cli/opus" }
      }
    }, runs: TEXT_JSON },
  ...[11, 12, 13, 14, 15, 16, 17, 18].map((seed) => ({
    name: `generated-${seed}`,
    files: {
      ...(seed % 2 === 0 ? { [CONFIG]: richConfig } : {}),
      [STORE()]: generatedStore(seed, 20 + seed * 7)
    },
    runs: seed === 11 ? [...TEXT_JSON, ["sessions", "--limit", "all", "--json"]] : seed === 12 ? [...TEXT_JSON, ["sessions", "--active", "1440", "--limit", "5"]] : TEXT_JSON,
    ...(seed === 13 ? { env: { FORCE_COLOR: "1" } } : {})
  })),
  {
    name: "generated-all-agents",
    files: {
      [CONFIG]: { agents: { list: [{ id: "main" }, { id: "ops" }, { id: "empty" }] } },
      [STORE()]: generatedStore(21, 40),
      [STORE("ops")]: generatedStore(22, 40, "ops")
    },
    runs: [["sessions", "--all-agents"], ["sessions", "--all-agents", "--json", "--limit", "30"], ["sessions", "--agent", "ops"]],
    env: { FORCE_COLOR: "1" }
  }
]
