#!/usr/bin/env node
// Records golden outputs of `sessions cleanup` from the reference binary (openclaw@2026.5.12)
// into test/golden/cleanup/<case>/. Each case is an input tree (config, stores, transcripts,
// archives, orphans, with explicit mtimes), a pinned clock and a list of runs (argv, env, cwd).
// Every run starts from a fresh copy of the tree under a scratch HOME of fixed length
// (`/tmp/ckg-XXXXXX`); outputs replace that HOME with `<HOME>`.
//
// usage: node scripts/record-cleanup-goldens.mjs [caseNamePrefix…]
//   REF=<path to openclaw-ref> (default ../shared/reference/openclaw-ref beside the project)
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const OUT = path.join(ROOT, "test/golden/cleanup")
const REF = process.env.REF ?? new URL("../../shared/reference/openclaw-ref", import.meta.url).pathname

const ANSI = /\u001b\[[0-9;]*m/g
const dropLogLines = (text) =>
  text
    .split("\n")
    .filter((line) => !line.replace(ANSI, "").startsWith("[sessions/store] "))
    .join("\n")

/** Writes a case's tree under `home`. */
export const materialize = (home, files) => {
  for (const f of files) {
    const p = path.join(home, f.path)
    fs.mkdirSync(path.dirname(p), { recursive: true })
    if (f.symlink !== undefined) {
      fs.symlinkSync(f.symlink.replaceAll("<HOME>", home), p)
      continue
    }
    if (f.dir) {
      fs.mkdirSync(p, { recursive: true })
      continue
    }
    const text = f.text !== undefined ? f.text.replaceAll("<HOME>", home) : "x".repeat(f.size ?? 0)
    fs.writeFileSync(p, text)
    if (f.mode !== undefined) fs.chmodSync(p, f.mode)
    const t = (f.mtimeMs ?? 0) / 1000
    fs.utimesSync(p, t, t)
  }
}

/** Files under `home` (excluding the reference's Gateway identity and logs), sorted. */
export const listTree = (home) => {
  const out = []
  const walk = (rel) => {
    const abs = path.join(home, rel)
    for (const name of fs.readdirSync(abs).sort()) {
      const r = rel === "" ? name : `${rel}/${name}`
      // The reference's Gateway attempt (D2) leaves <stateDir>/identity/; logs are D3.
      if (name === "identity" || r === ".openclaw/logs") continue
      const st = fs.lstatSync(path.join(home, r))
      if (st.isDirectory()) {
        walk(r)
        continue
      }
      const entry = { path: r, size: st.size, mode: (st.mode & 0o777).toString(8) }
      if (st.isSymbolicLink()) entry.symlink = true
      if (name === "sessions.json" || name.endsWith(".json") || name.endsWith(".json5")) {
        entry.text = fs.readFileSync(path.join(home, r), "utf8").replaceAll(home, "<HOME>")
      }
      out.push(entry)
    }
  }
  walk("")
  return out
}

const run = (c, r) => {
  const home = fs.mkdtempSync("/tmp/ckg-")
  try {
    materialize(home, c.files)
    const cwd = path.join(home, r.cwd ?? c.cwd ?? "")
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      FAKE_NOW_MS: String(c.nowMs),
      ...Object.fromEntries(Object.entries(r.env ?? {}).map(([k, v]) => [k, v.replaceAll("<HOME>", home)]))
    }
    const argv = r.argv.map((a) => a.replaceAll("<HOME>", home))
    const res = spawnSync(REF, argv, { cwd, env, encoding: "utf8", timeout: 120_000 })
    return {
      name: r.name,
      argv: r.argv,
      env: r.env ?? {},
      cwd: r.cwd ?? c.cwd ?? "",
      code: res.status,
      stdout: dropLogLines(res.stdout).replaceAll(home, "<HOME>"),
      stderr: dropLogLines(res.stderr).replaceAll(home, "<HOME>"),
      after: listTree(home)
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Cases. Times are relative to NOW; every file gets an explicit mtime.
const NOW = 1779278400000
const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H
const sd = (agent = "main") => `.openclaw/agents/${agent}/sessions`
const tr = (id) =>
  JSON.stringify({ type: "session", version: 3, id, timestamp: "2026-05-01T00:00:00.000Z", cwd: "/w" }) +
  "\n" +
  JSON.stringify({ type: "message", id: "m1", parentId: null, timestamp: "2026-05-01T00:00:01.000Z", message: { role: "user", content: "hi" } }) +
  "\n"
const storeFile = (rows, agent = "main", opts = {}) => ({
  path: opts.path ?? `${sd(agent)}/sessions.json`,
  text: opts.text ?? JSON.stringify(rows, null, 2),
  mtimeMs: NOW,
  ...(opts.mode === undefined ? {} : { mode: opts.mode })
})
const transcript = (id, opts = {}) => ({
  path: `${opts.dir ?? sd(opts.agent)}/${opts.name ?? `${id}.jsonl`}`,
  text: opts.size === undefined ? tr(id) : undefined,
  size: opts.size,
  mtimeMs: opts.mtimeMs ?? NOW
})
const raw = (p, opts = {}) => ({ path: p, text: opts.text, size: opts.size ?? (opts.text === undefined ? 1 : undefined), mtimeMs: opts.mtimeMs ?? NOW })
const config = (value) => ({ path: ".openclaw/openclaw.json", text: JSON.stringify(value, null, 2), mtimeMs: NOW })
const ts = (ms) => new Date(ms).toISOString().replace(/:/g, "-")
const C = ["sessions", "cleanup"]
const runs = (extra = [], opts = {}) => [
  { name: "dry-text", argv: [...C, "--dry-run", ...extra], ...opts },
  { name: "dry-json", argv: [...C, "--dry-run", "--json", ...extra], ...opts },
  { name: "apply-json", argv: [...C, "--json", ...extra], ...opts },
  { name: "apply-text", argv: [...C, ...extra], ...opts }
]
/** Seeded pseudo-random numbers. */
const rng = (seed) => {
  let s = seed >>> 0 || 1
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296
}

const c1Rows = {
  "agent:main:main": { sessionId: "fresh-1", updatedAt: NOW - D, model: "gpt-5.4" },
  "agent:main:telegram:direct:42": { sessionId: "stale-1", updatedAt: NOW - 40 * D },
  "agent:main:telegram:group:-1001": { sessionId: "grp-1", updatedAt: NOW - 40 * D },
  "agent:main:cron:job1": { sessionId: "cron-1", updatedAt: NOW - 40 * D }
}
const c1Files = [
  storeFile(c1Rows),
  transcript("fresh-1"),
  transcript("stale-1", { mtimeMs: NOW - 40 * D }),
  transcript("grp-1", { mtimeMs: NOW - 40 * D }),
  transcript("cron-1", { mtimeMs: NOW - 40 * D }),
  raw(`${sd()}/stale-1.trajectory.jsonl`, { text: "{}\n", mtimeMs: NOW - 40 * D }),
  raw(`${sd()}/stale-1.trajectory-path.json`, { text: "{}", mtimeMs: NOW - 40 * D })
]

const dmRows = () => {
  const keys = [
    "agent:main:telegram:direct:111",
    "agent:main:telegram::direct:x",
    "agent:main:agent:direct:customer",
    "agent:main:direct:peer",
    "agent:main:slack:default:direct:u1",
    "agent:main:TELEGRAM:DIRECT:Y",
    "agent:main:feishu:dm:ou_x",
    "agent:work:telegram:direct:z",
    "agent:main:whatsapp:direct:active",
    "agent:main:telegram:direct:5:thread:9",
    "agent:main:signal:acct:x:direct:p",
    "agent:main:main"
  ]
  const rows = {}
  keys.forEach((k, i) => (rows[k] = { sessionId: `d${i}`, updatedAt: NOW - H - i * M }))
  rows["agent:main:metadata"] = { sessionId: "agent:main:metadata", groupActivation: "always" }
  return { rows, files: [storeFile(rows), ...keys.map((_, i) => transcript(`d${i}`))] }
}

const protectionRows = () => {
  const old = NOW - 40 * D
  const rows = {
    "agent:main:slack:channel:C123:thread:1710000000.000100": { updatedAt: old },
    "agent:main:telegram:group:-100123:topic:77": { updatedAt: old },
    "agent:main:slack:channel:c999": { updatedAt: old },
    "agent:main:opaque": { updatedAt: old, chatType: "channel" },
    "agent:main:opaque2": { updatedAt: old, origin: { chatType: "group" } },
    "agent:main:acp-bridge:session-1": { updatedAt: old, chatType: "group" },
    "agent:main:custom:channel:room-one:with:colon": { updatedAt: old },
    "agent:main:telegram:dm:5:topic:9": { updatedAt: old },
    "discord:channel:123": { updatedAt: old },
    "agent:main:whatever": { updatedAt: old, chatType: "thread" },
    "agent:main:thing:THREAD:5": { updatedAt: old },
    "agent:main:x": { updatedAt: old, chatType: "GROUP" },
    "agent:main:cron:x": { updatedAt: old, origin: { chatType: "group" } },
    "agent:main:acp:abc": { updatedAt: old, chatType: "group" },
    "agent:main:hook:abc": { updatedAt: old, chatType: "group" },
    "agent:main:node:abc": { updatedAt: old, chatType: "group" },
    "agent:main:heartbeat": { updatedAt: old, chatType: "group" },
    "agent:main:subagent:x": { updatedAt: old, chatType: "group" },
    "subagent:bare": { updatedAt: old, chatType: "group" },
    "agent:main:opaque:topic:om_topic_root:sender:ou_topic_user": { updatedAt: old },
    "agent:main:main": { updatedAt: old },
    global: { updatedAt: old },
    "agent:main:y": { updatedAt: old, chatType: "dm" },
    "agent:main:z:thread:": { updatedAt: old }
  }
  return rows
}

const c9 = () => {
  const rows = {
    "agent:main:main": { sessionId: "main-s", updatedAt: NOW - H },
    "agent:main:telegram:direct:1": { sessionId: "dir-1", updatedAt: NOW - 2 * H },
    "agent:main:telegram:direct:2": { sessionId: "dir-2", updatedAt: NOW - 3 * H },
    "agent:main:telegram:direct:3": { sessionId: "dir-3", updatedAt: NOW - 4 * H },
    "agent:main:slack:channel:c1": { sessionId: "chan-1", updatedAt: NOW - 10 * D },
    "agent:main:discord:channel:9:thread:7": { sessionId: "thr-1", updatedAt: NOW - 10 * D },
    "agent:main:cron:c1": { sessionId: "cron-1", updatedAt: NOW - 10 * D },
    "legacy-x": { sessionId: "legacy-1" },
    "agent:main:subagent:s1": { sessionId: "sub-1", updatedAt: NOW - 5 * H, chatType: "group" }
  }
  const ids = Object.values(rows).map((r) => r.sessionId)
  const old = NOW - 10 * D
  return [
    config({ session: { maintenance: { mode: "warn", pruneAfter: "7d", maxEntries: 3, resetArchiveRetention: "3d" } } }),
    storeFile(rows),
    ...ids.map((id) => transcript(id, { mtimeMs: NOW - H })),
    raw(`${sd()}/old.jsonl.deleted.${ts(NOW - 9 * D)}`, { mtimeMs: old, size: 5 }),
    raw(`${sd()}/recent.jsonl.deleted.${ts(NOW - 2 * D)}`, { mtimeMs: old, size: 5 }),
    raw(`${sd()}/r-old.jsonl.reset.${ts(NOW - 5 * D)}`, { mtimeMs: old, size: 5 }),
    raw(`${sd()}/r-new.jsonl.reset.${ts(NOW - 1 * D)}`, { mtimeMs: old, size: 5 }),
    raw(`${sd()}/b.jsonl.bak.${ts(NOW - 20 * D)}`, { mtimeMs: old, size: 5 }),
    raw(`${sd()}/orphan.jsonl`, { mtimeMs: old }),
    raw(`${sd()}/orphan2.jsonl`, { mtimeMs: NOW - D }),
    raw(`${sd()}/orphan.trajectory.jsonl`, { mtimeMs: old }),
    raw(`${sd()}/orphan.trajectory-path.json`, { mtimeMs: old }),
    raw(`${sd()}/x.checkpoint.11111111-1111-4111-8111-111111111111.jsonl`, { mtimeMs: old }),
    raw(`${sd()}/sessions.json.123.abc.tmp`, { mtimeMs: old }),
    raw(`${sd()}/.fs-safe-replace.1.x.tmp`, { mtimeMs: old }),
    raw(`${sd()}/notes.txt`, { mtimeMs: old })
  ]
}

const c10Rows = () => {
  const rows = {}
  for (let i = 0; i < 75; i++) rows[`session-${i}`] = { sessionId: `s-${i}`, updatedAt: NOW - i * M - 10 * S }
  rows["agent:main:slack:channel:C123"] = { sessionId: "p1", updatedAt: NOW - 99 * D }
  rows["agent:main:discord:channel:123456:thread:987654"] = { sessionId: "p2", updatedAt: NOW - 100 * D }
  rows["agent:main:telegram:group:-100123:topic:77"] = { sessionId: "p3", updatedAt: NOW - 101 * D }
  return rows
}

/** A random store: keys of every shape, transcripts, sidecars, archives and orphans. */
const randomCase = (seed, n, maint) => {
  const r = rng(seed)
  const pick = (xs) => xs[Math.floor(r() * xs.length)]
  const rows = {}
  const files = []
  const shapes = [
    (i) => `agent:main:telegram:direct:${i}`,
    (i) => `agent:main:slack:channel:c${i}`,
    (i) => `agent:main:discord:channel:${i}:thread:${i + 1}`,
    (i) => `agent:main:cron:job${i}`,
    (i) => `agent:main:subagent:s${i}`,
    (i) => `agent:main:direct:p${i}`,
    (i) => `agent:main:whatsapp:acct:direct:${i}`,
    (i) => `agent:main:opaque-${i}`,
    (i) => `legacy-${i}`,
    () => "agent:main:main"
  ]
  for (let i = 0; i < n; i++) {
    const key = pick(shapes)(i)
    const ageDays = pick([0.0125, 0.5, 2, 5, 9, 20, 35, 60, 400])
    const id = r() < 0.1 && i > 0 ? `shared-${seed}` : `r${seed}-${i}`
    const entry = { sessionId: id }
    if (r() > 0.05) entry.updatedAt = Math.round(NOW - ageDays * D)
    if (r() < 0.2) entry.chatType = pick(["group", "channel", "direct", "thread"])
    if (r() < 0.3) entry.model = pick(["gpt-5.4", "claude-opus-4-6", "anthropic/claude-sonnet-4-5"])
    if (r() < 0.2) entry.thinkingLevel = pick(["low", "high"])
    rows[key] = entry
    const fileAge = Math.round(pick([0.1, 3, 12, 40]) * D)
    if (r() < 0.85 && !files.some((f) => f.path.endsWith(`/${id}.jsonl`))) {
      files.push(transcript(id, { mtimeMs: NOW - fileAge, size: Math.floor(r() * 400) + 20 }))
    }
    if (r() < 0.15) files.push(raw(`${sd()}/${id}.trajectory.jsonl`, { size: 30, mtimeMs: NOW - fileAge }))
  }
  for (let j = 0; j < 4; j++) {
    files.push(raw(`${sd()}/orphan-${seed}-${j}.jsonl`, { size: Math.floor(r() * 300) + 1, mtimeMs: NOW - Math.round(pick([1, 8, 45]) * D) }))
  }
  files.push(raw(`${sd()}/gone.jsonl.deleted.${ts(NOW - 50 * D)}`, { size: 111, mtimeMs: NOW - 50 * D }))
  files.push(raw(`${sd()}/gone2.jsonl.reset.${ts(NOW - 2 * D)}`, { size: 77, mtimeMs: NOW - 2 * D }))
  return [config({ session: { maintenance: maint } }), storeFile(rows), ...files]
}

export const CASES = [
  {
    name: "c01-default-stale",
    description: "C1/C2: default config, stale direct + cron rows pruned, group protected, trajectory sidecars",
    nowMs: NOW,
    files: c1Files,
    runs: runs()
  },
  {
    name: "c03-fix-missing",
    description: "C3: --fix-missing keeps empty/header-only/no-id/relative rows, removes missing and foreign absolute",
    nowMs: NOW,
    files: [
      storeFile({
        missing: { sessionId: "missing-transcript", updatedAt: NOW - H },
        present: { sessionId: "present-1", updatedAt: NOW - H },
        "empty-present": { sessionId: "empty-1", updatedAt: NOW - H },
        "header-only-present": { sessionId: "hdr-1", updatedAt: NOW - H },
        "agent:main:nosid": { updatedAt: NOW - H },
        "legacy-nosid": { updatedAt: NOW - H },
        "rel-file": { sessionId: "rel-1", sessionFile: "custom-name.jsonl", updatedAt: NOW - H },
        "escape-file": { sessionId: "esc-1", sessionFile: "../outside.jsonl", updatedAt: NOW - H },
        "abs-other": { sessionId: "abs-1", sessionFile: "<HOME>/elsewhere/abs-1.jsonl", updatedAt: NOW - H }
      }),
      transcript("present-1"),
      raw(`${sd()}/empty-1.jsonl`, { text: "", mtimeMs: NOW }),
      raw(`${sd()}/hdr-1.jsonl`, { text: '{"type":"session","id":"hdr-1"}\n', mtimeMs: NOW }),
      transcript("rel-1", { name: "custom-name.jsonl" }),
      transcript("esc-1"),
      raw(".openclaw/agents/main/outside.jsonl", { text: "x\n" }),
      raw("elsewhere/abs-1.jsonl", { text: "x\n" })
    ],
    runs: runs(["--fix-missing"])
  },
  {
    name: "c04-invalid-id",
    description: "C4: --fix-missing with a sessionId that cannot name a file fails the whole command",
    nowMs: NOW,
    files: [
      storeFile({ "invalid-no-file": { sessionId: "agent:main:main", updatedAt: NOW - H }, ok: { sessionId: "ok-1", updatedAt: NOW - H } }),
      transcript("ok-1")
    ],
    runs: [...runs(["--fix-missing"]), { name: "dry-json-no-fix", argv: [...C, "--dry-run", "--json"] }]
  },
  {
    name: "c05-dm-scope",
    description: "C5: --fix-dm-scope retires six per-peer rows, keeps the active key, other agent, legacy dm, 5-part keys",
    nowMs: NOW,
    files: dmRows().files,
    runs: runs(["--fix-dm-scope", "--active-key", "agent:main:whatsapp:direct:active"])
  },
  {
    name: "c06-dm-scope-absolute",
    description: "C6: dmScope main, direct row with an absolute sessionFile; apply with --store",
    nowMs: NOW,
    files: [
      config({ session: { dmScope: "main" } }),
      storeFile({
        "agent:main:main": { sessionId: "main-session", updatedAt: NOW - H },
        "agent:main:telegram:direct:6101296751": {
          sessionId: "direct-session",
          updatedAt: NOW - H,
          lastChannel: "telegram",
          sessionFile: `<HOME>/${sd()}/direct-session.jsonl`
        }
      }),
      transcript("main-session"),
      transcript("direct-session")
    ],
    runs: [
      { name: "dry-json", argv: [...C, "--dry-run", "--enforce", "--fix-dm-scope", "--json"] },
      { name: "apply-json", argv: [...C, "--enforce", "--fix-dm-scope", "--store", `<HOME>/${sd()}/sessions.json`, "--json"] }
    ]
  },
  {
    name: "c07-dm-scope-off",
    description: "C7: dmScope per-peer retires nothing",
    nowMs: NOW,
    files: [config({ session: { dmScope: "per-peer" } }), storeFile({ "agent:main:telegram:direct:1": { sessionId: "t1", updatedAt: NOW - H } }), transcript("t1")],
    runs: runs(["--fix-dm-scope"])
  },
  {
    name: "c08-warn-repairs",
    description: "C8: warn mode still applies --fix-missing and --fix-dm-scope and archives the retired transcript",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { mode: "warn" } } }),
      storeFile({
        "agent:main:main": { sessionId: "main-s", updatedAt: NOW - H },
        "agent:main:telegram:direct:6101296751": { sessionId: "direct-s", updatedAt: NOW - H },
        gone: { sessionId: "gone-s", updatedAt: NOW - 40 * D }
      }),
      transcript("main-s"),
      transcript("direct-s")
    ],
    runs: [
      ...runs(["--fix-dm-scope", "--fix-missing"]),
      { name: "apply-store-json", argv: [...C, "--fix-dm-scope", "--fix-missing", "--json", "--store", `<HOME>/${sd()}/sessions.json`] }
    ]
  },
  {
    name: "c09-warn-enforce",
    description: "C9: warn mode preview/apply, --enforce apply: cap, protection, retention, sweep",
    nowMs: NOW,
    files: c9(),
    runs: [
      ...runs(),
      { name: "enforce-json", argv: [...C, "--enforce", "--json"] },
      { name: "enforce-text", argv: [...C, "--enforce"] },
      { name: "enforce-dry-text", argv: [...C, "--enforce", "--dry-run"] }
    ]
  },
  {
    name: "c10-cap-protected",
    description: "C10: maxEntries 50 with 75 candidates and 3 protected rows older than pruneAfter",
    nowMs: NOW,
    files: [config({ session: { maintenance: { mode: "enforce", pruneAfter: "365d", maxEntries: 50 } } }), storeFile(c10Rows())],
    runs: runs()
  },
  {
    name: "c11-cap-order",
    description: "C11: cap order (missing updatedAt last, ties keep store order)",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { maxEntries: 3 } } }),
      storeFile({
        noDate1: { sessionId: "n1" },
        noDate2: { sessionId: "n2" },
        recent: { sessionId: "r1", updatedAt: NOW - D },
        older: { sessionId: "o1", updatedAt: NOW - 2 * D },
        tie1: { sessionId: "t1", updatedAt: NOW - 3 * D },
        tie2: { sessionId: "t2", updatedAt: NOW - 3 * D }
      }),
      ...["n1", "n2", "r1", "o1", "t1", "t2"].map((id) => transcript(id, { mtimeMs: NOW - 4 * D }))
    ],
    runs: runs()
  },
  {
    name: "c12-protection",
    description: "C12: protection table of docs/cleanup.md#protection (all rows 40 days old)",
    nowMs: NOW,
    files: [storeFile(protectionRows())],
    runs: runs()
  },
  {
    name: "c13-active-key-case",
    description: "C13: --active-key is lowercased, store keys compared raw",
    nowMs: NOW,
    files: [storeFile({ "agent:main:Mixed": { sessionId: "mx", updatedAt: NOW - 40 * D }, "agent:main:lower": { sessionId: "lw", updatedAt: NOW - 40 * D } })],
    runs: [
      { name: "dry-mixed", argv: [...C, "--dry-run", "--active-key", "agent:main:Mixed"] },
      { name: "dry-lower", argv: [...C, "--dry-run", "--active-key", " AGENT:MAIN:LOWER "] },
      { name: "apply-lower-json", argv: [...C, "--json", "--active-key", " AGENT:MAIN:LOWER "] }
    ]
  },
  {
    name: "c14-disk-budget",
    description: "C14: disk budget removes an archive, an orphan, then evicts the oldest unprotected row",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { maxDiskBytes: "2000", highWaterBytes: 1200 } } }),
      storeFile({
        "agent:main:telegram:direct:a": { sessionId: "a-1", updatedAt: NOW - 5 * D },
        "agent:main:main": { sessionId: "b-1", updatedAt: NOW - H },
        "agent:main:slack:group:g": { sessionId: "c-1", updatedAt: NOW - 6 * D }
      }),
      transcript("a-1", { size: 600, mtimeMs: NOW - 5 * D }),
      transcript("b-1", { size: 600 }),
      transcript("c-1", { size: 300, mtimeMs: NOW - 6 * D }),
      raw(`${sd()}/z.jsonl.deleted.${ts(NOW - D)}`, { size: 400, mtimeMs: NOW - D }),
      raw(`${sd()}/o.jsonl`, { size: 300, mtimeMs: NOW - 2 * D })
    ],
    runs: runs()
  },
  {
    name: "c15-no-double-count",
    description: "C15: a stale orphan removed by the budget is not counted again by the sweep",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { mode: "enforce", pruneAfter: "7d", maxEntries: 500, maxDiskBytes: 1000, highWaterBytes: 900 } } }),
      storeFile({ fresh: { sessionId: "fresh-session", updatedAt: NOW } }),
      raw(`${sd()}/orphan-session.jsonl`, { size: 2000, mtimeMs: NOW - 10 * D })
    ],
    runs: runs()
  },
  {
    name: "c16-projected-store",
    description: "C16: the budget counts the store at its serialized size, not its padded size on disk",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { pruneAfter: "365d", maxEntries: 100, maxDiskBytes: 900, highWaterBytes: 700 } } }),
      storeFile(null, "main", {
        text:
          JSON.stringify({ older: { sessionId: "older", updatedAt: NOW - D }, newer: { sessionId: "newer", updatedAt: NOW } }, null, 2) + " ".repeat(10000)
      }),
      transcript("older", { size: 80 }),
      transcript("newer", { size: 80 })
    ],
    runs: runs()
  },
  {
    name: "c17-nothing-removable",
    description: "C17: over budget with nothing removable; composite duration; retention false",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { pruneAfter: "1h30m", resetArchiveRetention: false, maxDiskBytes: "1.5kb", highWaterBytes: "10mb" } } }),
      storeFile(null, "main", { text: "{}\n" }),
      raw(`${sd()}/big.bin`, { size: 3000 })
    ],
    runs: runs()
  },
  {
    name: "c18-sweep",
    description: "C18: unreferenced sweep keeps referenced transcript and pre-compaction checkpoint",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { mode: "enforce", pruneAfter: "7d", maxEntries: 500 } } }),
      storeFile({
        fresh: {
          sessionId: "fresh-session",
          updatedAt: NOW,
          compactionCheckpoints: [
            {
              preCompaction: { sessionFile: `<HOME>/${sd()}/fresh-session.checkpoint.22222222-2222-4222-8222-222222222222.jsonl` },
              postCompaction: { sessionFile: `<HOME>/${sd()}/fresh-session-compacted.jsonl` }
            }
          ]
        }
      }),
      ...[
        "fresh-session.jsonl",
        "fresh-session.checkpoint.22222222-2222-4222-8222-222222222222.jsonl",
        "fresh-session-compacted.jsonl",
        "orphan-session.jsonl",
        "orphan-session.trajectory.jsonl",
        "orphan-session.trajectory-path.json",
        "orphan-session.checkpoint.11111111-1111-4111-8111-111111111111.jsonl"
      ].map((n) => raw(`${sd()}/${n}`, { mtimeMs: NOW - 10 * D })),
      raw(`${sd()}/fresh-orphan.jsonl`, { mtimeMs: NOW })
    ],
    runs: runs()
  },
  {
    name: "c19-relative-checkpoint",
    description: "C19 (run from the sessions dir, where the reference agrees with D9): relative preCompaction path",
    nowMs: NOW,
    cwd: sd(),
    files: [
      config({ session: { maintenance: { mode: "enforce", pruneAfter: "7d" } } }),
      storeFile({
        fresh: {
          sessionId: "fresh-session",
          updatedAt: NOW,
          compactionCheckpoints: [
            { preCompaction: { sessionFile: `<HOME>/${sd()}/fresh-session.checkpoint.22222222-2222-4222-8222-222222222222.jsonl` } },
            { preCompaction: { sessionFile: "fresh-session.checkpoint.33333333-3333-4333-8333-333333333333.jsonl" } }
          ]
        }
      }),
      ...[
        "fresh-session.jsonl",
        "fresh-session.checkpoint.22222222-2222-4222-8222-222222222222.jsonl",
        "fresh-session.checkpoint.33333333-3333-4333-8333-333333333333.jsonl",
        "orphan-session.jsonl"
      ].map((n) => raw(`${sd()}/${n}`, { mtimeMs: NOW - 10 * D }))
    ],
    runs: [runs()[1], runs()[2]]
  },
  {
    name: "c20-not-orphans",
    description: "C20: transcripts of stale and capped rows are not counted as orphans in the preview",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { mode: "enforce", pruneAfter: "7d", maxEntries: 1 } } }),
      storeFile({ stale: { sessionId: "stale", updatedAt: NOW - 30 * D }, capped: { sessionId: "capped", updatedAt: NOW - D }, fresh: { sessionId: "fresh", updatedAt: NOW } }),
      transcript("stale", { mtimeMs: NOW - 10 * D }),
      transcript("capped", { mtimeMs: NOW - 10 * D }),
      transcript("fresh")
    ],
    runs: runs()
  },
  {
    name: "c21-archive-candidates",
    description: "C21: custom sessionFile, shared id, outside absolute file, UUID sessionFile of another session",
    nowMs: NOW,
    files: [
      storeFile({
        a: { sessionId: "x-1", sessionFile: "custom.jsonl", updatedAt: NOW - 40 * D },
        b: { sessionId: "shared-1", updatedAt: NOW - 40 * D },
        c: { sessionId: "shared-1", updatedAt: NOW - H },
        d: { sessionId: "ext-1", sessionFile: "<HOME>/outside/ext-1.jsonl", updatedAt: NOW - 40 * D },
        e: { sessionId: "11111111-2222-4333-8444-555555555555", sessionFile: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.jsonl", updatedAt: NOW - 40 * D }
      }),
      raw(`${sd()}/custom.jsonl`, { text: "c\n" }),
      raw(`${sd()}/x-1.jsonl`, { text: "x\n" }),
      raw(`${sd()}/shared-1.jsonl`, { text: "s\n" }),
      raw(`${sd()}/11111111-2222-4333-8444-555555555555.jsonl`, { text: "u\n" }),
      raw(`${sd()}/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.jsonl`, { text: "v\n" }),
      raw("outside/ext-1.jsonl", { text: "o\n" })
    ],
    runs: runs()
  },
  {
    name: "c22-write-skip-canonical",
    description: "C22: canonical store with nothing to do is not rewritten (mode 0644 kept)",
    nowMs: NOW,
    files: [storeFile({ a: { sessionId: "a-1", updatedAt: NOW - H } }, "main", { mode: 0o644 }), transcript("a-1")],
    runs: [runs()[2]]
  },
  {
    name: "c22-write-compact",
    description: "C22: a compact store is rewritten canonically (mode 0600)",
    nowMs: NOW,
    files: [storeFile(null, "main", { text: JSON.stringify({ a: { sessionId: "a-1", updatedAt: NOW - H } }), mode: 0o644 }), transcript("a-1")],
    runs: [runs()[2], runs()[3]]
  },
  {
    name: "c22-missing-store",
    description: "C22/C27: no store at all: dry-run prints the seven lines, apply creates {}",
    nowMs: NOW,
    files: [{ path: ".openclaw", dir: true }],
    runs: runs()
  },
  {
    name: "c26-multi-agent",
    description: "C26: two configured agents (default work), --all-agents text and JSON",
    nowMs: NOW,
    files: [
      { path: ".openclaw/openclaw.json", text: '{ agents: { list: [ {id:"main"}, {id:"Work", default:true}, {id:"main"} ] }, // json5\n}', mtimeMs: NOW },
      storeFile({ "agent:main:main": { sessionId: "m1", updatedAt: NOW - 2 * H } }, "main"),
      storeFile({ "agent:work:main": { sessionId: "w1", updatedAt: NOW - H }, "agent:other:x": { sessionId: "w2", updatedAt: NOW - 3 * H } }, "work"),
      transcript("m1"),
      transcript("w1", { agent: "work" })
    ],
    runs: [
      ...runs(["--all-agents"]),
      { name: "default-dry-text", argv: [...C, "--dry-run"] },
      { name: "agent-main-dry-json", argv: [...C, "--dry-run", "--json", "--agent", "MAIN"] },
      { name: "parent-all-agents", argv: ["sessions", "--all-agents", "cleanup", "--dry-run"] },
      { name: "parent-json", argv: ["sessions", "--json", "cleanup", "--dry-run", "--agent", "main"] },
      { name: "parent-agent-child-wins", argv: ["sessions", "--agent", "work", "cleanup", "--agent", "main", "--dry-run"] }
    ]
  },
  {
    name: "c26-single-agent-all",
    description: "C26: --all-agents with a single configured agent prints a bare summary",
    nowMs: NOW,
    files: c1Files,
    runs: [
      { name: "all-dry-json", argv: [...C, "--all-agents", "--dry-run", "--json"] },
      { name: "all-dry-text", argv: [...C, "--all-agents", "--dry-run"] }
    ]
  },
  {
    name: "c28-ancient",
    description: "C28: updatedAt 1 and 2 ms: wide age cells push later cells right",
    nowMs: NOW,
    files: [storeFile({ stale: { sessionId: "s", updatedAt: 1, model: "pi:opus" }, fresh: { sessionId: "f", updatedAt: 2, model: "pi:opus" } })],
    runs: runs()
  },
  {
    name: "g01-errors",
    description: "target and option errors: stderr, exit 1",
    nowMs: NOW,
    files: c1Files,
    runs: [
      { name: "agent-and-all", argv: [...C, "--agent", "main", "--all-agents", "--json"] },
      { name: "store-and-agent", argv: [...C, "--store", "x.json", "--agent", "main"] },
      { name: "store-and-all", argv: [...C, "--store", "x.json", "--all-agents", "--dry-run"] },
      { name: "unknown-agent", argv: [...C, "--agent", "nope", "--dry-run"] },
      { name: "unknown-option", argv: [...C, "--bogus"] },
      { name: "parent-store-child-agent", argv: ["sessions", "--store", "x.json", "cleanup", "--agent", "main", "--dry-run"] }
    ]
  },
  {
    name: "g02-store-paths",
    description: "--store relative, with ~ and {agentId}, from a sub directory; parent --store",
    nowMs: NOW,
    cwd: "sub",
    files: [
      raw("sub/s.json", { text: JSON.stringify({ x: { sessionId: "x-1", updatedAt: NOW - 40 * D }, y: { sessionId: "y-1", updatedAt: NOW - H } }, null, 2) }),
      raw("sub/x-1.jsonl", { text: "x\n", mtimeMs: NOW - 40 * D }),
      raw("sub/y-1.jsonl", { text: "y\n" })
    ],
    runs: [
      { name: "relative-dry", argv: [...C, "--store", "s.json", "--dry-run"] },
      { name: "tilde-agent-dry", argv: [...C, "--store", "~/sub/{agentId}.json", "--dry-run", "--json"] },
      { name: "parent-store-dry", argv: ["sessions", "--store", "s.json", "cleanup", "--dry-run", "--json"] },
      { name: "relative-apply", argv: [...C, "--store", "s.json", "--json"] }
    ]
  },
  {
    name: "g03-trajectory-pointers",
    description: "pruned rows: pointer naming a runtime file inside the dir, invalid pointer, symlinked sidecar",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { pruneAfter: "7d" } } }),
      storeFile({
        "agent:main:telegram:direct:1": { sessionId: "p-1", updatedAt: NOW - 20 * D },
        "agent:main:telegram:direct:2": { sessionId: "p-2", updatedAt: NOW - 20 * D },
        "agent:main:telegram:direct:3": { sessionId: "p-3", updatedAt: NOW - 20 * D },
        "agent:main:main": { sessionId: "keep-1", updatedAt: NOW - H }
      }),
      transcript("p-1", { mtimeMs: NOW - 20 * D }),
      transcript("p-2", { mtimeMs: NOW - 20 * D }),
      transcript("keep-1"),
      {
        path: `${sd()}/p-1.trajectory-path.json`,
        text: JSON.stringify({ traceSchema: "openclaw-trajectory-pointer", schemaVersion: 1, sessionId: "p-1", runtimeFile: `<HOME>/${sd()}/custom-runtime.jsonl` }),
        mtimeMs: NOW - 20 * D
      },
      raw(`${sd()}/custom-runtime.jsonl`, { size: 40, mtimeMs: NOW - H }),
      raw(`${sd()}/p-1.trajectory.jsonl`, { size: 41, mtimeMs: NOW - 20 * D }),
      {
        path: `${sd()}/p-2.trajectory-path.json`,
        text: JSON.stringify({ traceSchema: "other", schemaVersion: 1, sessionId: "p-2", runtimeFile: `<HOME>/${sd()}/keep-1.jsonl` }),
        mtimeMs: NOW - 20 * D
      },
      raw(`${sd()}/real-target.jsonl`, { size: 9, mtimeMs: NOW - H }),
      { path: `${sd()}/p-3.trajectory.jsonl`, symlink: "real-target.jsonl" },
      raw(`${sd()}/p-3.jsonl`, { size: 12, mtimeMs: NOW - 20 * D })
    ],
    runs: runs()
  },
  {
    name: "g04-budget-warn",
    description: "warn mode with a disk budget: preview simulates enforce, apply only measures",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { mode: "warn", maxDiskBytes: "1kb" } } }),
      storeFile({
        "agent:main:telegram:direct:a": { sessionId: "a-1", updatedAt: NOW - 5 * D },
        "agent:main:main": { sessionId: "b-1", updatedAt: NOW - H }
      }),
      transcript("a-1", { size: 700, mtimeMs: NOW - 5 * D }),
      transcript("b-1", { size: 500 }),
      raw(`${sd()}/old.jsonl.reset.${ts(NOW - 3 * D)}`, { size: 200, mtimeMs: NOW - 3 * D })
    ],
    runs: [...runs(), { name: "enforce-json", argv: [...C, "--enforce", "--json"] }]
  },
  {
    name: "g05-budget-shared-active",
    description: "budget eviction: shared sessionId keeps its transcript, --active-key row skipped, protected row skipped",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { maxDiskBytes: 1500, highWaterBytes: 600 } } }),
      storeFile({
        "agent:main:telegram:direct:old": { sessionId: "sh-1", updatedAt: NOW - 9 * D },
        "agent:main:telegram:direct:active": { sessionId: "act-1", updatedAt: NOW - 8 * D },
        "agent:main:slack:channel:c": { sessionId: "ch-1", updatedAt: NOW - 7 * D },
        "agent:main:telegram:direct:mid": { sessionId: "mid-1", updatedAt: NOW - 6 * D },
        "agent:main:telegram:direct:new": { sessionId: "sh-1", updatedAt: NOW - D },
        "agent:main:main": { sessionId: "main-1", updatedAt: NOW - H }
      }),
      transcript("sh-1", { size: 400, mtimeMs: NOW - D }),
      transcript("act-1", { size: 300, mtimeMs: NOW - 8 * D }),
      transcript("ch-1", { size: 300, mtimeMs: NOW - 7 * D }),
      transcript("mid-1", { size: 300, mtimeMs: NOW - 6 * D }),
      raw(`${sd()}/mid-1.trajectory.jsonl`, { size: 50, mtimeMs: NOW - 6 * D }),
      transcript("main-1", { size: 100 })
    ],
    runs: runs(["--active-key", "AGENT:MAIN:TELEGRAM:DIRECT:ACTIVE"])
  },
  {
    name: "g06-fix-both-enforce",
    description: "--fix-missing and --fix-dm-scope together with stale rows, enforce",
    nowMs: NOW,
    files: [
      storeFile({
        "agent:main:main": { sessionId: "main-s", updatedAt: NOW - H },
        "agent:main:telegram:direct:1": { sessionId: "dm-1", updatedAt: NOW - H },
        "agent:main:telegram:direct:2": { sessionId: "dm-2", updatedAt: NOW - H },
        "agent:main:discord:channel:5": { sessionId: "gone-1", updatedAt: NOW - H },
        "agent:main:opaque": { sessionId: "old-1", updatedAt: NOW - 45 * D },
        "agent:main:opaque2": { sessionId: "dm-1", updatedAt: NOW - 2 * H }
      }),
      transcript("main-s"),
      transcript("dm-1"),
      transcript("dm-2"),
      transcript("old-1", { mtimeMs: NOW - 45 * D })
    ],
    runs: [...runs(["--fix-missing", "--fix-dm-scope", "--enforce"]), { name: "dry-text-all-flags", argv: [...C, "--dry-run", "--fix-missing", "--fix-dm-scope", "--enforce", "--active-key", "agent:main:opaque"] }]
  },
  {
    name: "g07-retention-false",
    description: "resetArchiveRetention false: .deleted swept only because something was archived; .reset kept",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { pruneAfter: "10d", resetArchiveRetention: false } } }),
      storeFile({ old: { sessionId: "old-1", updatedAt: NOW - 11 * D }, fresh: { sessionId: "fresh-1", updatedAt: NOW - H } }),
      transcript("old-1", { mtimeMs: NOW - 11 * D }),
      transcript("fresh-1"),
      raw(`${sd()}/a.jsonl.deleted.${ts(NOW - 11 * D)}`, { size: 10, mtimeMs: NOW - 11 * D }),
      raw(`${sd()}/b.jsonl.reset.${ts(NOW - 40 * D)}`, { size: 10, mtimeMs: NOW - 40 * D }),
      raw(`${sd()}/sessions.json.bak.1`, { size: 10, mtimeMs: NOW - 40 * D })
    ],
    runs: runs()
  },
  {
    name: "g08-retention-nothing-archived",
    description: "retention false and nothing archived: no archive is swept; reset retention 1d otherwise",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { pruneAfter: "2d", resetArchiveRetention: "1d" } } }),
      storeFile({ fresh: { sessionId: "fresh-1", updatedAt: NOW - H } }),
      transcript("fresh-1"),
      raw(`${sd()}/a.jsonl.deleted.${ts(NOW - 3 * D)}`, { size: 10, mtimeMs: NOW - 3 * D }),
      raw(`${sd()}/b.jsonl.reset.${ts(NOW - 36 * H)}`, { size: 10, mtimeMs: NOW - 3 * D }),
      raw(`${sd()}/c.jsonl.reset.${ts(NOW - 12 * H)}`, { size: 10, mtimeMs: NOW - 3 * D }),
      raw(`${sd()}/d.jsonl.bak.${ts(NOW - 30 * D)}`, { size: 10, mtimeMs: NOW - 3 * D })
    ],
    runs: runs()
  },
  {
    name: "g09-shared-store",
    description: "T2: session.store without {agentId} shared by two agents; --all-agents",
    nowMs: NOW,
    files: [
      config({ agents: { list: [{ id: "main" }, { id: "voice" }] }, session: { store: "~/shared/sessions.json" } }),
      raw("shared/sessions.json", {
        text: JSON.stringify({ "agent:main:room": { sessionId: "r1", updatedAt: NOW - H }, "agent:voice:room": { sessionId: "r2", updatedAt: NOW - 40 * D }, "agent:voice:telegram:direct:9": { sessionId: "r3", updatedAt: NOW - H } }, null, 2)
      }),
      raw("shared/r1.jsonl", { text: "1\n" }),
      raw("shared/r2.jsonl", { text: "2\n", mtimeMs: NOW - 40 * D }),
      raw("shared/r3.jsonl", { text: "3\n" })
    ],
    runs: [...runs(["--all-agents"]), { name: "dm-scope-voice-dry", argv: [...C, "--agent", "voice", "--fix-dm-scope", "--dry-run", "--json"] }]
  },
  {
    name: "g10-colors",
    description: "FORCE_COLOR=1 dry-run text: coloured header and cells",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { maxEntries: 2, maxDiskBytes: 300 } } }),
      storeFile({
        "agent:main:main": { sessionId: "m", updatedAt: NOW - H, thinkingLevel: "high", systemSent: true },
        "agent:main:telegram:direct:1": { sessionId: "gone", updatedAt: NOW - 2 * H },
        "agent:main:telegram:direct:2": { sessionId: "d2", updatedAt: NOW - 3 * H },
        "agent:main:opaque": { sessionId: "o", updatedAt: NOW - 4 * H },
        "agent:main:stale": { updatedAt: NOW - 50 * D },
        "agent:main:slack:channel:x": {}
      }),
      transcript("m", { size: 100 }),
      transcript("d2", { size: 100 }),
      transcript("o", { size: 100 })
    ],
    runs: [
      { name: "dry-color", argv: [...C, "--dry-run", "--fix-missing", "--fix-dm-scope"], env: { FORCE_COLOR: "1" } },
      { name: "dry-color-json", argv: [...C, "--dry-run", "--json"], env: { FORCE_COLOR: "1" } },
      { name: "dry-no-color", argv: [...C, "--dry-run", "--fix-missing", "--fix-dm-scope"] }
    ]
  },
  {
    name: "g11-topic-fork-names",
    description: "archive candidates for topic and fork transcript names; sessionFile in a sub directory",
    nowMs: NOW,
    files: [
      storeFile({
        t: { sessionId: "11111111-1111-4111-8111-111111111111", sessionFile: "11111111-1111-4111-8111-111111111111-topic-42.jsonl", updatedAt: NOW - 40 * D },
        f: { sessionId: "22222222-2222-4222-8222-222222222222", sessionFile: "2026-05-01T10-00-00Z_33333333-3333-4333-8333-333333333333.jsonl", updatedAt: NOW - 40 * D },
        s: { sessionId: "sub-1", sessionFile: "nested/sub-1.jsonl", updatedAt: NOW - 40 * D },
        k: { sessionId: "keep-1", updatedAt: NOW - H }
      }),
      raw(`${sd()}/11111111-1111-4111-8111-111111111111-topic-42.jsonl`, { text: "t\n", mtimeMs: NOW - 40 * D }),
      raw(`${sd()}/11111111-1111-4111-8111-111111111111.jsonl`, { text: "t0\n", mtimeMs: NOW - 40 * D }),
      raw(`${sd()}/2026-05-01T10-00-00Z_33333333-3333-4333-8333-333333333333.jsonl`, { text: "f\n", mtimeMs: NOW - 40 * D }),
      raw(`${sd()}/22222222-2222-4222-8222-222222222222.jsonl`, { text: "f0\n", mtimeMs: NOW - 40 * D }),
      raw(`${sd()}/nested/sub-1.jsonl`, { text: "n\n", mtimeMs: NOW - 40 * D }),
      transcript("keep-1")
    ],
    runs: runs()
  },
  {
    name: "g12-malformed-values",
    description: "string and non-finite updatedAt, numeric sessionId-free rows, unknown fields survive",
    nowMs: NOW,
    files: [
      storeFile({
        "str-date": { sessionId: "sd-1", updatedAt: String(NOW - 40 * D) },
        "keep-unknown": { sessionId: "u1", updatedAt: NOW - H, foo: { bar: [1, 2, { z: null }] }, zzz: "last", aaa: true },
        "zero-date": { sessionId: "zd-1", updatedAt: 0 },
        "neg-date": { sessionId: "nd-1", updatedAt: -5 },
        "float-date": { sessionId: "fd-1", updatedAt: NOW - 40 * D + 0.5 },
        "1234": { sessionId: "num-key", updatedAt: NOW - 2 * H },
        "agent:main:big": { sessionId: "big-1", updatedAt: NOW - 3 * H, note: "é ☃ 😀" }
      }),
      transcript("u1"),
      transcript("sd-1", { mtimeMs: NOW - 40 * D })
    ],
    runs: runs()
  },
  {
    name: "g13-pruneDays-alias",
    description: "deprecated pruneDays, maxEntries smaller than protected rows, --active-key of a stale row",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { pruneDays: 3, maxEntries: 1 } } }),
      storeFile({
        "agent:main:slack:channel:a": { sessionId: "a", updatedAt: NOW - 5 * D },
        "agent:main:slack:channel:b": { sessionId: "b", updatedAt: NOW - 1 * D },
        "agent:main:telegram:direct:c": { sessionId: "c", updatedAt: NOW - 4 * D },
        "agent:main:telegram:direct:d": { sessionId: "d", updatedAt: NOW - 1 * D },
        "agent:main:telegram:direct:e": { sessionId: "e", updatedAt: NOW - 2 * H }
      }),
      ...["a", "b", "c", "d", "e"].map((id) => transcript(id, { mtimeMs: NOW - 4 * D }))
    ],
    runs: runs(["--active-key", "agent:main:telegram:direct:c"])
  },
  {
    name: "g14-symlinks",
    description: "symlinks in the sessions dir: skipped by listing, not archived when pointing outside",
    nowMs: NOW,
    files: [
      storeFile({
        old: { sessionId: "lnk-1", updatedAt: NOW - 40 * D },
        old2: { sessionId: "lnk-2", updatedAt: NOW - 40 * D },
        fresh: { sessionId: "f-1", updatedAt: NOW - H }
      }),
      raw("outside/target.jsonl", { text: "t\n", mtimeMs: NOW - 40 * D }),
      { path: `${sd()}/lnk-1.jsonl`, symlink: "<HOME>/outside/target.jsonl" },
      raw(`${sd()}/real-2.jsonl`, { text: "r\n", mtimeMs: NOW - 40 * D }),
      { path: `${sd()}/lnk-2.jsonl`, symlink: "real-2.jsonl" },
      transcript("f-1"),
      { path: `${sd()}/subdir`, dir: true }
    ],
    runs: runs()
  },
  {
    name: "g15-random-a",
    description: "random store (seed 7): 60 rows, maxEntries 20, pruneAfter 30d, disk budget 9kb",
    nowMs: NOW,
    files: randomCase(7, 60, { maxEntries: 20, maxDiskBytes: "9kb" }),
    runs: runs()
  },
  {
    name: "g16-random-b",
    description: "random store (seed 11): 40 rows, warn mode, pruneAfter 10d, reset retention 1d",
    nowMs: NOW,
    files: randomCase(11, 40, { mode: "warn", pruneAfter: "10d", resetArchiveRetention: "1d" }),
    runs: [...runs(["--fix-dm-scope"]), { name: "enforce-json", argv: [...C, "--enforce", "--json", "--fix-missing"] }]
  },
  {
    name: "g17-random-c",
    description: "random store (seed 23): 80 rows, maxEntries 30, budget 6kb high water 3kb, --fix-missing --active-key",
    nowMs: NOW,
    files: randomCase(23, 80, { maxEntries: 30, pruneAfter: "45d", maxDiskBytes: 6000, highWaterBytes: "3kb" }),
    runs: runs(["--fix-missing", "--active-key", "agent:main:main"])
  },
  {
    name: "g18-flag-matrix",
    description: "every combination of --enforce/--fix-missing/--fix-dm-scope/--active-key, dry-run JSON and apply JSON",
    nowMs: NOW,
    files: [
      config({ session: { maintenance: { mode: "warn", pruneAfter: "7d", maxEntries: 4 } } }),
      storeFile({
        "agent:main:main": { sessionId: "m", updatedAt: NOW - H },
        "agent:main:telegram:direct:1": { sessionId: "d1", updatedAt: NOW - 2 * H },
        "agent:main:telegram:direct:2": { sessionId: "d2", updatedAt: NOW - 9 * D },
        "agent:main:opaque": { sessionId: "o1", updatedAt: NOW - 8 * D },
        "agent:main:a": { sessionId: "a1", updatedAt: NOW - 3 * H },
        "agent:main:b": { sessionId: "b1", updatedAt: NOW - 4 * H },
        "agent:main:c": { sessionId: "c1", updatedAt: NOW - 5 * H },
        "agent:main:missing": { sessionId: "gone", updatedAt: NOW - 6 * H }
      }),
      ...["m", "d1", "d2", "o1", "a1", "b1", "c1"].map((id) => transcript(id, { mtimeMs: NOW - 9 * D })),
      raw(`${sd()}/orph.jsonl`, { size: 3, mtimeMs: NOW - 9 * D })
    ],
    runs: (() => {
      const out = []
      for (let bits = 0; bits < 16; bits++) {
        const flags = []
        if (bits & 1) flags.push("--enforce")
        if (bits & 2) flags.push("--fix-missing")
        if (bits & 4) flags.push("--fix-dm-scope")
        if (bits & 8) flags.push("--active-key", "agent:main:opaque")
        out.push({ name: `m${bits.toString(2).padStart(4, "0")}-dry`, argv: [...C, "--dry-run", "--json", ...flags] })
        out.push({ name: `m${bits.toString(2).padStart(4, "0")}-apply`, argv: [...C, "--json", ...flags] })
      }
      return out
    })()
  },
  {
    name: "g19-state-dir-env",
    description: "OPENCLAW_STATE_DIR selects the store; apply text with pruned artifacts line",
    nowMs: NOW,
    files: [
      raw("state/agents/main/sessions/sessions.json", { text: JSON.stringify({ a: { sessionId: "a-1", updatedAt: NOW - H } }, null, 2) }),
      raw("state/agents/main/sessions/a-1.jsonl", { text: "a\n" }),
      raw("state/agents/main/sessions/orphan.jsonl", { text: "o\n", mtimeMs: NOW - 40 * D }),
      raw("state/agents/main/sessions/orphan.checkpoint.44444444-4444-4444-8444-444444444444.jsonl", { text: "c\n", mtimeMs: NOW - 40 * D })
    ],
    runs: runs([], { env: { OPENCLAW_STATE_DIR: "<HOME>/state" } })
  },
  {
    name: "g20-legacy-clawdbot",
    description: "only ~/.clawdbot exists: the legacy state dir is used",
    nowMs: NOW,
    files: [
      raw(".clawdbot/agents/main/sessions/sessions.json", { text: JSON.stringify({ old: { sessionId: "o-1", updatedAt: NOW - 40 * D }, new: { sessionId: "n-1", updatedAt: NOW } }, null, 2) }),
      raw(".clawdbot/agents/main/sessions/o-1.jsonl", { text: "o\n", mtimeMs: NOW - 40 * D }),
      raw(".clawdbot/agents/main/sessions/n-1.jsonl", { text: "n\n" })
    ],
    runs: runs()
  },
  {
    name: "g21-path-remaps",
    description: "absolute sessionFile in a sibling agent dir, relative a/../../ escape, fix-missing and prune",
    nowMs: NOW,
    files: [
      config({ agents: { list: [{ id: "main" }, { id: "work" }] } }),
      storeFile({
        sib: { sessionId: "sib-1", sessionFile: `<HOME>/${sd("work")}/sib-1.jsonl`, updatedAt: NOW - 40 * D },
        sibMissing: { sessionId: "sib-2", sessionFile: `<HOME>/${sd("work")}/sib-2.jsonl`, updatedAt: NOW - H },
        esc: { sessionId: "esc-1", sessionFile: "a/../../esc-1.jsonl", updatedAt: NOW - 40 * D },
        upper: { sessionId: "up-1", sessionFile: "<HOME>/other/agents/Work/sessions/up-1.jsonl", updatedAt: NOW - 40 * D },
        fresh: { sessionId: "fresh-1", updatedAt: NOW - H }
      }),
      raw(`${sd("work")}/sib-1.jsonl`, { text: "s\n", mtimeMs: NOW - 40 * D }),
      raw(".openclaw/agents/main/esc-1.jsonl", { text: "e\n", mtimeMs: NOW - 40 * D }),
      raw("other/agents/Work/sessions/up-1.jsonl", { text: "u\n", mtimeMs: NOW - 40 * D }),
      transcript("fresh-1")
    ],
    runs: [...runs(["--fix-missing"]), { name: "apply-no-fix-json", argv: [...C, "--json"] }]
  },
  {
    name: "g22-symlinked-dir",
    description: "--store through a symlinked directory: output names the link, files are archived in the real dir",
    nowMs: NOW,
    files: [
      raw("real/sessions.json", {
        text: JSON.stringify({ old: { sessionId: "o-1", updatedAt: NOW - 40 * D }, new: { sessionId: "n-1", updatedAt: NOW - H } }, null, 2)
      }),
      raw("real/o-1.jsonl", { text: "o\n", mtimeMs: NOW - 40 * D }),
      raw("real/n-1.jsonl", { text: "n\n" }),
      raw("real/orphan.jsonl", { text: "x\n", mtimeMs: NOW - 40 * D }),
      { path: "link", symlink: "real" }
    ],
    runs: runs(["--store", "<HOME>/link/sessions.json"])
  },
  {
    name: "g23-pointer-relative",
    description: "a trajectory pointer whose runtimeFile is relative (resolved against the working directory)",
    nowMs: NOW,
    cwd: sd(),
    files: [
      storeFile({ old: { sessionId: "p-1", updatedAt: NOW - 40 * D }, keep: { sessionId: "k-1", updatedAt: NOW - H } }),
      transcript("p-1", { mtimeMs: NOW - 40 * D }),
      transcript("k-1"),
      {
        path: `${sd()}/p-1.trajectory-path.json`,
        text: JSON.stringify({ traceSchema: "openclaw-trajectory-pointer", schemaVersion: 1, sessionId: "p-1", runtimeFile: "rt-p-1.jsonl" }),
        mtimeMs: NOW - 40 * D
      },
      raw(`${sd()}/rt-p-1.jsonl`, { size: 20, mtimeMs: NOW - H })
    ],
    runs: [runs()[1], runs()[2]]
  },
  {
    name: "g24-synthetic-bare-keys",
    description: "bare subagent/acp keys and agent:<id>:subagent are not synthetic (group chatType protects them)",
    nowMs: NOW,
    files: [
      storeFile(
        Object.fromEntries(
          ["subagent", "acp", "Subagent:X", "ACP:y", "agent:main:subagent", "agent:main:acp", "agent:main:heartbeat:x", "agent:main:x:heartbeat", "agent:main:Cron:J"].map((k) => [
            k,
            { updatedAt: NOW - 40 * D, chatType: "group" }
          ])
        )
      )
    ],
    runs: [runs()[0]]
  }
]


