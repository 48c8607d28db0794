import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll } from "vitest"
import {
  archiveName,
  archiveTimestampMs,
  classifyFileName,
  isCheckpointName,
  isInside,
  isValidSessionId,
  parseArchiveName,
  pointerSidecarPath,
  resolveTranscriptPath,
  runtimeSidecarPath,
  safeSessionId,
  type TranscriptContext
} from "../../src/domain/sessionFiles.js"
import { tempDir } from "../support/tempDir.js"

const UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"

describe("file classification (store-model §7.2)", () => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ["sessions.json", "store"],
    ["abc.jsonl", "transcript"],
    ["abc-topic-77.jsonl", "transcript"],
    ["abc-topic-a%2Fb.jsonl", "transcript"],
    [`abc.checkpoint.${UUID}.jsonl`, "checkpoint"],
    [`abc.checkpoint.${UUID.toUpperCase()}.jsonl`, "checkpoint"],
    ["abc.checkpoint.0f8fad5b-d9cb-669f-a165-70867728950e.jsonl", "transcript"], // version 6 is not a v1–5 uuid
    ["abc.checkpoint.0f8fad5b-d9cb-469f-c165-70867728950e.jsonl", "transcript"], // variant c
    ["abc.trajectory.jsonl", "trajectory-runtime"],
    ["abc.trajectory-path.json", "trajectory-pointer"],
    ["abc.jsonl.deleted.2026-05-20T12-00-02.102Z", "archive"],
    ["abc.jsonl.reset.2026-05-20T12-00-02Z", "archive"],
    ["sessions.json.bak.2026-05-20T12-00-02.102Z", "archive"],
    ["sessions.json.bak.3", "archive"],
    ["abc.trajectory.jsonl.deleted.2026-05-20T12-00-02.102Z", "archive"],
    ["abc.jsonl.deleted.2026-05-20T12:00:02.102Z", "other"],
    ["abc.jsonl.deleted.", "other"],
    ["abc.jsonl.deleted.2026-05-20", "other"],
    ["abc.jsonl.archived.2026-05-20T12-00-02.102Z", "other"],
    ["sessions.json.bak.3a", "other"],
    ["sessions.json.bak", "other"],
    ["abc.json", "other"],
    [".fs-safe-replace.1.x.tmp", "other"],
    ["sessions.json.lock", "other"],
    ["notes.txt", "other"]
  ]
  for (const [name, kind] of table) it(`${name} → ${kind}`, () => expect(classifyFileName(name).kind).toBe(kind))

  it("archive details: reason, timestamp after the last marker, original name", () => {
    expect(parseArchiveName("a.deleted.x.jsonl.deleted.2026-05-20T12-00-02.102Z")).toEqual({
      reason: "deleted",
      timestamp: "2026-05-20T12-00-02.102Z",
      original: "a.deleted.x.jsonl"
    })
    expect(classifyFileName("a.jsonl.reset.2026-05-20T12-00-02Z")).toEqual({ kind: "archive", reason: "reset", timestamp: "2026-05-20T12-00-02Z" })
    expect(classifyFileName("sessions.json.bak.12")).toEqual({ kind: "archive", reason: "bak", timestamp: undefined })
    expect(classifyFileName(`s1.checkpoint.${UUID}.jsonl`)).toEqual({ kind: "checkpoint", sessionId: "s1" })
    expect(isCheckpointName(`s1.checkpoint.${UUID}.jsonl`)).toBe(true)
  })

  it.prop("archiveName and archiveTimestampMs agree (`:` → `-`, reference example)", [fc.integer({ min: 0, max: 4102444800000 })], ([ms]) => {
    const name = archiveName("x.jsonl", "deleted", ms)
    const parsed = parseArchiveName(name)!
    expect(parsed.original).toBe("x.jsonl")
    expect(archiveTimestampMs(parsed.timestamp)).toBe(ms)
    expect(classifyFileName(name).kind).toBe("archive")
  })

  it("archive name of the reference", () => {
    expect(archiveName("stale-1.jsonl", "deleted", Date.parse("2026-05-20T12:00:02.102Z"))).toBe("stale-1.jsonl.deleted.2026-05-20T12-00-02.102Z")
  })

  it("session ids, sidecars and safe ids", () => {
    expect(isValidSessionId("abc-1.2_3")).toBe(true)
    expect(isValidSessionId("A".repeat(128))).toBe(true)
    expect(isValidSessionId("A".repeat(129))).toBe(false)
    expect(isValidSessionId(".hidden")).toBe(false)
    expect(isValidSessionId("agent:main:x")).toBe(false)
    expect(isValidSessionId(`s.checkpoint.${UUID}`)).toBe(false)
    expect(runtimeSidecarPath("/d/a.jsonl")).toBe("/d/a.trajectory.jsonl")
    expect(pointerSidecarPath("/d/a-topic-1.jsonl")).toBe("/d/a-topic-1.trajectory-path.json")
    expect(safeSessionId("a:b/c")).toBe("a_b_c")
    expect(safeSessionId("::")).toBe("session")
    expect(safeSessionId("x".repeat(200))).toHaveLength(120)
    expect(isInside("/a/b", "/a/b")).toBe(true)
    expect(isInside("/a/b", "/a/bc")).toBe(false)
  })
})

