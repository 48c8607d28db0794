/**
 * `requireNoLiveGateway` in the cleanup programs, in memory (`ClawkeepTest` with a Gateway
 * "running" at chosen URLs): when it looks, where it looks, and that a refusal writes nothing.
 */
import { Effect, Either, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { decodeSettings } from "../../src/domain/config.js"
import { GatewayRunningError } from "../../src/domain/errors.js"
import { applyPlans, journalsFor, runCleanup, type CleanupRequest } from "../../src/interpreters/index.js"
import { runRestore, type RestoreRequest } from "../../src/interpreters/restore.js"
import { gatewayAddresses, GatewayProbe, parseGatewayPortEnv, requireNoLiveGateway } from "../../src/store/gateway.js"
import { ClawkeepTest, type ClawkeepTestOptions } from "../../src/testing.js"

const NOW = 1779278400000
const DAY = 86_400_000
const HOME = "/home/u"
const SESSIONS = `${HOME}/.openclaw/agents/main/sessions`
const DEFAULT_URL = "ws://127.0.0.1:18789"

const world = (options: ClawkeepTestOptions = {}) =>
  ClawkeepTest.make({
    home: HOME,
    nowMs: NOW,
    files: {
      [`${SESSIONS}/sessions.json`]: JSON.stringify({
        "agent:main:old": { sessionId: "old-1", updatedAt: NOW - 40 * DAY },
        "agent:main:new": { sessionId: "new-1", updatedAt: NOW - 60_000 }
      }),
      [`${SESSIONS}/old-1.jsonl`]: "{}\n",
      [`${SESSIONS}/new-1.jsonl`]: "{}\n",
      ...options.files
    },
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.env === undefined ? {} : { env: options.env }),
    gateways: options.gateways ?? []
  })

const OPTIONS = { dryRun: false, enforce: true, fixMissing: false, fixDmScope: false, activeKey: undefined }

const cleanup = (kit: ReturnType<typeof world>, request: Partial<CleanupRequest> = {}) =>
  Effect.runPromise(Effect.either(runCleanup({ ...OPTIONS, ...request })).pipe(Effect.provide(kit.layer)))

const refusal = (url: string) =>
  new GatewayRunningError({
    url,
    message: `A Gateway is running at ${url}: applying now could be undone by its next write of the session store. Stop the Gateway and run this again, or pass --force to apply anyway.`
  })

