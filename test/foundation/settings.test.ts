import { describe, expect, it } from "vitest"
import { Either } from "effect"
import { decodeSettings, DEFAULT_SETTINGS } from "../../src/domain/config.js"
import { decodeConfig } from "../../src/domain/configValidation.js"
import { agentRuntimeOf, configuredContextWindows, contextWindowResolver, defaultModelRef } from "../../src/domain/displayModel.js"

describe("decodeSettings: typed values", () => {
  it("a full config", () => {
    const settings = decodeSettings({
      agents: {
        defaults: {
          model: { primary: " anthropic/claude " },
          models: { "openai/gpt-5.5": { agentRuntime: { id: " pi " } }, "x/y": {} },
          contextTokens: 64000,
          cliBackends: { "my-cli": {} }
        },
        list: [{ id: "Main", default: false, model: "openai/o3", models: { a: { agentRuntime: { id: "codex" } } } }, { id: "work", default: true }]
      },
      session: { store: "~/s/{agentId}.json", dmScope: "per-channel-peer", maintenance: { mode: "warn", pruneAfter: "2d", maxEntries: 9, maxDiskBytes: "1kb" } },
      models: {
        providers: {
          openai: { baseUrl: "https://proxy.example/v1", contextWindow: 1000, agentRuntime: { id: "pi" }, models: [{ id: "m1", name: "M1", contextTokens: 5 }] }
        }
      },
      logging: { redactSensitive: "off" }
    })
    expect(settings.agents).toEqual({
      ids: ["main", "work"],
      defaultId: "work",
      list: [
        { rawId: "Main", id: "main", isDefault: false, model: "openai/o3", models: [{ key: "a", agentRuntime: "codex" }] },
        { rawId: "work", id: "work", isDefault: true, model: undefined, models: [] }
      ],
      defaults: {
        model: "anthropic/claude",
        models: [
          { key: "openai/gpt-5.5", agentRuntime: "pi" },
          { key: "x/y", agentRuntime: undefined }
        ],
        contextTokens: 64000,
        cliBackends: ["my-cli"]
      }
    })
    expect(settings.session).toEqual({
      store: "~/s/{agentId}.json",
      dmScope: "per-channel-peer",
      maintenance: {
        mode: "warn",
        pruneAfterMs: 172_800_000,
        maxEntries: 9,
        resetArchiveRetentionMs: 172_800_000,
        maxDiskBytes: 1024,
        highWaterBytes: 819
      }
    })
    expect(settings.models.providers).toEqual([
      {
        name: "openai",
        present: true,
        baseUrl: "https://proxy.example/v1",
        contextTokens: undefined,
        contextWindow: 1000,
        agentRuntime: "pi",
        models: [{ id: "m1", contextTokens: 5, contextWindow: undefined, agentRuntime: undefined }]
      }
    ])
    expect(settings.logging).toEqual({ redactSensitive: "off" })
  })

  it("no config: every default", () => {
    expect(DEFAULT_SETTINGS).toEqual(decodeSettings({}))
    expect(DEFAULT_SETTINGS.agents).toEqual({
      ids: ["main"],
      defaultId: "main",
      list: [],
      defaults: { model: undefined, models: [], contextTokens: undefined, cliBackends: [] }
    })
    expect([DEFAULT_SETTINGS.session.store, DEFAULT_SETTINGS.session.dmScope]).toEqual([undefined, "main"])
    expect(DEFAULT_SETTINGS.models.providers).toEqual([])
    expect(DEFAULT_SETTINGS.logging.redactSensitive).toBeUndefined()
  })
})

