/**
 * The concurrent-writer harness: while `clawkeep sessions cleanup --enforce` (the CLI as built)
 * applies, a writer rewrites the store as a running Gateway does (read, add a row, write a temp
 * file, rename it over the store) every 20 ms (50 rows/s), and goes on for a while after
 * clawkeep ends. Half of the runs write steadily; the other half in bursts of 25 rows with pauses
 * of 0.2–1.55 s between them (so that some applies get through, and some are undone after their
 * write).
 *
 * Every run checks, on the final disk:
 * - no writer row is lost: every row the writer wrote is in the final store (its rows are fresh
 *   group rows, protected, so no plan removes them legitimately; a fresh direct row would be
 *   capped in this world, whose protected rows alone exceed `maxEntries`);
 * - no row points at an archived transcript: every row of the final store whose transcript
 *   existed before still has it at its name;
 * - every removal is reported: an apply that exits 0 reports `pruned + capped` equal to the rows of
 *   the world that are gone; an apply that was undone exits 1 with the interference message or a
 *   StoreChangedError (and then, for the latter, no row of the world is gone);
 * - nothing is left pending, no `.clawkeep-write.*` file is left.
 *
 * `npm test` runs 2 runs on 600 rows; `npm run test:crash` runs 20 on 3 000 rows.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { buildCli, discard, freshCopy, pendingMarkers, picture, runCli, scratch, type Picture } from "./harness.js"
import { NOW, writeWorld } from "./world.js"

const FULL = process.env["CRASH_FULL"] === "1"
const ROWS = FULL ? 3000 : 600
const RUNS = FULL ? 20 : 2
const INTERVAL_MS = 20
/** How long the writer goes on after clawkeep ended. */
const AFTER_MS = 400
const WRITER = path.join(import.meta.dirname, "gatewayWriter.mjs")

let bin: string
let template: string
let before: Picture
let worldKeys: ReadonlyArray<string>

/** Odd runs write in bursts. */
const bursty = (i: number) => i % 2 === 1

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const lines = (file: string): Array<string> => {
  try {
    return fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "")
  } catch {
    return []
  }
}

type Outcome = "applied" | "interference reported" | "store changed (gave up)" | "other"

interface RunResult {
  readonly bursty: boolean
  readonly outcome: Outcome
  readonly writerRows: number
  readonly lost: number
  readonly pointingAtArchive: number
  readonly violations: ReadonlyArray<string>
}

const writerRun = async (i: number): Promise<RunResult> => {
  const { home, world: w } = freshCopy(template, "ckwriter-")
  const log = path.join(home, "writer.log")
  const stop = path.join(home, "writer.stop")
  const violations: Array<string> = []
  const say = (what: string) => violations.push(`run ${i}: ${what}`)
  const rhythm = bursty(i) ? ["25", String(200 + 150 * (Math.floor(i / 2) % 10))] : []
  const writer = spawn(process.execPath, [WRITER, w.storePath, log, stop, String(INTERVAL_MS), String(NOW), ...rhythm], { stdio: ["ignore", "ignore", "pipe"] })
  let writerErr = ""
  writer.stderr.on("data", (d: Buffer) => (writerErr += d.toString()))
  const writerDone = new Promise<number | null>((resolve) => writer.on("exit", resolve))
  while (lines(log).length < 3) await sleep(5)
  // start at a different point of the writer's cycle each run
  await sleep(i % INTERVAL_MS)
  const run = await runCli(bin, home, ["sessions", "cleanup", "--enforce", "--json"])
  await sleep(AFTER_MS)
  fs.writeFileSync(stop, "")
  const writerCode = await writerDone
  if (writerCode !== 0) say(`the writer failed: ${writerErr.split("\n")[0]}`)

  const written = lines(log)
  const store = JSON.parse(fs.readFileSync(w.storePath, "utf8")) as Record<string, { sessionId?: string; sessionFile?: string }>
  const lost = written.filter((k) => !(k in store)).length
  if (lost > 0) say(`${lost} of ${written.length} writer rows lost`)
  let pointingAtArchive = 0
  for (const [key, row] of Object.entries(store)) {
    const name = row.sessionFile ?? `${row.sessionId}.jsonl`
    if (before[name] !== undefined && !fs.existsSync(path.join(w.sessionsDir, name))) {
      pointingAtArchive++
      if (pointingAtArchive <= 3) say(`row ${key} names ${name}, which is no longer there`)
    }
  }
  const gone = worldKeys.filter((k) => !(k in store)).length
  const first = run.stderr.split("\n")[0] ?? ""
  let outcome: Outcome
  if (run.code === 0) {
    outcome = "applied"
    const summaries = JSON.parse(run.stdout) as { pruned: number; capped: number } | Array<{ pruned: number; capped: number }>
    const reported = [summaries].flat().reduce((n, s) => n + s.pruned + s.capped, 0)
    if (reported !== gone) say(`exit 0 reported ${reported} removed rows, ${gone} of the world's rows are gone`)
  } else if (run.code === 1 && first.includes("was written by someone else right after clawkeep wrote it")) {
    outcome = "interference reported"
  } else if (run.code === 1 && (first.includes("kept changing while clawkeep applied") || first.includes("changed while clawkeep was applying"))) {
    outcome = "store changed (gave up)"
    if (gone > 0) say(`gave up, yet ${gone} of the world's rows are gone`)
  } else {
    outcome = "other"
    say(`exit ${run.code}: ${first}`)
  }
  if (pendingMarkers(w).length > 0) say("a pending marker is left")
  const temps = Object.keys(picture(w.sessionsDir)).filter((n) => n.startsWith(".clawkeep-write.") || n.endsWith(".tmp"))
  if (temps.length > 0) say(`temp files left: ${temps.join(", ")}`)
  discard(home)
  return { bursty: bursty(i), outcome, writerRows: written.length, lost, pointingAtArchive, violations }
}

