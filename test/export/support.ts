/**
 * Golden cases of `sessions export-trajectory` recorded from the reference
 * (scripts/record-export-goldens.mjs): fixture set-up, running clawkeep on a case, and the
 * file-by-file comparison that allows exactly clawkeep's extra redactions: D16's secret shapes,
 * and the values under secret key names (docs/export.md), which the comparison applies to the
 * recorded bundle as a normalisation and reports value by value.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { expect } from "vitest"
import { redactSecretKeys, redactSecretShapes } from "../../src/export/redact.js"
import { runClawkeep, type RunResult } from "../support/cli.js"
import { tempDir } from "../support/tempDir.js"

export const GOLDEN_DIR = path.resolve(import.meta.dirname, "..", "golden", "export")

export interface GoldenCase {
  readonly name: string
  readonly argv: ReadonlyArray<string>
  readonly env: Record<string, string>
  readonly cwd: string
  readonly nowMs: number
  readonly files: Record<string, string>
  readonly symlinks: ReadonlyArray<{ readonly path: string; readonly target: string }>
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly bundle: string | null
  readonly bundleFiles: ReadonlyArray<string>
}

export const loadCase = (name: string): GoldenCase =>
  JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, name, "case.json"), "utf8")) as GoldenCase

export const caseNames = (): Array<string> =>
  fs
    .readdirSync(GOLDEN_DIR)
    .filter((n) => fs.existsSync(path.join(GOLDEN_DIR, n, "case.json")))
    .sort()

const fill = (s: string, home: string) => s.replaceAll("@@HOME@@", home)

/** Contents too large to commit, generated at fixture time (same as the recording script). */
const expandGenerated = (content: string): string => {
  if (content === "GENERATED:runtime-too-many") {
    const line = JSON.stringify({
      traceSchema: "openclaw-trajectory",
      schemaVersion: 1,
      traceId: "many-1",
      source: "runtime",
      type: "e",
      ts: "2026-05-20T10:00:00.000Z",
      seq: 1,
      sessionId: "many-1"
    })
    return `${line}\n`.repeat(200001)
  }
  return content
}

const roots: Array<string> = []

/** A scratch directory (removed by `cleanupTempRoots`, which each test file runs afterAll). */
export const makeTempRoot = (): string => {
  const root = tempDir("ckx-")
  roots.push(root)
  return root
}

export const cleanupTempRoots = (): void => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true })
}

/** Builds a case's fixture under a new scratch home; returns the home. */
export const buildFixture = (c: GoldenCase, root = makeTempRoot()): string => {
  const home = path.join(root, "h")
  fs.mkdirSync(home, { recursive: true })
  for (const [rel, content] of Object.entries(c.files)) {
    const file = path.join(home, rel)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, fill(expandGenerated(content), home))
  }
  fs.mkdirSync(path.join(home, "ws"), { recursive: true })
  for (const link of c.symlinks) {
    const file = path.join(home, link.path)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.symlinkSync(fill(link.target, home), file)
  }
  return home
}

export interface CaseRun extends RunResult {
  readonly home: string
  /** stdout/stderr with the home as @@HOME@@ and the bundle timestamp as @@STAMP@@. */
  readonly normStdout: string
  readonly normStderr: string
  /** Absolute bundle directory (when one was written). */
  readonly bundleDir: string | undefined
}

