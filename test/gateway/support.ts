/**
 * Loopback servers for the Gateway probe's tests, and the recorded exchange with the reference's
 * Gateway (`fixtures/exchange.json`, written by `npm run record:gateway`).
 */
import * as fs from "node:fs"
import * as net from "node:net"
import * as path from "node:path"
import * as tls from "node:tls"
import type { GatewayExchange } from "../../src/store/gateway.js"

export const FIXTURES = path.join(import.meta.dirname, "fixtures")
export const EXCHANGE_FILE = path.join(FIXTURES, "exchange.json")

/** One probe's exchange with the reference's Gateway, in a form that survives a new key and port. */
export interface RecordedExchange {
  readonly recordedFrom: string
  /** The upgrade request, `Host` and `Sec-WebSocket-Key` values replaced by `<host>` and `<key>`. */
  readonly request: string
  /** Every byte the Gateway sent back (latin1), up to the probe's verdict. */
  readonly response: string
  /** What the probe sent after the greeting: opcode and status code of its (unmasked) frame. */
  readonly then: { readonly opcode: number; readonly code: number }
}

const HEADER_END = "\r\n\r\n"

/** The request with its per-connection values (host, key) replaced by placeholders. */
export const normalizeRequest = (request: string): string =>
  request.replace(/^Host: .*$/m, "Host: <host>").replace(/^Sec-WebSocket-Key: .*$/m, "Sec-WebSocket-Key: <key>")

/** The first client frame after the request, unmasked: opcode and (for a close frame) its status code. */
export const decodeClientFrame = (bytes: Buffer): { readonly opcode: number; readonly code: number } | undefined => {
  if (bytes.length < 2) return undefined
  const opcode = bytes[0]! & 0x0f
  const masked = (bytes[1]! & 0x80) !== 0
  const length = bytes[1]! & 0x7f
  const start = 2 + (masked ? 4 : 0)
  const payload = Buffer.from(bytes.subarray(start, start + length))
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ bytes[2 + (i % 4)]!
  return { opcode, code: payload.length >= 2 ? payload.readUInt16BE(0) : 0 }
}

/** An exchange as recorded in the fixture. */
export const recordExchange = (exchange: GatewayExchange, recordedFrom: string): RecordedExchange => {
  const sent = exchange.sent.toString("latin1")
  const end = sent.indexOf(HEADER_END) + HEADER_END.length
  return {
    recordedFrom,
    request: normalizeRequest(sent.slice(0, end)),
    response: exchange.received.toString("latin1"),
    then: decodeClientFrame(exchange.sent.subarray(end)) ?? { opcode: -1, code: -1 }
  }
}

export const readRecordedExchange = (): RecordedExchange => JSON.parse(fs.readFileSync(EXCHANGE_FILE, "utf8")) as RecordedExchange

export interface LoopbackServer {
  readonly port: number
  /** How many connections were accepted. */
  readonly connections: () => number
  /** Each connection's request (up to the end of its headers), as received. */
  readonly requests: ReadonlyArray<string>
  /** What each connection sent after its request, once it closed. */
  readonly after: ReadonlyArray<Buffer>
  readonly close: () => Promise<void>
}

export interface ServerOptions {
  /** The bytes to answer a request with; undefined = answer nothing. */
  readonly answer?: Buffer | undefined
  /** Write the answer in pieces of this many bytes, one per event-loop turn. */
  readonly chunkBytes?: number
  /** Close the connection right after it is accepted. */
  readonly hangUp?: boolean
  /** Serve TLS with this key and certificate. */
  readonly tls?: { readonly key: string; readonly cert: string }
}

/** A self-signed certificate and key for 127.0.0.1, for the TLS tests only (openssl, EC P-256, 100 years). */
export const testTls = (): { readonly key: string; readonly cert: string } => ({
  key: fs.readFileSync(path.join(FIXTURES, "tls-key.pem"), "utf8"),
  cert: fs.readFileSync(path.join(FIXTURES, "tls-cert.pem"), "utf8")
})

/** A TCP server on 127.0.0.1 (random port) that answers each request with fixed bytes. */
export const loopbackServer = (options: ServerOptions = {}): Promise<LoopbackServer> =>
  new Promise((resolve, reject) => {
    const requests: Array<string> = []
    const after: Array<Buffer> = []
    const sockets = new Set<net.Socket>()
    let accepted = 0
    const onConnection = (socket: net.Socket) => {
      accepted++
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
      socket.on("error", () => undefined)
      if (options.hangUp === true) {
        socket.destroy()
        return
      }
      let buffered = Buffer.alloc(0)
      let answered = false
      socket.on("data", (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk])
        if (answered) return
        const end = buffered.indexOf(HEADER_END)
        if (end < 0) return
        answered = true
        requests.push(buffered.subarray(0, end + HEADER_END.length).toString("latin1"))
        buffered = buffered.subarray(end + HEADER_END.length)
        if (options.answer !== undefined) writeInPieces(socket, options.answer, options.chunkBytes ?? options.answer.length)
      })
      socket.on("end", () => {
        if (answered) after.push(buffered)
        socket.end()
      })
    }
    const server = options.tls === undefined ? net.createServer(onConnection) : tls.createServer(options.tls, onConnection)
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo
      resolve({
        port: address.port,
        connections: () => accepted,
        requests,
        after,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          })
      })
    })
  })

const writeInPieces = (socket: net.Socket, bytes: Buffer, size: number): void => {
  if (bytes.length === 0 || socket.destroyed) return
  socket.write(bytes.subarray(0, size))
  setImmediate(() => writeInPieces(socket, bytes.subarray(size), size))
}

/** A loopback port nothing listens on (bound once, then released). */
export const closedPort = async (): Promise<number> => {
  const server = await loopbackServer()
  await server.close()
  return server.port
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export const eventually = async (check: () => boolean, ms = 2000): Promise<void> => {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("condition not met in time")
    await new Promise((r) => setTimeout(r, 10))
  }
}
