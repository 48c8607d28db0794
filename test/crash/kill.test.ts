/**
 * The kill harness: `clawkeep sessions cleanup --enforce` (the CLI as built) SIGKILLed at many
 * points of its apply on a real-disk world, then the next command (`sessions cleanup
 * --dry-run`, which recovers interrupted applies first), then a second apply.
 *
 * After every kill:
 * - at the kill, the store's bytes are exactly those before or those after an uninterrupted
 *   apply (the store write is atomic);
 * - after the next command, nothing is pending, and the sessions dir equals, entry for entry
 *   (name, kind, mode, size, SHA-1 of the bytes), the dir before the apply (store bytes before)
 *   or the dir after an uninterrupted apply (store bytes after): every transcript is at its name
 *   or its archive name, no deletion was lost or made early, no `.clawkeep-write.*` file is left;
 *   before the store write it is rolled back, from the store write on it is finished;
 * - a second apply exits 0 and leaves the dir of an uninterrupted apply. The clock is pinned, so
 *   archive names are the same in every run and the pictures compare exactly.
 *
 * Kill points: timed at (k − ½)/N of an uninterrupted run's duration, and triggered from the
 * disk (the pending marker appearing, then a delay spread over the rest of the run; the store's
 * temp file appearing; the store's rename). `npm test` runs a small sample on 600 rows;
 * `npm run test:crash` runs 200 kill points on 3 000 rows.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import {
  abandonedJournals,
  buildCli,
  discard,
  freshCopy,
  journalStatuses,
  killedRun,
  pendingMarkers,
  picture,
  pictureDiff,
  pool,
  runCli,
  runCliSync,
  scratch,
  type Picture,
  type Trigger
} from "./harness.js"
import { NOW, writeWorld, type World } from "./world.js"

const FULL = process.env["CRASH_FULL"] === "1"
const ROWS = FULL ? 3000 : 600
const COUNTS = FULL ? { time: 100, marker: 70, temp: 15, store: 15 } : { time: 3, marker: 3, temp: 2, store: 2 }
const WIDTH = 2
const APPLY = ["sessions", "cleanup", "--enforce", "--json"]
const RECOVER = ["sessions", "cleanup", "--dry-run", "--json"]

type Phase = "before journal" | "journal, before store write" | "after store write" | "after finish"

interface Baseline {
  readonly bin: string
  readonly template: string
  readonly world: World
  readonly storeBefore: Buffer
  readonly storeAfter: Buffer
  readonly before: Picture
  readonly after: Picture
  /** ms from spawn: the pending marker seen, the store renamed, the process ended */
  readonly markerMs: number
  readonly writtenMs: number
  readonly totalMs: number
}

let base: Baseline

/** An uninterrupted apply, timed from the disk (marker, store rename, exit). */
const calibrate = async (bin: string, template: string): Promise<Baseline> => {
  const { home, world } = freshCopy(template, "ckcrash-cal-")
  const storeBefore = fs.readFileSync(world.storePath)
  const before = picture(world.sessionsDir)
  // the marker and rename times, from two runs that are killed right at them
  const marker = await killedRun(bin, home, world, APPLY, { kind: "marker", delayMs: 0 })
  discard(home)
  const second = freshCopy(template, "ckcrash-cal-")
  const written = await killedRun(bin, second.home, second.world, APPLY, { kind: "store-written" })
  discard(second.home)
  const { home: home3, world: w3 } = freshCopy(template, "ckcrash-cal-")
  const start = performance.now()
  const run = await runCli(bin, home3, APPLY)
  const totalMs = performance.now() - start
  expect(run.code).toBe(0)
  const storeAfter = fs.readFileSync(w3.storePath)
  const after = picture(w3.sessionsDir)
  // the uninterrupted apply's dir is a fixed point: a second apply changes nothing
  expect(runCliSync(bin, home3, APPLY).code).toBe(0)
  expect(pictureDiff(picture(w3.sessionsDir), after)).toEqual([])
  discard(home3)
  return { bin, template, world, storeBefore, storeAfter, before, after, markerMs: marker.seenAtMs ?? 0, writtenMs: written.seenAtMs ?? 0, totalMs }
}

