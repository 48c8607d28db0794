#!/usr/bin/env node
// Cleanup and list benchmark (not a test). Run with `npm run bench` (builds first).
//
// For each store size it generates a store with bench/gen-store.mjs (a transcript for every 5th
// row), then measures, in the same run, wall time and peak RSS of
//   floor:  node -e 'JSON.parse(fs.readFileSync(store, "utf8"))'
//   list:   clawkeep sessions --json                    (default limit 100)
//   dry:    clawkeep sessions cleanup --dry-run --json  (default settings: prune after 30 days,
//                                                        cap at 500 rows)
//   apply:  clawkeep sessions cleanup --enforce --json  (on a fresh copy of the state dir for each
//                                                        run; its journal is part of its cost)
//   ops:    bench/fileops.mjs: the same renames/unlinks as the apply's plan (written by
//           `cleanup --explain --enforce --plan-out`) plus one fsynced write of the new store's
//           size renamed over the store, on a fresh copy: the file-system floor of the apply
// and prints each time ÷ the floor's time and each peak RSS ÷ the store file's size, with the
// targets met or missed. Each figure is the median of RUNS (default 3) runs. Peak RSS is read
// inside each child by a preload (process.resourceUsage().maxRSS). Copies are made (cp -a, which
// keeps the transcripts' mtimes) and synced outside the timed region. It also measures the cold
// start on a one-row store next to a bare `node -e ''`.
// Environment: BENCH_SIZES=10000,100000 to choose sizes; RUNS=5; BENCH_TRANSCRIPT_EVERY=5;
// BENCH_HUGE=1 adds, with a single run each, a store of 100k rows with PAD_BYTES=6000 (about
// 680 MB, beyond the maximum JS string length: no floor) for list, dry and apply, and a store of
// 1M rows (about 1 GB) for list and dry only.
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "..")
const bin = path.join(root, "dist/clawkeep.mjs")
const generator = path.join(here, "gen-store.mjs")
const fileops = path.join(here, "fileops.mjs")
const preload = path.join(here, "rss-report.mjs")
const defaultRuns = Number(process.env.RUNS ?? 3)
const sizes = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number)
const transcriptEvery = process.env.BENCH_TRANSCRIPT_EVERY ?? "5"
const MB = 1048576

// targets (see the legend printed at the end)
const DRY_TIME = 1.5 // dry ms ÷ floor ms
const APPLY_TIME = 2.5 // (apply ms − ops ms) ÷ floor ms
const RSS_SIZE = 1.5 // peak RSS ÷ store file size (dry and apply)
const HUGE_RSS_MB = 400 // peak RSS on the 680 MB store (list, dry and apply)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const run = (command, args, env = {}, what = `${command} ${args.join(" ")}`) => {
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" })
  if (result.status !== 0) throw new Error(`failed: ${what}\n${result.error ?? ""}${result.stderr ?? ""}`)
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "clawkeep-bench-"))

/**
 * Runs `node <args>` with the RSS preload `runs` times; returns { ms, rssMb } medians. `before`
 * and `after` run around each child, outside the timed region.
 */
const measure = (args, env, { runs = defaultRuns, before, after } = {}) => {
  const times = []
  const rss = []
  for (let i = 0; i < runs; i++) {
    const report = path.join(work, "report.json")
    fs.rmSync(report, { force: true })
    before?.()
    const start = performance.now()
    const result = spawnSync(process.execPath, ["--import", preload, ...args], {
      env: { ...process.env, ...env, BENCH_REPORT: report },
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 1 << 30
    })
    const ms = performance.now() - start
    if (result.status !== 0) throw new Error(`failed: node ${args.join(" ")}\n${result.error ?? ""}${result.stderr}`)
    after?.()
    times.push(ms)
    rss.push(JSON.parse(fs.readFileSync(report, "utf8")).maxRssKb / 1024)
  }
  return { ms: median(times), rssMb: median(rss) }
}

const generate = (dir, rows, extraEnv = {}, every = transcriptEvery) => {
  const out = spawnSync(process.execPath, [generator, dir, String(rows), String(every)], {
    env: { ...process.env, ...extraEnv },
    encoding: "utf8"
  })
  if (out.status !== 0) throw new Error(out.stderr)
  const [file, size] = out.stdout.trim().split(" ")
  return { file, size: Number(size) }
}

/** A fresh copy of `from` at `to` (mtimes kept), written back to disk so the timed child does not pay for it. */
const freshCopy = (from, to) => {
  fs.rmSync(to, { recursive: true, force: true })
  run("cp", ["-a", from, to])
  run("sync", [])
}

// cells
const NONE = "-"
const num = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : NONE)
const mark = (x, target) => (Number.isFinite(x) ? `${x.toFixed(2)} ${x <= target ? "met" : "missed"}` : NONE)
const columns = [
  ["rows", 7],
  ["MB", 5],
  ["floor ms", 8],
  ["MB", 5],
  ["list ms", 8],
  ["÷fl", 5],
  ["MB", 10],
  ["÷size", 5],
  ["dry ms", 8],
  ["÷fl", 12],
  ["MB", 10],
  ["÷size", 12],
  ["apply ms", 8],
  ["÷fl", 5],
  ["ops ms", 7],
  ["(a−o)÷fl", 12],
  ["MB", 10],
  ["÷size", 12]
]
const line = (cells) => cells.map((c, i) => String(c).padStart(columns[i][1])).join("  ")

