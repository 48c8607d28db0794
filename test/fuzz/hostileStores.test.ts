/**
 * Fuzzing cleanup with hostile stores and directories (docs/safety.md, "Fuzzing hostile
 * stores"). Each generated world is written into a fresh in-memory disk for every run: apply
 * with `--enforce`, apply in the config's own mode, apply with `--fix-missing`, `--dry-run`, the
 * `sessions` list, and for a tenth of the worlds the in-process CLI. After each run the whole
 * disk is compared with the disk before (see checks.ts).
 *
 * `FUZZ_RUNS` worlds (default 500; `npm run test:fuzz` runs 10 000), from the fixed seed
 * `FUZZ_SEED`; a failure prints the seed and fast-check's path to replay it.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, FastCheck as fc, Layer } from "effect"
import * as path from "node:path"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { runCleanup, type CleanupRequest, type CleanupRun } from "../../src/interpreters/index.js"
import { listSessions } from "../../src/list/program.js"
import { ClawkeepTest } from "../../src/testing.js"
import {
  capture,
  checkExit,
  checkKeptFiles,
  checkReported,
  checkStore,
  clearMessage,
  diff,
  fileAt,
  outsideChanges,
  parseRows,
  type Disk,
  type Violation,
  type ViolationKind
} from "./checks.js"
import { buildWorld, caseArb, HOME, HOSTILE_KINDS, NOW, SESSIONS_DIR, STORE, type CaseSpec, type HostileKind, type World } from "./world.js"

// memfs asks `process.getuid()`/`getgid()` (system calls) on every path step of every call, a
// sixth of this file's time; the answers never change within this test process.
for (const name of ["getuid", "getgid"] as const) {
  const id = process[name]?.()
  if (id !== undefined) process[name] = () => id
}

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 500)
const SEED = Number(process.env["FUZZ_SEED"] ?? 20260512)

const CLEANUP_RUNS: ReadonlyArray<{ readonly name: string; readonly request: Partial<CleanupRequest> }> = [
  { name: "apply --enforce", request: { enforce: true } },
  { name: "apply (config mode)", request: {} },
  { name: "apply --fix-missing", request: { fixMissing: true } },
  { name: "--dry-run --enforce", request: { dryRun: true, enforce: true } }
]

const CLI_RUNS: ReadonlyArray<ReadonlyArray<string>> = [
  ["sessions", "cleanup", "--enforce", "--json"],
  ["sessions", "cleanup", "--dry-run"],
  ["sessions", "--json"]
]

interface Figures {
  cases: number
  runs: number
  cliRuns: number
  readonly kinds: Map<HostileKind, number>
  readonly outcomes: Map<string, number>
  readonly violations: Map<ViolationKind, number>
}

const figures: Figures = { cases: 0, runs: 0, cliRuns: 0, kinds: new Map(), outcomes: new Map(), violations: new Map() }
const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1)

const world = (w: World) => ClawkeepTest.make({ home: HOME, files: w.tree, nowMs: NOW, env: { NO_COLOR: "1" } })

/**
 * Runs programs on fresh copies of a world: the disk before (captured once: every copy is seeded
 * from the same tree with the same modes and times) and after each run.
 */
const runner = (w: World) => {
  let before: Disk | undefined
  return async <A>(program: (kit: ReturnType<typeof world>) => Effect.Effect<A, unknown>) => {
    const kit = world(w)
    before ??= capture(kit.fs.volume)
    const exit = await Effect.runPromiseExit(program(kit))
    return { exit, before, after: capture(kit.fs.volume) }
  }
}

const request = (over: Partial<CleanupRequest>): CleanupRequest => ({ dryRun: false, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined, ...over })

const storeTextOf = (disk: Disk) => fileAt(disk, STORE)?.toString("utf8")

/** Kinds seen only in a run's plan: a row whose sessionFile is the store evicted by the disk budget; a removed row's pointer naming the store. */
const observedKinds = (run: CleanupRun, before: Disk): ReadonlyArray<HostileKind> => {
  const out: Array<HostileKind> = []
  const entries = new Map(parseRows(fileAt(before, STORE)) ?? [])
  for (const row of run.previews[0]?.plan.apply.rows ?? []) {
    if (row.action === "keep") continue
    const entry = entries.get(row.key) as Record<string, unknown> | undefined
    const file = typeof entry?.["sessionFile"] === "string" ? path.resolve(SESSIONS_DIR, entry["sessionFile"].trim()) : undefined
    if (row.action === "evict-budget" && file === STORE) out.push("sessionFile-is-store-evicted-by-budget")
    const id = typeof entry?.["sessionId"] === "string" ? entry["sessionId"].trim() : undefined
    const pointer = id === undefined ? undefined : fileAt(before, path.join(SESSIONS_DIR, `${id}.trajectory-path.json`))
    if (pointer !== undefined && pointer.toString().includes(`"runtimeFile":"${STORE}"`)) out.push("pointer-of-removed-row-names-store")
  }
  return out
}

