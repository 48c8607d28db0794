/**
 * Runs the CLI in-process on an in-memory file system (HOME `/home/u`), with a pinned clock and
 * the terminals a test asks for, and captures stdout, stderr and the exit code.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer } from "effect"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { Environment } from "../../src/store/environment.js"
import { type FileTree, memoryFs, type MemoryFs } from "../../src/store/memoryFs.js"
import { fixedClock } from "../../src/testing.js"

export const HOME = "/home/u"
export const SESSIONS_DIR = `${HOME}/.openclaw/agents/main/sessions`
export const STORE = `${SESSIONS_DIR}/sessions.json`
export const NOW = 1779278400000
export const DAY = 86_400_000

export interface Terminals {
  readonly isTty?: boolean
  readonly errIsTty?: boolean
  readonly errColumns?: number
}

export interface MemoryRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `clawkeep <args>` on `fs` (a tree is seeded into a fresh in-memory file system). */
export const runInMemory = async (
  fs: FileTree | MemoryFs,
  args: ReadonlyArray<string>,
  options: { readonly terminals?: Terminals; readonly env?: Record<string, string> } = {}
): Promise<MemoryRun> => {
  const m = "volume" in fs ? (fs as MemoryFs) : memoryFs(fs as FileTree)
  const stdio = Stdio.memory(options.terminals ?? {})
  const env = { HOME, ...options.env }
  const code = await Effect.runPromise(
    runCli(args).pipe(
      Effect.provide(Layer.mergeAll(NodeContext.layer, m.layer, stdio.layer, Environment.make({ env, cwd: HOME, osHomedir: HOME }))),
      Effect.withClock(fixedClock(NOW))
    )
  )
  return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
}

const line = (id: string) =>
  JSON.stringify({ type: "session", version: 3, id, timestamp: "2026-05-01T00:00:00.000Z", cwd: "/w" }) + "\n"

/**
 * Two agents; `main` has three rows 40 days old with transcripts (prunable after the default
 * 30 days) and one fresh row, plus two orphaned transcripts older than 30 days (swept) of
 * `bytes` bytes each; `work` has one fresh row.
 */
export const staleTree = (mode: "enforce" | "warn" = "enforce"): FileTree => {
  const old = NOW - 40 * DAY
  const rows: Record<string, unknown> = {}
  const tree: Record<string, FileTree[string]> = {
    [`${HOME}/.openclaw/openclaw.json`]: JSON.stringify({
      agents: { list: [{ id: "main", default: true }, { id: "work" }] },
      session: { maintenance: { mode } }
    })
  }
  for (const n of [1, 2, 3]) {
    rows[`agent:main:old-${n}`] = { sessionId: `old-${n}`, updatedAt: old }
    tree[`${SESSIONS_DIR}/old-${n}.jsonl`] = { content: line(`old-${n}`), mtimeMs: old }
  }
  rows["agent:main:main"] = { sessionId: "fresh", updatedAt: NOW - 60_000 }
  tree[`${SESSIONS_DIR}/fresh.jsonl`] = { content: line("fresh"), mtimeMs: NOW }
  tree[`${SESSIONS_DIR}/orphan-1.jsonl`] = { content: "x".repeat(1000), mtimeMs: old }
  tree[`${SESSIONS_DIR}/orphan-2.jsonl`] = { content: "y".repeat(1048), mtimeMs: old }
  tree[STORE] = { content: JSON.stringify(rows, null, 2), mtimeMs: NOW }
  tree[`${HOME}/.openclaw/agents/work/sessions/sessions.json`] = {
    content: JSON.stringify({ "agent:work:main": { sessionId: "w", updatedAt: NOW - 1000 } }, null, 2),
    mtimeMs: NOW
  }
  return tree
}
