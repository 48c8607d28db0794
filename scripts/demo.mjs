// Runs clawkeep against a copy of examples/demo-state.
//
// The checked-in demo state is frozen at an anchor instant (examples/demo-clock.json). To make
// it look the same on any date, this script copies it to a temporary directory and moves every
// time in it forward by (now − anchor): `updatedAt`/`createdAt` numbers in the session stores,
// archive timestamps in file names (`….deleted.<ts>`), and file mtimes. The checked-in files are
// never modified. Then it runs, with OPENCLAW_STATE_DIR pointing at the copy:
//   clawkeep sessions --all-agents
//   clawkeep sessions cleanup --all-agents --dry-run
//   clawkeep sessions du --all-agents --top 3
//   clawkeep sessions prune --all-agents --kind cron-run --dry-run
// then says what it showed and what to try next, and exits non-zero when a command fails.
// `--keep` leaves the copy in place and prints commands to run on it (`--explain`, an apply).
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const project = path.resolve(here, "..")
const source = path.join(project, "examples", "demo-state")
const clock = JSON.parse(fs.readFileSync(path.join(project, "examples", "demo-clock.json"), "utf8"))
const bin = path.join(project, "dist", "clawkeep.mjs")
const keep = process.argv.includes("--keep")

const anchor = Date.parse(clock.anchor)
const delta = Date.now() - anchor

const ARCHIVE = /^(.*\.(?:deleted|reset|bak)\.)(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d{3})?Z)$/
const shiftArchiveName = (name) => {
  const m = ARCHIVE.exec(name)
  if (!m) return name
  const iso = m[2].replace(/^(\d{4}-\d{2}-\d{2}T)(\d{2})-(\d{2})-(\d{2})/, "$1$2:$3:$4")
  return m[1] + new Date(Date.parse(iso) + delta).toISOString().replace(/:/g, "-")
}

/** Moves `updatedAt`/`createdAt` numbers forward, at any depth, keeping everything else as is. */
const shiftTimes = (value) => {
  if (Array.isArray(value)) return value.map(shiftTimes)
  if (value === null || typeof value !== "object") return value
  const out = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = (k === "updatedAt" || k === "createdAt") && typeof v === "number" ? v + delta : shiftTimes(v)
  }
  return out
}

const copyShifted = (from, to) => {
  fs.mkdirSync(to, { recursive: true })
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name)
    if (entry.isDirectory()) {
      copyShifted(src, path.join(to, entry.name))
      continue
    }
    const dest = path.join(to, shiftArchiveName(entry.name))
    if (entry.name === "sessions.json") {
      fs.writeFileSync(dest, JSON.stringify(shiftTimes(JSON.parse(fs.readFileSync(src, "utf8"))), null, 2), { mode: 0o600 })
    } else {
      fs.copyFileSync(src, dest)
    }
    const rel = path.relative(source, src).split(path.sep).join("/")
    const mtime = new Date((clock.mtimes[rel] ? Date.parse(clock.mtimes[rel]) : anchor) + delta)
    fs.utimesSync(dest, mtime, mtime)
  }
}

if (!fs.existsSync(bin)) {
  console.error(`demo: ${path.relative(process.cwd(), bin)} is missing; run \`npm run build\` first`)
  process.exit(1)
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "clawkeep-demo-"))
const stateDir = path.join(work, "state")
copyShifted(source, stateDir)

const env = { ...process.env, OPENCLAW_STATE_DIR: stateDir, HOME: path.join(work, "home"), NO_COLOR: process.env.NO_COLOR ?? "" }
delete env.OPENCLAW_CONFIG_PATH
delete env.OPENCLAW_HOME
fs.mkdirSync(env.HOME)

const commands = [
  ["sessions", "--all-agents"],
  ["sessions", "cleanup", "--all-agents", "--dry-run"],
  // what fills each agent's sessions directory, and what cleanup would free (read-only)
  ["sessions", "du", "--all-agents", "--top", "3"],
  // the cron run rows a prune would remove, with their transcripts (read-only)
  ["sessions", "prune", "--all-agents", "--kind", "cron-run", "--dry-run"]
]

let failed = 0
for (const args of commands) {
  process.stdout.write(`\n$ clawkeep ${args.join(" ")}\n`)
  const result = spawnSync(process.execPath, [bin, ...args], { env, stdio: "inherit" })
  const code = result.status ?? 1
  if (code !== 0) {
    failed++
    process.stdout.write(`(exit ${code}${result.signal ? `, ${result.signal}` : ""})\n`)
  }
}

const rel = path.relative(process.cwd(), bin) || bin
const summary = [
  "",
  "What this showed:",
  "  - the sessions of both demo agents (main, work), newest first, with model, runtime and tokens;",
  "  - what `sessions cleanup` would do to them: rows idle longer than pruneAfter (14d in the demo's",
  "    openclaw.json) pruned, except group and channel conversations, which cleanup protects; their",
  "    transcripts archived, an orphaned file swept. --dry-run wrote nothing;",
  "  - what fills each sessions directory (`sessions du`) and how much of it cleanup would free.",
  "",
  "Try next:"
]
const tryNext = keep
  ? [
      `  export OPENCLAW_STATE_DIR=${stateDir}   # the time-shifted copy, kept`,
      `  node ${rel} sessions cleanup --all-agents --dry-run --explain   # every operation and why`,
      `  node ${rel} sessions cleanup --all-agents                        # apply it to the copy`,
      `  node ${rel} sessions --all-agents --json                         # what is left`,
      `  node ${rel} sessions restore --all-agents                        # undo that apply`,
      `  rm -rf ${work}   # when done`
    ]
  : [
      "  node scripts/demo.mjs --keep   # keep the time-shifted copy, with commands to apply a cleanup to it and undo it",
      `  node ${rel} sessions cleanup --dry-run --explain   # on your own ~/.openclaw: every operation an apply would make`,
      `  node ${rel} --help   # all commands; completions: node ${rel} --completions bash|zsh|fish`
    ]
process.stdout.write([...summary, ...tryNext, ""].join("\n"))

if (keep) process.stdout.write(`\ndemo state kept in ${stateDir}\n`)
else fs.rmSync(work, { recursive: true, force: true })
process.exit(failed === 0 ? 0 : 1)
