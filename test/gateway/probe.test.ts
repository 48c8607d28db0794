/**
 * `probeGateway` against loopback servers: the reference Gateway's recorded answer
 * (`fixtures/exchange.json`, recorded by `npm run record:gateway`) replayed byte for byte, and
 * the other things that may listen on a Gateway's port. No test needs the reference.
 */
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { probeGateway, type GatewayExchange } from "../../src/store/gateway.js"
import {
  closedPort,
  decodeClientFrame,
  eventually,
  loopbackServer,
  normalizeRequest,
  readRecordedExchange,
  testTls,
  type LoopbackServer,
  type ServerOptions
} from "./support.js"

const recorded = readRecordedExchange()
const GATEWAY_ANSWER = Buffer.from(recorded.response, "latin1")

let server: LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const serve = async (options: ServerOptions) => (server = await loopbackServer(options))
const probe = (url: string, timeoutMs = 2000, onExchange?: (e: GatewayExchange) => void) =>
  Effect.runPromise(probeGateway(url, { timeoutMs, ...(onExchange === undefined ? {} : { onExchange }) }))

/** A server frame (unmasked, FIN) with a 7-, 16- or 64-bit length, written independently of the probe. */
const serverFrame = (opcode: number, payload: Buffer, lengthBits: 7 | 16 | 64 = payload.length < 126 ? 7 : 16): Buffer => {
  const head =
    lengthBits === 7
      ? Buffer.from([0x80 | opcode, payload.length])
      : lengthBits === 16
        ? Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), Buffer.alloc(8)])
  if (lengthBits === 64) head.writeBigUInt64BE(BigInt(payload.length), 2)
  return Buffer.concat([head, payload])
}

const upgraded = (frame: Buffer) => Buffer.concat([Buffer.from("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", "latin1"), frame])
const json = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8")

describe("the reference Gateway's recorded answer, replayed", () => {
  it("is recognised; the probe sent the recorded request and then closed with 1000, as it did with the Gateway", async () => {
    const s = await serve({ answer: GATEWAY_ANSWER })
    let exchange: GatewayExchange | undefined
    expect(await probe(`ws://127.0.0.1:${s.port}`, 2000, (e) => (exchange = e))).toEqual({ _tag: "Gateway" })
    expect(s.requests.map(normalizeRequest)).toEqual([recorded.request])
    expect(s.requests[0]).toContain(`Host: 127.0.0.1:${s.port}\r\n`)
    await eventually(() => s.after.length === 1)
    expect(decodeClientFrame(s.after[0]!)).toEqual(recorded.then)
    expect(exchange!.received.toString("latin1")).toBe(recorded.response)
    expect(exchange!.sent.subarray(0, s.requests[0]!.length).toString("latin1")).toBe(s.requests[0])
  })

  it("is recognised when it arrives one byte at a time", async () => {
    const s = await serve({ answer: GATEWAY_ANSWER, chunkBytes: 1 })
    expect(await probe(`ws://127.0.0.1:${s.port}`)).toEqual({ _tag: "Gateway" })
  })

  it("sends a fresh key per connection", async () => {
    const s = await serve({ answer: GATEWAY_ANSWER })
    await probe(`ws://127.0.0.1:${s.port}`)
    await probe(`ws://127.0.0.1:${s.port}`)
    const keys = s.requests.map((r) => /^Sec-WebSocket-Key: (.*)$/m.exec(r)?.[1])
    expect(keys[0]).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(keys[0]).not.toBe(keys[1])
  })

  it("http:// maps to ws:// and the path and query are asked for, as the reference's client does", async () => {
    const s = await serve({ answer: GATEWAY_ANSWER })
    expect(await probe(`http://127.0.0.1:${s.port}/gw?x=1`)).toEqual({ _tag: "Gateway" })
    expect(s.requests[0]!.split("\r\n")[0]).toBe("GET /gw?x=1 HTTP/1.1")
  })

  it("wss:// speaks TLS (the certificate is not checked) and recognises the same answer", async () => {
    const s = await serve({ answer: GATEWAY_ANSWER, tls: testTls() })
    expect(await probe(`wss://127.0.0.1:${s.port}`)).toEqual({ _tag: "Gateway" })
    expect(s.requests.map(normalizeRequest)).toEqual([recorded.request])
  })

  it("a greeting with a 16-bit or 64-bit length is read whole", async () => {
    const greeting = json({ type: "event", event: "connect.challenge", payload: { nonce: "n".repeat(300), ts: 1 } })
    for (const bits of [16, 64] as const) {
      const s = await serve({ answer: upgraded(serverFrame(1, greeting, bits)), chunkBytes: 7 })
      expect(await probe(`ws://127.0.0.1:${s.port}`)).toEqual({ _tag: "Gateway" })
      await s.close()
    }
    server = undefined
  })
})

describe("what else may be at the address", () => {
  it("nothing listening: no answer", async () => {
    expect(await probe(`ws://127.0.0.1:${await closedPort()}`)).toEqual({ _tag: "NoAnswer", detail: "ECONNREFUSED" })
  })

  it("a server that hangs up at once is not a Gateway", async () => {
    const s = await serve({ hangUp: true })
    expect((await probe(`ws://127.0.0.1:${s.port}`))._tag).toBe("NotGateway")
  })

  it("an HTTP server that does not upgrade is not a Gateway", async () => {
    const s = await serve({ answer: Buffer.from("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") })
    expect(await probe(`ws://127.0.0.1:${s.port}`)).toEqual({ _tag: "NotGateway", detail: 'answered "HTTP/1.1 404 Not Found"' })
  })

  it("a WebSocket server whose first message is not connect.challenge is not a Gateway", async () => {
    const cases: ReadonlyArray<readonly [Buffer, string]> = [
      [serverFrame(1, json({ type: "event", event: "tick" })), "first message is not connect.challenge"],
      [serverFrame(1, json(["event", "connect.challenge"])), "first message is not connect.challenge"],
      [serverFrame(1, Buffer.from("hello")), "first message is not JSON"],
      [serverFrame(2, json({ type: "event", event: "connect.challenge" })), "first frame has opcode 2"],
      [Buffer.from([0x01, 2, 0x7b, 0x7d]), "first frame has opcode 1 (fragmented)"]
    ]
    for (const [frame, detail] of cases) {
      const s = await serve({ answer: upgraded(frame) })
      expect(await probe(`ws://127.0.0.1:${s.port}`)).toEqual({ _tag: "NotGateway", detail })
      await s.close()
    }
    server = undefined
  })

  it("a server that accepts and says nothing is reported as silent after the timeout", async () => {
    const s = await serve({})
    expect(await probe(`ws://127.0.0.1:${s.port}`, 150)).toEqual({ _tag: "Silent", waitedMs: 150 })
    expect(s.connections()).toBe(1)
  })

  it("a greeting cut short is silent, not a Gateway", async () => {
    const s = await serve({ answer: GATEWAY_ANSWER.subarray(0, GATEWAY_ANSWER.length - 5) })
    expect(await probe(`ws://127.0.0.1:${s.port}`, 150)).toEqual({ _tag: "Silent", waitedMs: 150 })
  })

  it("addresses that are not WebSocket URLs are not contacted", async () => {
    expect(await probe("not a url")).toEqual({ _tag: "NoAnswer", detail: "not a URL" })
    expect(await probe("ftp://127.0.0.1:21")).toEqual({ _tag: "NoAnswer", detail: "unsupported scheme ftp:" })
  })
})
