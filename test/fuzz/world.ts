/**
 * Generated hostile worlds for the cleanup fuzzing harness: a spec arbitrary (plain choices, so
 * fast-check can shrink a failing case) and `buildWorld(spec)`, which turns a spec into an
 * in-memory file tree plus the hostile kinds it contains. Each kind is recorded where the hostile
 * thing is written into the tree, so the counts prove the generator produces it.
 *
 * The world: HOME `/h`, state dir `/h/.openclaw`, the main agent's store
 * `/h/.openclaw/agents/main/sessions/sessions.json`, decoy files outside the sessions dir
 * (`/h/outside`, `/h/sessions.json`, another agent's sessions dir, the legacy transcript dir,
 * the row's parent dir) that rows, pointers and symlinks name.
 */
import { FastCheck as fc } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { FileTree, TreeNode } from "../../src/store/memoryFs.js"
import { ROW_KEY_SHAPES } from "../support/keyShapes.js"

export const HOME = "/h"
export const STATE_DIR = `${HOME}/.openclaw`
export const SESSIONS_DIR = `${STATE_DIR}/agents/main/sessions`
export const STORE = `${SESSIONS_DIR}/sessions.json`
export const OUTSIDE = `${HOME}/outside`
/** Where the sessions dir leads when it is generated as a symlink. */
export const REAL_SESSIONS_DIR = `${HOME}/moved/sessions`
export const OTHER_SESSIONS_DIR = `${STATE_DIR}/agents/work/sessions`
export const LEGACY_DIR = `${STATE_DIR}/sessions`
export const AGENT_DIR = `${STATE_DIR}/agents/main`
export const CONFIG = `${STATE_DIR}/openclaw.json`
export const NOW = 1779278400000
const D = 86_400_000

/**
 * The only place outside the sessions dir where clawkeep may create or change files: its own
 * directory in the state dir (journals of interrupted applies will live there).
 */
export const CLAWKEEP_OWN_DIR = path.join(STATE_DIR, "clawkeep")

export const HOSTILE_KINDS = [
  "dotdot-sessionFile",
  "absolute-sessionFile-outside",
  "absolute-sessionFile-inside",
  "sessionFile-in-other-agent-dir",
  "sessionFile-symlink-inside",
  "sessionFile-symlink-outside",
  "sessionFile-through-symlinked-dir",
  "sessions-dir-symlink",
  "sessionFile-dangling-symlink",
  "sessionFile-is-store",
  "sessionFile-is-store-evicted-by-budget",
  "sessionFile-is-directory",
  "sessionFile-is-archive",
  "sessionFile-is-clawkeep-file",
  "pointer-runtimeFile-is-store",
  "pointer-runtimeFile-outside",
  "pointer-runtimeFile-relative",
  "pointer-runtimeFile-kept-transcript",
  "pointer-runtimeFile-directory",
  "pointer-of-removed-row-names-store",
  "checkpoint-sessionFile-outside",
  "huge-value",
  "deep-nesting",
  "numbers-as-strings",
  "wrong-field-types",
  "array-row",
  "null-row",
  "scalar-row",
  "invalid-session-id",
  "lone-surrogate",
  "invalid-utf8",
  "truncated-json",
  "bom",
  "duplicate-keys",
  "__proto__-key",
  "non-object-store",
  "stray-temp-stale",
  "stray-temp-fresh",
  "stray-temp-not-a-file",
  "clawkeep-own-file",
  "directory-artifact",
  "symlink-artifact-outside",
  "symlink-artifact-inside",
  "archive-destination-taken",
  "store-symlink-inside",
  "store-symlink-outside",
  "store-symlink-chain",
  "store-dangling-symlink",
  "store-symlink-to-directory",
  "store-is-directory",
  "store-missing",
  "sqlite-session-era",
  "sqlite-auth-only",
  "sqlite-wal-pending",
  "sqlite-damaged",
  "sqlite-not-a-database",
  "sqlite-import-archive-dir",
  "disk-budget"
] as const

export type HostileKind = (typeof HOSTILE_KINDS)[number]

// ── the spec ────────────────────────────────────────────────────────────────────────────────

/** Row keys: every ordinary shape, and keys that are hostile as object keys or as spellings. */
const KEYS: ReadonlyArray<(i: number) => string> = [
  ...ROW_KEY_SHAPES,
  () => "__proto__",
  () => "constructor",
  (i) => `${i}`,
  () => "",
  (i) => `agent:main:telegram:direct:${i}`.toUpperCase()
]

