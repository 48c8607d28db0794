/**
 * The `sessions cleanup` scenarios of scenarios.md (C1–C28), each as a test named after its id,
 * asserting the expectations stated there (clawkeep's own where a deviation applies).
 *
 * They run on the in-memory file system (`scenario()`: a memfs volume at HOME `/home/u`, the CLI
 * on the memory layer); direct reads and writes go through the scenario's `s.fs`. After each
 * test, the fake HOME must not exist on the real disk.
 *
 * On the real disk (`diskScenario()`) stays:
 * - C2: it checks the modes a real apply leaves (the store 0600, the sessions dir's 0700 left
 *   as it was, D21) and the archived transcript's mtime kept across a real rename.
 * Everything else asserts output, plans, file names, texts, sizes and modes memfs gives as
 * Linux does (the trees list identically, tree.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { actions, config, D, diskScenario, file, H, MEMORY_HOME, NOW, scenario, type Scenario, SD, sd, store, transcript, ts } from "./helpers.js"
import type { TreeFile } from "./tree.js"

const C = ["sessions", "cleanup"]
let current: Scenario | undefined
const given = (files: ReadonlyArray<TreeFile>) => (current = scenario(files))
const givenOnDisk = (files: ReadonlyArray<TreeFile>) => (current = diskScenario(files))
afterEach(() => {
  current?.cleanup()
  current = undefined
  // the in-memory scenarios create nothing on the real disk
  expect(fs.existsSync(MEMORY_HOME)).toBe(false)
})

const c1Files = (): ReadonlyArray<TreeFile> => [
  store({
    "agent:main:main": { sessionId: "fresh-1", updatedAt: NOW - D, model: "gpt-5.4" },
    "agent:main:telegram:direct:42": { sessionId: "stale-1", updatedAt: NOW - 40 * D },
    "agent:main:telegram:group:-1001": { sessionId: "grp-1", updatedAt: NOW - 40 * D },
    "agent:main:cron:job1": { sessionId: "cron-1", updatedAt: NOW - 40 * D }
  }),
  transcript("fresh-1"),
  transcript("stale-1", NOW - 40 * D),
  transcript("grp-1", NOW - 40 * D),
  transcript("cron-1", NOW - 40 * D),
  file(`${SD}/stale-1.trajectory.jsonl`, { mtimeMs: NOW - 40 * D }),
  file(`${SD}/stale-1.trajectory-path.json`, { mtimeMs: NOW - 40 * D })
]

describe("sessions cleanup scenarios", () => {
  it("C1", async () => {
    const s = given(c1Files())
    const before = s.tree()
    const text = await s.run([...C, "--dry-run"])
    expect(text.code).toBe(0)
    expect(text.stdout).toBe(
      [
        `Session store: ${s.sd}/sessions.json`,
        "Maintenance mode: enforce",
        "Entries: 4 -> 2 (remove 2)",
        "Would prune missing transcripts: 0",
        "Would retire stale direct DM sessions: 0",
        "Would prune stale: 2",
        "Would cap overflow: 0",
        "Would prune unreferenced artifacts: 0",
        "",
        "Planned session actions:",
        "Action           Key                        Age       Model          Flags",
        "keep             agent:main:main            24h ago   gpt-5.4        id:fresh-1",
        "prune-stale      agent:main:teleg...ect:42  40d ago   gpt-5.5        id:stale-1",
        "keep             agent:main:teleg...:-1001  40d ago   gpt-5.5        id:grp-1",
        "prune-stale      agent:main:cron:job1       40d ago   gpt-5.5        id:cron-1",
        ""
      ].join("\n")
    )
    const json = await s.json([...C, "--dry-run", "--json"])
    expect(json).toMatchObject({ mode: "enforce", beforeCount: 4, afterCount: 2, pruned: 2, diskBudget: null, wouldMutate: true })
    expect(json.unreferencedArtifacts).toEqual({ scannedFiles: 7, removedFiles: 0, freedBytes: 0, olderThanMs: 2592000000 })
    expect(s.tree()).toEqual(before)
  })

  it("C2", async () => {
    const s = givenOnDisk(c1Files())
    fs.chmodSync(s.sd, 0o700)
    const mtime = fs.statSync(path.join(s.sd, "stale-1.jsonl")).mtimeMs
    const r = await s.run(C)
    expect(r.stdout).toBe(`Session store: ${s.sd}/sessions.json\nApplied maintenance. Current entries: 2\n`)
    const archive = `stale-1.jsonl.deleted.${ts(NOW)}`
    expect(s.names()).toEqual(["cron-1.jsonl.deleted." + ts(NOW), "fresh-1.jsonl", "grp-1.jsonl", "sessions.json", archive].sort())
    expect(fs.statSync(path.join(s.sd, archive)).mtimeMs).toBe(mtime)
    const text = s.read(`${SD}/sessions.json`)
    expect(text.endsWith("}")).toBe(true)
    expect(Object.keys(JSON.parse(text))).toEqual(["agent:main:main", "agent:main:telegram:group:-1001"])
    expect(fs.statSync(path.join(s.sd, "sessions.json")).mode & 0o777).toBe(0o600)
    // the reference widens the sessions dir to 0777 & ~umask here; clawkeep never changes a directory's mode (D21)
    expect(fs.statSync(s.sd).mode & 0o777).toBe(0o700)
  })

  it("C2 (--json)", async () => {
    const s = given(c1Files())
    const json = await s.json([...C, "--json"])
    expect(json).toMatchObject({ beforeCount: 4, afterCount: 2, pruned: 2, applied: true, appliedCount: 2 })
    expect(json.unreferencedArtifacts.scannedFiles).toBe(5)
  })

  const c3Files = (): ReadonlyArray<TreeFile> => [
    store({
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
    file(`${SD}/empty-1.jsonl`, { text: "" }),
    file(`${SD}/hdr-1.jsonl`, { text: '{"type":"session"}\n' }),
    file(`${SD}/custom-name.jsonl`),
    transcript("esc-1"),
    file(".openclaw/agents/main/outside.jsonl"),
    file("elsewhere/abs-1.jsonl")
  ]

  it("C3", async () => {
    const s = given(c3Files())
    const dry = await s.run([...C, "--dry-run", "--fix-missing"])
    expect(dry.stdout).toContain("Entries: 9 -> 7 (remove 2)\nWould prune missing transcripts: 2\n")
    const a = actions(dry.stdout)
    expect(a["missing"]).toBe("prune-missing")
    expect(a["abs-other"]).toBe("prune-missing")
    expect(Object.values(a).filter((x) => x === "keep")).toHaveLength(7)
    const before = s.tree().filter((f) => !f.path.endsWith("sessions.json"))
    const json = await s.json([...C, "--fix-missing", "--json"])
    expect(json).toMatchObject({ beforeCount: 7, afterCount: 7, missing: 2, applied: true, appliedCount: 7 })
    expect(Object.keys(JSON.parse(s.read(`${SD}/sessions.json`)))).toEqual([
      "present",
      "empty-present",
      "header-only-present",
      "agent:main:nosid",
      "legacy-nosid",
      "rel-file",
      "escape-file"
    ])
    expect(s.tree().filter((f) => !f.path.endsWith("sessions.json"))).toEqual(before)
  })

  it("C4", async () => {
    const s = given([store({ "invalid-no-file": { sessionId: "agent:main:main" }, ok: { sessionId: "ok-1" } }), transcript("ok-1")])
    const before = s.tree()
    for (const args of [[...C, "--dry-run", "--fix-missing"], [...C, "--dry-run", "--fix-missing", "--json"], [...C, "--fix-missing"]]) {
      const r = await s.run(args)
      expect(r).toEqual({ code: 1, stdout: "", stderr: "Error: Invalid session ID: agent:main:main\n" })
    }
    expect(s.tree()).toEqual(before)
    const ok = await s.json([...C, "--dry-run", "--json"])
    expect(ok).toMatchObject({ beforeCount: 2, afterCount: 2 })
  })

  const dmKeys = [
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
  const dmFiles = (): ReadonlyArray<TreeFile> => {
    const rows: Record<string, unknown> = {}
    dmKeys.forEach((k, i) => (rows[k] = { sessionId: `d${i}`, updatedAt: NOW - H - i * 60_000 }))
    rows["agent:main:metadata"] = { sessionId: "agent:main:metadata", groupActivation: "always" }
    return [store(rows), ...dmKeys.map((_, i) => transcript(`d${i}`))]
  }

  it("C5", async () => {
    const s = given(dmFiles())
    const active = ["--active-key", "agent:main:whatsapp:direct:active"]
    const dry = await s.run([...C, "--dry-run", "--fix-dm-scope", ...active])
    expect(dry.stdout).toContain("Entries: 13 -> 7 (remove 6)\n")
    expect(dry.stdout).toContain("Would retire stale direct DM sessions: 6\n")
    const json = await s.json([...C, "--fix-dm-scope", "--json", ...active])
    expect(json).toMatchObject({ beforeCount: 7, afterCount: 7, dmScopeRetired: 6, appliedCount: 7 })
    expect(json.unreferencedArtifacts.scannedFiles).toBe(13)
    const names = s.names()
    for (const i of [0, 1, 2, 3, 4, 5]) expect(names).toContain(`d${i}.jsonl.deleted.${ts(NOW)}`)
    expect(names).toContain("d6.jsonl")
    expect(JSON.parse(s.read(`${SD}/sessions.json`))["agent:main:metadata"]).toEqual({ sessionId: "agent:main:metadata", groupActivation: "always" })
  })

  it("C6", async () => {
    const s = given([
      config({ session: { dmScope: "main" } }),
      store({
        "agent:main:main": { sessionId: "main-session", updatedAt: NOW - H },
        "agent:main:telegram:direct:6101296751": {
          sessionId: "direct-session",
          updatedAt: NOW - H,
          lastChannel: "telegram",
          sessionFile: `<HOME>/${SD}/direct-session.jsonl`
        }
      }),
      transcript("main-session"),
      transcript("direct-session")
    ])
    const dry = await s.json([...C, "--dry-run", "--enforce", "--fix-dm-scope", "--json"])
    expect(dry).toMatchObject({ dmScopeRetired: 1, afterCount: 1 })
    expect(dry.unreferencedArtifacts).toMatchObject({ scannedFiles: 3, removedFiles: 0 })
    expect(s.names()).toContain("direct-session.jsonl")
    const applied = await s.json([...C, "--enforce", "--fix-dm-scope", "--store", `${s.sd}/sessions.json`, "--json"])
    expect(applied).toMatchObject({ dmScopeRetired: 1, afterCount: 1 })
    expect(s.names()).toEqual([`direct-session.jsonl.deleted.${ts(NOW)}`, "main-session.jsonl", "sessions.json"])
  })

  it("C7", async () => {
    const s = given([config({ session: { dmScope: "per-peer" } }), store({ "agent:main:telegram:direct:1": { sessionId: "t1", updatedAt: NOW - H } }), transcript("t1")])
    expect(await s.json([...C, "--dry-run", "--fix-dm-scope", "--json"])).toMatchObject({ dmScopeRetired: 0, afterCount: 1 })
  })

  it("C8", async () => {
    const s = given([
      config({ session: { maintenance: { mode: "warn" } } }),
      store({
        "agent:main:main": { sessionId: "main-s", updatedAt: NOW - H },
        "agent:main:telegram:direct:6101296751": { sessionId: "direct-s", updatedAt: NOW - H },
        gone: { sessionId: "gone-s", updatedAt: NOW - 40 * D }
      }),
      transcript("main-s"),
      transcript("direct-s")
    ])
    const json = await s.json([...C, "--fix-dm-scope", "--fix-missing", "--json", "--store", `${s.sd}/sessions.json`])
    expect(json).toMatchObject({ mode: "warn", beforeCount: 1, afterCount: 1, missing: 1, dmScopeRetired: 1, pruned: 0, wouldMutate: true, appliedCount: 1 })
    expect(json.unreferencedArtifacts).toEqual({ scannedFiles: 0, removedFiles: 0, freedBytes: 0, olderThanMs: 2592000000 })
    expect(s.names()).toContain(`direct-s.jsonl.deleted.${ts(NOW)}`)
  })

  const c9Files = (): ReadonlyArray<TreeFile> => {
    const rows: Record<string, Record<string, unknown>> = {
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
    const old = NOW - 10 * D
    return [
      config({ session: { maintenance: { mode: "warn", pruneAfter: "7d", maxEntries: 3, resetArchiveRetention: "3d" } } }),
      store(rows),
      ...Object.values(rows).map((r) => transcript(r["sessionId"] as string, NOW - H)),
      file(`${SD}/old.jsonl.deleted.${ts(NOW - 9 * D)}`, { mtimeMs: old }),
      file(`${SD}/recent.jsonl.deleted.${ts(NOW - 2 * D)}`, { mtimeMs: old }),
      file(`${SD}/r-old.jsonl.reset.${ts(NOW - 5 * D)}`, { mtimeMs: old }),
      file(`${SD}/r-new.jsonl.reset.${ts(NOW - D)}`, { mtimeMs: old }),
      file(`${SD}/b.jsonl.bak.${ts(NOW - 20 * D)}`, { mtimeMs: old }),
      file(`${SD}/orphan.jsonl`, { mtimeMs: old }),
      file(`${SD}/orphan2.jsonl`, { mtimeMs: NOW - D }),
      file(`${SD}/orphan.trajectory.jsonl`, { mtimeMs: old }),
      file(`${SD}/orphan.trajectory-path.json`, { mtimeMs: old }),
      file(`${SD}/x.checkpoint.11111111-1111-4111-8111-111111111111.jsonl`, { mtimeMs: old }),
      file(`${SD}/sessions.json.123.abc.tmp`, { mtimeMs: old }),
      file(`${SD}/.fs-safe-replace.1.x.tmp`, { mtimeMs: old }),
      file(`${SD}/notes.txt`, { mtimeMs: old })
    ]
  }

  it("C9", async () => {
    const s = given(c9Files())
    const dry = await s.run([...C, "--dry-run"])
    expect(dry.stdout).toContain("Maintenance mode: warn\nEntries: 9 -> 3 (remove 6)\n")
    expect(dry.stdout).toContain("Would prune stale: 1\nWould cap overflow: 5\nWould prune unreferenced artifacts: 4\n")
    const a = actions(dry.stdout)
    for (const k of ["agent:main:telegram:direct:1", "agent:main:telegram:direct:2", "agent:main:telegram:direct:3", "agent:main:subagent:s1", "legacy-x"]) {
      expect(a[k.length > 26 ? `${k.slice(0, 16)}...${k.slice(-6)}` : k]).toBe("cap-overflow")
    }
    expect(a["agent:main:cron:c1"]).toBe("prune-stale")
    const before = s.tree()
    const warn = await s.json([...C, "--json"])
    expect(warn).toMatchObject({ mode: "warn", beforeCount: 9, afterCount: 9, pruned: 0, capped: 0, wouldMutate: false, appliedCount: 9 })
    expect(warn.unreferencedArtifacts).toEqual({ scannedFiles: 0, removedFiles: 0, freedBytes: 0, olderThanMs: 604800000 })
    expect(s.tree()).toEqual(before)
    const enforce = await s.json([...C, "--enforce", "--json"])
    expect(enforce).toMatchObject({ beforeCount: 9, afterCount: 3, pruned: 1, capped: 5, appliedCount: 3 })
    expect(enforce.unreferencedArtifacts).toMatchObject({ scannedFiles: 21, removedFiles: 4, freedBytes: 4 })
    expect(Object.keys(JSON.parse(s.read(`${SD}/sessions.json`)))).toEqual([
      "agent:main:main",
      "agent:main:slack:channel:c1",
      "agent:main:discord:channel:9:thread:7"
    ])
    const names = s.names()
    expect(names.filter((n) => n.endsWith(`.deleted.${ts(NOW)}`))).toHaveLength(6)
    for (const gone of ["orphan.jsonl", "orphan.trajectory.jsonl", "orphan.trajectory-path.json", "x.checkpoint.11111111-1111-4111-8111-111111111111.jsonl"]) {
      expect(names).not.toContain(gone)
    }
    expect(names.some((n) => n.startsWith("old.jsonl.deleted"))).toBe(false)
    expect(names.some((n) => n.startsWith("r-old.jsonl.reset"))).toBe(false)
    for (const kept of ["orphan2.jsonl", "sessions.json.123.abc.tmp", ".fs-safe-replace.1.x.tmp", "notes.txt"]) expect(names).toContain(kept)
    expect(names.some((n) => n.startsWith("recent.jsonl.deleted"))).toBe(true)
    expect(names.some((n) => n.startsWith("r-new.jsonl.reset"))).toBe(true)
    expect(names.some((n) => n.startsWith("b.jsonl.bak"))).toBe(true)
  })

  it("C9 (enforce text)", async () => {
    const s = given(c9Files())
    const r = await s.run([...C, "--enforce"])
    expect(r.stdout).toBe(`Session store: ${s.sd}/sessions.json\nApplied maintenance. Current entries: 3\nPruned unreferenced artifacts: 4\n`)
  })

  it("C10", async () => {
    const rows: Record<string, unknown> = {}
    for (let i = 0; i < 75; i++) rows[`session-${i}`] = { sessionId: `s-${i}`, updatedAt: NOW - i * 1000 }
    rows["agent:main:slack:channel:C123"] = { updatedAt: NOW - 99 * D }
    rows["agent:main:discord:channel:123456:thread:987654"] = { updatedAt: NOW - 100 * D }
    rows["agent:main:telegram:group:-100123:topic:77"] = { updatedAt: NOW - 101 * D }
    const s = given([config({ session: { maintenance: { mode: "enforce", pruneAfter: "365d", maxEntries: 50 } } }), store(rows)])
    expect(await s.json([...C, "--dry-run", "--json"])).toMatchObject({ beforeCount: 78, afterCount: 50, capped: 28 })
    const a = actions((await s.run([...C, "--dry-run"])).stdout)
    expect(a["session-46"]).toBe("keep")
    for (let i = 47; i < 75; i++) expect(a[`session-${i}`]).toBe("cap-overflow")
    expect(Object.entries(a).filter(([k, v]) => k.startsWith("agent:") && v === "keep")).toHaveLength(3)
  })

  it("C11", async () => {
    const s = given([
      config({ session: { maintenance: { maxEntries: 3 } } }),
      store({ noDate1: {}, noDate2: {}, recent: { updatedAt: NOW - D }, older: { updatedAt: NOW - 2 * D }, tie1: { updatedAt: NOW - 3 * D }, tie2: { updatedAt: NOW - 3 * D } })
    ])
    const out = (await s.run([...C, "--dry-run"])).stdout
    expect(actions(out)).toEqual({ recent: "keep", older: "keep", tie1: "keep", tie2: "cap-overflow", noDate1: "cap-overflow", noDate2: "cap-overflow" })
    const order = out.split("\n").slice(-7, -1).map((l) => l.split(/\s+/)[1])
    expect(order).toEqual(["recent", "older", "tie1", "tie2", "noDate1", "noDate2"])
  })

  it("C12", async () => {
    const old = NOW - 40 * D
    const kept = {
      "agent:main:slack:channel:C123:thread:1710000000.000100": {},
      "agent:main:telegram:group:-100123:topic:77": {},
      "agent:main:slack:channel:c999": {},
      "agent:main:opaque": { chatType: "channel" },
      "agent:main:opaque2": { origin: { chatType: "group" } },
      "agent:main:acp-bridge:session-1": { chatType: "group" },
      "agent:main:custom:channel:room-one:with:colon": {},
      "agent:main:telegram:dm:5:topic:9": {},
      "discord:channel:123": {},
      "agent:main:whatever": { chatType: "thread" },
      "agent:main:thing:THREAD:5": {},
      "agent:main:x": { chatType: "GROUP" }
    }
    const pruned = {
      "agent:main:cron:x": { origin: { chatType: "group" } },
      "agent:main:acp:abc": { chatType: "group" },
      "agent:main:hook:abc": { chatType: "group" },
      "agent:main:node:abc": { chatType: "group" },
      "agent:main:heartbeat": { chatType: "group" },
      "agent:main:subagent:x": { chatType: "group" },
      "subagent:bare": { chatType: "group" },
      "agent:main:opaque:topic:om_topic_root:sender:ou_topic_user": {},
      "agent:main:main": {},
      global: {},
      "agent:main:y": { chatType: "dm" },
      "agent:main:z:thread:": {}
    }
    const rows: Record<string, unknown> = {}
    for (const [k, v] of [...Object.entries(kept), ...Object.entries(pruned)]) rows[k] = { ...v, updatedAt: old }
    const s = given([store(rows)])
    const json = await s.json([...C, "--dry-run", "--json"])
    expect(json).toMatchObject({ beforeCount: 24, afterCount: 12, pruned: 12 })
    const a = actions((await s.run([...C, "--dry-run"])).stdout)
    const cell = (k: string) => (k.length > 26 ? `${k.slice(0, 16)}...${k.slice(-6)}` : k)
    for (const k of Object.keys(kept)) expect(a[cell(k)]).toBe("keep")
    for (const k of Object.keys(pruned)) expect(a[cell(k)]).toBe("prune-stale")
  })

  it("C13", async () => {
    const s = given([store({ "agent:main:Mixed": { updatedAt: NOW - 40 * D }, "agent:main:lower": { updatedAt: NOW - 40 * D } })])
    expect(actions((await s.run([...C, "--dry-run", "--active-key", "agent:main:Mixed"])).stdout)).toEqual({
      "agent:main:Mixed": "prune-stale",
      "agent:main:lower": "prune-stale"
    })
    expect(actions((await s.run([...C, "--dry-run", "--active-key", " AGENT:MAIN:LOWER "])).stdout)["agent:main:lower"]).toBe("keep")
  })

  const c14Files = (): ReadonlyArray<TreeFile> => [
    config({ session: { maintenance: { maxDiskBytes: "2000", highWaterBytes: 1200 } } }),
    store({
      "agent:main:telegram:direct:a": { sessionId: "a-1", updatedAt: NOW - 5 * D },
      "agent:main:main": { sessionId: "b-1", updatedAt: NOW - H },
      "agent:main:slack:group:g": { sessionId: "c-1", updatedAt: NOW - 6 * D }
    }),
    file(`${SD}/a-1.jsonl`, { size: 600, mtimeMs: NOW - 5 * D }),
    file(`${SD}/b-1.jsonl`, { size: 600 }),
    file(`${SD}/c-1.jsonl`, { size: 300, mtimeMs: NOW - 6 * D }),
    file(`${SD}/z.jsonl.deleted.${ts(NOW - D)}`, { size: 400, mtimeMs: NOW - D }),
    file(`${SD}/o.jsonl`, { size: 300, mtimeMs: NOW - 2 * D })
  ]

  it("C14", async () => {
    const s = given(c14Files())
    expect(s.fs.statSync(path.join(s.sd, "sessions.json")).size).toBe(273)
    const dry = await s.run([...C, "--dry-run"])
    expect(dry.stdout).toContain("Entries: 3 -> 2 (remove 1)\n")
    expect(dry.stdout).toContain("Would enforce disk budget: 2473 -> 1077 bytes (files 3, entries 1)\n")
    expect(actions(dry.stdout)["agent:main:teleg...rect:a"]).toBe("evict-budget")
    const budget = { totalBytesBefore: 2473, totalBytesAfter: 1077, removedFiles: 3, removedEntries: 1, freedBytes: 1300, maxBytes: 2000, highWaterBytes: 1200, overBudget: true }
    expect((await s.json([...C, "--dry-run", "--json"])).diskBudget).toEqual(budget)
    const applied = await s.json([...C, "--json"])
    expect(applied.diskBudget).toEqual(budget)
    expect(applied.afterCount).toBe(2)
    expect(s.names()).toEqual(["b-1.jsonl", "c-1.jsonl", "sessions.json"])
  })

  it("C15", async () => {
    const s = given([
      config({ session: { maintenance: { mode: "enforce", pruneAfter: "7d", maxEntries: 500, maxDiskBytes: 1000, highWaterBytes: 900 } } }),
      store({ fresh: { sessionId: "fresh-session", updatedAt: NOW } }),
      file(`${SD}/orphan-session.jsonl`, { size: 2000, mtimeMs: NOW - 10 * D })
    ])
    const json = await s.json([...C, "--dry-run", "--json"])
    const storeBytes = s.fs.statSync(path.join(s.sd, "sessions.json")).size
    expect(json.diskBudget).toMatchObject({ removedFiles: 1, freedBytes: 2000, totalBytesBefore: storeBytes + 2000, totalBytesAfter: storeBytes })
    expect(json.unreferencedArtifacts.removedFiles).toBe(0)
    expect(s.names()).toContain("orphan-session.jsonl")
  })

  it("C16", async () => {
    const rows = { older: { sessionId: "older", updatedAt: NOW - D }, newer: { sessionId: "newer", updatedAt: NOW } }
    const s = given([
      config({ session: { maintenance: { pruneAfter: "365d", maxEntries: 100, maxDiskBytes: 900, highWaterBytes: 700 } } }),
      { path: `${SD}/sessions.json`, text: JSON.stringify(rows, null, 2) + " ".repeat(10000), mtimeMs: NOW },
      file(`${SD}/older.jsonl`, { size: 80 }),
      file(`${SD}/newer.jsonl`, { size: 80 })
    ])
    const json = await s.json([...C, "--dry-run", "--json"])
    // The store counts at its serialized size (the 10 000 padding spaces do not count).
    const projected = Buffer.byteLength(JSON.stringify(rows, null, 2)) + 160
    expect(json.diskBudget).toMatchObject({ totalBytesBefore: projected, totalBytesAfter: projected, overBudget: false })
    expect(json.afterCount).toBe(2)
  })

  it("C17", async () => {
    const s = given([
      config({ session: { maintenance: { pruneAfter: "1h30m", resetArchiveRetention: false, maxDiskBytes: "1.5kb", highWaterBytes: "10mb" } } }),
      { path: `${SD}/sessions.json`, text: "{}\n", mtimeMs: NOW },
      file(`${SD}/big.bin`, { size: 3000 })
    ])
    const json = await s.json([...C, "--dry-run", "--json"])
    expect(json.unreferencedArtifacts.olderThanMs).toBe(5400000)
    expect(json.diskBudget).toEqual({ totalBytesBefore: 3002, totalBytesAfter: 3002, removedFiles: 0, removedEntries: 0, freedBytes: 0, maxBytes: 1536, highWaterBytes: 1536, overBudget: true })
  })

  const c18Files = (relative: boolean): ReadonlyArray<TreeFile> => {
    const checkpoints: Array<unknown> = [
      {
        preCompaction: { sessionFile: `<HOME>/${SD}/fresh-session.checkpoint.22222222-2222-4222-8222-222222222222.jsonl` },
        postCompaction: { sessionFile: `<HOME>/${SD}/fresh-session-compacted.jsonl` }
      }
    ]
    if (relative) checkpoints.push({ preCompaction: { sessionFile: "fresh-session.checkpoint.33333333-3333-4333-8333-333333333333.jsonl" } })
    const names = [
      "fresh-session.jsonl",
      "fresh-session.checkpoint.22222222-2222-4222-8222-222222222222.jsonl",
      "fresh-session-compacted.jsonl",
      "orphan-session.jsonl",
      "orphan-session.trajectory.jsonl",
      "orphan-session.trajectory-path.json",
      "orphan-session.checkpoint.11111111-1111-4111-8111-111111111111.jsonl",
      ...(relative ? ["fresh-session.checkpoint.33333333-3333-4333-8333-333333333333.jsonl"] : [])
    ]
    return [
      config({ session: { maintenance: { mode: "enforce", pruneAfter: "7d", maxEntries: 500 } } }),
      store({ fresh: { sessionId: "fresh-session", updatedAt: NOW, compactionCheckpoints: checkpoints } }),
      ...names.map((n) => file(`${SD}/${n}`, { mtimeMs: NOW - 10 * D })),
      file(`${SD}/fresh-orphan.jsonl`, { mtimeMs: NOW })
    ].map((f) => (f.text !== undefined ? { ...f } : f))
  }

  it("C18", async () => {
    const s = given(c18Files(false))
    // The store's absolute paths name this HOME.
    s.fs.writeFileSync(path.join(s.sd, "sessions.json"), s.read(`${SD}/sessions.json`).replaceAll("<HOME>", s.home))
    // Every test file is 1 byte, so freedBytes equals the count (the spec's run had other sizes).
    const dry = await s.json([...C, "--dry-run", "--json"])
    expect(dry.unreferencedArtifacts).toMatchObject({ scannedFiles: 9, removedFiles: 5, freedBytes: 5 })
    const applied = await s.json([...C, "--json"])
    expect(applied.unreferencedArtifacts).toMatchObject({ scannedFiles: 9, removedFiles: 5, freedBytes: 5 })
    expect(s.names()).toEqual(
      ["fresh-orphan.jsonl", "fresh-session.checkpoint.22222222-2222-4222-8222-222222222222.jsonl", "fresh-session.jsonl", "sessions.json"].sort()
    )
  })

  it("C19", async () => {
    const s = given(c18Files(true))
    s.fs.writeFileSync(path.join(s.sd, "sessions.json"), s.read(`${SD}/sessions.json`).replaceAll("<HOME>", s.home))
    // D9: the relative pre-compaction checkpoint is resolved against the sessions dir, from anywhere.
    for (const cwd of [s.home, s.sd, "/"]) {
      const r = await s.run([...C, "--dry-run", "--json"], { cwd })
      const json = JSON.parse(r.stdout)
      expect(json.unreferencedArtifacts.removedFiles).toBe(5)
      expect(s.names()).toContain("fresh-session.checkpoint.33333333-3333-4333-8333-333333333333.jsonl")
    }
    await s.json([...C, "--json"])
    expect(s.names()).toContain("fresh-session.checkpoint.33333333-3333-4333-8333-333333333333.jsonl")
  })

  it("C20", async () => {
    const s = given([
      config({ session: { maintenance: { mode: "enforce", pruneAfter: "7d", maxEntries: 1 } } }),
      store({ stale: { sessionId: "stale", updatedAt: NOW - 30 * D }, capped: { sessionId: "capped", updatedAt: NOW - D }, fresh: { sessionId: "fresh", updatedAt: NOW } }),
      transcript("stale", NOW - 10 * D),
      transcript("capped", NOW - 10 * D),
      transcript("fresh")
    ])
    const before = s.tree()
    const json = await s.json([...C, "--dry-run", "--json"])
    expect(json).toMatchObject({ pruned: 1, capped: 1 })
    expect(json.unreferencedArtifacts).toMatchObject({ scannedFiles: 4, removedFiles: 0 })
    expect(s.tree()).toEqual(before)
  })

  it("C21", async () => {
    const s = given([
      store({
        a: { sessionId: "x-1", sessionFile: "custom.jsonl", updatedAt: NOW - 40 * D },
        b: { sessionId: "shared-1", updatedAt: NOW - 40 * D },
        c: { sessionId: "shared-1", updatedAt: NOW - H },
        d: { sessionId: "ext-1", sessionFile: "<HOME>/outside/ext-1.jsonl", updatedAt: NOW - 40 * D },
        e: { sessionId: "11111111-2222-4333-8444-555555555555", sessionFile: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.jsonl", updatedAt: NOW - 40 * D }
      }),
      ...["custom.jsonl", "x-1.jsonl", "shared-1.jsonl", "11111111-2222-4333-8444-555555555555.jsonl", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.jsonl"].map((n) =>
        file(`${SD}/${n}`)
      ),
      file("outside/ext-1.jsonl")
    ])
    s.fs.writeFileSync(path.join(s.sd, "sessions.json"), s.read(`${SD}/sessions.json`).replaceAll("<HOME>", s.home))
    const json = await s.json([...C, "--json"])
    expect(json).toMatchObject({ pruned: 4, afterCount: 1 })
    const t = ts(NOW)
    expect(s.names()).toEqual(
      [
        `custom.jsonl.deleted.${t}`,
        `x-1.jsonl.deleted.${t}`,
        `11111111-2222-4333-8444-555555555555.jsonl.deleted.${t}`,
        `aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.jsonl.deleted.${t}`,
        "shared-1.jsonl",
        "sessions.json"
      ].sort()
    )
    expect(s.fs.existsSync(path.join(s.home, "outside/ext-1.jsonl"))).toBe(true)
  })

  it("C22", async () => {
    const canonical = JSON.stringify({ a: { sessionId: "a-1", updatedAt: NOW - H } }, null, 2)
    const s = given([{ path: `${SD}/sessions.json`, text: canonical, mtimeMs: NOW - D, mode: 0o644 }, transcript("a-1")])
    await s.run(C)
    const st = s.fs.statSync(path.join(s.sd, "sessions.json"))
    expect(s.read(`${SD}/sessions.json`)).toBe(canonical)
    expect(st.mode & 0o777).toBe(0o644)
    expect(st.mtimeMs).toBe(NOW - D)
    s.fs.writeFileSync(path.join(s.sd, "sessions.json"), JSON.stringify(JSON.parse(canonical)))
    await s.run(C)
    expect(s.read(`${SD}/sessions.json`)).toBe(canonical)
    expect(s.fs.statSync(path.join(s.sd, "sessions.json")).mode & 0o777).toBe(0o600)
    const empty = scenario([{ path: ".openclaw", dir: true }])
    try {
      expect((await empty.run(C)).code).toBe(0)
      expect(empty.read(`${SD}/sessions.json`)).toBe("{}")
      expect(empty.fs.statSync(path.join(empty.sd, "sessions.json")).mode & 0o777).toBe(0o600)
    } finally {
      empty.cleanup()
    }
  })

  it("C23", async () => {
    const text = '{ // c\n "a": {"sessionId": "a-1"}, }'
    const s = given([{ path: `${SD}/sessions.json`, text, mtimeMs: NOW }])
    const r = await s.run([...C, "--store", `${s.sd}/sessions.json`])
    expect(r).toEqual({ code: 1, stdout: "", stderr: `Session store is not a valid JSON object: ${s.sd}/sessions.json; refusing to write\n` })
    expect(s.read(`${SD}/sessions.json`)).toBe(text)
    expect(await s.json([...C, "--dry-run", "--json"])).toMatchObject({ beforeCount: 0, afterCount: 0 })
  })

  it("C24", async () => {
    const s = given([
      store({ nul: null, num: { sessionId: "n-1", sessionFile: 42, updatedAt: NOW - 40 * D }, ok: { sessionId: "ok", updatedAt: NOW - H } }),
      transcript("n-1", NOW - 40 * D)
    ])
    const dry = await s.json([...C, "--dry-run", "--json", "--fix-missing"])
    expect(dry).toMatchObject({ beforeCount: 3, missing: 1, pruned: 1, afterCount: 1 })
    const applied = await s.json([...C, "--json"])
    expect(applied).toMatchObject({ pruned: 1, afterCount: 2 })
    expect(JSON.parse(s.read(`${SD}/sessions.json`))).toEqual({ nul: null, ok: { sessionId: "ok", updatedAt: NOW - H } })
    expect(s.names()).toContain(`n-1.jsonl.deleted.${ts(NOW)}`)
  })

  it("C25", async () => {
    const survivors = {
      "keep-unknown": { sessionId: "u1", updatedAt: NOW - H, foo: { bar: [1, 2, { z: null }] }, zzz: "last", aaa: true },
      legacy: { sessionId: "l1", updatedAt: NOW - H, provider: "telegram", lastProvider: "telegram", room: "#ops" },
      spaced: { sessionId: "m1", updatedAt: NOW - H, model: "  gpt-5.4  ", skillsSnapshot: { resolvedSkills: [1] } },
      ctx: { sessionId: "c1", updatedAt: NOW - H, deliveryContext: { channel: "Telegram", accountId: "Default" } }
    }
    const s = given([store({ stale: { sessionId: "s", updatedAt: NOW - 40 * D }, ...survivors })])
    await s.run(C)
    expect(s.read(`${SD}/sessions.json`)).toBe(JSON.stringify(survivors, null, 2))
  })

  const t1Files = (): ReadonlyArray<TreeFile> => [
    { path: ".openclaw/openclaw.json", text: '{ agents: { list: [ {id:"main"}, {id:"Work", default:true}, {id:"main"} ] } }', mtimeMs: NOW },
    store({ "agent:main:main": { updatedAt: NOW - 2 * H } }, "main"),
    store({ "agent:work:main": { updatedAt: NOW - H }, "agent:other:x": { updatedAt: NOW - 3 * H } }, "work")
  ]

  it("C26", async () => {
    const s = given(t1Files())
    const text = await s.run([...C, "--all-agents", "--dry-run"])
    const blocks = text.stdout.split("\n\nAgent: ")
    expect(text.stdout.startsWith(`Agent: main\nSession store: ${path.join(s.home, sd("main"))}/sessions.json\n`)).toBe(true)
    expect(blocks).toHaveLength(2)
    expect(blocks[1]!.startsWith(`work\nSession store: ${path.join(s.home, sd("work"))}/sessions.json\n`)).toBe(true)
    const json = await s.json([...C, "--all-agents", "--dry-run", "--json"])
    expect(Object.keys(json)).toEqual(["allAgents", "mode", "dryRun", "stores"])
    expect(json).toMatchObject({ allAgents: true, mode: "enforce", dryRun: true })
    expect(json.stores).toHaveLength(2)
    const applied = await s.run([...C, "--all-agents"])
    expect(applied.stdout).toBe(
      [
        "Agent: main",
        `Session store: ${path.join(s.home, sd("main"))}/sessions.json`,
        "Applied maintenance. Current entries: 1",
        "",
        "Agent: work",
        `Session store: ${path.join(s.home, sd("work"))}/sessions.json`,
        "Applied maintenance. Current entries: 2",
        ""
      ].join("\n")
    )
    const single = scenario(c1Files())
    try {
      expect(Object.keys(await single.json([...C, "--all-agents", "--dry-run", "--json"]))[0]).toBe("agentId")
    } finally {
      single.cleanup()
    }
  })

  it("C27", async () => {
    const s = given([{ path: ".openclaw", dir: true }])
    const r = await s.run([...C, "--dry-run"])
    expect(r.stdout).toBe(
      [
        `Session store: ${s.sd}/sessions.json`,
        "Maintenance mode: enforce",
        "Entries: 0 -> 0 (remove 0)",
        "Would prune missing transcripts: 0",
        "Would retire stale direct DM sessions: 0",
        "Would prune stale: 0",
        "Would cap overflow: 0",
        ""
      ].join("\n")
    )
    const json = await s.json([...C, "--dry-run", "--json"])
    expect(json).toMatchObject({ wouldMutate: false })
    expect(json.unreferencedArtifacts.scannedFiles).toBe(0)
  })

  it("C28", async () => {
    const s = given([store({ stale: { sessionId: "s", updatedAt: 1, model: "pi:opus" }, fresh: { sessionId: "f", updatedAt: 2, model: "pi:opus" } })])
    const r = await s.run([...C, "--dry-run"])
    expect(r.stdout).toContain("Entries: 2 -> 0 (remove 2)\n")
    expect(r.stdout).toContain("Would prune stale: 2\n")
    const rows = r.stdout.trimEnd().split("\n").slice(-2)
    expect(rows[0]).toBe("prune-stale      fresh                      20594d ago pi:opus        id:f")
    expect(rows[1]!.startsWith("prune-stale      stale ")).toBe(true)
  })
})

export { sd }
