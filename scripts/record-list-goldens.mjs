#!/usr/bin/env node
// Records golden outputs of `sessions` (list) from the reference OpenClaw CLI.
//
//   node scripts/record-list-goldens.mjs [case-name-filter]
//
// For every case of test/golden/list/cases.mjs it builds a scratch HOME, runs the reference with
// the clock frozen at the case's instant (scripts/fixed-now.mjs preload), and writes
// test/golden/list/<case>/case.json (input files, pinned time, env) and expected.json (argv, exit
// code, stdout, stderr of every run). RECORD_SKIP_EXISTING=1 keeps cases already recorded.
// The reference is found through $OPENCLAW_REF, else shared/reference/openclaw-ref in a directory
// above the project. Its logger lines (`[sessions/store] …`) are dropped. JSON `ageMs` values are
// checked to be within 60 s of `now − updatedAt` (a ticking clock runs late) and stored as exactly
// that value. The scratch HOME is written `<HOME>`. Node's own runtime warnings on stderr
// (the reference runs on Node 24) are dropped.
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { cases, NOW } from "../test/golden/list/cases.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const findUp = (rel) => {
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, rel))) return path.join(dir, rel)
    if (dir === path.dirname(dir)) return undefined
  }
}
const reference = process.env.OPENCLAW_REF ?? findUp("shared/reference/openclaw-ref")
if (reference === undefined) throw new Error("reference not found: set OPENCLAW_REF")
const outDir = path.join(root, "test/golden/list")
const filter = process.argv[2]

const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*m/g, "")
const dropLogLines = (text) =>
  text
    .split("\n")
    .filter((line) => !stripAnsi(line).startsWith("[sessions/store] "))
    .join("\n")

/** Node's own runtime warnings (e.g. NO_COLOR ignored because of FORCE_COLOR) are not CLI output. */
const dropNodeWarnings = (text) =>
  text.replace(/^\(node:\d+\) Warning: .*\n(?:\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\n)?/gm, "")

const fileText = (content) => (typeof content === "string" ? content : JSON.stringify(content, null, 2))

const normaliseJson = (stdout, now, label) => {
  let doc
  try {
    doc = JSON.parse(stdout)
  } catch {
    return stdout
  }
  if (!doc || !Array.isArray(doc.sessions)) return stdout
  for (const row of doc.sessions) {
    if (row.ageMs === null || row.ageMs === undefined) continue
    const expected = row.updatedAt ? now - row.updatedAt : null
    if (typeof expected !== "number" || !Number.isFinite(expected)) continue
    const drift = row.ageMs - expected
    if (!(drift >= 0 && drift <= 60000)) throw new Error(`${label}: ageMs ${row.ageMs} is not within 15 s of ${expected}`)
    row.ageMs = expected
  }
  return JSON.stringify(doc, null, 2) + "\n"
}

for (const testCase of cases) {
  if (filter && !testCase.name.includes(filter)) continue
  if (process.env.RECORD_SKIP_EXISTING === "1" && fs.existsSync(path.join(outDir, testCase.name, "expected.json"))) continue
  const now = testCase.now ?? NOW
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `clawkeep-golden-${testCase.name}-`))
  const files = {}
  for (const [rel, content] of Object.entries(testCase.files)) {
    const text = fileText(content)
    files[rel] = text
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true })
    fs.writeFileSync(path.join(home, rel), text)
  }
  const env = testCase.env ?? {}
  const runs = []
  for (const args of testCase.runs) {
    const result = spawnSync(reference, args, {
      cwd: home,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: home,
        TERM: "dumb",
        NODE_OPTIONS: `--import ${path.join(root, "scripts/fixed-now.mjs")}`,
        CLAWKEEP_FIXED_NOW_MS: String(now),
        ...env
      }
    })
    const label = `${testCase.name} ${args.join(" ")}`
    const stdout = dropLogLines(result.stdout).split(home).join("<HOME>")
    const isJson = args.includes("--json") && result.status === 0
    runs.push({
      args,
      code: result.status,
      stdout: isJson ? normaliseJson(stdout, now, label) : stdout,
      stderr: dropNodeWarnings(dropLogLines(result.stderr)).split(home).join("<HOME>")
    })
    process.stdout.write(`${label} → ${result.status}\n`)
  }
  const dir = path.join(outDir, testCase.name)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, "case.json"), JSON.stringify({ name: testCase.name, now, env, files }, null, 2) + "\n")
  fs.writeFileSync(path.join(dir, "expected.json"), JSON.stringify({ reference: "openclaw@2026.5.12", runs }, null, 2) + "\n")
  fs.rmSync(home, { recursive: true, force: true })
}
