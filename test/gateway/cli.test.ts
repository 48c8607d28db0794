/**
 * `clawkeep sessions cleanup` on the real disk with the live probe, against a loopback server
 * that replays the reference Gateway's recorded answer (`fixtures/exchange.json`); and the
 * layers that provide the live probe.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { ClawkeepLive } from "../../src/index.js"
import { Stdio } from "../../src/cli/io.js"
import { MainLayer, runCli } from "../../src/cli/main.js"
import { Environment } from "../../src/store/environment.js"
import { GatewayProbe } from "../../src/store/gateway.js"
import { NodeSessionFs } from "../../src/store/nodeFs.js"
import { fixedClock } from "../../src/testing.js"
import { tempDir } from "../support/tempDir.js"
import { closedPort, loopbackServer, readRecordedExchange, type LoopbackServer } from "./support.js"

const NOW = 1779278400000
const DAY = 86_400_000
const GATEWAY_ANSWER = Buffer.from(readRecordedExchange().response, "latin1")

let server: LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const state = (config: unknown) => {
  const home = tempDir("ckgw-cli-")
  const sessions = path.join(home, ".openclaw/agents/main/sessions")
  fs.mkdirSync(sessions, { recursive: true })
  fs.writeFileSync(path.join(home, ".openclaw/openclaw.json"), JSON.stringify(config))
  const storePath = path.join(sessions, "sessions.json")
  fs.writeFileSync(
    storePath,
    JSON.stringify({ "agent:main:old": { sessionId: "old-1", updatedAt: NOW - 40 * DAY }, "agent:main:new": { sessionId: "new-1", updatedAt: NOW } }, null, 2)
  )
  fs.writeFileSync(path.join(sessions, "old-1.jsonl"), "{}\n")
  fs.writeFileSync(path.join(sessions, "new-1.jsonl"), "{}\n")
  const keys = () => Object.keys(JSON.parse(fs.readFileSync(storePath, "utf8")) as object)
  return { home, storePath, keys }
}

const clawkeep = async (home: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const stdio = Stdio.memory()
  const layer = Layer.mergeAll(
    NodeContext.layer,
    NodeSessionFs.layer,
    stdio.layer,
    Environment.make({ env: { HOME: home, ...env }, cwd: home, osHomedir: home }),
    GatewayProbe.live
  )
  const code = await Effect.runPromise(runCli(["sessions", "cleanup", ...args]).pipe(Effect.provide(layer), Effect.withClock(fixedClock(NOW))))
  return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
}

const refused = (port: number) => ({
  code: 1,
  stdout: "",
  stderr: `A Gateway is running at ws://127.0.0.1:${port}: applying now could be undone by its next write of the session store. Stop the Gateway and run this again, or pass --force to apply anyway.\n`
})

describe("sessions cleanup next to a Gateway (recorded answer replayed on loopback)", () => {
  it("an apply to the configured store is refused with one line and exit 1; the store is untouched", async () => {
    server = await loopbackServer({ answer: GATEWAY_ANSWER })
    const s = state({ gateway: { port: server.port } })
    const before = fs.readFileSync(s.storePath, "utf8")
    expect(await clawkeep(s.home, ["--enforce"])).toEqual(refused(server.port))
    expect(fs.readFileSync(s.storePath, "utf8")).toBe(before)
    expect(server.connections()).toBe(1)
  })

  it("found through OPENCLAW_GATEWAY_PORT too", async () => {
    server = await loopbackServer({ answer: GATEWAY_ANSWER })
    const s = state({})
    expect(await clawkeep(s.home, ["--enforce", "--json"], { OPENCLAW_GATEWAY_PORT: String(server.port) })).toEqual(refused(server.port))
  })

  it("--force applies without connecting", async () => {
    server = await loopbackServer({ answer: GATEWAY_ANSWER })
    const s = state({ gateway: { port: server.port } })
    const r = await clawkeep(s.home, ["--enforce", "--force"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`Session store: ${s.storePath}\nApplied maintenance. Current entries: 1\n`)
    expect(s.keys()).toEqual(["agent:main:new"])
    expect(server.connections()).toBe(0)
  })

  it("--store and --dry-run never connect", async () => {
    server = await loopbackServer({ answer: GATEWAY_ANSWER })
    const s = state({ gateway: { port: server.port } })
    expect((await clawkeep(s.home, ["--dry-run"])).code).toBe(0)
    expect((await clawkeep(s.home, ["--enforce", "--store", s.storePath])).code).toBe(0)
    expect(s.keys()).toEqual(["agent:main:new"])
    expect(server.connections()).toBe(0)
  })

  it("--apply-plan is refused while the Gateway answers, and applied with --force", async () => {
    server = await loopbackServer({ answer: GATEWAY_ANSWER })
    const s = state({ gateway: { port: server.port } })
    const plan = path.join(s.home, "plan.json")
    expect((await clawkeep(s.home, ["--dry-run", "--plan-out", plan])).code).toBe(0)
    expect(await clawkeep(s.home, ["--apply-plan", plan])).toEqual(refused(server.port))
    expect(s.keys()).toEqual(["agent:main:old", "agent:main:new"])
    expect((await clawkeep(s.home, ["--apply-plan", plan, "--force"])).code).toBe(0)
    expect(s.keys()).toEqual(["agent:main:new"])
  })

  it("nothing listening on the Gateway's port: the apply runs", async () => {
    const s = state({ gateway: { port: await closedPort() } })
    expect((await clawkeep(s.home, ["--enforce"])).code).toBe(0)
    expect(s.keys()).toEqual(["agent:main:new"])
  })

  it("something else on the Gateway's port: the apply runs", async () => {
    server = await loopbackServer({ answer: Buffer.from("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n") })
    const s = state({ gateway: { port: server.port } })
    expect((await clawkeep(s.home, ["--enforce"])).code).toBe(0)
    expect(server.connections()).toBe(1)
  })
})

describe("the live layers look on the network", () => {
  const serviceOf = <E>(layer: Layer.Layer<GatewayProbe, E>) => Effect.runPromise(Effect.provide(GatewayProbe, layer))

  it("the CLI's layer and ClawkeepLive provide GatewayProbe.live; without them, nothing is probed", async () => {
    const live = await serviceOf(GatewayProbe.live)
    expect(await serviceOf(MainLayer)).toBe(live)
    // ClawkeepLive reads the config the process environment names: point it at an empty one
    const home = tempDir("ckgw-live-")
    const saved = process.env["OPENCLAW_CONFIG_PATH"]
    process.env["OPENCLAW_CONFIG_PATH"] = path.join(home, "openclaw.json")
    try {
      expect(await serviceOf(ClawkeepLive)).toBe(live)
    } finally {
      if (saved === undefined) delete process.env["OPENCLAW_CONFIG_PATH"]
      else process.env["OPENCLAW_CONFIG_PATH"] = saved
    }
    expect(await Effect.runPromise(GatewayProbe)).not.toBe(live)
  })
})
