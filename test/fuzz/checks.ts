/**
 * The fuzzing harness's oracles, written without clawkeep's own rules: a byte-level picture of
 * the whole in-memory disk before and after a run, the store model (`JSON.parse` of the text
 * before, minus the rows the run reported removed), the files kept rows name, and what makes an
 * error message clear.
 */
import { Cause, Exit } from "effect"
import type { Volume } from "memfs"
import * as path from "node:path"
import type { CleanupRun } from "../../src/interpreters/index.js"
import { CLAWKEEP_OWN_DIR, SESSIONS_DIR, STORE } from "./world.js"

// ── the whole disk ──────────────────────────────────────────────────────────────────────────

export type Node =
  | { readonly type: "dir"; readonly mode: number }
  | { readonly type: "file"; readonly bytes: Buffer; readonly mode: number; readonly mtimeMs: number }
  | { readonly type: "symlink"; readonly target: string }
  | { readonly type: "other" }

export type Disk = ReadonlyMap<string, Node>

/** Every directory, file and symlink of a volume (files with their bytes, mode and mtime). */
export const capture = (vol: InstanceType<typeof Volume>): Disk => {
  const out = new Map<string, Node>()
  const walk = (dir: string) => {
    for (const name of (vol.readdirSync(dir) as Array<unknown>).map(String)) {
      const p = path.join(dir, name)
      const st = vol.lstatSync(p)
      if (st.isSymbolicLink()) out.set(p, { type: "symlink", target: String(vol.readlinkSync(p)) })
      else if (st.isDirectory()) {
        out.set(p, { type: "dir", mode: Number(st.mode) })
        walk(p)
      } else if (st.isFile()) out.set(p, { type: "file", bytes: vol.readFileSync(p) as Buffer, mode: Number(st.mode), mtimeMs: Number(st.mtimeMs) })
      else out.set(p, { type: "other" })
    }
  }
  walk("/")
  return out
}

const sameNode = (a: Node | undefined, b: Node | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b
  if (a.type !== b.type) return false
  switch (a.type) {
    case "dir":
      return a.mode === (b as typeof a).mode
    case "file": {
      const f = b as typeof a
      return a.mode === f.mode && a.mtimeMs === f.mtimeMs && a.bytes.equals(f.bytes)
    }
    case "symlink":
      return a.target === (b as typeof a).target
    case "other":
      return true
  }
}

export interface Change {
  readonly path: string
  readonly before: Node | undefined
  readonly after: Node | undefined
}

/** Every path whose node differs (created, removed or changed). */
export const diff = (before: Disk, after: Disk): ReadonlyArray<Change> => {
  const out: Array<Change> = []
  for (const p of new Set([...before.keys(), ...after.keys()])) {
    if (!sameNode(before.get(p), after.get(p))) out.push({ path: p, before: before.get(p), after: after.get(p) })
  }
  return out.sort((a, b) => a.path.localeCompare(b.path))
}

const within = (dir: string, p: string) => p.startsWith(dir + "/")

/** Inside the sessions dir: under its path or, when that is a symlink, under where it leads. */
const inSessionsDir = (disk: Disk, p: string) => {
  const real = follow(disk, SESSIONS_DIR)
  return within(SESSIONS_DIR, p) || (real !== undefined && within(real, p))
}

/** Where a path leads through symlinks (at most 16 hops), in a captured disk; undefined when it dangles. */
export const follow = (disk: Disk, p: string): string | undefined => {
  let current = path.resolve(p)
  for (let hops = 0; hops < 16; hops++) {
    // resolve symlinked parent directories first
    const parts = current.split("/").filter((s) => s !== "")
    let prefix = "/"
    let redirected = false
    for (let k = 0; k < parts.length; k++) {
      const next = path.join(prefix, parts[k]!)
      const node = disk.get(next)
      if (node?.type === "symlink") {
        const target = path.resolve(path.dirname(next), node.target)
        current = path.join(target, ...parts.slice(k + 1))
        redirected = true
        break
      }
      prefix = next
    }
    if (!redirected) return disk.has(current) ? current : undefined
  }
  return undefined
}

/** `p` with the symlinks of its parent directories resolved (the last component as is). */
const throughParents = (disk: Disk, p: string): string => path.join(follow(disk, path.dirname(p)) ?? path.dirname(p), path.basename(p))