const SESSION_FILES = [
  "none",
  "none",
  "none",
  "id",
  "custom",
  "padded",
  "dotdot",
  "dotdot-other-agent",
  "dotdot-back-inside",
  "abs-outside",
  "abs-inside",
  "abs-other-agent",
  "abs-legacy",
  "store",
  "store-abs",
  "store-dot",
  "directory",
  "link-inside",
  "link-outside",
  "link-dir",
  "dangling",
  "subdir",
  "archive",
  "clawkeep",
  "number",
  "empty"
] as const

const POINTERS = ["none", "none", "store", "store-relative", "outside", "relative-outside", "inside", "kept-transcript", "directory", "clawkeep", "garbage", "wrong-id"] as const

const rowArb = fc.record({
  key: fc.nat(KEYS.length - 1),
  shape: fc.constantFrom("object", "object", "object", "object", "object", "object", "null", "array", "number", "string"),
  id: fc.constantFrom("valid", "valid", "valid", "valid", "padded", "shared", "invalid", "number", "missing", "empty", "checkpoint-like"),
  updatedAt: fc.constantFrom("recent", "recent", "old", "old", "ancient", "string", "null", "missing", "negative", "float"),
  sessionFile: fc.constantFrom(...SESSION_FILES),
  transcript: fc.boolean(),
  transcriptAgeDays: fc.constantFrom(0, 3, 12, 45),
  size: fc.nat(400),
  sidecar: fc.boolean(),
  pointer: fc.constantFrom(...POINTERS),
  extra: fc.oneof(
    { arbitrary: fc.constant("none" as const), weight: 40 },
    { arbitrary: fc.constant("huge" as const), weight: 1 },
    { arbitrary: fc.constantFrom("deep" as const, "bad-utf8" as const, "surrogate" as const), weight: 6 },
    { arbitrary: fc.constantFrom("proto" as const, "wrong-types" as const, "checkpoints" as const), weight: 9 }
  ),
  deepLevel: fc.constantFrom(50, 500, 10000, 50000),
  hugeChars: fc.integer({ min: 100_000, max: 400_000 }),
  chatType: fc.constantFrom<string | undefined>(undefined, undefined, "group", "direct")
})

export const caseArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 10 }),
  format: fc.constantFrom("pretty", "pretty", "compact"),
  damage: fc.oneof(
    { arbitrary: fc.constant("none" as const), weight: 24 },
    { arbitrary: fc.constantFrom("duplicate" as const, "proto-row" as const), weight: 4 },
    { arbitrary: fc.constantFrom("bom" as const, "truncate" as const, "top-array" as const, "top-null" as const, "top-number" as const, "empty" as const, "trailing-garbage" as const), weight: 7 }
  ),
  truncateAt: fc.double({ min: 0, max: 1, noNaN: true }),
  store: fc.oneof(
    { arbitrary: fc.constant("file" as const), weight: 24 },
    {
      arbitrary: fc.constantFrom(
        "symlink-inside" as const, "symlink-outside" as const, "symlink-relative" as const, "chain" as const,
        "dangling" as const, "symlink-dir" as const, "directory" as const, "missing" as const
      ),
      weight: 8
    }
  ),
  orphans: fc.array(fc.record({ ageDays: fc.constantFrom(1, 8, 45), size: fc.nat(300), kind: fc.constantFrom(".jsonl", ".trajectory.jsonl", ".checkpoint.11111111-1111-4111-8111-111111111111.jsonl") }), { maxLength: 3 }),
  archives: fc.array(fc.record({ ageDays: fc.constantFrom(1, 4, 40), reason: fc.constantFrom("deleted", "reset", "bak"), size: fc.nat(200) }), { maxLength: 3 }),
  temps: fc.subarray(["stale", "fresh", "dir", "link-outside", "plan"] as const),
  dirArtifacts: fc.subarray(["jsonl-dir", "archive-dir", "sidecar-dir"] as const),
  linkArtifacts: fc.subarray(["out", "in", "archive-out"] as const),
  /** The archive names of this run (`<id>.jsonl.deleted.<now>`) taken by a file or a directory. */
  takenArchive: fc.constantFrom("no", "no", "no", "file", "directory"),
  /** The sessions dir is a symlink to a directory elsewhere (every file of it lives there). */
  sessionsDirLink: fc.nat(11).map((n) => n === 0),
  sqlite: fc.oneof(
    { arbitrary: fc.constant("none" as const), weight: 42 },
    {
      arbitrary: fc.constantFrom("session-era" as const, "auth-only" as const, "wal" as const, "damaged" as const, "not-db" as const, "archive-state" as const, "archive-sessions" as const),
      weight: 7
    }
  ),
  config: fc.option(
    fc.record({
      mode: fc.constantFrom("enforce", "warn"),
      pruneAfter: fc.constantFrom<string | number | undefined>(undefined, "7d", "30d", "1d"),
      maxEntries: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      maxDiskBytes: fc.option(fc.constantFrom<string | number>(1, 64, 300, 1200, 5000, "2kb"), { nil: undefined }),
      highWaterRatio: fc.option(fc.constantFrom(0, 0.5, 1), { nil: undefined }),
      resetArchiveRetention: fc.constantFrom<string | false | undefined>(undefined, false, "1d")
    }),
    { nil: undefined, freq: 4 }
  ),
  /** Also run the in-process CLI on this case (a subset: the CLI costs more per run). */
  cli: fc.nat(9).map((n) => n === 0)
})

