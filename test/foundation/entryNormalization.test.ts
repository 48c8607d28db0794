/**
 * `normalizeEntryForMeasure` against the reference: the disk-budget golden cases whose names
 * start with `n0` (scripts/record-cleanup-goldens.mjs) were applied by openclaw@2026.5.12, which
 * wrote every surviving entry back normalised: once on load and once more before the save. Each
 * such entry must equal our normalisation applied twice to the input entry, key order included.
 * (The preview measures the once-normalised form; the same cases' dry-run goldens check its size
 * through the disk-budget totals.)
 */
import { describe, expect, it } from "vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { normalizeEntryForMeasure } from "../../src/domain/entryNormalization.js"

const ROOT = path.resolve(import.meta.dirname, "../golden/cleanup")

interface Recorded {
  readonly name: string
  readonly input: Readonly<Record<string, unknown>>
  readonly written: Readonly<Record<string, unknown>>
}

const storeText = (files: ReadonlyArray<{ readonly path: string; readonly text?: string }>): string => {
  const f = files.find((x) => x.path.endsWith("/sessions.json"))
  if (f?.text === undefined) throw new Error("no store")
  return f.text
}

const recorded: ReadonlyArray<Recorded> = fs
  .readdirSync(ROOT)
  .filter((d) => d.startsWith("n0"))
  .sort()
  .map((d) => {
    const c = JSON.parse(fs.readFileSync(path.join(ROOT, d, "case.json"), "utf8")) as { files: Array<{ path: string; text?: string }> }
    const apply = JSON.parse(fs.readFileSync(path.join(ROOT, d, "apply-json.json"), "utf8")) as { after: Array<{ path: string; text?: string }> }
    return { name: d, input: JSON.parse(storeText(c.files)), written: JSON.parse(storeText(apply.after)) }
  })

/** The reference's written form of one input entry. */
const written = (key: string): { readonly input: unknown; readonly output: unknown } => {
  for (const r of recorded) if (key in r.written) return { input: r.input[key], output: r.written[key] }
  throw new Error(`no recorded entry ${key}`)
}

const twice = (v: unknown): unknown => normalizeEntryForMeasure(normalizeEntryForMeasure(v))
const text = (v: unknown): string => JSON.stringify(v)

const same = (key: string) => {
  const { input, output } = written(key)
  expect(text(twice(input))).toBe(text(output))
}

describe("normalizeEntryForMeasure", () => {
  it("has recorded cases", () => {
    expect(recorded.length).toBeGreaterThanOrEqual(6)
    expect(recorded.reduce((n, r) => n + Object.keys(r.written).length, 0)).toBeGreaterThanOrEqual(30)
  })

  for (const r of recorded) {
    it(`matches every entry the reference wrote in ${r.name}`, () => {
      for (const [key, output] of Object.entries(r.written)) {
        expect(text(twice(r.input[key])), key).toBe(text(output))
      }
    })
  }

  it("derives deliveryContext and lastChannel from a bare channel (spec store-model §5.1)", () => {
    expect(text(normalizeEntryForMeasure({ channel: "discord" }))).toBe(
      JSON.stringify({ channel: "discord", deliveryContext: { channel: "discord" }, lastChannel: "discord" })
    )
  })

  it("adds lastChannel/lastTo/lastAccountId to a row with only deliveryContext", () => same("agent:main:telegram:direct:1"))
  it("renames provider and lastProvider, moves room to groupChannel", () => {
    same("agent:main:legacy:1")
    same("agent:main:legacy:2")
  })
  it("drops room when groupChannel is already a string, keeps a string channel over provider", () => same("agent:main:legacy:3"))
  it("drops a non-string room", () => {
    same("agent:main:legacy:4")
    same("agent:main:legacy:5")
  })
  it("trims model and modelProvider", () => same("agent:main:model:1"))
  it("removes both model fields when the model is blank, missing or not a string", () => {
    same("agent:main:model:2")
    same("agent:main:model:3")
    same("agent:main:model:4")
    same("agent:main:model:6")
  })
  it("removes a blank modelProvider alone", () => same("agent:main:model:5"))
  it("removes skillsSnapshot.resolvedSkills", () => {
    same("agent:main:skills:1")
    same("agent:main:skills:2")
  })
  it("leaves other skillsSnapshot values alone", () => {
    same("agent:main:skills:3")
    same("agent:main:skills:4")
    same("agent:main:skills:5")
  })
  it("lowercases channels and canonicalises account ids", () => {
    same("agent:main:d:1")
    same("agent:main:d:3")
    same("agent:main:d:8")
  })
  it("trims string thread ids and truncates numeric ones", () => {
    same("agent:main:d:2")
    same("agent:main:d:3")
  })
  it("ignores the stored context's route when its channel conflicts", () => same("agent:main:d:4"))
  it("resolves channel aliases", () => {
    same("agent:main:d:5")
    same("agent:main:d:6")
  })
  it("takes the thread id from origin and falls back from a blank lastChannel", () => {
    same("agent:main:d:7")
    same("agent:main:d:9")
    same("agent:main:o:6")
  })
  it("leaves a row whose last* fields already match its context unchanged, whatever the context's key order", () => {
    same("agent:main:d:10")
    const { input } = written("agent:main:d:10")
    expect(text(normalizeEntryForMeasure(input))).toBe(text(input))
  })
  it("drops blocked and blank account ids", () => {
    same("agent:main:d:11")
    same("agent:main:d:12")
  })

  it("returns non-object entries unchanged", () => {
    for (const v of [null, "str", 5, true, false, 0, "", [1, 2], [{ channel: "x" }]]) expect(normalizeEntryForMeasure(v)).toBe(v)
  })

  it("never mutates its input", () => {
    for (const r of recorded) {
      const before = JSON.stringify(r.input)
      for (const v of Object.values(r.input)) normalizeEntryForMeasure(v)
      expect(JSON.stringify(r.input)).toBe(before)
    }
  })

  it("keeps cleared fields in place, so a second pass can refill them there", () => {
    const { input, output } = written("agent:main:d:9")
    const once = normalizeEntryForMeasure(input)
    expect(text(once)).toBe(text({ updatedAt: (input as { updatedAt: number }).updatedAt, channel: "matrix" }))
    expect(Object.keys(once as object)).toEqual(["updatedAt", "lastChannel", "channel", "deliveryContext", "lastTo", "lastAccountId", "lastThreadId"])
    expect(text(normalizeEntryForMeasure(once))).toBe(text(output))
  })

  it("handles non-ASCII aliases and account ids, zero and negative thread ids, non-object contexts", () => {
    for (let i = 1; i <= 8; i++) same(`agent:main:o:${i}`)
  })
})