const stamp = (s: string) => s.replace(/(openclaw-trajectory-[^/\s"]*?-)2026-05-20T12-00-\d\d/g, "$1@@STAMP@@")

/** Runs clawkeep on a case's fixture (in-process, clock pinned at the case's NOW). */
export const runCase = async (c: GoldenCase, extraArgs: ReadonlyArray<string> = []): Promise<CaseRun> => {
  const home = buildFixture(c)
  const env: Record<string, string> = { HOME: home }
  for (const [k, v] of Object.entries(c.env)) env[k] = fill(v, home)
  const result = await runClawkeep([...c.argv, ...extraArgs], { env, cwd: path.join(home, c.cwd), nowMs: c.nowMs })
  const norm = (s: string) => stamp(s.replaceAll(home, "@@HOME@@"))
  const bundleDir = c.bundle ? path.join(home, stampInstance(c.bundle, c.nowMs)) : undefined
  return { ...result, home, normStdout: norm(result.stdout), normStderr: norm(result.stderr), bundleDir }
}

/** The bundle directory name clawkeep writes for a pinned clock. */
const stampInstance = (bundle: string, nowMs: number): string =>
  bundle.replace("@@STAMP@@", new Date(nowMs).toISOString().replace(/[:.]/g, "-").slice(0, 19))

export interface Difference {
  readonly file: string
  readonly reference: string
  readonly clawkeep: string
}

/**
 * Compares two JSON values: same shape, same key order, same scalars, except that every string
 * of clawkeep must equal the reference's string after the D16 pass (so clawkeep may only redact
 * more, exactly where a secret shape is). `generatedAt` is clawkeep's pinned clock.
 */
const compareJson = (file: string, ref: unknown, ours: unknown, nowIso: string, diffs: Array<Difference>, at: string): void => {
  if (typeof ref === "string") {
    expect(typeof ours, `${file} ${at}`).toBe("string")
    if (at.endsWith(".generatedAt")) {
      expect(ours, `${file} ${at}`).toBe(nowIso)
      return
    }
    const expected = redactSecretShapes(ref)
    expect(ours, `${file} ${at}`).toBe(expected)
    if (ours !== ref) diffs.push({ file: `${file} ${at}`, reference: ref, clawkeep: ours as string })
    return
  }
  if (Array.isArray(ref)) {
    expect(Array.isArray(ours), `${file} ${at}`).toBe(true)
    const list = ours as Array<unknown>
    expect(list.length, `${file} ${at}`).toBe(ref.length)
    ref.forEach((v, i) => compareJson(file, v, list[i], nowIso, diffs, `${at}[${i}]`))
    return
  }
  if (ref !== null && typeof ref === "object") {
    expect(ours !== null && typeof ours === "object" && !Array.isArray(ours), `${file} ${at}`).toBe(true)
    const o = ours as Record<string, unknown>
    const r = ref as Record<string, unknown>
    expect(Object.keys(o), `${file} ${at} keys`).toEqual(Object.keys(r))
    for (const k of Object.keys(r)) compareJson(file, r[k], o[k], nowIso, diffs, `${at}.${k}`)
    return
  }
  expect(ours, `${file} ${at}`).toBe(ref)
}

/**
 * The recorded JSON value as clawkeep's key-name pass leaves it (the normalisation), with every
 * value that pass replaced reported as a difference (`reference` the recorded value as JSON).
 */
const withSecretKeysRedacted = (file: string, ref: unknown, diffs: Array<Difference>, at: string): unknown => {
  const normalized = redactSecretKeys(ref)
  const walk = (before: unknown, after: unknown, where: string): void => {
    if (before !== null && typeof before === "object") {
      for (const [k, v] of Object.entries(before)) walk(v, (after as Record<string, unknown>)[k], Array.isArray(before) ? `${where}[${k}]` : `${where}.${k}`)
    } else if (before !== after) {
      diffs.push({ file: `${file} ${where}`, reference: JSON.stringify(before), clawkeep: JSON.stringify(after) })
    }
  }
  walk(ref, normalized, at)
  return normalized
}

/**
 * Compares clawkeep's bundle with the recorded one file by file; returns the differences (D16's
 * shapes, and the values under secret key names, see `withSecretKeysRedacted`).
 * The manifest may differ only in `generatedAt`, the byte sizes of files that differ, and its
 * added last key `redactions`.
 */
export const compareBundle = (c: GoldenCase, bundleDir: string): Array<Difference> => {
  const nowIso = new Date(c.nowMs).toISOString()
  const refDir = path.join(GOLDEN_DIR, c.name, "bundle")
  const ours = fs.readdirSync(bundleDir).sort()
  expect(ours).toEqual([...c.bundleFiles].sort())
  const diffs: Array<Difference> = []
  for (const name of c.bundleFiles) {
    if (name === "manifest.json") continue
    const refText = fs.readFileSync(path.join(refDir, name), "utf8")
    const ourText = fs.readFileSync(path.join(bundleDir, name), "utf8")
    if (name.endsWith(".jsonl")) {
      const refLines = refText.split("\n")
      const ourLines = ourText.split("\n")
      expect(ourLines.length, name).toBe(refLines.length)
      refLines.forEach((line, i) => {
        if (line === "") return expect(ourLines[i]).toBe("")
        const ref = withSecretKeysRedacted(name, JSON.parse(line), diffs, `line ${i + 1}`)
        compareJson(name, ref, JSON.parse(ourLines[i]!), nowIso, diffs, `line ${i + 1}`)
      })
      // compact layout: re-serialising our parsed lines gives our text back
      expect(ourText).toBe(ourLines.map((l) => (l === "" ? "" : JSON.stringify(JSON.parse(l)))).join("\n"))
    } else if (name.endsWith(".json")) {
      compareJson(name, withSecretKeysRedacted(name, JSON.parse(refText), diffs, "$"), JSON.parse(ourText), nowIso, diffs, "$")
      expect(ourText).toBe(`${JSON.stringify(JSON.parse(ourText), null, 2)}\n`)
    } else {
      expect(ourText, name).toBe(redactSecretShapes(refText))
      if (ourText !== refText) diffs.push({ file: name, reference: refText, clawkeep: ourText })
    }
    if (refText === ourText) expect(fs.statSync(path.join(bundleDir, name)).size).toBe(Buffer.byteLength(refText))
  }
  const refManifest = JSON.parse(fs.readFileSync(path.join(refDir, "manifest.json"), "utf8")) as Record<string, any>
  const ourText = fs.readFileSync(path.join(bundleDir, "manifest.json"), "utf8")
  const ourManifest = JSON.parse(ourText) as Record<string, any>
  expect(ourText).toBe(`${JSON.stringify(ourManifest, null, 2)}\n`)
  expect(Object.keys(ourManifest)).toEqual([...Object.keys(refManifest), "redactions"])
  const { generatedAt: _g1, contents: refContents, ...refRest } = refManifest
  const { generatedAt, contents, redactions, ...ourRest } = ourManifest
  expect(generatedAt).toBe(nowIso)
  const restDiffs: Array<Difference> = []
  compareJson("manifest.json", refRest, ourRest, nowIso, restDiffs, "$")
  diffs.push(...restDiffs)
  expect((contents as Array<any>).map((e) => [e.path, e.mediaType])).toEqual(
    (refContents as Array<any>).map((e) => [e.path, e.mediaType])
  )
  for (const entry of contents as Array<any>) {
    expect(entry.bytes, entry.path).toBe(fs.statSync(path.join(bundleDir, entry.path)).size)
    const refEntry = (refContents as Array<any>).find((e) => e.path === entry.path)
    const same = fs.readFileSync(path.join(bundleDir, entry.path), "utf8") === fs.readFileSync(path.join(refDir, entry.path), "utf8")
    if (same) expect(entry.bytes).toBe(refEntry.bytes)
  }
  expect(typeof redactions).toBe("object")
  return diffs
}