describe("cleanup apply next to a running Gateway", () => {
  it("refuses to apply to the configured store, and writes nothing", async () => {
    const kit = world({ gateways: [DEFAULT_URL] })
    const before = kit.fs.snapshot(HOME)
    const result = await cleanup(kit)
    expect(result).toEqual(Either.left(refusal(DEFAULT_URL)))
    expect(kit.fs.snapshot(HOME)).toEqual(before)
    expect(kit.gatewayProbes).toEqual([DEFAULT_URL])
  })

  it("applies when no Gateway answers (after looking once)", async () => {
    const kit = world()
    const result = await cleanup(kit)
    expect(Either.isRight(result)).toBe(true)
    expect(Object.keys(JSON.parse(kit.fs.snapshot(HOME)[`${SESSIONS}/sessions.json`] as string) as object)).toEqual(["agent:main:new"])
    expect(kit.gatewayProbes).toEqual([DEFAULT_URL])
  })

  it("--force applies without looking", async () => {
    const kit = world({ gateways: [DEFAULT_URL] })
    expect(Either.isRight(await cleanup(kit, { force: true }))).toBe(true)
    expect(kit.fs.snapshot(HOME)[`${SESSIONS}/old-1.jsonl`]).toBeUndefined()
    expect(kit.gatewayProbes).toEqual([])
  })

  it("--store: no look, as the reference skips the Gateway when --store is given", async () => {
    const kit = world({ gateways: [DEFAULT_URL] })
    expect(Either.isRight(await cleanup(kit, { store: `${SESSIONS}/sessions.json` }))).toBe(true)
    expect(kit.gatewayProbes).toEqual([])
  })

  it("an empty --store counts as none, as in the reference (which tests it for truthiness)", async () => {
    const kit = world({ gateways: [DEFAULT_URL] })
    expect(await cleanup(kit, { store: "" })).toEqual(Either.left(refusal(DEFAULT_URL)))
  })

  it("the port may come from OpenClaw's .env files (they are applied before the look)", async () => {
    const url = "ws://127.0.0.1:19999"
    const kit = world({ files: { [`${HOME}/.openclaw/.env`]: "OPENCLAW_GATEWAY_PORT=19999\n" }, gateways: [url] })
    expect(await cleanup(kit)).toEqual(Either.left(refusal(url)))
    expect(kit.gatewayProbes).toEqual([url])
  })

  it("--dry-run never looks", async () => {
    const kit = world({ gateways: [DEFAULT_URL] })
    expect(Either.isRight(await cleanup(kit, { dryRun: true }))).toBe(true)
    expect(kit.gatewayProbes).toEqual([])
  })

  it("--all-agents looks once for all stores", async () => {
    const kit = world({ config: { agents: { list: [{ id: "main" }, { id: "work" }] } }, gateways: [DEFAULT_URL] })
    expect(await cleanup(kit, { allAgents: true })).toEqual(Either.left(refusal(DEFAULT_URL)))
    expect(kit.gatewayProbes).toEqual([DEFAULT_URL])
  })

  it("--apply-plan: a saved plan is refused while a Gateway answers (with or without --store), and applied with --force", async () => {
    const kit = world({ gateways: [DEFAULT_URL] })
    const run = await Effect.runPromise(runCleanup({ ...OPTIONS, dryRun: true, store: `${SESSIONS}/sessions.json` }).pipe(Effect.provide(kit.layer)))
    const plans = run.previews.map((p) => p.plan.apply)
    const before = kit.fs.snapshot(HOME)
    expect(await Effect.runPromise(Effect.either(applyPlans(plans)).pipe(Effect.provide(kit.layer)))).toEqual(Either.left(refusal(DEFAULT_URL)))
    expect(kit.fs.snapshot(HOME)).toEqual(before)
    const forced = await Effect.runPromise(applyPlans(plans, { force: true }).pipe(Effect.provide(kit.layer)))
    expect(forced.applied.map((r) => r.completed)).toEqual([true])
    expect(kit.gatewayProbes).toEqual([DEFAULT_URL])
  })

  it("a listener that accepts but does not answer in time also blocks, with its own words", async () => {
    const kit = world()
    const silent = Layer.succeed(GatewayProbe, { probe: () => Effect.succeed({ _tag: "Silent" as const, waitedMs: 400 }) })
    const result = await Effect.runPromise(Effect.either(requireNoLiveGateway()).pipe(Effect.provide(Layer.merge(kit.layer, silent))))
    expect(result).toEqual(
      Either.left(
        new GatewayRunningError({
          url: DEFAULT_URL,
          message: `A Gateway may be running at ${DEFAULT_URL} (it accepted a connection but did not answer within 400 ms): applying now could be undone by its next write of the session store. Stop the Gateway and run this again, or pass --force to apply anyway.`
        })
      )
    )
  })

  it("something that is not a Gateway on the port does not block", async () => {
    const kit = world()
    const other = Layer.succeed(GatewayProbe, { probe: () => Effect.succeed({ _tag: "NotGateway" as const, detail: "answered 404" }) })
    expect(Either.isRight(await Effect.runPromise(Effect.either(requireNoLiveGateway()).pipe(Effect.provide(Layer.merge(kit.layer, other)))))).toBe(true)
  })

  it("without a probe in context nothing is probed (library programs on their own layers)", async () => {
    const probe = await Effect.runPromise(GatewayProbe)
    expect(await Effect.runPromise(probe.probe(DEFAULT_URL))).toEqual({ _tag: "NoAnswer", detail: "not probed" })
  })
})