export type CaseSpec = typeof caseArb extends fc.Arbitrary<infer T> ? T : never
type RowSpec = CaseSpec["rows"][number]

// ── building the tree ───────────────────────────────────────────────────────────────────────

export interface World {
  readonly tree: FileTree
  readonly kinds: ReadonlySet<HostileKind>
  /** Every path the world names (error messages must name one of them). */
  readonly paths: ReadonlySet<string>
  readonly spec: CaseSpec
}

const FIXTURES = path.join(__dirname, "..", "golden", "store", "sqlite")
let fixtureCache: Record<string, Uint8Array> | undefined
const fixture = (name: string): Uint8Array => {
  fixtureCache ??= {}
  return (fixtureCache[name] ??= new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))))
}

const ts = (ms: number) => new Date(ms).toISOString().replace(/:/g, "-")

/** Marks where an invalid UTF-8 byte pair goes (inside a JSON string). */
const BAD_UTF8 = "@@BAD-UTF8@@"

const transcriptText = (id: string, size: number) =>
  JSON.stringify({ type: "session", version: 3, id, timestamp: "2026-05-01T00:00:00.000Z", cwd: "/w" }) + "\n" + "x".repeat(size) + "\n"

const inDir = (name: string) => path.join(SESSIONS_DIR, name)

/** Files (path, content, age in days), directories (holding a file), symlinks, and the kinds they are. */
interface Put {
  readonly files?: ReadonlyArray<readonly [string, string | Uint8Array, number?]>
  readonly dirs?: ReadonlyArray<string>
  readonly links?: ReadonlyArray<readonly [string, string]>
  readonly kinds?: ReadonlyArray<HostileKind>
}

const TEMPS: Record<CaseSpec["temps"][number], Put> = {
  stale: { files: [[inDir(".clawkeep-write.old.tmp"), "half a store", 1]], kinds: ["stray-temp-stale"] },
  fresh: { files: [[inDir(".clawkeep-write.new.tmp"), "a store being written"]], kinds: ["stray-temp-fresh"] },
  dir: { dirs: [inDir(".clawkeep-write.d.tmp")], kinds: ["stray-temp-not-a-file"] },
  "link-outside": { links: [[inDir(".clawkeep-write.l.tmp"), `${OUTSIDE}/keep.txt`]], kinds: ["stray-temp-not-a-file"] },
  plan: { files: [[inDir(".clawkeep-plan.x.tmp"), "{}", 3]], kinds: ["clawkeep-own-file"] }
}

export const SQLITE_FILE = `${AGENT_DIR}/agent/openclaw-agent.sqlite`

