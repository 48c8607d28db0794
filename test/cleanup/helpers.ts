/**
 * Builders for cleanup scenario trees (scenarios.md conventions) and a runner.
 *
 * `scenario(files)` runs on the in-memory file system: the tree is written into a memfs volume
 * at the fixed HOME `/home/u` and the CLI runs on that volume, so nothing is read from or
 * written to the real disk. `diskScenario(files)` writes the same tree under a scratch HOME on
 * the real disk and runs the CLI on the live layer. Both answer the same `Scenario`; `s.fs` is
 * the scenario's own file system (memfs volume or Node's `fs`) for a test's direct reads and
 * writes.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { memoryFs } from "../../src/store/memoryFs.js"
import type { SessionFs } from "../../src/store/sessionFs.js"
import type { Layer } from "effect"
import { NodeSessionFs } from "../../src/store/nodeFs.js"
import { runClawkeep, type RunResult } from "../support/cli.js"
import { diskTreeFs, listTree, materialize, scratchHome, type TreeFile, type TreeFs, volumeTreeFs } from "./tree.js"

export const NOW = 1779278400000
export const S = 1000
export const M = 60 * S
export const H = 60 * M
export const D = 24 * H
export const SD = ".openclaw/agents/main/sessions"
export const sd = (agent = "main") => `.openclaw/agents/${agent}/sessions`

export const tr = (id: string): string =>
  JSON.stringify({ type: "session", version: 3, id, timestamp: "2026-05-01T00:00:00.000Z", cwd: "/w" }) +
  "\n" +
  JSON.stringify({ type: "message", id: "m1", parentId: null, timestamp: "2026-05-01T00:00:01.000Z", message: { role: "user", content: "hi" } }) +
  "\n"

export const store = (rows: unknown, agent = "main"): TreeFile => ({ path: `${sd(agent)}/sessions.json`, text: JSON.stringify(rows, null, 2), mtimeMs: NOW })
export const transcript = (id: string, mtimeMs = NOW, agent = "main"): TreeFile => ({ path: `${sd(agent)}/${id}.jsonl`, text: tr(id), mtimeMs })
export const file = (p: string, opts: { size?: number; text?: string; mtimeMs?: number } = {}): TreeFile => ({
  path: p,
  ...(opts.text === undefined ? { size: opts.size ?? 1 } : { text: opts.text }),
  mtimeMs: opts.mtimeMs ?? NOW
})
export const config = (value: unknown): TreeFile => ({ path: ".openclaw/openclaw.json", text: JSON.stringify(value), mtimeMs: NOW })
export const ts = (ms: number) => new Date(ms).toISOString().replace(/:/g, "-")

/** The HOME of every in-memory scenario (it never exists on the real disk). */
export const MEMORY_HOME = "/home/u"

/** The direct file calls tests make on a scenario's file system. */
export interface ScenarioFs {
  readonly statSync: (p: string) => { readonly mode: number; readonly mtimeMs: number; readonly size: number }
  readonly chmodSync: (p: string, mode: number) => void
  readonly writeFileSync: (p: string, data: string | Uint8Array) => void
  readonly mkdirSync: (p: string, options?: { readonly recursive?: boolean }) => void
  readonly existsSync: (p: string) => boolean
}

export interface Scenario {
  readonly home: string
  readonly sd: string
  /** True when the scenario lives on the real disk. */
  readonly onDisk: boolean
  /** The scenario's file system. */
  readonly fs: ScenarioFs
  /** The layer the CLI runs on (for library calls). */
  readonly layer: Layer.Layer<SessionFs>
  readonly run: (args: ReadonlyArray<string>, opts?: { env?: Record<string, string>; cwd?: string }) => Promise<RunResult>
  readonly json: (args: ReadonlyArray<string>) => Promise<any>
  readonly names: (agent?: string) => ReadonlyArray<string>
  readonly read: (rel: string) => string
  readonly tree: () => ReturnType<typeof listTree>
  readonly cleanup: () => void
}

interface Backend {
  readonly home: string
  readonly onDisk: boolean
  readonly fs: ScenarioFs
  readonly tree: TreeFs
  readonly layer: Layer.Layer<SessionFs>
  readonly cleanup: () => void
}

const build = (files: ReadonlyArray<TreeFile>, backend: Backend): Scenario => {
  const { home } = backend
  materialize(home, files, backend.tree)
  const run = (args: ReadonlyArray<string>, opts: { env?: Record<string, string>; cwd?: string } = {}) =>
    runClawkeep(args.map((a) => a.replaceAll("<HOME>", home)), {
      env: { HOME: home, NO_COLOR: "1", ...(opts.env ?? {}) },
      cwd: opts.cwd ?? home,
      nowMs: NOW,
      fs: backend.layer
    })
  return {
    home,
    sd: path.join(home, SD),
    onDisk: backend.onDisk,
    fs: backend.fs,
    layer: backend.layer,
    run,
    json: async (args) => {
      const r = await run(args)
      if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`)
      return JSON.parse(r.stdout)
    },
    names: (agent = "main") => backend.tree.readdir(path.join(home, sd(agent))).sort(),
    read: (rel) => backend.tree.readText(path.join(home, rel)),
    tree: () => listTree(home, backend.tree),
    cleanup: backend.cleanup
  }
}

/** Writes a tree under `/home/u` in a fresh memfs volume; `run` calls clawkeep on it with the clock pinned to NOW. */
export const scenario = (files: ReadonlyArray<TreeFile>): Scenario => {
  const m = memoryFs()
  const vol = m.volume
  return build(files, {
    home: MEMORY_HOME,
    onDisk: false,
    fs: {
      statSync: (p) => {
        const st = vol.statSync(p)
        return { mode: Number(st.mode), mtimeMs: Number(st.mtimeMs), size: Number(st.size) }
      },
      chmodSync: (p, mode) => vol.chmodSync(p, mode),
      writeFileSync: (p, data) => vol.writeFileSync(p, data),
      mkdirSync: (p, options) => void vol.mkdirSync(p, { ...options, mode: 0o755 }),
      existsSync: (p) => vol.existsSync(p)
    },
    tree: volumeTreeFs(vol),
    layer: m.layer,
    cleanup: () => vol.reset()
  })
}

/** Writes a tree under a fresh scratch HOME on the real disk; `run` calls clawkeep on the live layer. */
export const diskScenario = (files: ReadonlyArray<TreeFile>): Scenario => {
  const home = scratchHome()
  return build(files, {
    home,
    onDisk: true,
    fs: {
      statSync: (p) => fs.statSync(p),
      chmodSync: (p, mode) => fs.chmodSync(p, mode),
      writeFileSync: (p, data) => fs.writeFileSync(p, data),
      mkdirSync: (p, options) => void fs.mkdirSync(p, options),
      existsSync: (p) => fs.existsSync(p)
    },
    tree: diskTreeFs,
    layer: NodeSessionFs.layer,
    cleanup: () => fs.rmSync(home, { recursive: true, force: true })
  })
}

/** Dry-run text rows: action by key. */
export const actions = (stdout: string): Record<string, string> => {
  const out: Record<string, string> = {}
  const lines = stdout.split("\n")
  const at = lines.indexOf("Planned session actions:")
  if (at < 0) return out
  for (const line of lines.slice(at + 2)) {
    if (line.trim() === "") break
    const parts = line.split(/\s+/)
    out[parts[1]!] = parts[0]!
  }
  return out
}