describe("transcript path of an entry (store-model §7.1)", () => {
  const root = fs.realpathSync(tempDir("clawkeep-tp-"))
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
  const touch = (rel: string) => {
    const p = path.join(root, rel)
    fs.mkdirSync(path.dirname(p), { recursive: true })
    fs.writeFileSync(p, "{}\n")
    return p
  }
  const realpath = (p: string) => {
    try {
      return fs.realpathSync(p)
    } catch {
      return p
    }
  }
  const stateDir = path.join(root, "state")
  const ctx = (sessionsDir: string, agentId?: string): TranscriptContext => {
    fs.mkdirSync(path.join(root, sessionsDir), { recursive: true })
    return { sessionsDir: realpath(path.join(root, sessionsDir)), stateDir, agentId, realpath }
  }
  const plain = ctx("store")
  const agentStore = ctx("tree/agents/main/sessions")
  const resolve = (c: TranscriptContext, file: unknown, id = "fallback") => resolveTranscriptPath(c, id, file)
  const ok = (p: string) => ({ _tag: "ok", path: p })
  const fallback = (c: TranscriptContext, id = "fallback") => ok(path.join(c.sessionsDir, `${id}.jsonl`))

  it("no sessionFile: <sessionsDir>/<sessionId>.jsonl (trimmed id)", () => {
    expect(resolve(plain, undefined, " abc ")).toEqual(fallback(plain, "abc"))
    expect(resolve(plain, "   ")).toEqual(fallback(plain))
    expect(resolve(plain, 42)).toEqual(fallback(plain))
  })

  it("invalid session id: the reference's error", () => {
    expect(resolve(plain, undefined, "agent:main:metadata")).toEqual({ _tag: "invalid", message: "Invalid session ID: agent:main:metadata" })
    expect(resolve(plain, undefined, `s.checkpoint.${UUID}`)._tag).toBe("invalid")
    expect(resolve(plain, undefined, "")).toEqual({ _tag: "invalid", message: "Invalid session ID: " })
  })

  it("[V] relative: custom-name.jsonl is found in the sessions dir", () => {
    expect(resolve(plain, "custom-name.jsonl")).toEqual(ok(path.join(plain.sessionsDir, "custom-name.jsonl")))
    expect(resolve(plain, " sub/x.jsonl ")).toEqual(ok(path.join(plain.sessionsDir, "sub", "x.jsonl")))
  })

  it("[V] relative: a/../../outside.jsonl is accepted (points outside), ../outside.jsonl falls back", () => {
    expect(resolve(plain, "a/../../outside.jsonl")).toEqual(ok(path.join(root, "outside.jsonl")))
    expect(resolve(plain, "../outside.jsonl")).toEqual(fallback(plain))
    // [V] any text starting with `..` is rejected, even a plain file name
    expect(resolve(plain, "..sessions")).toEqual(fallback(plain))
  })

  it("absolute inside the sessions dir is accepted; the dir itself is not ([V])", () => {
    const inside = touch("store/t.jsonl")
    expect(resolve(plain, inside)).toEqual(ok(inside))
    expect(resolve(plain, path.join(plain.sessionsDir, "missing.jsonl"))).toEqual(ok(path.join(plain.sessionsDir, "missing.jsonl")))
    expect(resolve(plain, plain.sessionsDir)).toEqual(fallback(plain))
  })

  it("absolute through a symlink: compared after realpath", () => {
    const target = touch("store/real.jsonl")
    fs.symlinkSync(plain.sessionsDir, path.join(root, "store-link"))
    expect(resolve(plain, path.join(root, "store-link", "real.jsonl"))).toEqual(ok(target))
  })

  it("[V] absolute in an unrelated directory is rejected even when it exists", () => {
    const elsewhere = touch("elsewhere/t.jsonl")
    expect(resolve(plain, elsewhere)).toEqual(fallback(plain))
  })

  it("[V] remap a: a sibling agent's sessions dir of the same agents root (any depth)", () => {
    const sibling = touch("tree/agents/work/sessions/sub/t.jsonl")
    expect(resolve(agentStore, sibling)).toEqual(ok(sibling))
  })

  it("[V] remap b: inside <stateDir>/agents/<y>/sessions/ (any depth)", () => {
    const deep = touch("state/agents/deep/sessions/sub/t.jsonl")
    expect(resolve(plain, deep)).toEqual(ok(deep))
  })

  it("[V] remap c: exactly …/agents/<y>/sessions/<file> where <y> only needs lowercasing", () => {
    const upper = touch("other/agents/Work/sessions/t.jsonl")
    expect(resolve(plain, upper)).toEqual(ok(upper))
    const lower = touch("other2/agents/work/sessions/t.jsonl")
    expect(resolve(plain, lower)).toEqual(ok(lower))
    // not one segment below `sessions`
    expect(resolve(plain, touch("other/agents/work/sessions/sub/t.jsonl"))).toEqual(fallback(plain))
    // `wo rk` normalises to `wo-rk`
    expect(resolve(plain, touch("other/agents/wo rk/sessions/t.jsonl"))).toEqual(fallback(plain))
    // structural acceptance does not need the file to exist
    const missing = path.join(root, "gone", "agents", "x", "sessions", "t.jsonl")
    expect(resolve(plain, missing)).toEqual(ok(missing))
  })

  it("export's explicit agent: the sibling / state dir of that agent is tried first", () => {
    const explicit = ctx("tree/agents/main/sessions", "Ops")
    // the path's own last `agents/<y>/sessions` names `zzz`, which gives no remap
    const inOps = touch("tree/agents/ops/sessions/x/agents/zzz/sessions/deep/t.jsonl")
    expect(resolve(explicit, inOps)).toEqual(ok(inOps))
    expect(resolve(agentStore, inOps)).toEqual(fallback(agentStore))
  })
})
