/**
 * Is an OpenClaw Gateway running? The Gateway keeps the session store in memory, writes it from
 * an in-process queue without a file lock, and reloads it only when the file's mtime or size
 * changes, so a cleanup applied to the files while it runs can be undone by its next write. The
 * reference's CLI, for an apply without `--store`, first asks the Gateway to run the cleanup
 * (`sessions.cleanup` over its WebSocket protocol, with a signed device identity) and uses the
 * files only when no Gateway answers. clawkeep never talks to a Gateway (D2); it looks for one
 * where the reference's CLI would call it, and refuses to apply while one answers
 * (`requireNoLiveGateway`).
 *
 * Where the reference's CLI calls (`src/gateway/call.ts`, `connection-details.ts` of
 * openclaw 2026.5.12):
 * - `OPENCLAW_GATEWAY_URL` (trimmed), when set; else
 * - `gateway.remote.url` when `gateway.mode` is `remote`; else
 * - `ws://127.0.0.1:<port>` (`wss://` when `gateway.tls.enabled`), the port from
 *   `OPENCLAW_GATEWAY_PORT` (`<port>`, `<host>:<port>` or `[<v6>]:<port>`), else `gateway.port`
 *   (a number above 0), else 18789. `gateway.bind` does not change that address: every bind mode
 *   but two also listens on 127.0.0.1.
 * - clawkeep also looks at `gateway.customBindHost:<port>` when `gateway.bind` is `custom` and the
 *   host is an IPv4 address, where such a Gateway listens instead of 127.0.0.1.
 *
 * How clawkeep looks (`probeGateway`): it opens the WebSocket (an HTTP upgrade, no credentials,
 * no device identity) and reads the first message. A Gateway greets every connection at once with
 * a `connect.challenge` event; clawkeep then closes (1000) without answering it.
 */
import { Context, Effect, Layer } from "effect"
import { randomBytes } from "node:crypto"
import * as net from "node:net"
import * as tls from "node:tls"
import type { GatewaySettings } from "../domain/config.js"
import { GatewayRunningError } from "../domain/errors.js"
import { OpenClawConfig } from "./config.js"
import { Environment, type EnvironmentShape } from "./environment.js"

export const DEFAULT_GATEWAY_PORT = 18789

/** How long the live probe waits for a Gateway's greeting (connection included). */
export const GATEWAY_PROBE_TIMEOUT_MS = 400

const digits = /^\d+$/

const positivePort = (text: string | undefined): number | undefined => {
  if (text === undefined || !digits.test(text)) return undefined
  const port = Number.parseInt(text, 10)
  return Number.isFinite(port) && port > 0 ? port : undefined
}

/** `OPENCLAW_GATEWAY_PORT` as the reference parses it: `<port>`, `<host>:<port>` or `[<v6>]:<port>`. */
export const parseGatewayPortEnv = (raw: string | undefined): number | undefined => {
  const trimmed = raw?.trim()
  if (!trimmed) return undefined
  if (digits.test(trimmed)) return positivePort(trimmed)
  const bracketed = /^\[[^\]]+\]:(\d+)$/.exec(trimmed)
  if (bracketed) return positivePort(bracketed[1])
  const colon = trimmed.indexOf(":")
  if (colon <= 0 || colon !== trimmed.lastIndexOf(":")) return undefined
  return positivePort(trimmed.slice(colon + 1))
}

const canonicalIpv4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

export interface GatewayAddress {
  readonly url: string
  /** Where the address comes from, in the reference's words (`local loopback`, …). */
  readonly source: string
}