interface PointResult {
  readonly trigger: Trigger
  readonly phase: Phase
  /** an archive rename had happened (journal, before store write) */
  readonly archiving: boolean
  /** the store's temp file was there at the kill */
  readonly tempAtKill: boolean
  readonly rolledBack: boolean
  /** journals the kill abandoned (before the pending marker) */
  readonly abandoned: number
  readonly secondApply: boolean
  readonly violations: ReadonlyArray<string>
}

/** Full runs apply a second time after every 4th kill (the dir compared before is already exact). */
const SECOND_APPLY_EVERY = FULL ? 4 : 1

const killPoint = async (trigger: Trigger, index: number): Promise<PointResult> => {
  const { home, world: w } = freshCopy(base.template, "ckcrash-")
  const violations: Array<string> = []
  const say = (what: string) => violations.push(`${JSON.stringify(trigger)}: ${what}`)
  const run = await killedRun(base.bin, home, w, APPLY, trigger)

  // ── at the kill ────────────────────────────────────────────────────────────────────────────
  const store = fs.readFileSync(w.storePath)
  const storeIs = store.equals(base.storeBefore) ? "before" : store.equals(base.storeAfter) ? "after" : "neither"
  if (storeIs === "neither") say(`store at the kill is neither the before nor the after bytes (${store.length} bytes)`)
  const markers = pendingMarkers(w)
  const statuses = journalStatuses(w)
  const names = fs.readdirSync(w.sessionsDir)
  const tempAtKill = names.some((n) => n.startsWith(".clawkeep-write."))
  const archiving = names.some((n) => n.includes(".deleted.") && base.before[n] === undefined)
  const phase: Phase =
    markers.length > 0
      ? storeIs === "after"
        ? "after store write"
        : "journal, before store write"
      : statuses.includes("committed") || !run.killed
        ? "after finish"
        : "before journal"
  if (!run.killed && run.code !== 0) say(`the run ended by itself with exit ${run.code}`)
  if (phase === "before journal" && (storeIs !== "before" || archiving || tempAtKill)) say("changes were made before the journal's pending marker")

  // ── the next command recovers ──────────────────────────────────────────────────────────────
  const next = await runCli(base.bin, home, RECOVER)
  if (next.code !== 0) say(`the next command exited ${next.code}: ${next.stderr.split("\n")[0]}`)
  const rolledBack = next.stderr.includes("rolled back an interrupted apply")
  const finished = next.stderr.includes("finished an interrupted apply")
  if (markers.length > 0 && !rolledBack && !finished) say(`a pending apply was not reported as recovered: ${next.stderr.split("\n")[0]}`)
  if (pendingMarkers(w).length > 0) say("a pending marker is left after recovery")
  const recovered = fs.readFileSync(w.storePath)
  const now = picture(w.sessionsDir)
  if (recovered.equals(base.storeBefore)) {
    if (phase === "after store write" || phase === "after finish") say(`rolled back although the store write had happened (${phase})`)
    const diff = pictureDiff(now, base.before)
    if (diff.length > 0) say(`store is as before but the dir is not: ${diff.join("; ")}`)
  } else if (recovered.equals(base.storeAfter)) {
    if (phase === "before journal" || phase === "journal, before store write") say(`finished forward although the store was not written (${phase})`)
    const diff = pictureDiff(now, base.after)
    if (diff.length > 0) say(`store is as after but the dir is not: ${diff.join("; ")}`)
  } else {
    say(`after recovery the store is neither the before nor the after bytes (${recovered.length} bytes)`)
  }

  // ── a second apply converges ───────────────────────────────────────────────────────────────
  const secondApply = index % SECOND_APPLY_EVERY === 0 || violations.length > 0
  if (secondApply) {
    const again = await runCli(base.bin, home, APPLY)
    if (again.code !== 0) say(`the second apply exited ${again.code}: ${again.stderr.split("\n")[0]}`)
    if (!fs.readFileSync(w.storePath).equals(base.storeAfter)) say("the second apply's store differs from an uninterrupted apply's")
    const diff = pictureDiff(picture(w.sessionsDir), base.after)
    if (diff.length > 0) say(`the second apply's dir differs from an uninterrupted apply's: ${diff.join("; ")}`)
  }

  // ── a journal abandoned by a kill before its marker goes with a later apply ───────────────
  const abandoned = abandonedJournals(w).length
  if (abandoned > 0) {
    const later = await runCli(base.bin, home, APPLY, NOW + 2 * 60 * 60_000)
    if (later.code !== 0) say(`an apply two hours later exited ${later.code}: ${later.stderr.split("\n")[0]}`)
    if (abandonedJournals(w).length > 0) say("an abandoned journal survived an apply two hours later")
  }
  discard(home)
  return { trigger, phase, archiving, tempAtKill, rolledBack, abandoned, secondApply, violations }
}

