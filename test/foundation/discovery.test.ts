import { inEnv } from "../support/live.js"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll } from "vitest"
import { agentsRootOfStorePath, discoverStores, discoverStoreTargets } from "../../src/store/discovery.js"
import { decodeSettings } from "../../src/domain/config.js"
import { resolveTargets } from "../../src/store/targets.js"
import { tempDir } from "../support/tempDir.js"

const root = fs.realpathSync(tempDir("clawkeep-discovery-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const state = path.join(root, "state")
const agents = path.join(state, "agents")
const put = (rel: string, text = "{}") => {
  const p = path.join(root, rel)
  fs.mkdirSync(path.dirname(p), { recursive: true })
  fs.writeFileSync(p, text)
  return p
}
const env = { env: { HOME: path.join(root, "home"), OPENCLAW_STATE_DIR: state }, cwd: root, osHomedir: path.join(root, "home") }

// configured: main (present), work (no store file yet)
put("state/agents/main/sessions/sessions.json")
fs.mkdirSync(path.join(agents, "work", "sessions"), { recursive: true })
// disk-only agents
put("state/agents/retired/sessions/sessions.json")
put("state/agents/Zed/sessions/sessions.json")
put("state/agents/Main/sessions/sessions.json")
// skipped: normalises to `main` without being `main`
put("state/agents/---/sessions/sessions.json")
// skipped: no store, a plain file, a symlinked agent dir, a symlinked store, a store escaping the root
fs.mkdirSync(path.join(agents, "empty", "sessions"), { recursive: true })
put("state/agents/notes.txt")
put("outside/agent/sessions/sessions.json")
fs.symlinkSync(path.join(root, "outside", "agent"), path.join(agents, "symdir"))
put("outside/real.json")
fs.mkdirSync(path.join(agents, "linked", "sessions"), { recursive: true })
fs.symlinkSync(path.join(root, "outside", "real.json"), path.join(agents, "linked", "sessions", "sessions.json"))
fs.mkdirSync(path.join(agents, "escape"), { recursive: true })
fs.symlinkSync(path.join(root, "outside", "agent", "sessions"), path.join(agents, "escape", "sessions"))
// a directory named sessions.json is not a store
fs.mkdirSync(path.join(agents, "dirstore", "sessions", "sessions.json"), { recursive: true })

const raw = { agents: { list: [{ id: "main" }, { id: "work" }] } }
const config = decodeSettings(raw)

describe("disk-only store discovery (store-model §4.1)", () => {
  it.effect("configured targets first, then valid disk stores in locale order; unsafe ones skipped", () =>
    Effect.gen(function* () {
      const found = yield* inEnv(env, discoverStoreTargets(config))
      const rel = found.map((s) => [s.agentId, path.relative(root, s.storePath), s.source])
      expect(rel).toEqual([
        ["main", "state/agents/main/sessions/sessions.json", "configured"],
        ...[
          ["main", "state/agents/Main/sessions/sessions.json", "disk"],
          ["retired", "state/agents/retired/sessions/sessions.json", "disk"],
          ["zed", "state/agents/Zed/sessions/sessions.json", "disk"]
        ].sort((a, b) => path.join(root, a[1]!).localeCompare(path.join(root, b[1]!)))
      ])
    })
  )

  it.effect("is a lazy Stream (can be cut short)", () =>
    Effect.gen(function* () {
      const first = yield* inEnv(env, Stream.runCollect(Stream.take(discoverStores(config), 1)))
      expect(Chunk.toReadonlyArray(first).map((s) => s.agentId)).toEqual(["main"])
    })
  )

  it.effect("a configured store outside an agents tree is kept as is, even when missing", () =>
    Effect.gen(function* () {
      const shared = decodeSettings({ ...raw, session: { store: path.join(root, "shared", "{agentId}.json") } })
      const found = yield* inEnv(env, discoverStoreTargets(shared))
      expect(found.slice(0, 2).map((s) => [s.agentId, path.relative(root, s.storePath), s.source])).toEqual([
        ["main", "shared/main.json", "configured"],
        ["work", "shared/work.json", "configured"]
      ])
      // the state dir's agents are still scanned
      expect(found.filter((s) => s.source === "disk").map((s) => s.agentId).sort()).toEqual(["main", "main", "retired", "zed"])
    })
  )

  it.effect("the default --all-agents targets stay the configured ones (reference behaviour)", () =>
    Effect.gen(function* () {
      const targets = yield* inEnv(env, resolveTargets(config, { allAgents: true }))
      expect(targets.map((t) => t.agentId)).toEqual(["main", "work"])
    })
  )

  it.effect("a missing agents root yields only the configured stores that exist", () =>
    Effect.gen(function* () {
      const empty = { ...env, env: { ...env.env, OPENCLAW_STATE_DIR: path.join(root, "nothing") } }
      expect(yield* inEnv(empty, discoverStoreTargets(config))).toEqual([])
    })
  )

  it("agentsRootOfStorePath", () => {
    expect(agentsRootOfStorePath("/s/agents/x/sessions/sessions.json")).toBe("/s/agents")
    expect(agentsRootOfStorePath("/s/agents/x/sessions/other.json")).toBeUndefined()
    expect(agentsRootOfStorePath("/s/agent/x/sessions/sessions.json")).toBeUndefined()
  })
})
