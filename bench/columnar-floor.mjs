#!/usr/bin/env node
// The memory floor of a columnar cleanup (a measurement, not a cleanup; it changes nothing).
//
//   npm run build && node bench/columnar-floor.mjs <sessions.json>
//
// It makes the default cleanup's decisions on a store the way a rule engine without an object
// per row would: one scan of byte offsets (the list's scanner, `dist/store/scan.js`), the rules'
// fields in typed columns and byte buffers, stale and cap decisions in a `Uint8Array`, the kept
// rows' session ids in an open-addressing table over their bytes, the sessions dir's sizes and
// mtimes in `Float64Array`s; then it prints the decisions and the process's peak RSS. Its row
// counts match `clawkeep sessions cleanup --dry-run --json` on stores made by
// `bench/gen-store.mjs` (beforeCount, afterCount, pruned, capped), give or take the rows that
// cross the cutoff between two runs. Protection is read from the key's shape and `chatType` only
// (what the generated stores hold), not every rule of `src/maintenance/protection.ts`; of the
// files it only counts the transcripts no kept row uses that are older than the age (which a
// cleanup archives or sweeps); nothing else of cleanup (missing transcripts, DM scope, disk
// budget, archives' retention, sidecars) is done. Compare its peak with its own peak on a
// 10-row store: what it adds for the rows is what matters (it loads the scanner's modules
// one by one, not the CLI's bundle).
//
// Environment:
//   KEEP_IDS=1    also keep every row's `sessionId` as a string (as rules reading ids as strings would)
//   APPLY=1       then do what an apply adds in memory: the removed rows' keys as a journal's JSON,
//                 and the kept rows streamed to a new file (both in a temp dir, removed after)
//   MAX_ENTRIES   the cap (default 500); PRUNE_DAYS the age (default 30)
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const { scanSource } = await import(path.join(root, "dist/store/scan.js"))

const file = process.argv[2]
if (!file) {
  console.error("usage: node bench/columnar-floor.mjs <sessions.json>")
  process.exit(2)
}
const dir = path.dirname(file)
const cutoff = Date.now() - Number(process.env.PRUNE_DAYS ?? 30) * 86400000
const maxEntries = Number(process.env.MAX_ENTRIES ?? 500)

// ── one scan of offsets; the rules' fields into columns ───────────────────────────────────
const fd = fs.openSync(file, "r")
const store = scanSource({ read: (target, offset, length, position) => fs.readSync(fd, target, offset, length, position) }, 1 << 20, "offsets")
if (store._tag !== "object") throw new Error(`${file}: not a JSON object`)
const n = store.count

const updatedAt = new Float64Array(n)
const protectedChat = new Uint8Array(n) // chatType group, channel or thread
let ids = Buffer.allocUnsafe(n * 40)
let idsLength = 0
const idStart = new Uint32Array(n + 1)
const ID_FIELD = Buffer.from('"sessionId": "')
const CHAT_FIELD = Buffer.from('"chatType": "')
const PROTECTED_CHATS = ["group", "channel", "thread"].map((t) => Buffer.from(`${t}"`))
let value = Buffer.allocUnsafe(1 << 16)
for (let row = 0; row < n; row++) {
  const start = store.start(row)
  const length = store.end(row) - start
  if (length > value.length) value = Buffer.allocUnsafe(length * 2)
  fs.readSync(fd, value, 0, length, start)
  const at = store.updatedAt(row)
  updatedAt[row] = typeof at === "number" ? at : Number.NaN
  idStart[row] = idsLength
  const id = value.indexOf(ID_FIELD)
  if (id >= 0 && id < length) {
    const from = id + ID_FIELD.length
    const to = value.indexOf(0x22, from)
    if (idsLength + (to - from) > ids.length) {
      const grown = Buffer.allocUnsafe(ids.length * 2)
      ids.copy(grown)
      ids = grown
    }
    idsLength += value.copy(ids, idsLength, from, to)
  }
  const chat = value.indexOf(CHAT_FIELD)
  if (chat >= 0 && chat < length) {
    const from = chat + CHAT_FIELD.length
    for (const t of PROTECTED_CHATS) if (value.compare(t, 0, t.length, from, from + t.length) === 0) protectedChat[row] = 1
  }
}
idStart[n] = idsLength
const idStrings = process.env.KEEP_IDS === "1" ? Array.from({ length: n }, (_, row) => ids.toString("utf8", idStart[row], idStart[row + 1])) : undefined