const sqlitePut = (variant: CaseSpec["sqlite"]): Put => {
  switch (variant) {
    case "none":
      return {}
    case "session-era":
      return { files: [[SQLITE_FILE, fixture("session-era.sqlite")]], kinds: ["sqlite-session-era"] }
    case "auth-only":
      return { files: [[SQLITE_FILE, fixture("auth-only.sqlite")]], kinds: ["sqlite-auth-only"] }
    case "wal":
      return { files: [[SQLITE_FILE, fixture("wal-pending.sqlite")], [`${SQLITE_FILE}-wal`, fixture("wal-pending.sqlite-wal")]], kinds: ["sqlite-wal-pending"] }
    case "damaged":
      return { files: [[SQLITE_FILE, Buffer.concat([Buffer.from("SQLite format 3\u0000"), Buffer.alloc(600, 7)])]], kinds: ["sqlite-damaged"] }
    case "not-db":
      return { files: [[SQLITE_FILE, "not a database"]], kinds: ["sqlite-not-a-database"] }
    case "archive-state":
      return { dirs: [`${STATE_DIR}/session-sqlite-import-archive`], kinds: ["sqlite-import-archive-dir"] }
    case "archive-sessions":
      return { dirs: [inDir("session-sqlite-import-archive")], kinds: ["sqlite-import-archive-dir"] }
  }
}

/** What a row's `sessionFile` variant writes: the value and where its transcript lives (null: none). */
interface SessionFileCase extends Put {
  readonly value?: unknown
  /** Undefined: `<id>.jsonl`; null: no transcript file. */
  readonly transcript?: string | null
}

const sessionFileCase = (variant: RowSpec["sessionFile"], i: number, id: string | undefined): SessionFileCase => {
  const store: SessionFileCase = { transcript: null, kinds: ["sessionFile-is-store"] }
  const archived = `old-${i}.jsonl.deleted.${ts(NOW - 40 * D)}`
  switch (variant) {
    case "none":
      return {}
    case "id":
      return id === undefined ? {} : { value: `${id}.jsonl` }
    case "custom":
      return { value: `custom-${i}.jsonl`, transcript: inDir(`custom-${i}.jsonl`) }
    case "padded":
      return { value: `  custom-${i}.jsonl  `, transcript: inDir(`custom-${i}.jsonl`) }
    case "dotdot":
      return { value: `../s${i}.jsonl`, transcript: `${AGENT_DIR}/s${i}.jsonl`, kinds: ["dotdot-sessionFile"] }
    case "dotdot-other-agent":
      return { value: `../../work/sessions/w${i}.jsonl`, transcript: `${OTHER_SESSIONS_DIR}/w${i}.jsonl`, kinds: ["dotdot-sessionFile", "sessionFile-in-other-agent-dir"] }
    case "dotdot-back-inside":
      return { value: `../sessions/custom-${i}.jsonl`, transcript: inDir(`custom-${i}.jsonl`), kinds: ["dotdot-sessionFile"] }
    case "abs-outside":
      return { value: `${OUTSIDE}/o${i}.jsonl`, transcript: `${OUTSIDE}/o${i}.jsonl`, kinds: ["absolute-sessionFile-outside"] }
    case "abs-inside":
      return { value: inDir(`abs-${i}.jsonl`), transcript: inDir(`abs-${i}.jsonl`), kinds: ["absolute-sessionFile-inside"] }
    case "abs-other-agent":
      return { value: `${OTHER_SESSIONS_DIR}/w${i}.jsonl`, transcript: `${OTHER_SESSIONS_DIR}/w${i}.jsonl`, kinds: ["absolute-sessionFile-outside", "sessionFile-in-other-agent-dir"] }
    case "abs-legacy":
      return { value: `${LEGACY_DIR}/s${i}.jsonl`, transcript: `${LEGACY_DIR}/s${i}.jsonl`, kinds: ["absolute-sessionFile-outside"] }
    case "store":
      return { ...store, value: "sessions.json" }
    case "store-abs":
      return { ...store, value: STORE }
    case "store-dot":
      return { ...store, value: "./sessions.json" }
    case "directory":
      return { value: `dir-${i}.jsonl`, transcript: null, dirs: [inDir(`dir-${i}.jsonl`)], kinds: ["sessionFile-is-directory"] }
    case "link-inside":
      return { value: `lin-${i}.jsonl`, transcript: inDir(`lin-target-${i}.jsonl`), links: [[inDir(`lin-${i}.jsonl`), `lin-target-${i}.jsonl`]], kinds: ["sessionFile-symlink-inside"] }
    case "link-outside":
      return { value: `lout-${i}.jsonl`, transcript: `${OUTSIDE}/lo${i}.jsonl`, links: [[inDir(`lout-${i}.jsonl`), `${OUTSIDE}/lo${i}.jsonl`]], kinds: ["sessionFile-symlink-outside"] }
    case "link-dir":
      return { value: `ldir/x${i}.jsonl`, transcript: `${OUTSIDE}/x${i}.jsonl`, links: [[inDir("ldir"), OUTSIDE]], kinds: ["sessionFile-through-symlinked-dir"] }
    case "dangling":
      return { value: `gone-${i}.jsonl`, transcript: null, links: [[inDir(`gone-${i}.jsonl`), `${OUTSIDE}/gone-${i}.jsonl`]], kinds: ["sessionFile-dangling-symlink"] }
    case "subdir":
      return { value: `sub/s${i}.jsonl`, transcript: inDir(`sub/s${i}.jsonl`) }
    case "archive":
      return { value: archived, transcript: inDir(archived), kinds: ["sessionFile-is-archive"] }
    case "clawkeep":
      return { value: `.clawkeep-write.r${i}.tmp`, transcript: inDir(`.clawkeep-write.r${i}.tmp`), kinds: ["sessionFile-is-clawkeep-file"] }
    case "number":
      return { value: 42, kinds: ["wrong-field-types"] }
    case "empty":
      return { value: "" }
  }
}

