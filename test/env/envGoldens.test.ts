/**
 * OpenClaw's `.env` files against recorded reference runs (scripts/record-env-goldens.mjs): every
 * case's files are put on an in-memory disk and the same command runs through clawkeep's CLI;
 * exit code, stdout and stderr must be the reference's (config error hints name clawkeep).
 */
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { memoryFs, type FileTree } from "../../src/store/memoryFs.js"
import type { RecordedCase } from "../foundation/goldenCases.js"
import { runClawkeep } from "../support/cli.js"
import { withClawkeepHints } from "../support/hints.js"
import { withoutStoreWarnings } from "../support/warnings.js"

/** A recorded case; `files` maps a path under the case root to its text, or `{ dir: true }`. */
type EnvCase = RecordedCase

const NOW = 1779278400000
const ROOT = "/case-root"
const cases = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../golden/env/cases.json"), "utf8")) as ReadonlyArray<EnvCase>

const fill = (text: string) => text.split("<root>").join(ROOT)
const mask = (text: string) => text.split(ROOT).join("<root>")

const treeOf = (c: EnvCase): FileTree => {
  const tree: Record<string, string | null> = { [`${ROOT}/home`]: null }
  for (const [rel, content] of Object.entries(c.files)) tree[path.join(ROOT, rel)] = typeof content === "string" ? fill(content) : null
  return tree
}

describe(".env files against recorded reference runs", () => {
  it("covers every file and both passes", () => {
    const ids = cases.map((c) => c.id)
    expect(ids.length).toBeGreaterThanOrEqual(30)
    // the three files, the config loader's second read, and a maintenance setting from a file
    for (const needle of ["cwd-", "state-env-", "gateway-env-", "second-pass-", "maintenance-", "syntax-"]) {
      expect(ids.some((id) => id.startsWith(needle))).toBe(true)
    }
    // at least one case where two files disagree and the reference warns
    expect(cases.some((c) => c.stderr.startsWith("[infra:dotenv] Conflicting values"))).toBe(true)
  })

  for (const c of cases) {
    it(`${c.id}: ${c.args.join(" ")}`, async () => {
      const env: Record<string, string> = { HOME: `${ROOT}/home`, NO_COLOR: "1" }
      for (const [k, v] of Object.entries(c.env)) env[k] = fill(v)
      const result = await runClawkeep(c.args, {
        env,
        cwd: path.join(ROOT, c.cwd ?? "home"),
        nowMs: NOW,
        fs: memoryFs(treeOf(c)).layer
      })
      expect({ code: result.code, stdout: mask(result.stdout), stderr: mask(withoutStoreWarnings(result.stderr)) }).toEqual({
        code: c.code,
        stdout: c.stdout,
        stderr: withClawkeepHints(c.stderr)
      })
    })
  }
})
