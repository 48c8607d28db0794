#!/usr/bin/env node
// List benchmark (not a test). Run with `npm run bench` (builds first).
//
// For 1k, 10k and 100k rows it generates a store with bench/gen-store.mjs, then measures, in the
// same run, wall time and peak RSS of
//   floor:  node -e 'JSON.parse(fs.readFileSync(store, "utf8"))'
//   list:   clawkeep sessions --json            (default limit 100)
//   all:    clawkeep sessions --json --limit all (1k and 10k only)
//   clean:  clawkeep sessions cleanup --dry-run --json
// and prints list/floor ratios. Each figure is the median of RUNS (default 3) runs. Peak RSS is
// read inside each child by a preload (process.resourceUsage().maxRSS). It also measures the cold
// start on a one-row store next to a bare `node -e ''`.
// Environment: BENCH_SIZES=1000,10000 to choose sizes; RUNS=5; BENCH_HUGE=1 adds a store of
// 100k rows with PAD_BYTES=6000 (about 680 MB, beyond the maximum JS string length).
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "..")
const bin = path.join(root, "dist/clawkeep.mjs")
const generator = path.join(here, "gen-store.mjs")
const preload = path.join(here, "rss-report.mjs")
const runs = Number(process.env.RUNS ?? 3)
const sizes = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number)
const work = fs.mkdtempSync(path.join(os.tmpdir(), "clawkeep-bench-"))

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Runs `node <args>` with the RSS preload; returns { ms, rssMb } medians. */
const measure = (args, env) => {
  const times = []
  const rss = []
  for (let i = 0; i < runs; i++) {
    const report = path.join(work, "report.json")
    fs.rmSync(report, { force: true })
    const start = performance.now()
    const result = spawnSync(process.execPath, ["--import", preload, ...args], {
      env: { ...process.env, ...env, BENCH_REPORT: report },
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 1 << 30
    })
    const ms = performance.now() - start
    if (result.status !== 0) throw new Error(`failed: node ${args.join(" ")}\n${result.stderr}`)
    times.push(ms)
    rss.push(JSON.parse(fs.readFileSync(report, "utf8")).maxRssKb / 1024)
  }
  return { ms: median(times), rssMb: median(rss) }
}

const generate = (dir, rows, extraEnv = {}) => {
  const out = spawnSync(process.execPath, [generator, dir, String(rows), "0"], { env: { ...process.env, ...extraEnv }, encoding: "utf8" })
  if (out.status !== 0) throw new Error(out.stderr)
  const [file, size] = out.stdout.trim().split(" ")
  return { file, size: Number(size) }
}

const fmt = (n, d = 0) => n.toFixed(d).padStart(8)
const lines = []
const row = (cells) => lines.push(cells.join("  "))

console.log(`node ${process.version}, ${os.cpus().length} CPUs, median of ${runs} runs\n`)
row(["rows".padStart(7), "MB".padStart(6), "floor ms", "floor MB", " list ms", " list MB", "time ×", " RSS ×", "  all ms", "  all ×", " clean ms", "clean ×"])
console.log(lines[0])

const cases = sizes.map((n) => ({ rows: n, env: {} }))
if (process.env.BENCH_HUGE === "1") cases.push({ rows: 100000, env: { PAD_BYTES: "6000" }, huge: true })

for (const c of cases) {
  const stateDir = path.join(work, `state-${c.rows}${c.huge ? "-huge" : ""}`)
  const { file, size } = generate(stateDir, c.rows, c.env)
  const env = { OPENCLAW_STATE_DIR: stateDir, HOME: work }
  const floor = c.huge
    ? { ms: NaN, rssMb: NaN } // JSON.parse cannot read a file beyond the maximum string length
    : measure(["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`], env)
  const list = measure([bin, "sessions", "--json"], env)
  const all = c.rows <= 10000 ? measure([bin, "sessions", "--json", "--limit", "all"], env) : undefined
  // cleanup preview of the same store (default settings: prune after 30 days, cap at 500 rows)
  const clean = c.huge ? undefined : measure([bin, "sessions", "cleanup", "--dry-run", "--json"], env)
  row([
    String(c.rows).padStart(7),
    (size / 1048576).toFixed(0).padStart(6),
    fmt(floor.ms),
    fmt(floor.rssMb),
    fmt(list.ms),
    fmt(list.rssMb),
    (list.ms / floor.ms).toFixed(2).padStart(6),
    (list.rssMb / floor.rssMb).toFixed(2).padStart(6),
    all ? fmt(all.ms) : "       -",
    all ? (all.ms / floor.ms).toFixed(2).padStart(7) : "      -",
    clean ? fmt(clean.ms).padStart(9) : "        -",
    clean ? (clean.ms / floor.ms).toFixed(2).padStart(7) : "      -"
  ])
  console.log(lines[lines.length - 1])
  fs.rmSync(stateDir, { recursive: true, force: true })
}

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
fs.rmSync(work, { recursive: true, force: true })