describe("restore next to a running Gateway", () => {
  /** A world with a Gateway at the default address, after a (forced) apply that removed `agent:main:old`. */
  const applied = async () => {
    const kit = world({ gateways: [DEFAULT_URL] })
    expect(Either.isRight(await cleanup(kit, { force: true }))).toBe(true)
    expect(kit.gatewayProbes).toEqual([])
    return kit
  }
  const restore = (kit: ReturnType<typeof world>, request: Partial<RestoreRequest> = {}) =>
    Effect.runPromise(Effect.either(runRestore({ dryRun: false, ...request })).pipe(Effect.provide(kit.layer)))
  const rows = (kit: ReturnType<typeof world>) => Object.keys(JSON.parse(kit.fs.snapshot(HOME)[`${SESSIONS}/sessions.json`] as string) as object)

  it("refuses to restore the configured store, in its own words, and writes nothing", async () => {
    const kit = await applied()
    const before = kit.fs.snapshot(HOME)
    const result = await restore(kit)
    expect(result).toEqual(
      Either.left(
        new GatewayRunningError({
          url: DEFAULT_URL,
          message: `A Gateway is running at ${DEFAULT_URL}: restoring now could be undone by its next write of the session store. Stop the Gateway and run this again, or pass --force to restore anyway.`
        })
      )
    )
    expect(kit.fs.snapshot(HOME)).toEqual(before)
    expect(kit.gatewayProbes).toEqual([DEFAULT_URL])
  })

  it("refuses with --id too (a journal id does not say the store was chosen with --store)", async () => {
    const kit = await applied()
    const [journal] = await Effect.runPromise(journalsFor({}).pipe(Effect.provide(kit.layer)))
    expect(Either.isLeft(await restore(kit, { id: journal!.id }))).toBe(true)
    expect(rows(kit)).toEqual(["agent:main:new"])
  })

  it("--force restores without looking", async () => {
    const kit = await applied()
    const result = await restore(kit, { force: true })
    expect(Either.isRight(result)).toBe(true)
    expect(rows(kit)).toEqual(["agent:main:old", "agent:main:new"])
    expect(kit.fs.snapshot(HOME)[`${SESSIONS}/old-1.jsonl`]).toBe("{}\n")
    expect(kit.gatewayProbes).toEqual([])
  })

  it("--store: no look, as for cleanup", async () => {
    const kit = await applied()
    expect(Either.isRight(await restore(kit, { store: `${SESSIONS}/sessions.json` }))).toBe(true)
    expect(rows(kit)).toEqual(["agent:main:old", "agent:main:new"])
    expect(kit.gatewayProbes).toEqual([])
  })

  it("--dry-run and --list never look", async () => {
    const kit = await applied()
    const dry = await restore(kit, { dryRun: true })
    expect(Either.isRight(dry) && dry.right.results.map((r) => r.rowsRestored)).toEqual([["agent:main:old"]])
    expect((await Effect.runPromise(journalsFor({}).pipe(Effect.provide(kit.layer)))).length).toBe(1)
    expect(kit.gatewayProbes).toEqual([])
    expect(rows(kit)).toEqual(["agent:main:new"])
  })
})