describe("concurrent writer (real disk, the built CLI)", () => {
  beforeAll(() => {
    bin = buildCli()
    template = scratch("ckwriter-world-")
    const w = writeWorld(template, ROWS)
    before = picture(w.sessionsDir)
    worldKeys = Object.keys(JSON.parse(fs.readFileSync(w.storePath, "utf8")) as object)
  }, 120_000)

  it(
    `a Gateway-like writer during apply loses no row, and every undone cleanup is reported and rolled back (${RUNS} runs, ${ROWS} rows)`,
    async () => {
      // CRASH_PROGRESS=<file>: one line per run as it finishes
      const progress = process.env["CRASH_PROGRESS"]
      const results: Array<RunResult> = []
      for (let i = 0; i < RUNS; i++) {
        const r = await writerRun(i)
        if (progress !== undefined) {
          fs.appendFileSync(progress, `${i} ${r.bursty ? "bursty" : "steady"} ${r.outcome}; writer rows ${r.writerRows}, lost ${r.lost}; pointing at an archive ${r.pointingAtArchive}; ${r.violations.join(" | ")}\n`)
        }
        results.push(r)
      }
      const count = (o: Outcome) => {
        const of = results.filter((r) => r.outcome === o)
        return `${of.length} (${of.filter((r) => !r.bursty).length} steady, ${of.filter((r) => r.bursty).length} bursty)`
      }
      const violations = results.flatMap((r) => r.violations)
      const report = [
        `concurrent writer: ${RUNS} runs, ${ROWS} rows, a write every ${INTERVAL_MS} ms; ${results.reduce((n, r) => n + r.writerRows, 0)} writer rows written, ${results.reduce((n, r) => n + r.lost, 0)} lost`,
        `  applied (exit 0): ${count("applied")}; interference reported and rolled back (exit 1): ${count("interference reported")}; store kept changing, gave up (exit 1): ${count("store changed (gave up)")}; other: ${count("other")}`,
        `  rows pointing at an archived transcript: ${results.reduce((n, r) => n + r.pointingAtArchive, 0)}; violations: ${violations.length}`
      ].join("\n")
      console.log(report)
      const keep = process.env["CRASH_REPORT"]
      if (keep !== undefined) fs.appendFileSync(keep, report + "\n" + violations.map((v) => `  ${v}\n`).join(""))
      expect(violations).toEqual([])
    },
    FULL ? 3_600_000 : 120_000
  )
})