const cases = sizes.map((rows) => ({ rows, label: String(rows), env: {}, apply: true }))
if (process.env.BENCH_HUGE === "1") {
  cases.push({ rows: 100000, label: "100000 pad 6000", env: { PAD_BYTES: "6000" }, apply: true, runs: 1, huge: true })
  cases.push({ rows: 1000000, label: "1000000", env: {}, apply: false, runs: 1 })
}

const notes = []
try {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, median of ${defaultRuns} runs (1 run for the BENCH_HUGE stores)`)
  console.log(`a transcript for every ${transcriptEvery}th row; times are wall ms of the whole child process, MB is its peak RSS`)
  console.log(`floor: JSON.parse of the store; list: sessions --json; dry: cleanup --dry-run --json;`)
  console.log(`apply: cleanup --enforce --json on a fresh copy; ops: the apply plan's renames/unlinks + one store-sized write`)
  console.log(`÷fl: time ÷ floor time; ÷size: peak RSS ÷ store file size; (a−o)÷fl: (apply ms − ops ms) ÷ floor ms\n`)
  console.log(line(columns.map(([title]) => title)))

  for (const c of cases) {
    const runs = c.runs ?? defaultRuns
    // The store is generated at `live` (its rows name their transcripts by absolute paths there)
    // and kept as `pristine`; every apply runs on a fresh copy put back at `live`.
    const pristine = path.join(work, `state-${c.rows}${c.huge ? "-huge" : ""}`)
    const live = path.join(work, "live")
    fs.rmSync(live, { recursive: true, force: true })
    const { file, size } = generate(live, c.rows, c.env)
    if (c.apply) run("cp", ["-a", live, pristine])
    const sizeMb = size / MB
    const env = { OPENCLAW_STATE_DIR: live, HOME: work }
    const liveEnv = env

    let floor = { ms: NaN, rssMb: NaN }
    try {
      floor = measure(["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`], env, { runs })
    } catch (e) {
      if (!c.huge && c.rows <= 100000) throw e
      // beyond the maximum string length, or out of memory: no floor for this store
      notes.push(`${c.label}: no floor (${String(e.message).split("\n").find((l) => /Error|heap|string/i.test(l)) ?? "failed"})`)
    }
    const list = measure([bin, "sessions", "--json"], env, { runs })
    const dry = measure([bin, "sessions", "cleanup", "--dry-run", "--json"], env, { runs })

    let apply
    let ops
    if (c.apply) {
      const liveStore = file
      let newSize
      apply = measure([bin, "sessions", "cleanup", "--enforce", "--json"], liveEnv, {
        runs,
        before: () => freshCopy(pristine, live),
        after: () => {
          newSize = fs.statSync(liveStore).size
        }
      })
      // the plan of the same apply, on a fresh copy at the same path (--explain writes nothing else)
      const plan = path.join(work, "plan.json")
      freshCopy(pristine, live)
      run(process.execPath, [bin, "sessions", "cleanup", "--explain", "--enforce", "--json", "--plan-out", plan], liveEnv)
      ops = measure([fileops, plan, String(newSize)], {}, { runs, before: () => freshCopy(pristine, live) })
      fs.rmSync(live, { recursive: true, force: true })
      fs.rmSync(plan, { force: true })
    }

    const hugeMb = (mb) => (c.huge ? `${num(mb)} ${mb < HUGE_RSS_MB ? "met" : "missed"}` : num(mb))
    console.log(
      line([
        c.rows,
        num(sizeMb),
        num(floor.ms),
        num(floor.rssMb),
        num(list.ms),
        num(list.ms / floor.ms, 2),
        hugeMb(list.rssMb),
        num(list.rssMb / sizeMb, 2),
        num(dry.ms),
        mark(dry.ms / floor.ms, DRY_TIME),
        hugeMb(dry.rssMb),
        mark(dry.rssMb / sizeMb, RSS_SIZE),
        apply ? num(apply.ms) : NONE,
        apply ? num(apply.ms / floor.ms, 2) : NONE,
        ops ? num(ops.ms) : NONE,
        apply ? mark((apply.ms - ops.ms) / floor.ms, APPLY_TIME) : NONE,
        apply ? hugeMb(apply.rssMb) : NONE,
        apply ? mark(apply.rssMb / sizeMb, RSS_SIZE) : NONE
      ]) + (c.huge ? `  (pad 6000)` : "")
    )
    fs.rmSync(pristine, { recursive: true, force: true })
    fs.rmSync(live, { recursive: true, force: true })
  }
  for (const n of notes) console.log(n)

  console.log(
    `\ntargets: dry ÷fl ≤ ${DRY_TIME}, dry ÷size ≤ ${RSS_SIZE}; apply (a−o)÷fl ≤ ${APPLY_TIME} (apply ≤ ${APPLY_TIME}× floor plus the ` +
      `file operations), apply ÷size ≤ ${RSS_SIZE};\n         the 680 MB store (pad 6000): list, dry and apply MB < ${HUGE_RSS_MB}. ` +
      `"-": not measured or no floor.`
  )

  // cold start: one-row store vs a bare node process
  const tiny = path.join(work, "state-tiny")
  generate(tiny, 1)
  const bare = measure(["-e", ""], {})
  const cold = measure([bin, "sessions", "--json"], { OPENCLAW_STATE_DIR: tiny, HOME: work })
  const coldText = measure([bin, "sessions"], { OPENCLAW_STATE_DIR: tiny, HOME: work })
  console.log(
    `\ncold start (1 row): sessions --json ${cold.ms.toFixed(0)} ms, sessions ${coldText.ms.toFixed(0)} ms, ` +
      `peak ${cold.rssMb.toFixed(0)} MB; bare node -e '' ${bare.ms.toFixed(0)} ms`
  )
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