/** The bytes of a regular file reached from `p` (through symlinks), or undefined. */
export const fileAt = (disk: Disk, p: string): Buffer | undefined => {
  const real = follow(disk, p)
  const node = real === undefined ? undefined : disk.get(real)
  return node?.type === "file" ? node.bytes : undefined
}

// ── violations ──────────────────────────────────────────────────────────────────────────────

export type ViolationKind =
  | "file-outside-touched"
  | "read-only-run-wrote"
  | "refused-run-wrote"
  | "store-lost"
  | "kept-row-file-lost"
  | "unreported-change"
  | "file-overwritten"
  | "unclear-exit"

export interface Violation {
  readonly kind: ViolationKind
  readonly detail: string
}

/**
 * Changes outside what a cleanup may change: the sessions dir (where it leads, when it is a
 * symlink), clawkeep's own dir in the state dir, and the store's own file where a symlinked
 * store leads (a write goes through to it).
 */
export const outsideChanges = (before: Disk, changes: ReadonlyArray<Change>): ReadonlyArray<Violation> => {
  const storeReal = follow(before, STORE)
  return changes
    .filter((c) => !inSessionsDir(before, c.path) && !within(CLAWKEEP_OWN_DIR, c.path) && c.path !== CLAWKEEP_OWN_DIR && c.path !== storeReal)
    .map((c) => ({ kind: "file-outside-touched" as const, detail: `${c.path}: ${describe(c)}` }))
}

const describe = (c: Change) => `${c.before?.type ?? "nothing"} -> ${c.after?.type ?? "nothing"}`

// ── the store ───────────────────────────────────────────────────────────────────────────────

/** The store's rows as `JSON.parse` reads the text, or undefined when it is not a JSON object (or no file). */
export const parseRows = (bytes: Buffer | undefined): ReadonlyArray<readonly [string, unknown]> | undefined => {
  if (bytes === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(bytes.toString("utf8"))
  } catch {
    return undefined
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.entries(value) : undefined
}

/** Rows compared as canonical JSON text (keys and values in order). */
const sameRows = (a: ReadonlyArray<readonly [string, unknown]>, b: ReadonlyArray<readonly [string, unknown]>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i]![0] !== b[i]![0]) return false
    if (JSON.stringify(a[i]![1]) !== JSON.stringify(b[i]![1])) return false
  }
  return true
}

export interface StoreVerdict {
  readonly violations: ReadonlyArray<Violation>
  /** The rows kept (for the kept-file check). */
  readonly kept: ReadonlyArray<readonly [string, unknown]>
}

/**
 * The store after a run: unchanged (refused, or nothing to do) or the before rows minus the
 * reported removals, values unchanged; a symlinked store stays the same symlink.
 */
export const checkStore = (before: Disk, after: Disk, run: CleanupRun | undefined): StoreVerdict => {
  const out: Array<Violation> = []
  const lost = (detail: string) => out.push({ kind: "store-lost", detail })
  const linkBefore = before.get(STORE)
  const linkAfter = after.get(STORE)
  if (linkBefore?.type === "symlink" && (linkAfter?.type !== "symlink" || linkAfter.target !== linkBefore.target)) {
    lost(`the store was a symlink to ${linkBefore.target}; now ${linkAfter?.type ?? "nothing"}`)
  }
  const realBefore = follow(before, STORE)
  const nodeBefore = realBefore === undefined ? undefined : before.get(realBefore)
  const textBefore = fileAt(before, STORE)
  const textAfter = fileAt(after, STORE)
  const modelRows = parseRows(textBefore)
  const beforeRows = modelRows ?? []
  const applied = run?.applied?.[0]
  const unchanged = textBefore === undefined ? textAfter === undefined || parseRows(textAfter)?.length === 0 : textAfter !== undefined && textBefore.equals(textAfter)
  if (nodeBefore !== undefined && nodeBefore.type !== "file" && !sameNode(nodeBefore, after.get(realBefore!))) {
    lost(`the store path led to a ${nodeBefore.type}, which changed`)
  }
  if (run === undefined || applied === undefined || !applied.completed) {
    if (!unchanged) lost("the store changed although the run was refused, read only or stopped before its write")
    return { violations: out, kept: beforeRows }
  }
  const plan = run.previews[0]!.plan.apply
  const removed = plan.rows.without("keep").map((r) => r.key)
  const beforeKeys = new Set(beforeRows.map(([k]) => k))
  for (const key of removed) if (!beforeKeys.has(key)) lost(`reported removing row ${JSON.stringify(key)}, which the store did not hold`)
  if (textBefore !== undefined && modelRows === undefined) {
    if (!unchanged) lost("a store that is not a JSON object was rewritten")
    return { violations: out, kept: beforeRows }
  }
  const gone = new Set(removed)
  const expected = beforeRows.filter(([k]) => !gone.has(k))
  const afterRows = textAfter === undefined ? (textBefore === undefined ? [] : undefined) : parseRows(textAfter)
  if (afterRows === undefined) lost("after the run the store is not a parseable JSON object")
  else if (!sameRows(expected, afterRows)) {
    lost(`rows after the run differ from the model: expected keys ${JSON.stringify(expected.map(([k]) => k))}, found ${JSON.stringify(afterRows.map(([k]) => k))}`)
  }
  return { violations: out, kept: expected }
}

