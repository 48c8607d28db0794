/**
 * The real-disk crash harnesses' support: the CLI as built (`scripts/build.mjs` into a scratch
 * dir, run with a pinned clock through `scripts/fixed-now.mjs`), pictures of a sessions dir,
 * and a child run that is SIGKILLed at a time or when something appears on disk.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { tempDir } from "../support/tempDir.js"
import { NOW, worldPaths, type World } from "./world.js"

const project = path.resolve(import.meta.dirname, "..", "..")

/** Builds the CLI into a scratch dir; returns the executable. */
export const buildCli = (): string => {
  const out = tempDir("clawkeep-crash-build-")
  execFileSync(process.execPath, ["scripts/build.mjs", out], { cwd: project, stdio: "pipe" })
  return path.join(out, "clawkeep.mjs")
}

/** The environment of every CLI run on a world under `home` (the clock pinned at `NOW`). */
export const cliEnv = (home: string, nowMs = NOW): Record<string, string> => ({
  PATH: process.env["PATH"] ?? "",
  HOME: home,
  NO_COLOR: "1",
  NODE_OPTIONS: `--import ${path.join(project, "scripts/fixed-now.mjs")}`,
  CLAWKEEP_FIXED_NOW_MS: String(nowMs)
})

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI to its end (asynchronously, so several can run at once). */
export const runCli = (bin: string, home: string, args: ReadonlyArray<string>, nowMs = NOW): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: home, env: cliEnv(home, nowMs), stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

export const runCliSync = (bin: string, home: string, args: ReadonlyArray<string>): CliResult => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: home, env: cliEnv(home), encoding: "utf8" })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** A copy of a whole world (its home), by `cp -a`. */
export const copyHome = (from: string, to: string): void => {
  execFileSync("cp", ["-a", `${from}/.`, to])
}

/** One sessions-dir entry as compared: kind, mode, size and content hash. */
export type Picture = Readonly<Record<string, string>>

/** Every entry directly in the sessions dir (the dir is flat), with its kind, mode, size and SHA-1. */
export const picture = (dir: string): Picture => {
  const out: Record<string, string> = {}
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name)
    const st = fs.lstatSync(p)
    if (!st.isFile()) {
      out[name] = `${st.isDirectory() ? "dir" : "other"} ${(st.mode & 0o777).toString(8)}`
      continue
    }
    out[name] = `file ${(st.mode & 0o777).toString(8)} ${st.size} ${createHash("sha1").update(fs.readFileSync(p)).digest("hex")}`
  }
  return out
}

/** The names on which two pictures differ (at most `max`), for failure messages. */
export const pictureDiff = (a: Picture, b: Picture, max = 8): Array<string> => {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return names.filter((n) => a[n] !== b[n]).slice(0, max).map((n) => `${n}: ${a[n] ?? "absent"} vs ${b[n] ?? "absent"}`)
}

export const pendingDir = (w: World): string => path.join(w.stateDir, "clawkeep", "pending")
export const journalsDir = (w: World): string => path.join(w.stateDir, "clawkeep", "journal")

const listOrEmpty = (dir: string): Array<string> => {
  try {
    return fs.readdirSync(dir)
  } catch {
    return []
  }
}

export const pendingMarkers = (w: World): Array<string> => listOrEmpty(pendingDir(w))

/** Journals killed while being written: no pending marker, and no `journal.json` or one still `prepared`. */
export const abandonedJournals = (w: World): Array<string> => {
  const pending = new Set(pendingMarkers(w))
  return listOrEmpty(journalsDir(w)).filter((id) => {
    if (pending.has(id)) return false
    try {
      return (JSON.parse(fs.readFileSync(path.join(journalsDir(w), id, "journal.json"), "utf8")) as { status: string }).status === "prepared"
    } catch {
      return true
    }
  })
}