/** The addresses where a Gateway that writes the configured stores would answer, in order. */
export const gatewayAddresses = (settings: GatewaySettings, env: EnvironmentShape["env"]): ReadonlyArray<GatewayAddress> => {
  const override = env["OPENCLAW_GATEWAY_URL"]?.trim()
  if (override) return [{ url: override, source: "env OPENCLAW_GATEWAY_URL" }]
  if (settings.remote && settings.remoteUrl !== undefined) return [{ url: settings.remoteUrl, source: "config gateway.remote.url" }]
  const port = parseGatewayPortEnv(env["OPENCLAW_GATEWAY_PORT"]) ?? settings.port ?? DEFAULT_GATEWAY_PORT
  const scheme = settings.tls ? "wss" : "ws"
  const addresses: Array<GatewayAddress> = [{ url: `${scheme}://127.0.0.1:${port}`, source: "local loopback" }]
  const custom = settings.customBindHost
  if (settings.bind === "custom" && custom !== undefined && canonicalIpv4.test(custom) && custom !== "127.0.0.1") {
    addresses.push({ url: `${scheme}://${custom}:${port}`, source: "config gateway.customBindHost" })
  }
  return addresses
}

/** What answered at an address. */
export type GatewayAnswer =
  /** Nothing accepted the connection (refused, unreachable, not resolvable, not a ws URL). */
  | { readonly _tag: "NoAnswer"; readonly detail: string }
  /** Something answered, and it is not a Gateway (no upgrade, or another first message). */
  | { readonly _tag: "NotGateway"; readonly detail: string }
  /** A Gateway: it greeted the connection with `connect.challenge`. */
  | { readonly _tag: "Gateway" }
  /** The connection was accepted and nothing came back in time: possibly a Gateway still starting or busy. */
  | { readonly _tag: "Silent"; readonly waitedMs: number }

export interface GatewayProbeShape {
  /** Looks at one address; never fails. */
  readonly probe: (url: string) => Effect.Effect<GatewayAnswer>
}

/** What one probe sent and received, byte for byte (for recording an exchange). */
export interface GatewayExchange {
  readonly sent: Buffer
  readonly received: Buffer
}

export interface ProbeOptions {
  readonly timeoutMs?: number
  /** Called once with the exchange when the probe is done. */
  readonly onExchange?: (exchange: GatewayExchange) => void
}

/** The upgrade request the probe sends (the reference's client sends the same, plus its compression offer). */
export const upgradeRequest = (hostHeader: string, path: string, key: string): string =>
  [`GET ${path} HTTP/1.1`, `Host: ${hostHeader}`, "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13", `Sec-WebSocket-Key: ${key}`, "", ""].join("\r\n")

/** A masked close frame with status 1000 (clients must mask what they send). */
const closeFrame = (): Buffer => {
  const mask = randomBytes(4)
  const payload = Buffer.from([0x03, 0xe8])
  return Buffer.concat([Buffer.from([0x88, 0x80 | payload.length]), mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!))])
}

const MAX_HEADER_BYTES = 16 * 1024
const MAX_GREETING_BYTES = 64 * 1024

type Verdict = GatewayAnswer | "more"

/** The first text frame after the headers, once complete: its payload, or why it is not one. */
const firstFrame = (bytes: Buffer): Buffer | "more" | string => {
  if (bytes.length < 2) return "more"
  const opcode = bytes[0]! & 0x0f
  if ((bytes[0]! & 0x80) === 0 || opcode !== 1) return `first frame has opcode ${opcode}${(bytes[0]! & 0x80) === 0 ? " (fragmented)" : ""}`
  const masked = (bytes[1]! & 0x80) !== 0
  let length = bytes[1]! & 0x7f
  let offset = 2
  if (length === 126) {
    if (bytes.length < 4) return "more"
    length = bytes.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (bytes.length < 10) return "more"
    const big = bytes.readBigUInt64BE(2)
    length = big > BigInt(MAX_GREETING_BYTES) ? MAX_GREETING_BYTES + 1 : Number(big)
    offset = 10
  }
  if (length > MAX_GREETING_BYTES) return "first frame too large"
  const start = offset + (masked ? 4 : 0)
  if (bytes.length < start + length) return "more"
  const payload = Buffer.from(bytes.subarray(start, start + length))
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ bytes[offset + (i % 4)]!
  return payload
}