/**
 * The files a kept row names, read independently of clawkeep's resolver and on the generous
 * side: its `sessionFile` (relative to the sessions dir, or absolute), `<sessionId>.jsonl`, and
 * its checkpoints' `preCompaction.sessionFile`s. Each that was a file before (other than the
 * store) must be the same file after.
 */
export const checkKeptFiles = (before: Disk, after: Disk, kept: ReadonlyArray<readonly [string, unknown]>): ReadonlyArray<Violation> => {
  const out: Array<Violation> = []
  // the store itself is checked by `checkStore`
  const store = follow(before, STORE)
  for (const [key, entry] of kept) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) continue
    const e = entry as Record<string, unknown>
    const named: Array<string> = []
    const add = (v: unknown, suffix = "") => {
      if (typeof v !== "string" || v.trim() === "") return
      for (const s of new Set([v, v.trim()])) named.push(path.resolve(SESSIONS_DIR, s + suffix))
    }
    add(e["sessionFile"])
    // an id names `<id>.jsonl` when it can name a transcript at all (OpenClaw's rule for ids:
    // a safe file-name stem that is not itself a checkpoint's name)
    const id = typeof e["sessionId"] === "string" ? e["sessionId"].trim() : undefined
    if (id !== undefined && /^[a-z0-9][a-z0-9._-]{0,127}$/i.test(id) && !/\.checkpoint\.[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) add(id, ".jsonl")
    const checkpoints = e["compactionCheckpoints"]
    if (Array.isArray(checkpoints)) {
      for (const c of checkpoints) {
        const pre = typeof c === "object" && c !== null ? (c as Record<string, unknown>)["preCompaction"] : undefined
        if (typeof pre === "object" && pre !== null) add((pre as Record<string, unknown>)["sessionFile"])
      }
    }
    for (const p of named) {
      if (follow(before, p) === store) continue
      const was = fileAt(before, p)
      if (was === undefined) continue
      const now = fileAt(after, p)
      if (now === undefined || !was.equals(now)) out.push({ kind: "kept-row-file-lost", detail: `row ${JSON.stringify(key)} names ${p}, which ${now === undefined ? "is gone" : "changed"}` })
    }
  }
  return out
}

/**
 * Every change inside the sessions dir is an operation the run reported as done (an archive
 * rename, a deletion, the store write), every operation reported done happened, and no archive
 * replaced a file that was already at its destination.
 */
