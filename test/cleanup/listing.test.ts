/**
 * The snapshot's listing of the sessions dir (kept in columns, `src/maintenance/listing.ts`)
 * answers what the file system answers: on random directories in memory (regular files,
 * symlinks to files inside and outside, dangling symlinks, directories; names with spaces,
 * newlines, backslashes, dots, non-ASCII, clawkeep's own names and names that start with one
 * another), reached directly or through a symlinked sessions dir, every view question about the
 * dir's entries (`node`, `realpath`, `names`, `eachName`, `listFiles`, `hasFilesNamedAfter`) is checked
 * against `lstat`, `stat` and `realpath` of the same paths, before and after the plan's renames,
 * removals and store write.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer } from "effect"
import * as path from "node:path"
import { classifyFileName } from "../../src/domain/sessionFiles.js"
import { FsView } from "../../src/maintenance/fsView.js"
import { probePath, readCleanupBase } from "../../src/store/cleanupSnapshot.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs, type TreeNode } from "../../src/store/memoryFs.js"
import type { SyncFs } from "../../src/store/sessionFs.js"

const NOW = 1779278400000
const LINKED = "/h/.openclaw/agents/main/sessions"
const REAL = "/h/real-sessions"
const OUTSIDE = "/h/outside.jsonl"
const ENV = { env: { HOME: "/h" }, cwd: "/h", osHomedir: "/h" }
const ARCHIVED = ".jsonl.deleted.2026-01-01T00-00-00.000Z"

const stem = fc.constantFrom("a", "a.b", "a b", "é", "𝄞x", "new\nline", "back\\slash", "..a", ".hidden", ".clawkeep-write.1", "a.trajectory", "x".repeat(120))
const suffix = fc.constantFrom("", ".jsonl", ".trajectory.jsonl", ".trajectory-path.json", ".checkpoint.11111111-1111-4111-8111-111111111111.jsonl", ".jsonl.bak")
const LINK_TARGETS = { "link-inside": path.join(REAL, "target.jsonl"), "link-outside": OUTSIDE, dangling: path.join(REAL, "gone"), "link-dir": path.join(REAL, "sub") }
const kind = fc.constantFrom<"file" | "empty" | "dir" | keyof typeof LINK_TARGETS>("file", "file", "empty", "dir", "link-inside", "link-outside", "dangling", "link-dir")
/** An entry, and what the plan does to it: nothing, remove it, rename it to an archive name. */
const entryArb = fc.record({
  name: fc.tuple(stem, suffix).map(([s, x]) => s + x),
  kind,
  size: fc.nat(50),
  ageDays: fc.nat(60),
  op: fc.constantFrom("keep", "keep", "remove", "archive")
})

/** What the file system says about a path, as the listing read it: `lstat`, `stat`, `realpath`. */
const onDisk = (fs: SyncFs, p: string) => {
  const fact = probePath(fs, p)
  return fact.type === "missing" ? undefined : fact
}

/** `readSessionsDirFiles` asked of the file system itself. */
const filesOnDisk = (fs: SyncFs, dir: string) =>
  fs
    .readdir(dir)
    .filter((name) => !name.startsWith(".clawkeep-"))
    .map((name) => ({ name, p: path.join(dir, name) }))
    .filter(({ p }) => fs.lstat(p).kind === "file" && fs.stat(p).kind === "file")
    .map(({ name, p }) => ({ name, path: p, canonicalPath: fs.realpath(p), size: fs.stat(p).size, mtimeMs: fs.stat(p).mtimeMs }))
    .sort((a, b) => (a.name < b.name ? -1 : 1))

const filesOfView = (view: FsView) =>
  view
    .listFiles()
    .map((f) => ({ name: f.name, path: f.path, canonicalPath: f.canonicalPath, size: f.size, mtimeMs: f.mtimeMs }))
    .sort((a, b) => (a.name < b.name ? -1 : 1))

/** The rule of `hasFilesNamedAfter`, asked of the names themselves. */
const namedAfter = (names: ReadonlyArray<string>, id: string): boolean =>
  names.some((name) => {
    const c = classifyFileName(name)
    return [".jsonl", ".trajectory.jsonl", ".trajectory-path.json"].some((s) => name === id + s) || (c.kind === "checkpoint" && c.sessionId === id)
  })