// ── the rules: protection, stale, cap ─────────────────────────────────────────────────────
const KEPT = 0
const STALE = 1
const CAPPED = 2
const action = new Uint8Array(n)
const isProtected = new Uint8Array(n)
let protectedCount = 0
for (let row = 0; row < n; row++) {
  const key = store.key(row)
  const synthetic = /^agent:[^:]+:(cron|hook|node|heartbeat|subagent|acp):/.test(key)
  if (!synthetic && (/:(thread|topic):/.test(key) || /^agent:[^:]+:[^:]+:(group|channel):/.test(key) || protectedChat[row] === 1)) {
    isProtected[row] = 1
    protectedCount++
  }
}
let candidates = 0
for (let row = 0; row < n; row++) {
  if (isProtected[row] === 1) continue
  if (updatedAt[row] < cutoff) action[row] = STALE
  else candidates++
}
const ranked = new Int32Array(candidates)
for (let row = 0, k = 0; row < n; row++) if (isProtected[row] === 0 && action[row] === KEPT) ranked[k++] = row
ranked.sort((a, b) => updatedAt[b] - updatedAt[a] || a - b)
for (let k = Math.max(0, maxEntries - protectedCount); k < ranked.length; k++) action[ranked[k]] = CAPPED

// ── the kept rows' ids, and the sweep of the sessions dir ─────────────────────────────────
const slots = 1 << Math.ceil(Math.log2(2 * n + 1))
const table = new Int32Array(slots).fill(-1)
const fnv = (bytes, from, to) => {
  let h = 0x811c9dc5
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 16777619)
  return h >>> 0
}
for (let row = 0; row < n; row++) {
  if (action[row] !== KEPT) continue
  let slot = fnv(ids, idStart[row], idStart[row + 1]) & (slots - 1)
  while (table[slot] !== -1) slot = (slot + 1) & (slots - 1)
  table[slot] = row
}
const sameId = (row, bytes, length) => idStart[row + 1] - idStart[row] === length && ids.compare(bytes, 0, length, idStart[row], idStart[row + 1]) === 0
const keptId = (bytes, length) => {
  for (let slot = fnv(bytes, 0, length) & (slots - 1); table[slot] !== -1; slot = (slot + 1) & (slots - 1)) if (sameId(table[slot], bytes, length)) return true
  return false
}
const names = fs.readdirSync(dir)
const size = new Float64Array(names.length)
const mtime = new Float64Array(names.length)
names.forEach((name, i) => {
  const stat = fs.lstatSync(path.join(dir, name))
  size[i] = stat.size
  mtime[i] = stat.mtimeMs
})
let unusedTranscripts = 0
let unusedBytes = 0
let name = Buffer.allocUnsafe(1024)
names.forEach((entry, i) => {
  if (!entry.endsWith(".jsonl")) return
  if (Buffer.byteLength(entry) > name.length) name = Buffer.allocUnsafe(2 * Buffer.byteLength(entry))
  const length = name.write(entry, 0) - ".jsonl".length
  if (!keptId(name, length) && mtime[i] < cutoff) {
    unusedTranscripts++
    unusedBytes += size[i]
  }
})

const counts = [0, 0, 0]
for (let row = 0; row < n; row++) counts[action[row]]++
const result = { beforeCount: n, afterCount: counts[KEPT], pruned: counts[STALE], capped: counts[CAPPED], unusedTranscripts, unusedBytes, idsAsStrings: idStrings?.length ?? 0 }

// ── what an apply adds: the removed keys journaled, the kept rows streamed ────────────────
if (process.env.APPLY === "1") {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "clawkeep-floor-"))
  try {
    const removedKeys = []
    for (let row = 0; row < n; row++) if (action[row] !== KEPT) removedKeys.push(store.key(row))
    fs.writeFileSync(path.join(work, "journal.json"), JSON.stringify({ removedKeys }))
    const out = fs.openSync(path.join(work, "sessions.json"), "w")
    let first = true
    for (let row = 0; row < n; row++) {
      if (action[row] !== KEPT) continue
      const start = store.start(row)
      const length = store.end(row) - start
      if (length > value.length) value = Buffer.allocUnsafe(length * 2)
      fs.readSync(fd, value, 0, length, start)
      fs.writeSync(out, `${first ? "{\n  " : ",\n  "}${JSON.stringify(store.key(row))}: `)
      fs.writeSync(out, value, 0, length)
      first = false
    }
    fs.writeSync(out, first ? "{}" : "\n}")
    fs.closeSync(out)
    result.journaledKeys = removedKeys.length
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}
fs.closeSync(fd)
console.log(JSON.stringify(result))
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`)
