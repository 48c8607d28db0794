/** Builders for cleanup scenario trees (scenarios.md conventions) and a runner. */
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep, type RunResult } from "../support/cli.js"
import { listTree, materialize, scratchHome, type TreeFile } from "./tree.js"

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

export interface Scenario {
  readonly home: string
  readonly sd: string
  readonly run: (args: ReadonlyArray<string>, opts?: { env?: Record<string, string>; cwd?: string }) => Promise<RunResult>
  readonly json: (args: ReadonlyArray<string>) => Promise<any>
  readonly names: (agent?: string) => ReadonlyArray<string>
  readonly read: (rel: string) => string
  readonly tree: () => ReturnType<typeof listTree>
  readonly cleanup: () => void
}

/** Writes a tree under a fresh HOME; `run` calls clawkeep with the clock pinned to NOW. */
export const scenario = (files: ReadonlyArray<TreeFile>): Scenario => {
  const home = scratchHome()
  materialize(home, files)
  const run = (args: ReadonlyArray<string>, opts: { env?: Record<string, string>; cwd?: string } = {}) =>
    runClawkeep(args.map((a) => a.replaceAll("<HOME>", home)), {
      env: { HOME: home, NO_COLOR: "1", ...(opts.env ?? {}) },
      cwd: opts.cwd ?? home,
      nowMs: NOW
    })
  return {
    home,
    sd: path.join(home, SD),
    run,
    json: async (args) => {
      const r = await run(args)
      if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`)
      return JSON.parse(r.stdout)
    },
    names: (agent = "main") => fs.readdirSync(path.join(home, sd(agent))).sort(),
    read: (rel) => fs.readFileSync(path.join(home, rel), "utf8"),
    tree: () => listTree(home),
    cleanup: () => fs.rmSync(home, { recursive: true, force: true })
  }
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