/** Reads what has arrived so far: a verdict, or "more". */
const judge = (received: Buffer): Verdict => {
  const end = received.indexOf("\r\n\r\n")
  if (end < 0) return received.length > MAX_HEADER_BYTES ? { _tag: "NotGateway", detail: "headers too long" } : "more"
  const statusLine = received.subarray(0, received.indexOf("\r\n")).toString("latin1")
  if (!/^HTTP\/1\.[01] 101(?: |$)/.test(statusLine)) return { _tag: "NotGateway", detail: `answered ${JSON.stringify(statusLine)}` }
  const frame = firstFrame(received.subarray(end + 4))
  if (frame === "more") return "more"
  if (typeof frame === "string") return { _tag: "NotGateway", detail: frame }
  let message: unknown
  try {
    message = JSON.parse(frame.toString("utf8"))
  } catch {
    return { _tag: "NotGateway", detail: "first message is not JSON" }
  }
  const m = message as { type?: unknown; event?: unknown }
  return typeof message === "object" && message !== null && m.type === "event" && m.event === "connect.challenge"
    ? { _tag: "Gateway" }
    : { _tag: "NotGateway", detail: "first message is not connect.challenge" }
}

/**
 * Looks for a Gateway at `url` (`ws:`/`wss:`, or `http:`/`https:` as the reference maps them):
 * connects, asks for the WebSocket upgrade and reads the greeting, all within `timeoutMs`. A TLS
 * address is reached without checking its certificate: nothing secret is sent, and the probe only
 * reports what answered.
 */
export const probeGateway = (url: string, options: ProbeOptions = {}): Effect.Effect<GatewayAnswer> =>
  Effect.async<GatewayAnswer>((resume) => {
    const timeoutMs = options.timeoutMs ?? GATEWAY_PROBE_TIMEOUT_MS
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      resume(Effect.succeed({ _tag: "NoAnswer", detail: "not a URL" }))
      return
    }
    const secure = parsed.protocol === "wss:" || parsed.protocol === "https:"
    if (!secure && parsed.protocol !== "ws:" && parsed.protocol !== "http:") {
      resume(Effect.succeed({ _tag: "NoAnswer", detail: `unsupported scheme ${parsed.protocol}` }))
      return
    }
    const host = parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname
    const port = parsed.port === "" ? (secure ? 443 : 80) : Number(parsed.port)
    const hostHeader = parsed.port === "" ? parsed.hostname : `${parsed.hostname}:${parsed.port}`
    const request = Buffer.from(upgradeRequest(hostHeader, `${parsed.pathname}${parsed.search}`, randomBytes(16).toString("base64")), "latin1")
    const sent: Array<Buffer> = []
    const received: Array<Buffer> = []
    let connected = false
    let done = false
    const socket: net.Socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) === 0 ? host : undefined, rejectUnauthorized: false })
      : net.connect({ host, port })
    const finish = (answer: GatewayAnswer) => {
      if (done) return
      done = true
      clearTimeout(timer)
      if (answer._tag === "Gateway") {
        const bye = closeFrame()
        sent.push(bye)
        socket.end(bye)
        // the Gateway closes in turn; do not wait for it
        setTimeout(() => socket.destroy(), 100).unref()
      } else {
        socket.destroy()
      }
      options.onExchange?.({ sent: Buffer.concat(sent), received: Buffer.concat(received) })
      resume(Effect.succeed(answer))
    }
    const timer = setTimeout(
      () => finish(connected ? { _tag: "Silent", waitedMs: timeoutMs } : { _tag: "NoAnswer", detail: `no connection within ${timeoutMs} ms` }),
      timeoutMs
    )
    socket.once("connect", () => {
      connected = true
    })
    socket.once(secure ? "secureConnect" : "connect", () => {
      sent.push(request)
      socket.write(request)
    })
    socket.on("data", (chunk: Buffer) => {
      received.push(chunk)
      const verdict = judge(Buffer.concat(received))
      if (verdict !== "more") finish(verdict)
    })
    socket.on("error", (error: NodeJS.ErrnoException) =>
      finish(connected ? { _tag: "NotGateway", detail: error.code ?? error.message } : { _tag: "NoAnswer", detail: error.code ?? error.message })
    )
    socket.on("close", () => finish(connected ? { _tag: "NotGateway", detail: "closed without a greeting" } : { _tag: "NoAnswer", detail: "closed" }))
    return Effect.sync(() => {
      done = true
      clearTimeout(timer)
      socket.destroy()
    })
  })