export const checkReported = (before: Disk, after: Disk, changes: ReadonlyArray<Change>, run: CleanupRun): ReadonlyArray<Violation> => {
  const out: Array<Violation> = []
  const applied = run.applied?.[0]
  if (applied === undefined) return out
  const explained = new Set<string>()
  // operations name paths as clawkeep spells them; the disk pictures hold the real places
  const real = (p: string) => throughParents(before, p)
  const storeReal = follow(before, STORE) ?? real(STORE)
  const deleted = new Set(applied.operations.filter((o) => o.op === "delete" && o.status === "done").map((o) => real(o.path)))
  for (const o of applied.operations) {
    if (o.status !== "done") continue
    if (o.op === "write") {
      const written = follow(before, o.path) ?? real(o.path)
      explained.add(written)
      if (written !== storeReal) out.push({ kind: "unreported-change", detail: `the store was written to ${o.path}, not to ${storeReal}` })
      continue
    }
    const from = real(o.path)
    explained.add(from)
    const was = before.get(from)
    if (after.has(from)) out.push({ kind: "unreported-change", detail: `${o.op} ${o.path} reported done, but it is still there` })
    if (o.op === "archive") {
      const to = real(o.to!)
      explained.add(to)
      if (before.has(to)) out.push({ kind: "file-overwritten", detail: `archive ${o.path} -> ${o.to} replaced the ${before.get(to)!.type} that was there` })
      const moved = after.get(to)
      // an archive may be deleted later in the same run (the disk budget)
      if (!(deleted.has(to) && moved === undefined) && !sameNode(was, moved)) {
        out.push({ kind: "unreported-change", detail: `archive ${o.path} -> ${o.to} reported done, but ${o.to} is not that file` })
      }
    }
  }
  for (const c of changes) {
    if (explained.has(c.path)) continue
    if (inSessionsDir(before, c.path) || c.path === storeReal) out.push({ kind: "unreported-change", detail: `${c.path} changed (${describe(c)}) without a reported operation` })
  }
  return out
}

// ── errors ──────────────────────────────────────────────────────────────────────────────────

const KNOWN_TAGS = new Set(["ConfigError", "TargetError", "UsageError", "StoreUnreadableError", "SqliteStoreError", "SessionPathError", "FileSystemError", "PlanMismatchError"])

/** What an exit was: success, a tagged failure (with its tag), or a violation. */
export interface ExitVerdict {
  readonly outcome: string
  readonly violations: ReadonlyArray<Violation>
}

/**
 * A failure must be one tagged error whose message names a path of the world (the store, the
 * SQLite file, …): no defect, no bare errno code, no stack overflow. The one failure whose
 * message is the reference's own and names a session id, not a file, is `SessionPathError`
 * ("Error: Invalid session ID: <id>"): it must name an id the store holds.
 */
export const checkExit = <A>(exit: Exit.Exit<A, unknown>, paths: ReadonlySet<string>, storeText: string | undefined): ExitVerdict => {
  if (Exit.isSuccess(exit)) return { outcome: "ok", violations: [] }
  const unclear = (detail: string): ExitVerdict => ({ outcome: "unclear", violations: [{ kind: "unclear-exit", detail }] })
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None" || Cause.isDie(exit.cause)) return unclear(`not a tagged failure: ${Cause.pretty(exit.cause).split("\n").slice(0, 3).join(" | ")}`)
  const error = failure.value as { readonly _tag?: unknown; readonly message?: unknown }
  if (typeof error._tag !== "string" || !KNOWN_TAGS.has(error._tag)) return unclear(`unknown error ${String(error._tag)}: ${String(error.message)}`)
  const verdict = clearMessage(error._tag, String(error.message), paths, storeText)
  return verdict.violations.length > 0 || verdict.outcome === "invalid-session-id" ? verdict : { outcome: error._tag, violations: [] }
}

/** Whether an error message (or a stderr first line) is clear: see `checkExit`. */
export const clearMessage = (tag: string, message: string, paths: ReadonlySet<string>, storeText: string | undefined): ExitVerdict => {
  const unclear = (detail: string): ExitVerdict => ({ outcome: "unclear", violations: [{ kind: "unclear-exit", detail: `${tag}: ${detail}` }] })
  if (/Maximum call stack/i.test(message)) return unclear(`stack overflow: ${message}`)
  if (/^(Error: )?E[A-Z]{2,}\b/.test(message)) return unclear(`a bare error code: ${message}`)
  const invalidId = /^Error: Invalid session ID: (.*)$/.exec(message)
  if (invalidId !== null) {
    const id = invalidId[1]!
    return storeText?.includes(JSON.stringify(id).slice(1, -1)) === true ? { outcome: "invalid-session-id", violations: [] } : unclear(`names an id the store does not hold: ${message}`)
  }
  const named = [...message.matchAll(/\/[^\s;,()'"`]+/g)].map((m) => m[0].replace(/[.:]+$/, ""))
  if (!named.some((p) => paths.has(p))) return unclear(`names no file of the world: ${message}`)
  return { outcome: "names-a-path", violations: [] }
}
