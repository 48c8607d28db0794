/**
 * Walks the goldens recorded from the reference (scripts/record-cleanup-goldens.mjs): every run
 * of every case must give the same exit code, stdout and stderr, and leave the same tree (store
 * text byte-equal, same files, sizes and modes; the run's own archive timestamps normalised).
 */
import { describe, expect, it } from "vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep } from "../support/cli.js"
import { listTree, materialize, normalizeArchiveTimes, scratchHome, type TreeFile } from "./tree.js"

const ROOT = path.resolve(import.meta.dirname, "../golden/cleanup")

interface GoldenCase {
  readonly name: string
  readonly description: string
  readonly nowMs: number
  readonly cwd?: string
  readonly files: ReadonlyArray<TreeFile>
  readonly runs: ReadonlyArray<string>
}

interface GoldenRun {
  readonly name: string
  readonly argv: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
  readonly cwd: string
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly after: ReadonlyArray<unknown>
}

const cases: ReadonlyArray<GoldenCase> = fs.existsSync(ROOT)
  ? fs
      .readdirSync(ROOT)
      .filter((d) => fs.existsSync(path.join(ROOT, d, "case.json")))
      .sort()
      .map((d) => JSON.parse(fs.readFileSync(path.join(ROOT, d, "case.json"), "utf8")) as GoldenCase)
  : []

describe("cleanup goldens", () => {
  it("has at least 30 recorded cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
  })
  for (const c of cases) {
    describe(c.name, () => {
      for (const runName of c.runs) {
        it(runName, async () => {
          const golden = JSON.parse(fs.readFileSync(path.join(ROOT, c.name, `${runName}.json`), "utf8")) as GoldenRun
          const home = scratchHome()
          try {
            materialize(home, c.files)
            const sub = (s: string) => s.replaceAll("<HOME>", home)
            const env: Record<string, string> = { HOME: home }
            if (golden.env["FORCE_COLOR"] === undefined) env["NO_COLOR"] = "1"
            for (const [k, v] of Object.entries(golden.env)) env[k] = sub(v)
            const result = await runClawkeep(golden.argv.map(sub), { env, cwd: path.join(home, golden.cwd), nowMs: c.nowMs })
            const norm = (s: string) => normalizeArchiveTimes(s.replaceAll(home, "<HOME>"), c.nowMs)
            expect({ code: result.code, stdout: norm(result.stdout), stderr: norm(result.stderr) }).toEqual({
              code: golden.code,
              stdout: normalizeArchiveTimes(golden.stdout, c.nowMs),
              stderr: normalizeArchiveTimes(golden.stderr, c.nowMs)
            })
            const after = JSON.parse(normalizeArchiveTimes(JSON.stringify(listTree(home)), c.nowMs))
            expect(after).toEqual(JSON.parse(normalizeArchiveTimes(JSON.stringify(golden.after), c.nowMs)))
          } finally {
            fs.rmSync(home, { recursive: true, force: true })
          }
        })
      }
    })
  }
})