/** The statuses of every journal that has a readable `journal.json`. */
export const journalStatuses = (w: World): Array<string> =>
  listOrEmpty(journalsDir(w)).flatMap((id) => {
    try {
      return [(JSON.parse(fs.readFileSync(path.join(journalsDir(w), id, "journal.json"), "utf8")) as { status: string }).status]
    } catch {
      return []
    }
  })

/** What makes a kill happen. */
export type Trigger =
  /** at this many ms after the spawn */
  | { readonly kind: "time"; readonly ms: number }
  /** this many ms after the pending marker appears */
  | { readonly kind: "marker"; readonly delayMs: number }
  /** as soon as the store's temp file (`.clawkeep-write.*`) is seen */
  | { readonly kind: "temp" }
  /** as soon as the store's inode changed (the store write's rename happened) */
  | { readonly kind: "store-written" }

export interface KilledRun {
  /** Whether the kill was sent before the process ended on its own. */
  readonly killed: boolean
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** ms from spawn to the trigger's first sighting (undefined: never seen). */
  readonly seenAtMs: number | undefined
  readonly endedAtMs: number
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1))

/**
 * Spawns the CLI and SIGKILLs it at its trigger: a timer; the pending marker seen by polling
 * every millisecond; the store's temp file or its rename seen through `fs.watch` (inotify) on
 * the sessions dir. The promise settles once the process is reaped, so its pid is no longer alive.
 */
export const killedRun = (bin: string, home: string, w: World, args: ReadonlyArray<string>, trigger: Trigger): Promise<KilledRun> =>
  new Promise((resolve, reject) => {
    const start = performance.now()
    let ended = false
    let killed = false
    let seenAtMs: number | undefined
    let watcher: fs.FSWatcher | undefined
    const storeIno = fs.statSync(w.storePath).ino
    if (trigger.kind === "temp" || trigger.kind === "store-written") {
      watcher = fs.watch(w.sessionsDir, (_event, name) => {
        if (seenAtMs !== undefined || name === null) return
        const hit =
          trigger.kind === "temp"
            ? name.startsWith(".clawkeep-write.")
            : name === path.basename(w.storePath) && (() => {
                try {
                  return fs.statSync(w.storePath).ino !== storeIno
                } catch {
                  return false
                }
              })()
        if (!hit) return
        seenAtMs = performance.now() - start
        kill()
      })
    }
    const child = spawn(process.execPath, [bin, ...args], { cwd: home, env: cliEnv(home), stdio: "ignore" })
    const kill = () => {
      if (ended) return
      killed = child.kill("SIGKILL")
    }
    child.on("error", reject)
    child.on("exit", (code, signal) => {
      ended = true
      watcher?.close()
      resolve({ killed: killed && signal === "SIGKILL", code, signal, seenAtMs, endedAtMs: performance.now() - start })
    })
    if (trigger.kind === "time") setTimeout(kill, trigger.ms)
    if (trigger.kind !== "marker") return
    void (async () => {
      while (!ended) {
        if (pendingMarkers(w).length > 0) {
          seenAtMs = performance.now() - start
          setTimeout(kill, trigger.delayMs)
          return
        }
        await tick()
      }
    })()
  })

/** Runs `tasks` with at most `width` at once, in order of start. */
export const pool = async <A>(tasks: ReadonlyArray<() => Promise<A>>, width: number): Promise<Array<A>> => {
  const results: Array<A> = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
  return results
}

/** A fresh copy of a world's home (`template`), in a scratch dir named `prefix…`. */
export const freshCopy = (template: string, prefix: string): { readonly home: string; readonly world: World } => {
  const home = scratch(prefix)
  copyHome(template, home)
  return { home, world: worldPaths(home) }
}

/** A fresh scratch home. */
export const scratch = (prefix: string): string => tempDir(`/tmp/${prefix}`)

/** Removes a scratch home now (the harnesses make hundreds). */
export const discard = (home: string): void => fs.rmSync(home, { recursive: true, force: true })