const noGateway: GatewayProbeShape = { probe: () => Effect.succeed({ _tag: "NoAnswer", detail: "not probed" }) }

/**
 * The Gateway probe. Its default, when no layer provides one, answers "no Gateway" without
 * looking (tests and library programs on their own layers stay off the network); `ClawkeepLive`
 * and the CLI provide `GatewayProbe.live`.
 */
export class GatewayProbe extends Context.Reference<GatewayProbe>()("clawkeep/GatewayProbe", {
  defaultValue: (): GatewayProbeShape => noGateway
}) {
  /** Looks on the network (`probeGateway`, bounded by `GATEWAY_PROBE_TIMEOUT_MS`). */
  static readonly live: Layer.Layer<GatewayProbe> = Layer.succeed(GatewayProbe, { probe: (url) => probeGateway(url) })

  /** Answers "Gateway" at the given URLs and "no answer" elsewhere; `probed` lists every URL asked, in order. */
  static readonly fixed = (gatewayUrls: ReadonlyArray<string>): { readonly layer: Layer.Layer<GatewayProbe>; readonly probed: ReadonlyArray<string> } => {
    const probed: Array<string> = []
    const layer = Layer.succeed(GatewayProbe, {
      probe: (url: string) =>
        Effect.sync((): GatewayAnswer => {
          probed.push(url)
          return gatewayUrls.includes(url) ? { _tag: "Gateway" } : { _tag: "NoAnswer", detail: "fixed" }
        })
    })
    return { layer, probed }
  }
}

/** What the refused command was about to do: `apply` (cleanup) or `restore`. */
export type GuardedWrite = "apply" | "restore"

const refusal = (url: string, answer: GatewayAnswer & { readonly _tag: "Gateway" | "Silent" }, write: GuardedWrite = "apply"): GatewayRunningError => {
  const found =
    answer._tag === "Gateway"
      ? `A Gateway is running at ${url}`
      : `A Gateway may be running at ${url} (it accepted a connection but did not answer within ${answer.waitedMs} ms)`
  return new GatewayRunningError({
    url,
    message: `${found}: ${write === "apply" ? "applying" : "restoring"} now could be undone by its next write of the session store. Stop the Gateway and run this again, or pass --force to ${write} anyway.`
  })
}

/**
 * Fails with `GatewayRunningError` when a Gateway answers where the reference's CLI would call
 * it (see the module comment); `force` skips the look. For every command that writes a
 * configured store.
 */
export const requireNoLiveGateway = (
  options: { readonly force?: boolean | undefined; readonly write?: GuardedWrite } = {}
): Effect.Effect<void, GatewayRunningError, OpenClawConfig | Environment> =>
  options.force === true
    ? Effect.void
    : Effect.gen(function* () {
        const { settings } = yield* OpenClawConfig
        const env = yield* Environment
        const probe = yield* GatewayProbe
        const addresses = gatewayAddresses(settings.gateway, env.env)
        const answers = yield* Effect.forEach(addresses, (a) => probe.probe(a.url), { concurrency: "unbounded" })
        for (let i = 0; i < addresses.length; i++) {
          const answer = answers[i]!
          if (answer._tag === "Gateway" || answer._tag === "Silent") return yield* Effect.fail(refusal(addresses[i]!.url, answer, options.write))
        }
      })