/** `buildWorld` as a function of a spec: the tree and the kinds it contains. */
export const buildWorld = (spec: CaseSpec): World => {
  const tree: Record<string, TreeNode> = {}
  const kinds = new Set<HostileKind>()
  const file = (p: string, content: string | Uint8Array, ageDays = 0) => {
    tree[p] ??= { content, mtimeMs: NOW - ageDays * D }
  }
  const dir = (p: string, withFile = true) => {
    if (withFile) file(path.join(p, "inner.txt"), `inside ${p}`)
    else tree[p] ??= null
  }
  const link = (p: string, target: string) => {
    tree[p] ??= { symlink: target }
  }
  const put = (what: Put) => {
    for (const [p, content, ageDays] of what.files ?? []) file(p, content, ageDays)
    for (const d of what.dirs ?? []) dir(d)
    for (const [at, target] of what.links ?? []) link(at, target)
    for (const k of what.kinds ?? []) kinds.add(k)
  }

  // decoys outside the sessions dir, always present
  file(`${HOME}/sessions.json`, '{"decoy":{"sessionId":"decoy"}}')
  file(`${OUTSIDE}/keep.txt`, "keep")
  file(`${OTHER_SESSIONS_DIR}/sessions.json`, JSON.stringify({ "agent:work:main": { sessionId: "w0", updatedAt: NOW - 90 * D } }))
  file(`${OTHER_SESSIONS_DIR}/w0.jsonl`, transcriptText("w0", 10), 90)

  const entryTexts: Array<[string, string]> = []
  const ids: Array<string | undefined> = []
  spec.rows.forEach((r: RowSpec, i: number) => {
    const key = KEYS[r.key]!(i)
    if (key === "__proto__") kinds.add("__proto__-key")
    if (r.shape !== "object") {
      const text = r.shape === "null" ? "null" : r.shape === "array" ? `[{"sessionId":"s${i}","updatedAt":${NOW - 40 * D}}]` : r.shape === "number" ? "42" : '"s1"'
      kinds.add(r.shape === "null" ? "null-row" : r.shape === "array" ? "array-row" : "scalar-row")
      entryTexts.push([key, text])
      ids.push(undefined)
      return
    }
    const entry: Record<string, unknown> = {}
    let id: string | undefined
    switch (r.id) {
      case "valid":
        id = `s${i}`
        break
      case "padded":
        id = ` s${i} `
        break
      case "shared":
        id = "s0"
        break
      case "invalid":
        id = ["../s", "a/b", "agent:bad:id", "x".repeat(200), "."][i % 5]
        kinds.add("invalid-session-id")
        break
      case "number":
        entry["sessionId"] = i
        kinds.add("wrong-field-types")
        break
      case "empty":
        id = ""
        break
      case "checkpoint-like":
        id = `s${i}.checkpoint.11111111-1111-4111-8111-111111111111`
        kinds.add("invalid-session-id")
        break
    }
    if (id !== undefined) entry["sessionId"] = id
    const trimmed = id?.trim()
    const validId = trimmed !== undefined && /^[a-z0-9][a-z0-9._-]{0,127}$/i.test(trimmed) ? trimmed : undefined
    ids.push(validId)
    switch (r.updatedAt) {
      case "recent":
        entry["updatedAt"] = NOW - 60_000 * (i + 1)
        break
      case "old":
        entry["updatedAt"] = NOW - (40 + i) * D
        break
      case "ancient":
        entry["updatedAt"] = 1
        break
      case "string":
        entry["updatedAt"] = String(NOW - (40 + i) * D)
        kinds.add("numbers-as-strings")
        break
      case "null":
        entry["updatedAt"] = null
        break
      case "negative":
        entry["updatedAt"] = -5
        break
      case "float":
        entry["updatedAt"] = NOW - 40.5 * D
        break
    }
    if (r.chatType !== undefined) entry["chatType"] = r.chatType
    // the file the row's transcript lives in (created when `r.transcript`)
    // the file the row's transcript lives in (created when `r.transcript`)
    const named = sessionFileCase(r.sessionFile, i, validId)
    if ("value" in named) entry["sessionFile"] = named.value
    const transcript = named.transcript === undefined ? (validId === undefined ? undefined : inDir(`${validId}.jsonl`)) : (named.transcript ?? undefined)
    put(named)
    if (transcript !== undefined && r.transcript) file(transcript, transcriptText(validId ?? `row${i}`, r.size), r.transcriptAgeDays)
    if (validId !== undefined && r.sidecar) file(inDir(`${validId}.trajectory.jsonl`), `{"sidecar":${i}}\n`, r.transcriptAgeDays)
    if (validId !== undefined && r.pointer !== "none") {
      const pointer = (runtimeFile: unknown, sessionId: unknown = validId) =>
        file(inDir(`${validId}.trajectory-path.json`), JSON.stringify({ traceSchema: "openclaw-trajectory-pointer", schemaVersion: 1, sessionId, runtimeFile }), r.transcriptAgeDays)
      switch (r.pointer) {
        case "store":
          pointer(STORE)
          kinds.add("pointer-runtimeFile-is-store")
          break
        case "store-relative":
          // relative to the working directory (HOME): the decoy /h/sessions.json
          pointer("sessions.json")
          kinds.add("pointer-runtimeFile-relative")
          break
        case "outside":
          pointer(`${OUTSIDE}/rt${i}.jsonl`)
          file(`${OUTSIDE}/rt${i}.jsonl`, `{"runtime":${i}}\n`)
          kinds.add("pointer-runtimeFile-outside")
          break
        case "relative-outside":
          pointer(`outside/rt-rel${i}.jsonl`)
          file(`${OUTSIDE}/rt-rel${i}.jsonl`, `{"runtime":${i}}\n`)
          kinds.add("pointer-runtimeFile-relative")
          kinds.add("pointer-runtimeFile-outside")
          break
        case "inside":
          pointer(inDir(`${validId}.trajectory.jsonl`))
          break
        case "kept-transcript":
          // another row's transcript (s0 … s9)
          pointer(inDir(`s${(i + 1) % 10}.jsonl`))
          kinds.add("pointer-runtimeFile-kept-transcript")
          break
        case "directory":
          pointer(inDir(`ptr-dir-${i}`))
          dir(inDir(`ptr-dir-${i}`))
          kinds.add("pointer-runtimeFile-directory")
          break
        case "clawkeep":
          pointer(inDir(`.clawkeep-write.p${i}.tmp`))
          file(inDir(`.clawkeep-write.p${i}.tmp`), "own", 1)
          kinds.add("clawkeep-own-file")
          break
        case "garbage":
          file(inDir(`${validId}.trajectory-path.json`), '{"traceSchema": "openclaw-trajectory-pointer", "runtimeFile": ')
          break
        case "wrong-id":
          pointer(STORE, "someone-else")
          break
      }
    }
    let extra = ""
    switch (r.extra) {
      case "huge":
        entry["blob"] = "h".repeat(r.hugeChars)
        kinds.add("huge-value")
        break
      case "deep":
        extra = `,"nest":${"[".repeat(r.deepLevel)}${"]".repeat(r.deepLevel)}`
        kinds.add("deep-nesting")
        break
      case "proto":
        extra = `,"__proto__":{"sessionFile":"${OUTSIDE}/proto.jsonl","sessionId":"polluted","updatedAt":1}`
        kinds.add("__proto__-key")
        break
      case "wrong-types":
        Object.assign(entry, { chatType: 5, lastChannel: ["x"], compactionCheckpoints: "nope", totalTokens: "12", model: { id: 1 } })
        kinds.add("wrong-field-types")
        kinds.add("numbers-as-strings")
        break
      case "checkpoints":
        entry["compactionCheckpoints"] = [
          { preCompaction: { sessionFile: `../cp-${i}.jsonl` } },
          { preCompaction: { sessionFile: `${OUTSIDE}/cp-${i}.jsonl` } },
          { preCompaction: { sessionFile: `s${i}.checkpoint.11111111-1111-4111-8111-11111111111${i % 10}.jsonl` } },
          { preCompaction: null }
        ]
        file(`${AGENT_DIR}/cp-${i}.jsonl`, "checkpoint outside")
        file(`${OUTSIDE}/cp-${i}.jsonl`, "checkpoint outside")
        file(inDir(`s${i}.checkpoint.11111111-1111-4111-8111-11111111111${i % 10}.jsonl`), "checkpoint", 45)
        kinds.add("checkpoint-sessionFile-outside")
        break
      case "bad-utf8":
        entry["note"] = `a${BAD_UTF8}b`
        break
      case "surrogate":
        extra = ',"note":"\\ud800 lone \\udfff"'
        kinds.add("lone-surrogate")
        break
    }
    const json = JSON.stringify(entry)
    entryTexts.push([key, extra === "" ? json : json.slice(0, -1) + (json === "{}" ? extra.slice(1) : extra) + "}"])
  })

  // files of the sessions dir that no row names
  spec.orphans.forEach((o, j) => file(inDir(`orphan-${j}${o.kind}`), "o".repeat(o.size), o.ageDays))
  spec.archives.forEach((a, j) => {
    const t = NOW - a.ageDays * D
    file(inDir(a.reason === "bak" ? `old-a${j}.jsonl.bak.${ts(t)}` : `old-a${j}.jsonl.${a.reason}.${ts(t)}`), "a".repeat(a.size), a.ageDays)
  })
  for (const t of spec.temps) put(TEMPS[t])
  for (const a of spec.dirArtifacts) {
    dir(inDir(a === "jsonl-dir" ? "dirart.jsonl" : a === "archive-dir" ? `dirart.jsonl.deleted.${ts(NOW - 40 * D)}` : "dirart.trajectory.jsonl"))
    kinds.add("directory-artifact")
  }
  for (const a of spec.linkArtifacts) {
    if (a === "in") {
      file(inDir("lnk-target.jsonl"), "target", 45)
      link(inDir("lnk-in.jsonl"), "lnk-target.jsonl")
      kinds.add("symlink-artifact-inside")
    } else {
      link(inDir(a === "out" ? "lnk-out.jsonl" : `lnk.jsonl.deleted.${ts(NOW - 40 * D)}`), `${OUTSIDE}/keep.txt`)
      kinds.add("symlink-artifact-outside")
    }
  }
  if (spec.takenArchive !== "no") {
    for (const id of ids) {
      if (id === undefined) continue
      const taken = inDir(`${id}.jsonl.deleted.${ts(NOW)}`)
      if (spec.takenArchive === "file") file(taken, `an earlier archive of ${id}`, 0)
      else dir(taken)
      kinds.add("archive-destination-taken")
    }
  }

  // the store text
  let pairs = entryTexts
  if (spec.damage === "duplicate" && pairs.length > 0) pairs = [...pairs, [pairs[0]![0], `{"sessionId":"dup","updatedAt":${NOW - 90 * D}}`]]
  if (spec.damage === "proto-row") pairs = [...pairs, ["__proto__", `{"sessionId":"s0","updatedAt":${NOW},"sessionFile":"${OUTSIDE}/keep.txt"}`]]
  const keys = pairs.map(([k]) => k)
  if (new Set(keys).size < keys.length) kinds.add("duplicate-keys")
  if (keys.includes("__proto__")) kinds.add("__proto__-key")
  const sep = spec.format === "pretty" ? ",\n  " : ","
  let text = pairs.length === 0 ? "{}" : spec.format === "pretty" ? `{\n  ${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(sep)}\n}` : `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(sep)}}`
  switch (spec.damage) {
    case "bom":
      text = "\uFEFF" + text
      kinds.add("bom")
      break
    case "truncate":
      text = text.slice(0, Math.floor(text.length * spec.truncateAt))
      kinds.add("truncated-json")
      break
    case "top-array":
      text = `[${text}]`
      kinds.add("non-object-store")
      break
    case "top-null":
      text = "null"
      kinds.add("non-object-store")
      break
    case "top-number":
      text = "42"
      kinds.add("non-object-store")
      break
    case "empty":
      text = ""
      kinds.add("non-object-store")
      break
    case "trailing-garbage":
      text = text + "\n}garbage"
      kinds.add("truncated-json")
      break
  }
  let bytes: Uint8Array = Buffer.from(text)
  if (text.includes(BAD_UTF8)) {
    bytes = Buffer.from(text.split(BAD_UTF8).join("\u0001\u0002"))
    for (let k = 0; k < bytes.length - 1; k++) {
      if (bytes[k] === 1 && bytes[k + 1] === 2) {
        bytes[k] = 0xff
        bytes[k + 1] = 0xfe
      }
    }
    kinds.add("invalid-utf8")
  }
  const storeFile = (p: string) => (tree[p] = { content: bytes, mtimeMs: NOW - 1000 })
  switch (spec.store) {
    case "file":
      storeFile(STORE)
      break
    case "symlink-inside":
      storeFile(inDir("sessions.real.json"))
      link(STORE, "sessions.real.json")
      kinds.add("store-symlink-inside")
      break
    case "symlink-outside":
      storeFile(`${OUTSIDE}/store.json`)
      link(STORE, `${OUTSIDE}/store.json`)
      kinds.add("store-symlink-outside")
      break
    case "symlink-relative":
      storeFile(`${OUTSIDE}/store-rel.json`)
      link(STORE, "../../../../outside/store-rel.json")
      // from a moved sessions dir the same relative link leads nowhere
      kinds.add(spec.sessionsDirLink ? "store-dangling-symlink" : "store-symlink-outside")
      break
    case "chain":
      storeFile(`${OUTSIDE}/store-chain.json`)
      link(`${OUTSIDE}/store-link.json`, `${OUTSIDE}/store-chain.json`)
      link(STORE, `${OUTSIDE}/store-link.json`)
      kinds.add("store-symlink-chain")
      break
    case "dangling":
      link(STORE, `${OUTSIDE}/no-store.json`)
      kinds.add("store-dangling-symlink")
      break
    case "symlink-dir":
      link(STORE, OUTSIDE)
      kinds.add("store-symlink-to-directory")
      break
    case "directory":
      dir(STORE)
      kinds.add("store-is-directory")
      break
    case "missing":
      dir(SESSIONS_DIR, false)
      kinds.add("store-missing")
      break
  }

  put(sqlitePut(spec.sqlite))

  if (spec.config !== undefined) {
    const c = spec.config
    const maintenance: Record<string, unknown> = { mode: c.mode }
    if (c.pruneAfter !== undefined) maintenance["pruneAfter"] = c.pruneAfter
    if (c.maxEntries !== undefined) maintenance["maxEntries"] = c.maxEntries
    if (c.maxDiskBytes !== undefined) {
      maintenance["maxDiskBytes"] = c.maxDiskBytes
      kinds.add("disk-budget")
      if (c.highWaterRatio !== undefined && typeof c.maxDiskBytes === "number") maintenance["highWaterBytes"] = Math.floor(c.maxDiskBytes * c.highWaterRatio)
    }
    if (c.resetArchiveRetention !== undefined) maintenance["resetArchiveRetention"] = c.resetArchiveRetention
    file(CONFIG, JSON.stringify({ session: { maintenance } }, null, 2))
  }

  let seeded: FileTree = tree
  if (spec.sessionsDirLink) {
    // everything of the sessions dir lives where the link leads (memfs creates no symlink
    // through a symlinked parent, so the tree names the real place)
    const moved: Record<string, TreeNode> = { [REAL_SESSIONS_DIR]: null }
    for (const [p, node] of Object.entries(tree)) {
      if (p === SESSIONS_DIR) continue
      moved[p.startsWith(SESSIONS_DIR + "/") ? REAL_SESSIONS_DIR + p.slice(SESSIONS_DIR.length) : p] = node
    }
    moved[SESSIONS_DIR] = { symlink: REAL_SESSIONS_DIR }
    seeded = moved
    kinds.add("sessions-dir-symlink")
  }

  const paths = new Set<string>([STORE, SESSIONS_DIR, STATE_DIR, SQLITE_FILE, `${STATE_DIR}/session-sqlite-import-archive`, inDir("session-sqlite-import-archive")])
  for (const p of Object.keys(seeded)) {
    paths.add(p)
    for (let d = path.dirname(p); d !== "/"; d = path.dirname(d)) paths.add(d)
  }
  return { tree: seeded, kinds, paths, spec }
}