describe("where the reference's CLI calls a Gateway", () => {
  const urls = (config: Record<string, unknown>, env: Record<string, string> = {}) => gatewayAddresses(decodeSettings(config).gateway, env).map((a) => a.url)

  it("default: loopback, port 18789", () => {
    expect(gatewayAddresses(decodeSettings({}).gateway, {})).toEqual([{ url: DEFAULT_URL, source: "local loopback" }])
  })

  it("gateway.port, gateway.tls.enabled; gateway.bind other than custom does not move it", () => {
    expect(urls({ gateway: { port: 19001 } })).toEqual(["ws://127.0.0.1:19001"])
    expect(urls({ gateway: { port: 19001, tls: { enabled: true } } })).toEqual(["wss://127.0.0.1:19001"])
    for (const bind of ["loopback", "lan", "tailnet", "auto"]) expect(urls({ gateway: { bind, port: 19001 } })).toEqual(["ws://127.0.0.1:19001"])
  })

  it("a port that is not a number above 0 reads as unset; tls must be exactly true", () => {
    for (const port of [0, -5, "19001", null, Number.POSITIVE_INFINITY]) expect(urls({ gateway: { port } })).toEqual([DEFAULT_URL])
    expect(urls({ gateway: { tls: { enabled: "true" } } })).toEqual([DEFAULT_URL])
  })

  it("OPENCLAW_GATEWAY_PORT wins over gateway.port; an unparseable one falls back to it", () => {
    expect(urls({ gateway: { port: 19001 } }, { OPENCLAW_GATEWAY_PORT: "19002" })).toEqual(["ws://127.0.0.1:19002"])
    expect(urls({ gateway: { port: 19001 } }, { OPENCLAW_GATEWAY_PORT: "x:y:1" })).toEqual(["ws://127.0.0.1:19001"])
  })

  it("OPENCLAW_GATEWAY_PORT forms, as the reference parses them", () => {
    const cases: ReadonlyArray<readonly [string | undefined, number | undefined]> = [
      [undefined, undefined],
      ["", undefined],
      ["  ", undefined],
      [" 19002 ", 19002],
      ["0", undefined],
      ["host:19003", 19003],
      ["[::1]:19004", 19004],
      ["::1:19005", undefined],
      [":19006", undefined],
      ["host:", undefined],
      ["host:1x", undefined],
      ["-1", undefined],
      ["19007.5", undefined]
    ]
    for (const [raw, port] of cases) expect([raw, parseGatewayPortEnv(raw)]).toEqual([raw, port])
  })

  it("OPENCLAW_GATEWAY_URL (trimmed) wins over everything", () => {
    expect(gatewayAddresses(decodeSettings({ gateway: { port: 1, mode: "remote", remote: { url: "wss://r" } } }).gateway, { OPENCLAW_GATEWAY_URL: " ws://h:2 " })).toEqual([
      { url: "ws://h:2", source: "env OPENCLAW_GATEWAY_URL" }
    ])
    expect(urls({}, { OPENCLAW_GATEWAY_URL: "  " })).toEqual([DEFAULT_URL])
  })

  it("remote mode: gateway.remote.url; without one, the local address", () => {
    expect(urls({ gateway: { mode: "remote", remote: { url: " wss://gw.example:443 " } } })).toEqual(["wss://gw.example:443"])
    expect(urls({ gateway: { mode: "remote" } })).toEqual([DEFAULT_URL])
    expect(urls({ gateway: { mode: "local", remote: { url: "wss://gw.example" } } })).toEqual([DEFAULT_URL])
  })

  it("bind custom: also gateway.customBindHost when it is an IPv4 address", () => {
    expect(urls({ gateway: { bind: "custom", customBindHost: "192.168.1.5", port: 19001 } })).toEqual(["ws://127.0.0.1:19001", "ws://192.168.1.5:19001"])
    for (const customBindHost of ["127.0.0.1", "gw.local", "::1", "192.168.1.05", ""]) {
      expect(urls({ gateway: { bind: "custom", customBindHost } })).toEqual([DEFAULT_URL])
    }
    expect(urls({ gateway: { bind: "lan", customBindHost: "192.168.1.5" } })).toEqual([DEFAULT_URL])
  })

  it("the apply looks at the address the environment names", async () => {
    const kit = world({ env: { OPENCLAW_GATEWAY_PORT: "19010" }, gateways: ["ws://127.0.0.1:19010"] })
    expect(await cleanup(kit)).toEqual(Either.left(refusal("ws://127.0.0.1:19010")))
    expect(kit.gatewayProbes).toEqual(["ws://127.0.0.1:19010"])
  })

  it("the apply looks at every address at once, and names the one that answered", async () => {
    const config = { gateway: { bind: "custom", customBindHost: "10.0.0.7" } }
    const kit = world({ config, gateways: ["ws://10.0.0.7:18789"] })
    expect(await cleanup(kit)).toEqual(Either.left(refusal("ws://10.0.0.7:18789")))
    expect(kit.gatewayProbes).toEqual([DEFAULT_URL, "ws://10.0.0.7:18789"])
  })
})
