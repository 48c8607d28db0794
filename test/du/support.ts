/**
 * Shared by the du tests: generated session directories written into an in-memory file system,
 * what the generator knows about every file it wrote (the oracle: each file's class, size and
 * age, each row's kind and transcript), and an independent walk of a directory through the memfs
 * volume itself (not through `SessionFs` or any clawkeep code).
 */
import { Effect, FastCheck as fc } from "effect"
import * as path from "node:path"
import type { DuClass, DuKind } from "../../src/domain/du.js"
import type { JsonObject } from "../../src/domain/json.js"
import type { TreeNode } from "../../src/store/memoryFs.js"
import { ClawkeepTest, type ClawkeepTestKit } from "../../src/testing.js"

export const NOW = 1779278400000
export const D = 86_400_000
export const HOME = "/h"
export const DIR = "/h/.openclaw/agents/main/sessions"
export const STORE = path.join(DIR, "sessions.json")
const UUID = "11111111-2222-4333-8444-555555555555"

/** `<name>.<reason>.<ISO with : → ->`, written out here rather than taken from the code under test. */
const archive = (name: string, reason: string, atMs: number) => `${name}.${reason}.${new Date(atMs).toISOString().replace(/:/g, "-")}`

/** Key shapes and the kind each one must get. */
export const SHAPES: ReadonlyArray<readonly [(i: number) => string, DuKind, string | undefined]> = [
  [() => "agent:main:main", "direct", undefined],
  [(i) => `agent:main:telegram:direct:${i}`, "direct", undefined],
  [(i) => `agent:main:slack:channel:c${i}`, "group", undefined],
  [(i) => `agent:main:opaque-${i}`, "group", "group"],
  [(i) => `agent:main:cron:j${i}`, "cron", undefined],
  [(i) => `agent:main:cron:j${i}:run:r${i}`, "cron-run", undefined],
  [(i) => `agent:main:subagent:s${i}`, "subagent", undefined],
  [(i) => `agent:main:acp:a${i}`, "acp", undefined],
  [(i) => `agent:main:hook:h${i}`, "hook", undefined],
  [(i) => `agent:main:node:n${i}`, "node", undefined],
  [() => "agent:main:heartbeat", "heartbeat", undefined],
  [() => "global", "global", undefined],
  [() => "unknown", "unknown", undefined],
  [(i) => `legacy-${i}`, "direct", undefined]
]

/** Files that belong to no row, by the class they must be counted in. */
export const EXTRAS = {
  "orphan-transcript": (j: number) => [`orphan-${j}.jsonl`, "transcript-unreferenced"],
  "orphan-checkpoint": (j: number) => [`orphan-${j}.checkpoint.${UUID}.jsonl`, "checkpoint-orphaned"],
  "orphan-runtime": (j: number) => [`orphan-${j}.trajectory.jsonl`, "trajectory-runtime"],
  "orphan-pointer": (j: number) => [`orphan-${j}.trajectory-path.json`, "trajectory-pointer"],
  deleted: (j: number, atMs: number) => [archive(`old-${j}.jsonl`, "deleted", atMs), "archive-deleted"],
  reset: (j: number, atMs: number) => [archive(`old-${j}.jsonl`, "reset", atMs), "archive-reset"],
  bak: (j: number, atMs: number) => [archive(`old-${j}.jsonl`, "bak", atMs), "archive-bak"],
  "legacy-bak": (j: number) => [`sessions.json.bak.${1700000000 + j}`, "archive-bak"],
  tmp: (j: number) => [`sessions.json.${j}.tmp`, "temp"],
  "clawkeep-tmp": (j: number) => [`.clawkeep-write.${j}.tmp`, "temp"],
  lock: (j: number) => [`agent-${j}.lock`, "lock"],
  other: (j: number) => [`notes-${j}.txt`, "other"],
  symlink: (j: number) => [`link-${j}.jsonl`, "symlink"],
  dir: (j: number) => [`subdir-${j}`, "dir"]
} as const satisfies Record<string, (j: number, atMs: number) => readonly [string, DuClass | "symlink" | "dir"]>

export type ExtraKind = keyof typeof EXTRAS

const rowArb = fc.record({
  shape: fc.nat(SHAPES.length - 1),
  ageDays: fc.constantFrom<number | undefined>(undefined, 0.5, 10, 40, 400),
  transcript: fc.boolean(),
  custom: fc.boolean(),
  size: fc.nat(4000),
  fileAgeDays: fc.constantFrom(1, 10, 45),
  sidecar: fc.boolean(),
  checkpoint: fc.boolean()
})

const extraArb = fc.record({
  kind: fc.constantFrom(...(Object.keys(EXTRAS) as Array<ExtraKind>)),
  ageDays: fc.constantFrom(1, 5, 10, 45, 400),
  size: fc.nat(3000)
})

export const treeArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 14 }),
  extras: fc.array(extraArb, { maxLength: 16 }),
  mode: fc.constantFrom("enforce", "warn"),
  pruneAfterDays: fc.constantFrom(7, 30),
  resetDays: fc.constantFrom<number | false>(false, 3),
  maxEntries: fc.integer({ min: 1, max: 12 }),
  budget: fc.option(fc.integer({ min: 500, max: 40000 }), { nil: undefined })
})

export type TreeCase = typeof treeArb extends fc.Arbitrary<infer T> ? T : never

