/**
 * The shipped executable: `scripts/build.mjs <dir>` builds the CLI bundle, its launcher and the
 * V8 code cache into a scratch directory; the tests run that build as a user would.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import { execFileSync, spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep } from "./support/cli.js"
import { tempDir } from "./support/tempDir.js"

const project = path.resolve(import.meta.dirname, "..")
const out = tempDir("clawkeep-build-")
const bin = path.join(out, "clawkeep.mjs")

const home = tempDir("clawkeep-bin-")
const sessions = path.join(home, ".openclaw", "agents", "main", "sessions")
const NOW = Date.UTC(2026, 10, 1)
const env = { HOME: home, NO_COLOR: "1" }

const runBin = (args: ReadonlyArray<string>, extraEnv: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: home, env: { PATH: process.env["PATH"] ?? "", ...env, ...extraEnv }, encoding: "utf8" })

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build.mjs", out], { cwd: project, stdio: "pipe" })
  fs.mkdirSync(sessions, { recursive: true })
  const store = Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [`agent:main:telegram:direct:${i}`, { sessionId: `s-${i}`, updatedAt: NOW - i * 3_600_000, model: "gpt-5" }])
  )
  fs.writeFileSync(path.join(sessions, "sessions.json"), JSON.stringify(store, null, 2))
}, 120_000)

describe("the built executable", () => {
  it("writes the bundle, the launcher and a code cache that V8 accepts", () => {
    expect(fs.readdirSync(out).sort()).toEqual(["clawkeep.cjs", "clawkeep.cjs.cache", "clawkeep.mjs"])
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0)
    // the same check the launcher's compile makes, in a fresh process
    const probe = spawnSync(
      process.execPath,
      [
        "-e",
        `const fs = require("fs"), vm = require("vm"), Module = require("module");
         const file = process.argv[1];
         const s = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData: fs.readFileSync(file + ".cache") });
         process.stdout.write(String(s.cachedDataRejected));`,
        path.join(out, "clawkeep.cjs")
      ],
      { encoding: "utf8" }
    )
    expect(probe.stdout).toBe("false")
  })

  it("prints what the CLI prints in-process, on stdout only, with its exit codes", async () => {
    for (const args of [["sessions", "--json", "--limit", "5"], ["sessions", "cleanup", "--dry-run", "--json"]]) {
      const shipped = runBin(args, { NODE_OPTIONS: `--import ${path.join(project, "scripts/fixed-now.mjs")}`, CLAWKEEP_FIXED_NOW_MS: String(NOW) })
      const inProcess = await runClawkeep(args, { env, cwd: home, nowMs: NOW })
      expect({ code: shipped.status, stdout: shipped.stdout, stderr: shipped.stderr }).toEqual(inProcess)
    }
    const usage = runBin(["sessions", "--limit", "0"])
    expect(usage.status).toBe(1)
    expect(usage.stdout).toBe("")
    expect(usage.stderr).toContain("--limit must be a positive integer")
  })

  it("prints help without escape codes into a pipe (`clawkeep --help | cat`), even on a colour terminal type", () => {
    for (const args of [["--help"], ["sessions", "--help"], ["sessions", "cleanup", "--help"]]) {
      const help = spawnSync(process.execPath, [bin, ...args], {
        cwd: home,
        env: { PATH: process.env["PATH"] ?? "", HOME: home, TERM: "xterm-256color", COLORTERM: "truecolor" },
        encoding: "utf8"
      })
      expect(help.status).toBe(0)
      expect(help.stderr).toBe("")
      expect(help.stdout).toContain(`Usage: clawkeep ${args.slice(0, -1).join(" ")}`.replace(/ $/, ""))
      expect(help.stdout).not.toContain("\u001b")
    }
  })

  it("still runs when the code cache does not fit", () => {
    fs.writeFileSync(path.join(out, "clawkeep.cjs.cache"), Buffer.from("not a code cache"))
    const listed = runBin(["sessions", "--json"])
    expect(listed.status).toBe(0)
    expect(JSON.parse(listed.stdout)).toMatchObject({ count: 30, totalCount: 30 })
    fs.rmSync(path.join(out, "clawkeep.cjs.cache"))
    expect(runBin(["sessions", "--json"]).status).toBe(0)
  })
})

/**
 * Runs the built CLI with stdout a pipe that the reading side closes after the first chunk, as
 * `clawkeep … | head -3` does; resolves with how the process ended and what it wrote on stderr.
 */
const runIntoClosedPipe = (args: ReadonlyArray<string>, extraEnv: Record<string, string>) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; firstChunk: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: home,
      env: { PATH: process.env["PATH"] ?? "", ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stderr = ""
    let firstChunk = ""
    child.stderr.setEncoding("utf8")
    child.stderr.on("data", (chunk: string) => void (stderr += chunk))
    child.stdout.once("data", (chunk: Buffer) => {
      firstChunk = chunk.toString("utf8")
      child.stdout.destroy()
    })
    child.on("close", (code, signal) => resolve({ code, signal, stderr, firstChunk }))
  })

describe("a reader that closes stdout early (`clawkeep sessions | head`)", () => {
  const state = tempDir("clawkeep-epipe-")
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(project, "bench/gen-store.mjs"), state, "5000", "50"], { stdio: "pipe" })
  })

  for (const args of [
    ["sessions", "--limit", "all"],
    ["sessions", "--limit", "all", "--json"],
    ["sessions", "cleanup", "--dry-run"]
  ]) {
    it(`ends ${args.join(" ")} quietly with exit code 0`, async () => {
      const run = await runIntoClosedPipe(args, { OPENCLAW_STATE_DIR: state })
      expect(run.firstChunk.length).toBeGreaterThan(0)
      expect(run).toMatchObject({ code: 0, signal: null, stderr: "" })
    })
  }
})