describe("the sessions-dir listing", () => {
  it("answers what lstat, stat and realpath answer, before and after the plan's changes", () => {
    let symlinks = 0
    let viaLink = 0
    let changed = 0
    fc.assert(
      fc.property(fc.uniqueArray(entryArb, { selector: (e) => e.name, maxLength: 30 }), fc.boolean(), (entries, linked) => {
        const sessionsDir = linked ? LINKED : REAL
        const tree: Record<string, TreeNode> = {
          [path.join(REAL, "sessions.json")]: { content: "{}", mtimeMs: NOW },
          [path.join(REAL, "target.jsonl")]: { content: "target", mtimeMs: NOW },
          [path.join(REAL, "sub", "x")]: "x",
          [OUTSIDE]: { content: "outside", mtimeMs: NOW }
        }
        if (linked) tree[LINKED] = { symlink: REAL }
        for (const e of entries) {
          const p = path.join(REAL, e.name)
          if (tree[p] !== undefined) continue
          const mtimeMs = NOW - e.ageDays * 86_400_000 + 0.5
          if (e.kind === "file" || e.kind === "empty") tree[p] = { content: "x".repeat(e.kind === "empty" ? 0 : e.size), mtimeMs }
          else if (e.kind === "dir") tree[p] = null
          else tree[p] = { symlink: LINK_TARGETS[e.kind] }
        }
        const mem = memoryFs(tree)
        const fs = mem.service.sync
        const { base, release } = Effect.runSync(
          readCleanupBase({ agentId: "main", storePath: path.join(sessionsDir, "sessions.json") }).pipe(Effect.provide(Layer.merge(mem.layer, Environment.make(ENV))))
        )
        release()
        expect(base.sessionsDirReal).toBe(REAL)
        if (linked) viaLink++
        const view = new FsView(base)
        const names = fs.readdir(REAL)
        expect(view.names()).toEqual(names)
        for (const name of names) {
          const fact = onDisk(fs, path.join(REAL, name))
          if (fact?.type === "symlink") symlinks++
          for (const dir of [REAL, sessionsDir]) {
            expect(view.node(path.join(dir, name))).toEqual(fact)
            expect(view.realpath(path.join(dir, name))).toBe(fact?.realpath)
          }
          for (const id of [name, ...name.split(".").map((_, i, parts) => parts.slice(0, i + 1).join("."))]) {
            expect(view.hasFilesNamedAfter(id)).toBe(namedAfter(names, id))
          }
        }
        expect(view.node(path.join(sessionsDir, "no such name"))).toBeUndefined()
        expect(filesOfView(view)).toEqual(filesOnDisk(fs, sessionsDir))

        // the plan's changes, made in the view and on disk alike
        for (const { name, op } of entries) {
          const p = path.join(REAL, name)
          // (memfs renames a symlink's target instead of the link: symlinks are only removed)
          if (op === "keep" || (op === "archive" && fs.lstat(p).kind === "symlink")) continue
          changed++
          if (op === "archive") {
            view.rename(p, p + ARCHIVED)
            fs.rename(p, p + ARCHIVED)
          } else {
            view.remove(p)
            if (fs.lstat(p).kind === "directory") fs.rmdir(p)
            else fs.unlink(p)
          }
        }
        view.writeFile(path.join(sessionsDir, "sessions.json"), 2, NOW)
        mem.volume.writeFileSync(path.join(REAL, "sessions.json"), "{}")
        mem.volume.utimesSync(path.join(REAL, "sessions.json"), NOW / 1000, NOW / 1000)
        expect([...view.names()].sort()).toEqual(fs.readdir(REAL).sort())
        expect(filesOfView(view)).toEqual(filesOnDisk(fs, sessionsDir))

        // a walk that removes each name as it goes (as the retention and stale-temp rules do)
        // sees the names listed before it, each once
        const listed = view.names()
        const walked: Array<string> = []
        for (const name of view.eachName()) {
          walked.push(name)
          view.remove(path.join(REAL, name))
        }
        expect(walked).toEqual(listed)
        expect(view.names()).toEqual([])
      }),
      { numRuns: 300 }
    )
    expect(symlinks).toBeGreaterThan(300)
    expect(viaLink).toBeGreaterThan(100)
    expect(changed).toBeGreaterThan(150)
  })
})