export interface ExpectedRow {
  readonly key: string
  readonly kind: DuKind
  /** The transcript's size when the row has one in the directory. */
  readonly transcriptBytes: number | undefined
}

export interface ExpectedFile {
  readonly name: string
  readonly cls: DuClass | "symlink" | "dir"
  readonly size: number
  readonly ageDays: number
  /** Trajectory files: whether a row names them. */
  readonly referenced: boolean
}

export interface Generated {
  readonly kit: ClawkeepTestKit
  readonly files: ReadonlyArray<ExpectedFile>
  readonly rows: ReadonlyArray<ExpectedRow>
  readonly c: TreeCase
}

/** Writes a generated case: the store, each row's files, the extra files, the config. */
export const generate = (c: TreeCase): Generated => {
  const tree: Record<string, TreeNode> = {}
  const files: Array<ExpectedFile> = []
  const put = (name: string, cls: ExpectedFile["cls"], size: number, ageDays: number, referenced = false) => {
    tree[path.join(DIR, name)] = { content: "x".repeat(size), mtimeMs: NOW - ageDays * D }
    files.push({ name, cls, size, ageDays, referenced })
  }
  const entries: Array<[string, Record<string, unknown>]> = []
  const rows: Array<ExpectedRow> = []
  c.rows.forEach((r, i) => {
    const [shape, kind, chatType] = SHAPES[r.shape]!
    const key = shape(i)
    if (entries.some(([k]) => k === key)) return
    const id = `s${i}`
    const entry: Record<string, unknown> = { sessionId: id }
    if (r.ageDays !== undefined) entry["updatedAt"] = Math.round(NOW - r.ageDays * D)
    if (chatType !== undefined) entry["chatType"] = chatType
    const stem = r.custom ? `custom-${id}` : id
    if (r.custom) entry["sessionFile"] = `${stem}.jsonl`
    entries.push([key, entry])
    rows.push({ key, kind, transcriptBytes: r.transcript ? r.size : undefined })
    if (r.transcript) put(`${stem}.jsonl`, "transcript-referenced", r.size, r.fileAgeDays)
    if (r.sidecar) put(`${stem}.trajectory.jsonl`, "trajectory-runtime", 40, r.fileAgeDays, true)
    if (r.checkpoint) put(`${id}.checkpoint.${UUID}.jsonl`, "checkpoint-referenced", 70, r.fileAgeDays)
  })
  c.extras.forEach((x, j) => {
    const [name, cls] = EXTRAS[x.kind](j, NOW - x.ageDays * D)
    if (cls === "symlink") {
      tree[path.join(DIR, name)] = { symlink: `/elsewhere/target-${j}.jsonl` }
      tree[`/elsewhere/target-${j}.jsonl`] = "outside"
      files.push({ name, cls, size: 0, ageDays: x.ageDays, referenced: false })
    } else if (cls === "dir") {
      tree[path.join(DIR, name, "inner.jsonl")] = "x".repeat(x.size)
      files.push({ name, cls, size: 0, ageDays: x.ageDays, referenced: false })
    } else if (!files.some((f) => f.name === name)) {
      put(name, cls, x.size, x.ageDays)
    }
  })
  tree[STORE] = { content: JSON.stringify(Object.fromEntries(entries), null, 2), mtimeMs: NOW }
  files.push({ name: "sessions.json", cls: "store", size: Buffer.byteLength(String((tree[STORE] as { content: string }).content)), ageDays: 0, referenced: false })
  const maintenance: Record<string, unknown> = {
    mode: c.mode,
    pruneAfter: `${c.pruneAfterDays}d`,
    maxEntries: c.maxEntries,
    resetArchiveRetention: c.resetDays === false ? false : `${c.resetDays}d`
  }
  if (c.budget !== undefined) maintenance["maxDiskBytes"] = c.budget
  const config = { session: { maintenance } } as JsonObject
  const kit = ClawkeepTest.make({ files: tree, home: HOME, nowMs: NOW, config })
  return { kit, files, rows, c }
}

export interface Walk {
  readonly files: number
  readonly bytes: number
  readonly symlinks: number
  readonly directories: number
  /** Size of every regular file by name. */
  readonly sizes: ReadonlyMap<string, number>
}

/** The regular files directly in `dir`, listed through the memfs volume itself. */
export const walk = (kit: ClawkeepTestKit, dir: string): Walk => {
  const vol = kit.fs.volume
  const sizes = new Map<string, number>()
  let symlinks = 0
  let directories = 0
  if (!vol.existsSync(dir)) return { files: 0, bytes: 0, symlinks, directories, sizes }
  for (const name of (vol.readdirSync(dir) as Array<unknown>).map(String)) {
    const st = vol.lstatSync(path.join(dir, name))
    if (st.isSymbolicLink()) symlinks++
    else if (st.isDirectory()) directories++
    else if (st.isFile()) sizes.set(name, Number(st.size))
  }
  let bytes = 0
  for (const size of sizes.values()) bytes += size
  return { files: sizes.size, bytes, symlinks, directories, sizes }
}

/** Runs an effect on a kit's world. */
export const runIn = <A, E, R>(kit: ClawkeepTestKit, effect: Effect.Effect<A, E, R>): Promise<A> =>
  Effect.runPromise(Effect.provide(effect, kit.layer) as Effect.Effect<A, E, never>)
