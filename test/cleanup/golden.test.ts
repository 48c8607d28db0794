/**
 * Walks the goldens recorded from the reference (scripts/record-cleanup-goldens.mjs): every run
 * of every case must give the same exit code, stdout and stderr, and leave the same tree (store
 * text byte-equal, same files, sizes and modes; the run's own archive timestamps normalised).
 *
 * Cases marked `verbatimStores` hold entries the reference normalises on load and writes back
 * normalised, while clawkeep writes them verbatim (D6). For their `sessions.json` files the
 * text, size and mode comparison is replaced by: the same keys in the same order as the
 * reference's store, each surviving entry serialised exactly as the input entry, and mode 0600
 * when clawkeep rewrote the store (the input mode when its verbatim text did not change).
 *
 * The goldens run on the real disk (the live layer), unlike the scenarios: the references are
 * trees the reference left on a real disk, and what is compared depends on it. Modes come from
 * the process umask; outputs depend on the HOME path's length (column widths, the sizes of
 * stores holding absolute paths), recorded with a `/tmp/ckg-XXXXXX` HOME; and g22 renames
 * through a symlinked directory, which memfs 4.80.1 refuses (ENOTDIR) where Linux follows the
 * link. Their input trees list in memory as on disk (tree.test.ts).
 */
import { describe, expect, it } from "vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { runClawkeep } from "../support/cli.js"
import { type ListedFile, listTree, materialize, normalizeArchiveTimes, scratchHome, type TreeFile } from "./tree.js"
import { withClawkeepHints, withoutClawkeepOnlyLines } from "../support/hints.js"
import { withoutStoreWarnings } from "../support/warnings.js"

const ROOT = path.resolve(import.meta.dirname, "../golden/cleanup")

interface GoldenCase {
  readonly name: string
  readonly description: string
  readonly nowMs: number
  readonly cwd?: string
  readonly files: ReadonlyArray<TreeFile>
  readonly runs: ReadonlyArray<string>
  readonly verbatimStores?: boolean
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

const isStore = (f: { readonly path: string }): boolean => f.path.endsWith("/sessions.json")

/**
 * A listed file without what differs between a verbatim and a normalised store: text, size and
 * mode (the reference rewrites a store it normalised, mode 0600; clawkeep leaves a store whose
 * verbatim text is unchanged untouched, store-model §5.2).
 */
const withoutStoreText = (f: ListedFile): ListedFile => {
  if (!isStore(f)) return f
  const { size: _size, text: _text, mode: _mode, ...rest } = f
  return rest as ListedFile
}

/** D6: same keys in the same order as the reference's store; each entry as it was in the input. */
const compareVerbatimStores = (c: GoldenCase, after: ReadonlyArray<ListedFile>, expected: ReadonlyArray<ListedFile>): void => {
  for (const ref of expected.filter(isStore)) {
    const ours = after.find((f) => f.path === ref.path)
    expect(ours, ref.path).toBeDefined()
    const input = c.files.find((f) => f.path === ref.path && f.text !== undefined)
    const inputEntries = input?.text === undefined ? {} : (JSON.parse(input.text) as Record<string, unknown>)
    const oursEntries = JSON.parse(ours?.text ?? "{}") as Record<string, unknown>
    const refEntries = JSON.parse(ref.text ?? "{}") as Record<string, unknown>
    expect(Object.keys(oursEntries), ref.path).toEqual(Object.keys(refEntries))
    const untouched = ours?.text === input?.text
    expect(ours?.mode, ref.path).toBe(untouched ? (input?.mode ?? 0o644).toString(8) : "600")
    for (const [key, entry] of Object.entries(oursEntries)) {
      expect(JSON.stringify(entry), key).toBe(JSON.stringify(inputEntries[key]))
    }
  }
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
            expect({ code: result.code, stdout: norm(result.stdout), stderr: norm(withoutStoreWarnings(withoutClawkeepOnlyLines(result.stderr))) }).toEqual({
              code: golden.code,
              stdout: normalizeArchiveTimes(golden.stdout, c.nowMs),
              // later hint lines name clawkeep instead of openclaw; first lines stay the reference's
              stderr: normalizeArchiveTimes(withClawkeepHints(golden.stderr), c.nowMs)
            })
            const after = JSON.parse(normalizeArchiveTimes(JSON.stringify(listTree(home)), c.nowMs)) as Array<ListedFile>
            const expected = JSON.parse(normalizeArchiveTimes(JSON.stringify(golden.after), c.nowMs)) as Array<ListedFile>
            if (c.verbatimStores === true) {
              compareVerbatimStores(c, after, expected)
              expect(after.map(withoutStoreText)).toEqual(expected.map(withoutStoreText))
            } else {
              expect(after).toEqual(expected)
            }
          } finally {
            fs.rmSync(home, { recursive: true, force: true })
          }
        })
      }
    })
  }
})
