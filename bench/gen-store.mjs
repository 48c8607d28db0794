#!/usr/bin/env node
// Writes a synthetic OpenClaw session store for benchmarks:
//   node bench/gen-store.mjs <stateDir> <entries> [transcriptEvery=5] [agent=main] [seed=1]
// Rows look like a busy gateway's (direct, group, thread and cron keys; model, token and
// delivery fields; a skills snapshot whose prompt is PAD_BYTES long, default 200). The file is
// streamed in the exact layout of JSON.stringify(store, null, 2), so stores larger than the
// maximum JS string length can be produced. Every `transcriptEvery`-th row gets a transcript.
import fs from "node:fs"
import path from "node:path"

const [stateDir, entriesArg, everyArg = "5", agent = "main", seedArg = "1"] = process.argv.slice(2)
if (!stateDir || !entriesArg) {
  console.error("usage: gen-store.mjs <stateDir> <entries> [transcriptEvery] [agent] [seed]")
  process.exit(2)
}
const entries = Number(entriesArg)
const every = Number(everyArg)
let state = Number(seedArg) >>> 0 || 1
const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296

const dir = path.join(stateDir, "agents", agent, "sessions")
fs.mkdirSync(dir, { recursive: true })
const storePath = path.join(dir, "sessions.json")
const now = Date.now()
const channels = ["telegram", "discord", "slack", "whatsapp", "signal"]
const models = ["gpt-5", "claude-opus-4-6", "gpt-5-mini", "gemini-2.5-pro"]
const prompt = "x".repeat(Number(process.env.PAD_BYTES ?? 200))

const fd = fs.openSync(storePath, "w")
let pending = ""
const write = (text) => {
  pending += text
  if (pending.length > 1 << 20) {
    fs.writeSync(fd, pending)
    pending = ""
  }
}
for (let i = 0; i < entries; i++) {
  const channel = channels[i % channels.length]
  const shape = random()
  const key =
    i === 0
      ? `agent:${agent}:main`
      : shape < 0.6
        ? `agent:${agent}:${channel}:direct:${100000 + i}`
        : shape < 0.8
          ? `agent:${agent}:${channel}:group:${200000 + i}`
          : shape < 0.9
            ? `agent:${agent}:${channel}:channel:${300000 + i}:thread:${i}`
            : `agent:${agent}:cron:job-${i}`
  const sessionId = `${((i * 2654435761) >>> 0).toString(16).padStart(8, "0")}-${i.toString(36)}-4000-8000-${i.toString(16).padStart(12, "0")}`
  const chatType = key.includes(":group:") ? "group" : key.includes(":channel:") ? "channel" : "direct"
  const row = {
    sessionId,
    updatedAt: now - Math.floor(random() * 120 * 86400000),
    chatType,
    channel,
    model: models[i % models.length],
    modelProvider: i % 2 ? "anthropic" : "openai",
    inputTokens: Math.floor(random() * 100000),
    outputTokens: Math.floor(random() * 20000),
    contextTokens: 200000,
    systemSent: true,
    displayName: `user ${i}`,
    origin: { provider: channel, from: `${channel}:${100000 + i}`, to: `${channel}:bot`, chatType: "direct" },
    deliveryContext: { channel, to: `${channel}:${100000 + i}`, accountId: "default" },
    skillsSnapshot: { prompt, skills: [{ name: "search" }, { name: "browser" }] }
  }
  row.totalTokens = row.inputTokens + row.outputTokens
  if (every > 0 && i % every === 0) {
    row.sessionFile = path.join(dir, `${sessionId}.jsonl`)
    const header = { type: "session", version: 3, id: sessionId, timestamp: new Date(row.updatedAt).toISOString(), cwd: "/tmp" }
    const message = { type: "message", message: { role: "user", content: `hi ${i}` } }
    fs.writeFileSync(row.sessionFile, `${JSON.stringify(header)}\n${JSON.stringify(message)}\n`)
    const mtime = new Date(row.updatedAt)
    fs.utimesSync(row.sessionFile, mtime, mtime)
  }
  write(`${i === 0 ? "{\n  " : ",\n  "}${JSON.stringify(key)}: ${JSON.stringify(row, null, 2).replace(/\n/g, "\n  ")}`)
}
write(entries === 0 ? "{}" : "\n}")
fs.writeSync(fd, pending)
fs.closeSync(fd)
console.log(storePath, fs.statSync(storePath).size)
