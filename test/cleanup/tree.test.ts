/**
 * The in-memory trees of the cleanup tests list exactly as the same trees on the real disk:
 * every golden case's input tree and a tree of modes, directories and symlinks are written once
 * under a scratch HOME on disk and once into a memfs volume at the same path, and listed back
 * (paths, sizes, mode strings, symlink flags, JSON texts). This is what lets the scenarios run on
 * memory with the same assertions (tree.ts describes where memfs differs and how it is bridged).
 *
 * It compares against the real disk, so it runs there; it needs the process umask to be 0o022
 * (the in-memory layer's) and is skipped under another.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { Volume } from "memfs"
import { listTree, materialize, scratchHome, type TreeFile, volumeTreeFs } from "./tree.js"

const ROOT = path.resolve(import.meta.dirname, "../golden/cleanup")

const goldenTrees: ReadonlyArray<{ readonly name: string; readonly files: ReadonlyArray<TreeFile> }> = fs
  .readdirSync(ROOT)
  .filter((d) => fs.existsSync(path.join(ROOT, d, "case.json")))
  .sort()
  .map((d) => ({ name: d, files: (JSON.parse(fs.readFileSync(path.join(ROOT, d, "case.json"), "utf8")) as { files: ReadonlyArray<TreeFile> }).files }))

const modesAndLinks: ReadonlyArray<TreeFile> = [
  { path: ".openclaw/agents/main/sessions/sessions.json", text: '{"a":{"sessionId":"a-1","sessionFile":"x.jsonl"}}', mtimeMs: 1 },
  { path: ".openclaw/agents/main/sessions/a-1.jsonl", size: 12, mode: 0o600, mtimeMs: 2 },
  { path: ".openclaw/agents/main/sessions/ro.jsonl", size: 3, mode: 0o444 },
  { path: ".openclaw/agents/main/sessions/exec.sh", text: "#!/bin/sh\n", mode: 0o755 },
  { path: ".openclaw/agents/main/sessions/empty.jsonl", text: "" },
  { path: ".openclaw/agents/main/sessions/link-rel.jsonl", symlink: "a-1.jsonl" },
  { path: ".openclaw/agents/main/sessions/link-abs.jsonl", symlink: "<HOME>/outside/target.jsonl" },
  { path: ".openclaw/agents/main/sessions/dangling.jsonl", symlink: "nowhere.jsonl" },
  { path: ".openclaw/agents/main/sessions/linked.json", symlink: "sessions.json" },
  { path: ".openclaw/agents/ops", dir: true },
  { path: "outside/target.jsonl", size: 40 }
]

/** The tree listed on the real disk and in a memfs volume at the same HOME path. */
const bothWays = (files: ReadonlyArray<TreeFile>) => {
  const home = scratchHome()
  try {
    materialize(home, files)
    const vol = new Volume()
    materialize(home, files, volumeTreeFs(vol))
    return { disk: listTree(home), memory: listTree(home, volumeTreeFs(vol)) }
  } finally {
    fs.rmSync(home, { recursive: true, force: true })
  }
}

describe("cleanup test trees in memory list as on disk", () => {
  // the in-memory layer creates files as a 022 umask would; the disk side uses the same umask
  let savedUmask = 0
  beforeAll(() => {
    savedUmask = process.umask(0o022)
  })
  afterAll(() => {
    process.umask(savedUmask)
  })

  it("files with modes, empty directories and symlinks (relative, absolute, dangling, to JSON)", () => {
    const { disk, memory } = bothWays(modesAndLinks)
    expect(memory).toEqual(disk)
    // the listing shows what the comparison is about
    expect(disk.map((f) => [f.path.split("/").pop(), f.mode, f.size, f.symlink === true])).toEqual([
      ["a-1.jsonl", "600", 12, false],
      ["dangling.jsonl", "777", 13, true],
      ["empty.jsonl", "644", 0, false],
      ["exec.sh", "755", 10, false],
      ["link-abs.jsonl", "777", expect.any(Number), true],
      ["link-rel.jsonl", "777", 9, true],
      ["linked.json", "777", 13, true],
      ["ro.jsonl", "444", 3, false],
      ["sessions.json", "644", 49, false],
      ["target.jsonl", "644", 40, false]
    ])
  })

  it("every golden case's input tree", () => {
    expect(goldenTrees.length).toBeGreaterThanOrEqual(30)
    for (const c of goldenTrees) {
      const { disk, memory } = bothWays(c.files)
      expect(memory, c.name).toEqual(disk)
    }
  })
})
