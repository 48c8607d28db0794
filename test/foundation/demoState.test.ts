import { inEnv } from "../support/live.js"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { classifyFileName } from "../../src/domain/sessionFiles.js"
import { parseStoreText, serializeStore } from "../../src/domain/storeText.js"
import { loadConfig } from "../../src/store/config.js"
import { resolveTargets } from "../../src/store/targets.js"

const examples = path.join(__dirname, "..", "..", "examples")
const state = path.join(examples, "demo-state")
const clock = JSON.parse(fs.readFileSync(path.join(examples, "demo-clock.json"), "utf8")) as { anchor: string; mtimes: Record<string, string> }

const filesUnder = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))

describe("examples/demo-state", () => {
  const env = { env: { HOME: "/nonexistent", OPENCLAW_STATE_DIR: state }, cwd: examples, osHomedir: "/nonexistent" }

  it.effect("its JSON5 config is valid and names two agents with one store each", () =>
    Effect.gen(function* () {
      const config = yield* inEnv(env, loadConfig)
      expect(config.path).toBe(path.join(state, "openclaw.json"))
      const targets = yield* inEnv(env, resolveTargets(config.settings, { allAgents: true }))
      expect(targets.map((t) => [t.agentId, path.relative(state, t.storePath)])).toEqual([
        ["main", "agents/main/sessions/sessions.json"],
        ["work", "agents/work/sessions/sessions.json"]
      ])
    })
  )

  it("stores are canonical and every row's transcript exists", () => {
    for (const agent of ["main", "work"]) {
      const dir = path.join(state, "agents", agent, "sessions")
      const text = fs.readFileSync(path.join(dir, "sessions.json"), "utf8")
      const store = parseStoreText(text)!
      expect(serializeStore(store)).toBe(text)
      for (const entry of store.values()) {
        expect(fs.existsSync(path.join(dir, `${(entry as { sessionId: string }).sessionId}.jsonl`))).toBe(true)
      }
    }
  })

  it("has every kind of file, and a recorded time for each", () => {
    const files = filesUnder(state).map((f) => path.relative(state, f).split(path.sep).join("/"))
    expect(files.sort()).toEqual(Object.keys(clock.mtimes).sort())
    const kinds = new Set(files.filter((f) => f.includes("/sessions/")).map((f) => classifyFileName(path.basename(f)).kind))
    expect([...kinds].sort()).toEqual(["archive", "checkpoint", "store", "trajectory-runtime", "transcript"])
    expect(Number.isFinite(Date.parse(clock.anchor))).toBe(true)
  })
})
