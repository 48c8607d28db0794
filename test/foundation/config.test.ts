import { inEnv } from "../support/live.js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { decodeSettings } from "../../src/domain/config.js"
import { validateConfig } from "../../src/domain/configValidation.js"
import { configEnvironment, loadConfig, substituteEnv } from "../../src/store/config.js"
import { deepMerge, includeRoots } from "../../src/store/configIncludes.js"
import { resolveTargets } from "../../src/store/targets.js"
import { withClawkeepHints } from "../support/hints.js"
import { loadCases, materialize, targetOptions } from "./goldenCases.js"

/**
 * D4: the reference rejects unknown keys; clawkeep ignores them. For each such case, the problems
 * clawkeep reports instead (none, or the format problem the unknown key hid in the reference).
 */
const D4_EXPECTED: Readonly<Record<string, ReadonlyArray<string>>> = {
  "v-unknown-root": [],
  "v-unknown-session": [],
  "v-unknown-maintenance": [],
  "x-unknown-plus-format": ["session.maintenance.pruneAfter: invalid duration (use ms, s, m, h, d)"]
}

describe("config against recorded reference runs (test/golden/store/config-cases.json)", () => {
  for (const c of loadCases("config-cases.json")) {
    it.effect(`${c.id}: ${c.code === 0 ? "accepted" : "rejected"}`, () =>
      Effect.gen(function* () {
        const m = materialize(c)
        try {
          const loaded = yield* Effect.either(inEnv(m.env, loadConfig))
          const d4 = D4_EXPECTED[c.id]
          if (d4 !== undefined) {
            expect(c.stderr).toContain("Unrecognized key")
            if (d4.length === 0) expect(Either.isRight(loaded)).toBe(true)
            else expect(Either.isLeft(loaded) && loaded.left.problems).toEqual(d4)
            return
          }
          if (c.code !== 0) {
            expect(c.stderr.startsWith("OpenClaw config is invalid\n")).toBe(true)
            expect(Either.isLeft(loaded)).toBe(true)
            // the block's hint lines name clawkeep's situation instead of openclaw's commands
            if (Either.isLeft(loaded)) expect(m.mask(loaded.left.message) + "\n").toBe(withClawkeepHints(c.stderr))
            return
          }
          expect(Either.isRight(loaded)).toBe(true)
          if (Either.isLeft(loaded)) return
          const json = JSON.parse(c.stdout) as Record<string, any>
          if (c.args.includes("cleanup")) {
            const settings = loaded.right.settings.session.maintenance
            expect(settings.pruneAfterMs).toBe(json["unreferencedArtifacts"].olderThanMs)
            expect(settings.mode).toBe(json["mode"])
            if (json["diskBudget"] === null) {
              expect(settings.maxDiskBytes).toBeUndefined()
            } else {
              expect([settings.maxDiskBytes, settings.highWaterBytes]).toEqual([json["diskBudget"].maxBytes, json["diskBudget"].highWaterBytes])
            }
            return
          }
          const targets = yield* inEnv(m.env, resolveTargets(loaded.right.settings, targetOptions(c.args)))
          if (Array.isArray(json["stores"])) {
            expect(targets.map((t) => ({ agentId: t.agentId, path: m.mask(t.storePath) }))).toEqual(json["stores"])
          } else {
            expect(targets.map((t) => m.mask(t.storePath))).toEqual([json["path"]])
          }
        } finally {
          m.cleanup()
        }
      })
    )
  }
})

describe("maintenance settings (cleanup §2)", () => {
  it("defaults", () => {
    expect(decodeSettings({}).session.maintenance).toEqual({
      mode: "enforce",
      pruneAfterMs: 2_592_000_000,
      maxEntries: 500,
      resetArchiveRetentionMs: 2_592_000_000,
      maxDiskBytes: undefined,
      highWaterBytes: undefined
    })
  })

  it("resetArchiveRetention follows pruneAfter unless set; false disables it", () => {
    const m = (maintenance: object) => decodeSettings({ session: { maintenance } }).session.maintenance
    expect(m({ pruneAfter: "2h" }).resetArchiveRetentionMs).toBe(7_200_000)
    expect(m({ pruneAfter: "2h", resetArchiveRetention: "3d" }).resetArchiveRetentionMs).toBe(259_200_000)
    expect(m({ resetArchiveRetention: 1 }).resetArchiveRetentionMs).toBe(86_400_000)
    expect(m({ resetArchiveRetention: false }).resetArchiveRetentionMs).toBe(false)
    expect(m({ maxEntries: 7 }).maxEntries).toBe(7)
    expect(m({ pruneDays: 2 }).pruneAfterMs).toBe(172_800_000)
  })
})