const spread = (n: number, from: number, to: number): Array<number> => Array.from({ length: n }, (_, k) => from + ((k + 0.5) / n) * (to - from))

describe("kill harness (real disk, the built CLI)", () => {
  beforeAll(async () => {
    const bin = buildCli()
    const template = scratch("ckcrash-world-")
    writeWorld(template, ROWS)
    base = await calibrate(bin, template)
  }, 300_000)

  it(
    `every SIGKILL during apply leaves the before or the after state, recovered by the next command (${Object.values(COUNTS).reduce((a, b) => a + b)} kill points, ${ROWS} rows)`,
    async () => {
      const triggers: Array<Trigger> = [
        ...spread(COUNTS.time, 0, base.totalMs).map((ms): Trigger => ({ kind: "time", ms })),
        ...spread(COUNTS.marker, 0, base.totalMs - base.markerMs).map((delayMs): Trigger => ({ kind: "marker", delayMs })),
        ...Array.from({ length: COUNTS.temp }, (): Trigger => ({ kind: "temp" })),
        ...Array.from({ length: COUNTS.store }, (): Trigger => ({ kind: "store-written" }))
      ]
      // CRASH_PROGRESS=<file>: one line per kill point as it finishes; CRASH_SLICE=<from>-<to>:
      // only those kill points (to share a full run between processes)
      const progress = process.env["CRASH_PROGRESS"]
      const [from, to] = (process.env["CRASH_SLICE"] ?? `0-${triggers.length - 1}`).split("-").map(Number)
      const results = await pool(
        triggers.flatMap((t, i) => (i < from! || i > to! ? [] : [async () => {
          const r = await killPoint(t, i)
          if (progress !== undefined) fs.appendFileSync(progress, `${i} ${JSON.stringify(t)} ${r.phase} rolledBack=${r.rolledBack} ${r.violations.join(" | ")}\n`)
          return r
        }])),
        WIDTH
      )
      const byPhase = new Map<string, number>()
      for (const r of results) byPhase.set(r.phase, (byPhase.get(r.phase) ?? 0) + 1)
      const early = results.filter((r) => r.phase === "journal, before store write")
      const archiving = early.filter((r) => r.archiving).length
      const temps = early.filter((r) => r.tempAtKill).length
      const violations = results.flatMap((r) => r.violations)
      const report = [
        `kill harness: ${results.length} kills, ${ROWS} rows, ${Object.keys(base.before).length} files; uninterrupted apply ${base.totalMs.toFixed(0)} ms (marker at ${base.markerMs.toFixed(0)} ms, store written at ${base.writtenMs.toFixed(0)} ms)`,
        ...(["before journal", "journal, before store write", "after store write", "after finish"] as const).map((p) => `  ${p}: ${byPhase.get(p) ?? 0}`),
        `  (of those before the store write: ${archiving} with archives already renamed, ${temps} with the store's temp file written)`,
        `  rolled back by the next command: ${results.filter((r) => r.rolledBack).length}; journals abandoned before their marker (removed by an apply two hours later): ${results.filter((r) => r.abandoned > 0).length}`,
        `  second applies (each converged to the uninterrupted apply's dir and store): ${results.filter((r) => r.secondApply).length}`,
        `  violations: ${violations.length}`
      ].join("\n")
      console.log(report)
      // CRASH_REPORT=<file>: keep the figures (and any violation) in a file too
      const keep = process.env["CRASH_REPORT"]
      if (keep !== undefined) fs.appendFileSync(keep, report + "\n" + violations.map((v) => `  ${v}\n`).join(""))
      expect(violations).toEqual([])
      // the triggers from the disk hit the windows they aim at
      expect(byPhase.get("journal, before store write") ?? 0).toBeGreaterThan(0)
      expect(byPhase.get("after store write") ?? 0).toBeGreaterThan(0)
    },
    FULL ? 3_600_000 : 180_000
  )
})