describe("decodeSettings: lenient (a value of the wrong type reads as unset)", () => {
  it("sections that are not objects", () => {
    const settings = decodeSettings({ agents: [1], session: "x", models: null, logging: 3 })
    expect(settings).toEqual(DEFAULT_SETTINGS)
    expect(decodeSettings({ agents: { list: "x", defaults: [] }, session: { maintenance: [] }, models: { providers: [] } })).toEqual(
      DEFAULT_SETTINGS
    )
  })

  it("agents.list: non-objects skipped, non-string ids read as main, only default: true counts", () => {
    const settings = decodeSettings({ agents: { list: [1, null, { id: 7, default: "yes" }, { id: "b", model: { primary: 3 } }] } })
    expect(settings.agents.ids).toEqual(["main", "b"])
    expect(settings.agents.defaultId).toBe("main")
    expect(settings.agents.list.map((a) => [a.rawId, a.id, a.isDefault, a.model])).toEqual([
      [undefined, "main", false, undefined],
      ["b", "b", false, undefined]
    ])
  })

  it("blank or mistyped scalars", () => {
    const settings = decodeSettings({
      agents: { defaults: { model: "  ", models: { k: { agentRuntime: { id: 1 } } }, cliBackends: "x" } },
      session: { store: 5, dmScope: "nope", maintenance: { mode: "loud", maxEntries: "9", pruneAfter: "soon" } },
      logging: { redactSensitive: false }
    })
    expect(settings.agents.defaults).toEqual({ model: undefined, models: [{ key: "k", agentRuntime: undefined }], contextTokens: undefined, cliBackends: [] })
    expect([settings.session.store, settings.session.dmScope]).toEqual([undefined, "main"])
    expect(settings.session.maintenance).toEqual(DEFAULT_SETTINGS.session.maintenance)
    expect(settings.logging.redactSensitive).toBeUndefined()
  })

  it("providers: non-object values kept (falsy ones marked absent), models without a string id dropped", () => {
    const settings = decodeSettings({
      models: { providers: { a: null, b: "x", c: { baseUrl: 1, contextTokens: "9", models: [null, { id: 1 }, { id: "" }, { id: "m", contextWindow: -1 }] } } }
    })
    expect(settings.models.providers.map((p) => [p.name, p.present, p.baseUrl, p.contextTokens, p.models])).toEqual([
      ["a", false, undefined, undefined, []],
      ["b", true, undefined, undefined, []],
      ["c", true, undefined, undefined, [{ id: "", contextTokens: undefined, contextWindow: undefined, agentRuntime: undefined }, { id: "m", contextTokens: undefined, contextWindow: -1, agentRuntime: undefined }]]
    ])
  })

  it("agents.defaults.contextTokens is kept as configured (the list shows it as is)", () => {
    expect(decodeSettings({ agents: { defaults: { contextTokens: "big" } } }).agents.defaults.contextTokens).toBe("big")
    expect(contextWindowResolver(decodeSettings({ agents: { defaults: { contextTokens: "big" } } })).of(undefined, "m")).toBe("big")
  })
})

describe("decodeConfig: validation first, with the reference's messages", () => {
  it("a valid config decodes", () => {
    const decoded = decodeConfig({ session: { dmScope: "per-peer" } })
    expect(Either.isRight(decoded) && decoded.right.session.dmScope).toBe("per-peer")
  })

  it("problems are returned instead of settings", () => {
    expect(decodeConfig({ session: { dmScope: "x", maintenance: { maxEntries: 1.5 } }, agents: { list: [{ id: 3 }] } })).toEqual(
      Either.left([
        "agents.list.0.id: Invalid input: expected string, received number",
        'session.dmScope: Invalid input (allowed: "main", "per-peer", "per-channel-peer", "per-account-channel-peer")',
        "session.maintenance.maxEntries: Invalid input: expected int, received number"
      ])
    )
  })
})

describe("display model over decoded settings", () => {
  it("an agent's model is found by its id as written; the runtime policy by its normalised id", () => {
    const settings = decodeSettings({
      agents: { list: [{ id: "Work", model: "anthropic/opus", models: { "anthropic/opus": { agentRuntime: { id: "claude-cli" } } } }] }
    })
    expect(defaultModelRef(settings, "agent:Work:x")).toEqual({ provider: "anthropic", model: "opus" })
    expect(defaultModelRef(settings, "agent:work:x")).toEqual({ provider: "openai", model: "gpt-5.5" })
    expect(agentRuntimeOf(settings, "work", { provider: "anthropic", model: "opus" })).toEqual({ id: "claude-cli", source: "model" })
  })

  it("provider lookup: exact name when set, else the first with the same normalised name; inherited names find nothing", () => {
    const rt = (providers: object, provider: string) =>
      agentRuntimeOf(decodeSettings({ models: { providers } }), "main", { provider, model: "m" })
    expect(rt({ Kimi: { agentRuntime: { id: "one" } }, kimi: { agentRuntime: { id: "two" } } }, "kimi")).toEqual({ id: "two", source: "provider" })
    expect(rt({ kimi: null, KIMI: { agentRuntime: { id: "one" } } }, "kimi")).toEqual({ id: "auto", source: "implicit" })
    expect(rt({ KIMI: { agentRuntime: { id: "one" } }, kimi: null }, "kimi")).toEqual({ id: "one", source: "provider" })
    expect(rt({ Constructor: { agentRuntime: { id: "one" } } }, "constructor")).toEqual({ id: "auto", source: "implicit" })
  })

  it("context windows: the first number of model and provider values, when positive", () => {
    const settings = decodeSettings({
      models: { providers: { p: { contextWindow: 100, models: [{ id: "a" }, { id: "b", contextTokens: 0 }, { id: "c", contextWindow: 7 }] } } }
    })
    expect([...configuredContextWindows(settings)]).toEqual([
      ["a", 100],
      ["c", 7]
    ])
  })
})
