/**
 * Golden outputs recorded from the reference (scripts/record-list-goldens.mjs): every run of every
 * case must give the same exit code, stdout and stderr from clawkeep, with the same pinned clock.
 */
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep } from "../support/cli.js"
import { withClawkeepHints } from "../support/hints.js"
import { withoutStoreWarnings } from "../support/warnings.js"
import { tempDir } from "../support/tempDir.js"

interface GoldenCase {
  readonly name: string
  readonly now: number
  readonly env: Record<string, string>
  readonly files: Record<string, string>
}

interface GoldenRun {
  readonly args: ReadonlyArray<string>
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const goldenDir = path.resolve(import.meta.dirname, "../golden/list")
const caseNames = fs
  .readdirSync(goldenDir)
  .filter((name) => fs.existsSync(path.join(goldenDir, name, "expected.json")))
  .sort()

const materialise = (c: GoldenCase): string => {
  const home = fs.realpathSync(tempDir(`clawkeep-list-${c.name}-`))
  for (const [rel, text] of Object.entries(c.files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true })
    fs.writeFileSync(path.join(home, rel), text)
  }
  return home
}

describe("list goldens recorded from the reference", () => {
  it("has at least 20 recorded cases", () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(20)
  })
  for (const name of caseNames) {
    const c = JSON.parse(fs.readFileSync(path.join(goldenDir, name, "case.json"), "utf8")) as GoldenCase
    const { runs } = JSON.parse(fs.readFileSync(path.join(goldenDir, name, "expected.json"), "utf8")) as {
      runs: ReadonlyArray<GoldenRun>
    }
    it(`golden ${name}`, async () => {
      const home = materialise(c)
      try {
        for (const run of runs) {
          const result = await runClawkeep(run.args, {
            env: { HOME: home, TERM: "dumb", ...c.env },
            cwd: home,
            nowMs: c.now
          })
          const actual = {
            args: run.args,
            code: result.code,
            stdout: result.stdout.split(home).join("<HOME>"),
            stderr: withoutStoreWarnings(result.stderr).split(home).join("<HOME>")
          }
          // later hint lines name clawkeep instead of openclaw; first lines stay the reference's
          expect(actual).toEqual({ ...run, stderr: withClawkeepHints(run.stderr) })
        }
      } finally {
        fs.rmSync(home, { recursive: true, force: true })
      }
    })
  }
})
