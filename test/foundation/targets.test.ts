import { inEnv } from "../support/live.js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { ConfigError, TargetError } from "../../src/domain/errors.js"
import { loadConfig } from "../../src/store/config.js"
import { resolveStorePath, resolveTargets } from "../../src/store/targets.js"
import { loadCases, materialize, targetOptions, type RecordedCase } from "./goldenCases.js"
import { withClawkeepHints } from "../support/hints.js"

/** What the reference's output says about the targets of a run. */
type Expected =
  | { readonly error: string }
  | { readonly stores: ReadonlyArray<{ readonly agentId: string; readonly path: string }> }
  | { readonly path: string }
  | { readonly ids: ReadonlyArray<string> }

const expectedOf = (c: RecordedCase): Expected => {
  if (c.code !== 0) return { error: c.stderr.replace(/\n$/, "") }
  if (c.stdout.trimStart().startsWith("{")) {
    const json = JSON.parse(c.stdout) as Record<string, unknown>
    const stores = json["stores"] as ReadonlyArray<Record<string, string>> | undefined
    if (Array.isArray(stores)) return { stores: stores.map((s) => ({ agentId: s["agentId"]!, path: s["path"] ?? s["storePath"]! })) }
    if (typeof json["storePath"] === "string") return { stores: [{ agentId: json["agentId"] as string, path: json["storePath"] }] }
    return { path: json["path"] as string }
  }
  const first = c.stdout.split("\n")[0]!
  const single = /^Session store: (.*)$/.exec(first)
  if (single) return { path: single[1]! }
  const many = /^Session stores: \d+ \((.*)\)$/.exec(first)
  if (many) return { ids: many[1]!.split(", ") }
  throw new Error(`${c.id}: unexpected output ${first}`)
}

/** D4: the reference rejects unknown config keys; clawkeep ignores them. */
const D4_CASES = new Set(["T7-unknown-key"])

describe("store targets against recorded reference runs (scenarios.md T1–T8)", () => {
  for (const c of loadCases("target-cases.json")) {
    it.effect(`${c.id}: ${c.args.join(" ")}`, () =>
      Effect.gen(function* () {
        const m = materialize(c)
        try {
          const run = inEnv(m.env, loadConfig.pipe(Effect.flatMap((config) => resolveTargets(config.settings, targetOptions(c.args)))))
          const result = yield* Effect.either(run)
          if (D4_CASES.has(c.id)) {
            expect(c.stderr).toContain("Unrecognized key")
            expect(Either.isRight(result)).toBe(true)
            return
          }
          const expected = expectedOf(c)
          if ("error" in expected) {
            expect(Either.isLeft(result)).toBe(true)
            if (Either.isLeft(result)) {
              expect(result.left).toBeInstanceOf(result.left._tag === "TargetError" ? TargetError : ConfigError)
              // a config error block's hint lines name clawkeep's situation instead of openclaw's commands
              expect(m.mask(result.left.message)).toBe(withClawkeepHints(expected.error))
            }
            return
          }
          expect(Either.isRight(result)).toBe(true)
          if (Either.isLeft(result)) return
          const targets = result.right.map((t) => ({ agentId: t.agentId, path: m.mask(t.storePath) }))
          if ("stores" in expected) expect(targets).toEqual(expected.stores)
          else if ("path" in expected) expect(targets.map((t) => t.path)).toEqual([expected.path])
          else expect(targets.map((t) => t.agentId)).toEqual(expected.ids)
        } finally {
          m.cleanup()
        }
      })
    )
  }
})

describe("resolveStorePath (store-model §3)", () => {
  const env = { env: { HOME: "/h" }, cwd: "/work", osHomedir: "/h" }
  it("default, {agentId}, ~ and relative paths", () => {
    expect(resolveStorePath(env, () => false, undefined, "Work")).toBe("/h/.openclaw/agents/work/sessions/sessions.json")
    expect(resolveStorePath(env, () => false, "  ", "main")).toBe("/h/.openclaw/agents/main/sessions/sessions.json")
    expect(resolveStorePath(env, () => false, "~/s/{agentId}/{agentId}.json", "a")).toBe("/h/s/a/a.json")
    expect(resolveStorePath(env, () => false, "~", "a")).toBe("/h")
    expect(resolveStorePath(env, () => false, "~other/s.json", "a")).toBe("/work/~other/s.json")
    expect(resolveStorePath(env, () => false, "rel/s.json", "a")).toBe("/work/rel/s.json")
    expect(resolveStorePath({ ...env, env: { HOME: "/h", OPENCLAW_HOME: "/oc" } }, () => false, "~/x.json", "a")).toBe("/oc/x.json")
  })
})

describe("home and state dir (store-model §1)", () => {
  it("HOME / USERPROFILE / OPENCLAW_HOME values `undefined`, `null` and blanks count as unset", async () => {
    const { osHome, openclawHome, stateDir, configPath, abbreviateHome } = await import("../../src/store/environment.js")
    const none = () => false
    const e = (env: Record<string, string>) => ({ env, cwd: "/cwd", osHomedir: "/os" })
    expect(osHome(e({ HOME: "undefined", USERPROFILE: "/up" }))).toBe("/up")
    expect(osHome(e({ HOME: " null " }))).toBe("/os")
    expect(osHome({ env: {}, cwd: "/cwd", osHomedir: "" })).toBe("/cwd")
    expect(openclawHome(e({ HOME: "/h", OPENCLAW_HOME: "~/oc" }))).toBe("/h/oc")
    expect(openclawHome(e({ HOME: "/h", OPENCLAW_HOME: "rel" }))).toBe("/cwd/rel")
    expect(openclawHome(e({ HOME: "/h", OPENCLAW_HOME: "null" }))).toBe("/h")
    expect(stateDir(e({ HOME: "/h", OPENCLAW_STATE_DIR: " ~/s " }), none)).toBe("/h/s")
    expect(stateDir(e({ HOME: "/h" }), none)).toBe("/h/.openclaw")
    expect(stateDir(e({ HOME: "/h" }), (p) => p === "/h/.clawdbot")).toBe("/h/.clawdbot")
    expect(configPath(e({ HOME: "/h", OPENCLAW_CONFIG_PATH: "~/c.json5" }), none)).toBe("/h/c.json5")
    expect(configPath(e({ HOME: "/h" }), none)).toBeUndefined()
    expect(configPath(e({ HOME: "/h" }), (p) => p === "/h/.clawdbot/clawdbot.json")).toBe("/h/.clawdbot/clawdbot.json")
    // with OPENCLAW_STATE_DIR only that directory is searched
    expect(configPath(e({ HOME: "/h", OPENCLAW_STATE_DIR: "/s" }), (p) => p === "/h/.openclaw/openclaw.json")).toBeUndefined()
    expect(abbreviateHome(e({ HOME: "/h" }), "/h/.openclaw/openclaw.json")).toBe("~/.openclaw/openclaw.json")
    expect(abbreviateHome(e({ HOME: "/h" }), "/hx/openclaw.json")).toBe("/hx/openclaw.json")
  })
})
