/**
 * The documentation's cross-references hold: every `docs/<page>.md#<section>` a code comment
 * cites and every link between the pages names a heading that exists; every deviation number
 * cited (`D5`) is an item of docs/deviations.md, numbered in order; no reference points into the
 * specification, which readers of the repository do not have (`§`). And the command and config
 * references name what the code has.
 */
import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { GLOBAL_OPTIONS, SESSIONS, SUBCOMMANDS } from "../../src/cli/commandTable.js"
import { DEFAULT_MAX_ENTRIES, DEFAULT_PRUNE_AFTER_MS, DEFAULT_SETTINGS } from "../../src/domain/config.js"

const ROOT = path.resolve(import.meta.dirname, "../..")
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), "utf8")
const walk = (dir: string): Array<string> =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]))

const SOURCES = walk("src").filter((f) => f.endsWith(".ts"))
const PAGES = [...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), "README.md"]

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as `-`, repeats numbered. */
const anchorsOf = (markdown: string): ReadonlySet<string> => {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  let fenced = false
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced
    if (fenced) continue
    const heading = /^#{1,6} (.*)$/.exec(line)
    if (heading !== null) {
      const base = heading[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/ /g, "-")
      const n = seen.get(base) ?? 0
      seen.set(base, n + 1)
      anchors.add(n === 0 ? base : `${base}-${n}`)
    }
    for (const m of line.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(m[1]!)
  }
  return anchors
}

const anchorsByPage = new Map(PAGES.map((p) => [p, anchorsOf(read(p))]))

describe("cross-references", () => {
  it("every docs/<page>.md#<section> cited in src exists", () => {
    const missing: Array<string> = []
    let cited = 0
    for (const file of SOURCES) {
      for (const m of read(file).matchAll(/\b(docs\/[a-z-]+\.md)(?:#([a-z0-9-]+))?/g)) {
        cited++
        const anchors = anchorsByPage.get(m[1]!)
        if (anchors === undefined || (m[2] !== undefined && !anchors.has(m[2]))) missing.push(`${file}: ${m[0]}`)
      }
    }
    expect(missing).toEqual([])
    expect(cited).toBeGreaterThan(50)
  })

  it("every link between the pages names an existing page and heading", () => {
    const missing: Array<string> = []
    for (const page of PAGES) {
      for (const m of read(page).matchAll(/\]\(([^)\s]*?)(?:#([^)\s]+))?\)/g)) {
        const [, target, anchor] = m
        if (/^[a-z]+:/.test(target!)) continue // an external address
        const resolved = target === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), target!))
        if (!resolved.endsWith(".md")) {
          if (!fs.existsSync(path.join(ROOT, resolved))) missing.push(`${page}: ${m[0]}`)
          continue
        }
        const anchors = anchorsByPage.get(resolved)
        if (anchors === undefined || (anchor !== undefined && !anchors.has(anchor))) missing.push(`${page}: ${m[0]}`)
      }
    }
    expect(missing).toEqual([])
  })

  it("docs/deviations.md is one list numbered D1, D2, … in order, and every cited Dn is in it", () => {
    const deviations = read("docs/deviations.md")
    const items = [...deviations.matchAll(/^(\d+)\. <a id="d(\d+)"><\/a>\*\*D(\d+) — /gm)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])])
    expect(items.length).toBeGreaterThanOrEqual(24)
    items.forEach(([n, id, title], i) => expect([n, id, title]).toEqual([i + 1, i + 1, i + 1]))
    const cited: Array<string> = []
    for (const file of [...SOURCES, ...PAGES.filter((p) => p !== "docs/deviations.md")]) {
      for (const m of read(file).matchAll(/\bD(\d{1,3})\b/g)) if (Number(m[1]) > items.length || Number(m[1]) < 1) cited.push(`${file}: ${m[0]}`)
    }
    expect(cited).toEqual([])
    // one list: no second list of unnumbered items
    expect(deviations).not.toMatch(/^## /m)
  })

  it("nothing points into the specification (§ sections)", () => {
    const left = [...SOURCES, ...PAGES].filter((file) => read(file).includes("§"))
    expect(left).toEqual([])
  })
})

describe("the references name what the code has", () => {
  it("docs/cli.md: every command and every option", () => {
    const cli = read("docs/cli.md")
    for (const command of [SESSIONS, ...SUBCOMMANDS]) {
      expect(cli).toContain(`clawkeep ${command.path.join(" ")}`)
      for (const o of Object.values(command.options)) expect(cli, `--${o.name}`).toContain(`\`--${o.name}`)
    }
    for (const o of Object.values(GLOBAL_OPTIONS)) expect(cli).toContain(`\`--${o.name}`)
  })

  it("docs/config.md: the session.maintenance keys and the defaults the decoder uses", () => {
    const config = read("docs/config.md")
    const row = (key: string) => config.split("\n").find((l) => l.startsWith(`| \`${key}\` |`)) ?? ""
    for (const key of ["mode", "pruneAfter", "pruneDays", "maxEntries", "resetArchiveRetention", "maxDiskBytes", "highWaterBytes", "rotateBytes"]) {
      expect(row(key), key).not.toBe("")
    }
    expect(row("mode")).toContain(`| \`${DEFAULT_SETTINGS.session.maintenance.mode}\` |`)
    expect(row("maxEntries")).toContain(`| \`${DEFAULT_MAX_ENTRIES}\` |`)
    expect(row("pruneAfter")).toContain(`${DEFAULT_PRUNE_AFTER_MS.toLocaleString("en-US").replace(/,/g, " ")} ms`)
    expect(row("session.dmScope")).toContain(`| \`${DEFAULT_SETTINGS.session.dmScope}\` |`)
  })
})