describe("${VAR} substitution", () => {
  it("replaces set variables, leaves unset or empty ones, honours the $$ escape", () => {
    const env = { A: "x", EMPTY: "", lower: "y" }
    expect(substituteEnv("${A}/${B}/${EMPTY}/${lower}", env)).toBe("x/${B}/${EMPTY}/${lower}")
    expect(substituteEnv("$${A} $$${A} ${A ${} $A", env)).toBe("${A} $${A} ${A ${} $A")
    expect(substituteEnv({ k: ["${A}", 1, null, { "${A}": "${A}" }] }, env)).toEqual({ k: ["x", 1, null, { "${A}": "x" }] })
  })

  it("config env vars fill unset variables only", () => {
    const config = { env: { vars: { A: "from-vars", B: "from-vars", R: "${X}" }, C: "direct", shellEnv: { enabled: true }, "bad key": "v" } }
    const env = configEnvironment(config, { A: "set", B: "  " })
    expect(env).toEqual({ A: "set", B: "from-vars", C: "direct" })
    expect(configEnvironment({}, { A: "1" })).toEqual({ A: "1" })
  })
})

describe("$include helpers", () => {
  it("deep merge: arrays concatenate, objects merge, scalars from the source win, blocked keys skipped", () => {
    expect(deepMerge({ a: [1], b: { c: 1, d: 2 }, e: 1 }, { a: [2], b: { d: 3 }, e: { f: 1 } })).toEqual({ a: [1, 2], b: { c: 1, d: 3 }, e: { f: 1 } })
    expect(deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "b": 3}'))).toEqual({ a: 1, b: 3 })
    expect(deepMerge([1], { a: 1 })).toEqual({ a: 1 })
  })

  it("OPENCLAW_INCLUDE_ROOTS: split on `:`, trimmed, `~` expanded, de-duplicated", () => {
    const env = { env: { HOME: "/h", OPENCLAW_INCLUDE_ROOTS: " /a : ~/b ::/a: rel " }, cwd: "/cwd", osHomedir: "/h" }
    expect(includeRoots(env)).toEqual(["/a", "/h/b", "/cwd/rel"])
    expect(includeRoots({ ...env, env: { HOME: "/h" } })).toEqual([])
  })
})

describe("decoded settings", () => {
  it("agents, default agent, store template, dmScope", () => {
    const config = decodeSettings({ agents: { list: [{ id: "main" }, { id: "Work", default: true }, { id: "main" }, { id: "x y" }] }, session: { store: " ", dmScope: "per-peer" } })
    expect(config.agents.ids).toEqual(["main", "work", "x-y"])
    expect(config.agents.defaultId).toBe("work")
    expect(decodeSettings({ agents: { list: [{ id: "B" }, { id: "c" }] } }).agents.defaultId).toBe("b")
    expect(decodeSettings({}).agents.defaultId).toBe("main")
    expect(decodeSettings({ agents: { list: [] } }).agents.ids).toEqual(["main"])
    expect(config.session.store).toBeUndefined()
    expect(decodeSettings({ session: { store: "~/s.json" } }).session.store).toBe("~/s.json")
    expect(config.session.dmScope).toBe("per-peer")
    expect(decodeSettings({}).session.dmScope).toBe("main")
  })

  it("validation ignores keys clawkeep does not read (D4) and accepts a full valid config", () => {
    expect(
      validateConfig({
        gateway: { port: "not checked" },
        models: { providers: { acme: { baseUrl: "https://x", models: [{ id: "m", name: "M", contextWindow: 1000 }] } } },
        agents: { defaults: { model: { primary: "acme/m" }, contextTokens: 1000 }, list: [{ id: "main", default: true, model: "acme/m" }] },
        session: { store: "~/s.json", dmScope: "main", maintenance: { mode: "warn", pruneAfter: "7d", maxEntries: 10, maxDiskBytes: "1mb", rotateBytes: "x" } }
      })
    ).toEqual([])
  })
})

describe("duration and byte-size parsing (cleanup §2)", async () => {
  const { parseDurationMs, parseByteSize } = await import("../../src/domain/units.js")
  it("durations: one number with an optional unit (default days here), or unit-carrying parts", () => {
    expect(parseDurationMs("1h30m", "d")).toBe(5_400_000)
    expect(parseDurationMs(" 3D ", "d")).toBe(259_200_000)
    expect(parseDurationMs("1.5", "d")).toBe(129_600_000)
    expect(parseDurationMs("1.5", "ms")).toBe(2)
    expect(parseDurationMs("1m30s", "d")).toBe(90_000)
    expect(parseDurationMs("250ms", "d")).toBe(250)
    for (const bad of ["", " ", "1w", "-1d", "1e3", "1h 30m", "h", "1ms5", "1.d", ".5d"]) expect(parseDurationMs(bad, "d")).toBeUndefined()
  })
  it("byte sizes: binary multiples, bare number = bytes", () => {
    expect(parseByteSize("1.5kb")).toBe(1536)
    expect(parseByteSize("10MB")).toBe(10_485_760)
    expect(parseByteSize("2g")).toBe(2_147_483_648)
    expect(parseByteSize("1.5t")).toBe(1_649_267_441_664)
    expect(parseByteSize("1000.7")).toBe(1001)
    for (const bad of ["", "abc", "3 mb", "-5", "1kib", "1e3"]) expect(parseByteSize(bad)).toBeUndefined()
  })
})