const checkCase = async (spec: CaseSpec): Promise<ReadonlyArray<Violation & { readonly run: string }>> => {
  const w = buildWorld(spec)
  const runOn = runner(w)
  const found: Array<Violation & { readonly run: string }> = []
  const kinds = new Set(w.kinds)
  const report = (run: string, vs: ReadonlyArray<Violation>) => {
    for (const v of vs) found.push({ ...v, run })
  }
  for (const { name, request: over } of CLEANUP_RUNS) {
    const { exit, before, after } = await runOn((kit) => Effect.provide(runCleanup(request(over)), kit.layer))
    figures.runs++
    const changes = diff(before, after)
    const verdict = checkExit(exit, w.paths, storeTextOf(before))
    bump(figures.outcomes, `${name}: ${verdict.outcome}`)
    report(name, verdict.violations)
    if (Exit.isFailure(exit)) {
      if (changes.length > 0) report(name, [{ kind: "refused-run-wrote", detail: changes.map((c) => c.path).join(", ") }])
      continue
    }
    const run = exit.value
    if (over.dryRun === true) {
      if (changes.length > 0) report(name, [{ kind: "read-only-run-wrote", detail: changes.map((c) => c.path).join(", ") }])
      continue
    }
    for (const k of observedKinds(run, before)) kinds.add(k)
    report(name, outsideChanges(before, changes))
    const store = checkStore(before, after, run)
    report(name, store.violations)
    report(name, checkKeptFiles(before, after, store.kept))
    report(name, checkReported(before, after, changes, run))
  }
  {
    const { exit, before, after } = await runOn((kit) => Effect.provide(listSessions({}), kit.layer))
    figures.runs++
    const verdict = checkExit(exit, w.paths, storeTextOf(before))
    bump(figures.outcomes, `sessions: ${verdict.outcome}`)
    report("sessions", verdict.violations)
    const changes = diff(before, after)
    if (changes.length > 0) report("sessions", [{ kind: "read-only-run-wrote", detail: changes.map((c) => c.path).join(", ") }])
  }
  if (spec.cli) {
    for (const args of CLI_RUNS) {
      const name = `cli ${args.join(" ")}`
      const stdio = Stdio.memory()
      const { exit, before, after } = await runOn((kit) => runCli(args).pipe(Effect.provide(Layer.mergeAll(NodeContext.layer, stdio.layer, kit.layer))))
      figures.cliRuns++
      const changes = diff(before, after)
      report(name, outsideChanges(before, changes))
      if (Exit.isFailure(exit)) {
        report(name, checkExit(exit, w.paths, undefined).violations)
        continue
      }
      const firstLine = stdio.buffers.stderr.split("\n")[0] ?? ""
      if (exit.value !== 0) {
        const verdict = clearMessage(`exit ${exit.value}`, firstLine, w.paths, storeTextOf(before))
        bump(figures.outcomes, `${name}: exit ${exit.value}, first stderr line ${verdict.outcome}`)
        report(name, verdict.violations)
        if (changes.length > 0 && !args.includes("--enforce")) report(name, [{ kind: "read-only-run-wrote", detail: changes.map((c) => c.path).join(", ") }])
      } else {
        bump(figures.outcomes, `${name}: exit 0`)
        if (!args.includes("--enforce") && changes.length > 0) report(name, [{ kind: "read-only-run-wrote", detail: changes.map((c) => c.path).join(", ") }])
      }
    }
  }
  figures.cases++
  for (const k of kinds) bump(figures.kinds, k)
  for (const v of found) bump(figures.violations, v.kind)
  return found
}

const printFigures = () => {
  const lines = [
    `hostile-store fuzzing: ${figures.cases} cases, ${figures.runs} program runs, ${figures.cliRuns} CLI runs (seed ${SEED})`,
    `files outside touched: ${figures.violations.get("file-outside-touched") ?? 0}`,
    `stores lost: ${figures.violations.get("store-lost") ?? 0}`,
    `kept rows' files lost: ${figures.violations.get("kept-row-file-lost") ?? 0}`,
    `unclear exits: ${figures.violations.get("unclear-exit") ?? 0}`,
    `read-only or refused runs that wrote: ${(figures.violations.get("read-only-run-wrote") ?? 0) + (figures.violations.get("refused-run-wrote") ?? 0)}`,
    `changes without a reported operation: ${figures.violations.get("unreported-change") ?? 0}`,
    `files overwritten by an archive: ${figures.violations.get("file-overwritten") ?? 0}`,
    "cases per hostile kind:",
    ...HOSTILE_KINDS.map((k) => `  ${k}: ${figures.kinds.get(k) ?? 0}`),
    "outcomes per run:",
    ...[...figures.outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k}: ${n}`)
  ]
  console.log(lines.join("\n"))
}

describe("cleanup on hostile stores and directories", () => {
  it(
    `${RUNS} generated worlds: nothing outside the sessions dir touched, no store lost, every failure clear`,
    async () => {
      try {
        await fc.assert(
          fc.asyncProperty(caseArb, async (spec) => {
            const found = await checkCase(spec)
            if (found.length > 0) {
              throw new Error(`${found.length} violation(s) (FUZZ_SEED=${SEED}):\n${found.slice(0, 8).map((v) => `  [${v.run}] ${v.kind}: ${v.detail}`).join("\n")}`)
            }
          }),
          { numRuns: RUNS, seed: SEED }
        )
      } catch (error) {
        throw new Error(`hostile-store fuzzing failed; replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}\n${error instanceof Error ? error.message : String(error)}`)
      }
      printFigures()
      // every hostile kind occurred, and every run kind ran
      for (const kind of HOSTILE_KINDS) expect({ kind, cases: figures.kinds.get(kind) ?? 0 }).not.toEqual({ kind, cases: 0 })
      expect(figures.cases).toBe(RUNS)
      expect(figures.cliRuns).toBeGreaterThan(0)
    },
    Math.max(60_000, RUNS * 300)
  )
})
