/**
 * `sessions du` on generated session directories (in memory): its classes add up to the
 * directory's total as an independent walk of the volume finds it, each file lands in the class
 * the generator wrote it as, archives past retention and the rows' kinds match what the
 * generator chose, du writes nothing, and what it says cleanup would free is exactly what an
 * apply of cleanup then removes from the directory.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { DU_CLASSES, type DuClass, type DuKind } from "../../src/domain/du.js"
import { diskUsage } from "../../src/interpreters/du.js"
import { runCleanup } from "../../src/interpreters/program.js"
import type { DuStoreReport } from "../../src/maintenance/du.js"
import { DIR, generate, runIn, treeArb, walk, type Generated } from "./support.js"

const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 150)

/** A property over generated trees (`RUNS` cases). */
const forAll = (check: (g: Generated) => Promise<void>) =>
  fc.assert(
    fc.asyncProperty(treeArb, (c) => check(generate(c))),
    { numRuns: RUNS }
  )

const duOf = async (g: Generated, top = 5): Promise<DuStoreReport> => {
  const run = await runIn(g.kit, diskUsage({ top }))
  expect(run.stores).toHaveLength(1)
  return run.stores[0]!
}

/** Each class's files and bytes as the generator wrote them. */
const expectedClasses = (g: Generated) => {
  const out = new Map<DuClass, { files: number; bytes: number }>(DU_CLASSES.map((c) => [c, { files: 0, bytes: 0 }]))
  for (const f of g.files) {
    if (f.cls === "symlink" || f.cls === "dir") continue
    const t = out.get(f.cls)!
    t.files++
    t.bytes += f.size
  }
  return out
}

describe("sessions du on generated directories", () => {
  it("classes add up to the directory's total, found by an independent walk", async () => {
    await forAll(async (g) => {
      const report = await duOf(g)
      const w = walk(g.kit, DIR)
      const sum = DU_CLASSES.reduce((s, cls) => ({ files: s.files + report.classes[cls].files, bytes: s.bytes + report.classes[cls].bytes }), { files: 0, bytes: 0 })
      expect(sum).toEqual({ files: w.files, bytes: w.bytes })
      expect(report.total).toEqual({ files: w.files, bytes: w.bytes })
      expect(report.notMeasured).toEqual({ symlinks: w.symlinks, directories: w.directories, other: 0 })
    })
  })

  it("puts every file in the class it was written as", async () => {
    await forAll(async (g) => {
      const report = await duOf(g)
      for (const [cls, t] of expectedClasses(g)) {
        expect({ cls, files: report.classes[cls].files, bytes: report.classes[cls].bytes }).toEqual({ cls, ...t })
      }
      for (const cls of ["trajectory-runtime", "trajectory-pointer"] as const) {
        const unreferenced = g.files.filter((f) => f.cls === cls && !f.referenced)
        expect(report.classes[cls].unreferenced).toEqual({ files: unreferenced.length, bytes: unreferenced.reduce((s, f) => s + f.size, 0) })
      }
    })
  })

  it("counts the archives past their retention (age from the name, strictly older)", async () => {
    await forAll(async (g) => {
      const c = g.c
      const report = await duOf(g)
      const past = (cls: DuClass, days: number | false) => {
        const old = g.files.filter((f) => f.cls === cls && days !== false && f.ageDays > days)
        return { files: old.length, bytes: old.reduce((s, f) => s + f.size, 0) }
      }
      expect(report.classes["archive-deleted"].pastRetention).toEqual(past("archive-deleted", c.pruneAfterDays))
      expect(report.classes["archive-reset"].pastRetention).toEqual(past("archive-reset", c.resetDays))
      expect(report.classes["archive-bak"].pastRetention).toBeUndefined()
    })
  })

  it("reports the rows by kind and the largest transcripts", async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, fc.integer({ min: 0, max: 6 }), async (c, top) => {
        const g = generate(c)
        const report = await duOf(g, top)
        const kinds = new Map<DuKind, { rows: number; bytes: number }>()
        for (const r of g.rows) {
          const t = kinds.get(r.kind) ?? { rows: 0, bytes: 0 }
          t.rows++
          t.bytes += r.transcriptBytes ?? 0
          kinds.set(r.kind, t)
        }
        expect(new Map(report.kinds.map((k) => [k.kind, { rows: k.rows, bytes: k.bytes }]))).toEqual(kinds)
        // most bytes first
        expect(report.kinds.map((k) => k.bytes)).toEqual([...report.kinds.map((k) => k.bytes)].sort((a, b) => b - a))
        const withTranscript = g.rows.filter((r) => r.transcriptBytes !== undefined)
        expect(report.rows).toEqual({ total: g.rows.length, withTranscript: withTranscript.length, withoutTranscript: g.rows.length - withTranscript.length })
        // largest first, ties in store order
        const largest = withTranscript
          .map((r, order) => ({ ...r, order }))
          .sort((a, b) => b.transcriptBytes! - a.transcriptBytes! || a.order - b.order)
          .slice(0, top)
        expect(report.largest.map((l) => [l.key, l.bytes])).toEqual(largest.map((r) => [r.key, r.transcriptBytes]))
      }),
      { numRuns: RUNS }
    )
  })

  it("writes nothing, and cleanup then frees exactly what du said it would", async () => {
    let freedSome = 0
    await forAll(async (g) => {
      const before = g.kit.fs.snapshot("/")
      const mtimes = [...walk(g.kit, DIR).sizes.keys()].map((n) => g.kit.fs.volume.statSync(`${DIR}/${n}`).mtimeMs)
      const report = await duOf(g)
      expect(g.kit.fs.snapshot("/")).toEqual(before)
      expect([...walk(g.kit, DIR).sizes.keys()].map((n) => g.kit.fs.volume.statSync(`${DIR}/${n}`).mtimeMs)).toEqual(mtimes)

      const storeBefore = walk(g.kit, DIR).sizes.get("sessions.json") ?? 0
      const totalBefore = walk(g.kit, DIR).bytes
      const applied = await runIn(
        g.kit,
        runCleanup({ dryRun: false, enforce: false, fixMissing: false, fixDmScope: false, activeKey: undefined })
      )
      expect(applied.applied?.flatMap((a) => a.operations.filter((o) => o.status !== "done"))).toEqual([])
      const after = walk(g.kit, DIR)
      const storeAfter = after.sizes.get("sessions.json") ?? 0
      // archives are renames: only deletions and the store's rewrite change the total
      expect(after.bytes).toBe(totalBefore - report.cleanup.freed.bytes + (storeAfter - storeBefore))
      const removedRows = applied.applied![0]!.summary
      expect(report.cleanup.rowsRemoved).toBe(g.rows.length - removedRows.afterCount)
      if (report.cleanup.freed.bytes > 0) freedSome++
    })
    // the generator does produce cases where cleanup frees something
    expect(freedSome).toBeGreaterThan(0)
  })
})




