/**
 * The state dir the crash harnesses run on, written to the real disk: a store of `rows` rows
 * (≥ 3 000 in the harnesses) of mixed key shapes and ages, transcripts, trajectory sidecars and
 * pointers (with their runtime files), orphans, old and recent archives, and a config whose
 * `session.maintenance` makes `sessions cleanup --enforce` prune, cap, archive, delete sidecars,
 * expire archives, sweep orphans and evict for the disk budget. Deterministic for a seed.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export const NOW = Date.UTC(2026, 4, 20, 12, 0, 0)
const D = 86_400_000

export interface World {
  readonly stateDir: string
  readonly sessionsDir: string
  readonly storePath: string
}

export const worldPaths = (home: string): World => {
  const stateDir = path.join(home, ".openclaw")
  const sessionsDir = path.join(stateDir, "agents", "main", "sessions")
  return { stateDir, sessionsDir, storePath: path.join(sessionsDir, "sessions.json") }
}

const isoName = (ms: number) => new Date(ms).toISOString().replace(/:/g, "-")

/** Writes the world under `home` (which must be empty). */
export const writeWorld = (home: string, rows = 3000, seed = 1): World => {
  const w = worldPaths(home)
  fs.mkdirSync(w.sessionsDir, { recursive: true })
  let state = seed >>> 0 || 1
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296
  const file = (name: string, text: string, mtimeMs: number) => {
    const p = path.join(w.sessionsDir, name)
    fs.writeFileSync(p, text)
    fs.utimesSync(p, mtimeMs / 1000, mtimeMs / 1000)
  }
  const store: Record<string, unknown> = {}
  for (let i = 0; i < rows; i++) {
    const shape = random()
    const key =
      i === 0
        ? "agent:main:main"
        : shape < 0.6
          ? `agent:main:telegram:direct:${100000 + i}`
          : shape < 0.8
            ? `agent:main:slack:group:g${i}`
            : shape < 0.9
              ? `agent:main:discord:channel:c${i}:thread:${i}`
              : `agent:main:cron:job-${i}:run:${i}`
    const sessionId = `${((i * 2654435761) >>> 0).toString(16).padStart(8, "0")}-${i.toString(36)}-4000-8000-${i.toString(16).padStart(12, "0")}`
    // ages spread over 120 days: about three quarters are past pruneAfter (30 d)
    const updatedAt = NOW - Math.floor(random() * 120 * D)
    const row: Record<string, unknown> = { sessionId, updatedAt, channel: "telegram", model: "gpt-5", inputTokens: i, outputTokens: 2 * i }
    if (key.includes(":group:")) row["chatType"] = "group"
    const t = random()
    if (t < 0.8) {
      const name = t < 0.7 ? `${sessionId}.jsonl` : `custom-${i}.jsonl`
      if (t >= 0.7) row["sessionFile"] = name
      file(name, `${JSON.stringify({ type: "session", version: 3, id: sessionId })}\n${"m".repeat(50 + Math.floor(random() * 400))}\n`, updatedAt)
    }
    const s = random()
    if (s < 0.2) file(`${sessionId}.trajectory.jsonl`, `{"t":${i}}\n`, updatedAt)
    else if (s < 0.3) {
      file(`${sessionId}.runtime-${i}.jsonl`, `{"r":${i}}\n`, updatedAt)
      file(
        `${sessionId}.trajectory-path.json`,
        JSON.stringify({ traceSchema: "openclaw-trajectory-pointer", schemaVersion: 1, sessionId, runtimeFile: path.join(w.sessionsDir, `${sessionId}.runtime-${i}.jsonl`) }),
        updatedAt
      )
    }
    store[key] = row
  }
  // orphans: transcripts and trajectories no row names, old and recent
  for (let j = 0; j < 150; j++) file(`orphan-${j}${j % 3 === 0 ? ".trajectory.jsonl" : ".jsonl"}`, "o".repeat(100 + j), NOW - (j % 2 === 0 ? 40 : 2) * D)
  // archives of earlier cleanups, past and within retention
  for (let j = 0; j < 150; j++) {
    const at = NOW - (j % 2 === 0 ? 20 : 1) * D - j * 1000
    file(`old-${j}.jsonl.${j % 5 === 0 ? "reset" : "deleted"}.${isoName(at)}`, "a".repeat(200), at)
  }
  fs.writeFileSync(w.storePath, JSON.stringify(store, null, 2))
  fs.writeFileSync(
    path.join(w.stateDir, "openclaw.json"),
    JSON.stringify({
      session: {
        maintenance: { mode: "enforce", pruneAfter: "30d", maxEntries: 600, resetArchiveRetention: "7d", maxDiskBytes: "1000kb", highWaterBytes: "900kb" }
      }
    })
  )
  return w
}
