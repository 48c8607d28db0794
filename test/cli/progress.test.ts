/**
 * Progress of long work: the programs report to the `Progress` service (silent by default); the
 * CLI shows it as one live line on stderr, only when stderr is a terminal and never with --json.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { liveProgress, progressText } from "../../src/cli/progress.js"
import { Progress, type ProgressShape } from "../../src/domain/progress.js"
import { runCleanup } from "../../src/interpreters/index.js"
import { listSessions } from "../../src/list/program.js"
import { OpenClawConfig } from "../../src/store/config.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs } from "../../src/store/memoryFs.js"
import { fixedClock } from "../../src/testing.js"
import { HOME, NOW, runInMemory, STORE, staleTree } from "./support.js"

const CLEAR = "\r\u001b[K"
/** stderr without the progress line's drawing and erasing. */
const withoutProgress = (stderr: string) => stderr.replace(/\r[^\r\n]*\u001b\[K/g, "")

/** A Progress that records what the programs report. */
const recorder = () => {
  const events: Array<string> = []
  const progress: ProgressShape = {
    start: (label, total) => {
      events.push(`start ${label}${total === undefined ? "" : ` /${total}`}`)
      return { update: (done) => void events.push(`update ${done}`), end: () => void events.push(`end ${label}`) }
    }
  }
  return { events, progress }
}

describe("the live line", () => {
  const make = (columns = 80) => {
    let now = 0
    let out = ""
    const live = liveProgress({ write: (t) => void (out += t), now: () => now, columns: () => columns, refreshMs: 0, minIntervalMs: 100 })
    return { live, tick: (ms: number) => void (now += ms), out: () => out }
  }

  it("is drawn when a task starts, redrawn on updates at most every 100 ms, erased when it ends", () => {
    const t = make()
    const task = t.live.start("Reading sessions of main", 100000)
    expect(t.out()).toBe(`\r- Reading sessions of main: 0/100,000 (0%)\u001b[K`)
    t.tick(50)
    task.update(4095)
    expect(t.out().split("\r").length).toBe(2) // too soon: not redrawn
    t.tick(1000)
    task.update(50000)
    expect(t.out()).toMatch(/\r\\ Reading sessions of main: 50,000\/100,000 \(50%\) · 1s\u001b\[K$/)
    task.end()
    expect(t.out().endsWith(CLEAR)).toBe(true)
    t.live.clear() // nothing drawn: nothing written
    expect(t.out().endsWith(CLEAR + CLEAR)).toBe(false)
  })

  it("shows the innermost running task and is cut to the terminal's width", () => {
    const t = make(30)
    const outer = t.live.start("Applying cleanup of main (1/2)")
    const inner = t.live.start("A task with a very long label that does not fit")
    expect(t.out().split("\r").at(-1)).toBe("\\ A task with a very long la…\u001b[K") // 29 columns: one less than the terminal
    inner.end()
    expect(t.out().split("\r").at(-1)).toContain("Applying cleanup of main")
    outer.end()
    expect(t.out().endsWith(CLEAR)).toBe(true)
  })

  it("text: counts, percentage, elapsed seconds", () => {
    expect(progressText({ label: "Exporting", total: undefined, done: 0 }, 500)).toBe("Exporting")
    expect(progressText({ label: "Exporting", total: undefined, done: 12 }, 2500)).toBe("Exporting: 12 · 2s")
    expect(progressText({ label: "Reading", total: 3, done: 1 }, 0)).toBe("Reading: 1/3 (33%)")
  })
})

describe("the CLI shows progress only on a terminal, never with --json", () => {
  it("stderr a terminal: the phases are drawn on stderr and erased; stdout is unchanged", async () => {
    const plain = await runInMemory(staleTree(), ["sessions", "cleanup", "--all-agents", "--dry-run"])
    const live = await runInMemory(staleTree(), ["sessions", "cleanup", "--all-agents", "--dry-run"], { terminals: { errIsTty: true } })
    expect(live.stdout).toBe(plain.stdout)
    expect(live.stderr).toContain("\r- Planning cleanup of main (1/2)\u001b[K")
    expect(live.stderr).toMatch(/Planning cleanup of work \(2\/2\)\u001b\[K/)
    expect(live.stderr.endsWith(CLEAR)).toBe(true)
    expect(withoutProgress(live.stderr)).toBe(plain.stderr)
  })

  it("apply and export: their phases, and the report lines after the erased line", async () => {
    const m = memoryFs(staleTree())
    const applied = await runInMemory(m, ["sessions", "cleanup"], { terminals: { errIsTty: true } })
    expect(applied.stderr).toContain("Applying cleanup of main\u001b[K")
    expect(withoutProgress(applied.stderr).replace(/--id \S+/, "--id <journal>")).toBe(
      "Removed 3 rows, archived 3 transcripts, deleted 2 files (2.0 KB freed).\nTo undo: clawkeep sessions restore --id <journal>\n"
    )
    const exported = await runInMemory(m, ["sessions", "export-trajectory", "--session-key", "agent:main:main"], { terminals: { errIsTty: true } })
    expect(exported.code).toBe(0)
    expect(exported.stderr).toContain("Exporting session fresh\u001b[K")
    expect(withoutProgress(exported.stderr)).toBe("")
  })

  it("never with --json, in a pipe, or on a dumb terminal", async () => {
    for (const [args, terminals, env] of [
      [["sessions", "cleanup", "--dry-run", "--json"], { errIsTty: true }, {}],
      [["sessions", "--json", "cleanup", "--dry-run"], { errIsTty: true }, {}],
      [["sessions", "cleanup", "--dry-run", "--explain", "--json"], { errIsTty: true }, {}],
      [["sessions", "--all-agents"], {}, {}],
      [["sessions", "cleanup", "--dry-run"], { errIsTty: true }, { TERM: "dumb" }]
    ] as const) {
      const result = await runInMemory(staleTree(), args, { terminals, env })
      expect(result.code).toBe(0)
      expect(result.stderr, args.join(" ")).toBe("")
    }
  })
})

describe("the programs report to the Progress in context", () => {
  const env = Environment.make({ env: { HOME }, cwd: HOME, osHomedir: HOME })

  it("cleanup: one phase per store planned and applied", async () => {
    const m = memoryFs(staleTree())
    const { events, progress } = recorder()
    const config = OpenClawConfig.make({ agents: { list: [{ id: "main", default: true }, { id: "work" }] } })
    await Effect.runPromise(
      runCleanup({ allAgents: true, dryRun: false, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined }).pipe(
        Effect.provide(Layer.mergeAll(m.layer, env, config)),
        Effect.provideService(Progress, progress),
        Effect.withClock(fixedClock(NOW))
      )
    )
    expect(events).toEqual([
      "start Planning cleanup of main (1/2)",
      "end Planning cleanup of main (1/2)",
      "start Planning cleanup of work (2/2)",
      "end Planning cleanup of work (2/2)",
      "start Applying cleanup of main (1/2)",
      "end Applying cleanup of main (1/2)",
      "start Applying cleanup of work (2/2)",
      "end Applying cleanup of work (2/2)"
    ])
  })

  it("list: a task per store with its row count, updated every 4096 rows", async () => {
    const rows = Object.fromEntries(Array.from({ length: 10000 }, (_, i) => [`agent:main:r${i}`, { sessionId: `r${i}`, updatedAt: NOW - i }]))
    const m = memoryFs({ [STORE]: JSON.stringify(rows) })
    const { events, progress } = recorder()
    const result = await Effect.runPromise(
      listSessions({ limit: "5" }).pipe(
        Effect.provide(Layer.mergeAll(m.layer, env, OpenClawConfig.make({}))),
        Effect.provideService(Progress, progress),
        Effect.withClock(fixedClock(NOW))
      )
    )
    expect(result.count).toBe(5)
    expect(events).toEqual(["start Reading sessions of main /10000", "update 4095", "update 8191", "end Reading sessions of main"])
  })

  it("without one, nothing is reported (the default is silent)", async () => {
    const m = memoryFs(staleTree())
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        const progress = yield* Progress
        const task = progress.start("x", 1)
        task.update(1)
        task.end()
        return yield* listSessions({})
      }).pipe(Effect.provide(Layer.mergeAll(m.layer, env, OpenClawConfig.make({}))), Effect.withClock(fixedClock(NOW)))
    )
    expect(result.count).toBe(4)
  })
})