// ---------------------------------------------------------------------------------------------
// Disk budget on stores the reference normalises when it loads them (D6 in docs/deviations.md). The
// budget measures the normalised form; clawkeep writes the surviving entries verbatim (D6), so
// these cases carry `verbatimStores: true`: the golden walker compares the written store by its
// keys (same order) and checks each surviving entry against the input entry instead of the
// reference's text. Older filler rows with transcripts are evicted first, the rows under test
// are newer and survive, so the apply goldens also record the reference's normalised entries.
const fillers = (n, prefix = "filler") => {
  const rows = {}
  const files = []
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${i}`
    rows[`agent:main:${prefix}:${i}`] = { sessionId: id, updatedAt: NOW - 10 * D + i * M }
    files.push(transcript(id, { size: 300, mtimeMs: NOW - 10 * D }))
  }
  return { rows, files }
}
const budgetCase = (name, description, tested, budget, nFillers = 4, mode = undefined) => {
  const f = fillers(nFillers)
  const rows = { ...f.rows }
  Object.entries(tested).forEach(([k, v], i) => (rows[k] = { updatedAt: NOW - H + i * M, ...v }))
  return {
    name,
    description,
    nowMs: NOW,
    verbatimStores: true,
    files: [
      config({ session: { maintenance: { ...(mode === undefined ? {} : { mode }), maxDiskBytes: budget[0], highWaterBytes: budget[1] } } }),
      storeFile(rows),
      ...f.files
    ],
    runs: runs()
  }
}
const genLike = (i, channel) => ({
  sessionId: `gen-${i}`,
  chatType: "direct",
  channel,
  model: "gpt-5",
  modelProvider: "openai",
  origin: { provider: channel, from: `${channel}:10000${i}`, to: `${channel}:bot`, chatType: "direct" },
  deliveryContext: { channel, to: `${channel}:10000${i}`, accountId: "default" },
  skillsSnapshot: { prompt: "x".repeat(40), skills: [{ name: "search" }] }
})
const NORM_CASES = [
  budgetCase(
    "n01-budget-delivery-context",
    "disk budget measures gen-store-like rows (deliveryContext only) with lastChannel/lastTo/lastAccountId added",
    {
      "agent:main:telegram:direct:1": genLike(1, "telegram"),
      "agent:main:discord:direct:2": genLike(2, "discord"),
      "agent:main:slack:direct:3": genLike(3, "slack"),
      "agent:main:main": { sessionId: "plain-main", channel: "discord" }
    },
    [3700, 3100]
  ),
  budgetCase(
    "n02-budget-legacy-fields",
    "disk budget measures legacy provider/lastProvider/room renamed (channel, lastChannel, groupChannel)",
    {
      "agent:main:legacy:1": { provider: "telegram", lastProvider: "telegram", lastTo: "telegram:5" },
      "agent:main:legacy:2": { channel: null, provider: "discord", room: "#general" },
      "agent:main:legacy:3": { channel: "slack", provider: "discord", groupChannel: "#ops", room: "#old" },
      "agent:main:legacy:4": { lastChannel: 7, lastProvider: "signal", room: 12 },
      "agent:main:legacy:5": { room: "#r", groupChannel: 3, displayName: "x" }
    },
    [2400, 1700]
  ),
  budgetCase(
    "n03-budget-model",
    "disk budget measures model/modelProvider trimmed, a blank model removing both",
    {
      "agent:main:model:1": { model: "  gpt-5.4  ", modelProvider: " openai " },
      "agent:main:model:2": { model: "   ", modelProvider: "anthropic" },
      "agent:main:model:3": { model: "", displayName: "blank" },
      "agent:main:model:4": { modelProvider: "openai", displayName: "no model" },
      "agent:main:model:5": { model: "claude", modelProvider: "  " },
      "agent:main:model:6": { model: 42, modelProvider: "x" },
      "agent:main:model:7": { model: "kept", modelProvider: "kept-too" }
    },
    [2190, 1500]
  ),
  budgetCase(
    "n04-budget-skills",
    "disk budget measures skillsSnapshot without resolvedSkills",
    {
      "agent:main:skills:1": { skillsSnapshot: { prompt: "p", resolvedSkills: [{ name: "a", body: "y".repeat(120) }], skills: [{ name: "a" }] } },
      "agent:main:skills:2": { skillsSnapshot: { resolvedSkills: null } },
      "agent:main:skills:3": { skillsSnapshot: { prompt: "no resolved" } },
      "agent:main:skills:4": { skillsSnapshot: null },
      "agent:main:skills:5": { skillsSnapshot: "text" }
    },
    [2140, 1500]
  ),
  budgetCase(
    "n05-budget-delivery-combos",
    "disk budget measures re-derived delivery fields: last* combos, thread ids, mixed-case channels and accounts, aliases, conflicts",
    {
      "agent:main:d:1": { lastChannel: "Telegram", lastTo: " telegram:9 ", lastAccountId: "Main-Acct" },
      "agent:main:d:2": { channel: "SLACK", lastTo: "C1", lastThreadId: " 1710000000.0001 " },
      "agent:main:d:3": { lastChannel: "discord", lastThreadId: 12.7, deliveryContext: { channel: "discord", to: "d:1", accountId: "Bot Two!" } },
      "agent:main:d:4": { lastChannel: "telegram", lastTo: "t:1", deliveryContext: { channel: "discord", to: "d:2", accountId: "acc", threadId: 5 } },
      "agent:main:d:5": { channel: "Teams", deliveryContext: { to: "x" } },
      "agent:main:d:6": { lastChannel: "imsg", lastTo: 5551234, lastAccountId: "  " },
      "agent:main:d:7": { channel: "discord", origin: { threadId: "th-1" }, lastThreadId: null },
      "agent:main:d:8": { deliveryContext: { accountId: "ACC", threadId: "9" } },
      "agent:main:d:9": { lastChannel: "", channel: "matrix", deliveryContext: null },
      "agent:main:d:10": { deliveryContext: { to: "d:3", channel: "discord" }, lastChannel: "discord", lastTo: "d:3" },
      "agent:main:d:11": { channel: "webchat", lastAccountId: "--x--", lastTo: "   " },
      "agent:main:d:12": { channel: "discord", deliveryContext: { channel: "discord", to: "d:4" }, lastChannel: "discord", lastTo: "d:4", lastAccountId: "constructor" }
    },
    [4100, 3000]
  ),
  budgetCase(
    "n06-budget-threshold",
    "the verbatim store fits maxDiskBytes (2173 bytes in all), the normalised one does not (2446): the reference evicts",
    {
      "agent:main:t:1": { channel: "telegram", deliveryContext: { channel: "telegram", to: "telegram:1", accountId: "default" } },
      "agent:main:t:2": { channel: "telegram", deliveryContext: { channel: "telegram", to: "telegram:2", accountId: "default" } },
      "agent:main:t:3": { channel: "telegram", deliveryContext: { channel: "telegram", to: "telegram:3", accountId: "default" } }
    },
    [2300, 2000]
  ),
  budgetCase(
    "n07-budget-warn-odd-values",
    "warn mode (apply measures after the save pass too): aliases, non-ASCII ids, odd thread ids and contexts",
    {
      "agent:main:o:1": { channel: "微信", lastAccountId: "Ünïcode Acct" },
      "agent:main:o:2": { lastChannel: "WebChat", lastThreadId: 0 },
      "agent:main:o:3": { channel: "discord", lastThreadId: -0.5, deliveryContext: ["discord"] },
      "agent:main:o:4": { channel: "discord", lastThreadId: "", deliveryContext: "discord" },
      "agent:main:o:5": { lastTo: "only-to", deliveryContext: { channel: "Slack", to: "s:1", threadId: 3 } },
      "agent:main:o:6": { lastChannel: "", channel: "signal", deliveryContext: null, lastTo: "+1555" },
      "agent:main:o:7": { origin: { threadId: 77, provider: "telegram" }, deliveryContext: { channel: "telegram", to: "t:7" } },
      "agent:main:o:8": { lastChannel: " ", lastAccountId: "-".repeat(3) + "x".repeat(70) + "!" }
    },
    [3000, 2000],
    4,
    "warn"
  )
]
CASES.push(...NORM_CASES)

const only = process.argv.slice(2)
for (const c of CASES) {
  if (only.length > 0 && !only.some((p) => c.name.startsWith(p))) continue
  const dir = path.join(OUT, c.name)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const { runs, ...input } = c
  fs.writeFileSync(path.join(dir, "case.json"), JSON.stringify({ ...input, runs: runs.map((r) => r.name) }, null, 2) + "\n")
  for (const r of runs) {
    const result = run(c, r)
    fs.writeFileSync(path.join(dir, `${r.name}.json`), JSON.stringify(result, null, 2) + "\n")
    process.stdout.write(`${c.name}/${r.name}: exit ${result.code}\n`)
  }
}
