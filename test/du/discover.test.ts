/**
 * `--discover` on `sessions` (list), `sessions cleanup`, `sessions prune` and `sessions du`: a store left on disk
 * by an agent removed from the config is found; a symlinked store, a symlinked agent directory
 * and a store whose real path leaves the agents root are not; the output says which stores came
 * from discovery, and nothing changes without the flag.
 */
import { describe, expect, it } from "@effect/vitest"
import { memoryFs, type FileTree, type MemoryFs } from "../../src/store/memoryFs.js"
import { runClawkeep } from "../support/cli.js"

const NOW = 1779278400000
const D = 86_400_000
const AGENTS = "/h/.openclaw/agents"
const store = (agent: string) => `${AGENTS}/${agent}/sessions/sessions.json`
const rows = (id: string, ageDays: number) => JSON.stringify({ [`agent:x:direct:${id}`]: { sessionId: id, updatedAt: NOW - ageDays * D } })

const tree = (): FileTree => ({
  "/h/.openclaw/openclaw.json": JSON.stringify({ agents: { list: [{ id: "main", default: true }, { id: "work" }] } }),
  [store("main")]: rows("m1", 1),
  [`${AGENTS}/main/sessions/m1.jsonl`]: "m".repeat(100),
  [store("work")]: rows("w1", 2),
  [`${AGENTS}/work/sessions/w1.jsonl`]: "w".repeat(200),
  // removed from the config, still on disk: one fresh row, one 40 days old
  [store("retired")]: JSON.stringify({
    "agent:retired:direct:r1": { sessionId: "r1", updatedAt: NOW - D },
    "agent:retired:direct:r2": { sessionId: "r2", updatedAt: NOW - 40 * D }
  }),
  [`${AGENTS}/retired/sessions/r1.jsonl`]: "r".repeat(300),
  [`${AGENTS}/retired/sessions/r2.jsonl`]: { content: "r".repeat(400), mtimeMs: NOW - 40 * D },
  // skipped: a symlinked store, a symlinked agent directory, a sessions dir leaving the root
  "/elsewhere/store.json": rows("x1", 1),
  [store("linked")]: { symlink: "/elsewhere/store.json" },
  "/elsewhere/agent/sessions/sessions.json": rows("x2", 1),
  [`${AGENTS}/alias`]: { symlink: "/elsewhere/agent" },
  [`${AGENTS}/escape/sessions`]: { symlink: "/elsewhere/agent/sessions" }
})

const run = (args: ReadonlyArray<string>, mem: MemoryFs = memoryFs(tree())) =>
  runClawkeep(args, { fs: mem.layer, env: { HOME: "/h" }, cwd: "/h", nowMs: NOW })

const ok = async (args: ReadonlyArray<string>, mem?: MemoryFs) => {
  const r = await run(args, mem)
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
  return r.stdout
}

const EXPECTED_STORES = [
  { agentId: "main", path: store("main"), discovered: false },
  { agentId: "work", path: store("work"), discovered: false },
  { agentId: "retired", path: store("retired"), discovered: true }
]

describe("--discover on the list", () => {
  it("lists the disk-only store's rows and marks the store in JSON", async () => {
    const doc = JSON.parse(await ok(["sessions", "--discover", "--json"]))
    expect(doc.stores).toEqual(EXPECTED_STORES)
    expect(doc.discover).toBe(true)
    expect(doc.sessions.map((s: { key: string }) => s.key).sort()).toEqual([
      "agent:retired:direct:r1",
      "agent:retired:direct:r2",
      "agent:x:direct:m1",
      "agent:x:direct:w1"
    ])
    // the `list` alias and the flag on the parent command
    expect(JSON.parse(await ok(["sessions", "list", "--discover", "--json"])).stores).toEqual(EXPECTED_STORES)
  })

  it("says in text which store came from discovery", async () => {
    const out = await ok(["sessions", "--discover"])
    expect(out.split("\n").slice(0, 2)).toEqual([
      "Session stores: 3 (main, work, retired)",
      `Discovered store (agent not in the config): retired ${store("retired")}`
    ])
  })

  it("changes nothing without the flag (no discovered fields, no disk-only store)", async () => {
    const doc = JSON.parse(await ok(["sessions", "--all-agents", "--json"]))
    expect(doc.stores).toEqual(EXPECTED_STORES.slice(0, 2).map(({ agentId, path }) => ({ agentId, path })))
    expect("discover" in doc).toBe(false)
    const text = await ok(["sessions", "--all-agents"])
    expect(text).not.toContain("Discovered")
    expect(text).not.toContain("retired")
  })
})

describe("--discover on cleanup", () => {
  it("plans the disk-only store too and marks it", async () => {
    const doc = JSON.parse(await ok(["sessions", "cleanup", "--discover", "--dry-run", "--json"]))
    expect(doc.stores.map((s: { agentId: string; discovered: boolean }) => [s.agentId, s.discovered])).toEqual([
      ["main", false],
      ["work", false],
      ["retired", true]
    ])
    expect(doc.stores[2]).toMatchObject({ storePath: store("retired"), beforeCount: 2, pruned: 1 })
    const text = await ok(["sessions", "cleanup", "--discover", "--dry-run"])
    expect(text.split("\n")[0]).toBe(`Discovered store (agent not in the config): retired ${store("retired")}`)
    const plain = JSON.parse(await ok(["sessions", "cleanup", "--all-agents", "--dry-run", "--json"]))
    expect(plain.stores.map((s: Record<string, unknown>) => ["discovered" in s, s["agentId"]])).toEqual([
      [false, "main"],
      [false, "work"]
    ])
  })

  it("applies to the disk-only store", async () => {
    const mem = memoryFs(tree())
    const doc = JSON.parse(await ok(["sessions", "cleanup", "--discover", "--enforce", "--json"], mem))
    expect(doc.stores[2]).toMatchObject({ agentId: "retired", discovered: true, applied: true, pruned: 1 })
    expect(Object.keys(JSON.parse(String(mem.volume.readFileSync(store("retired"), "utf8"))))).toEqual(["agent:retired:direct:r1"])
    // the symlinked and escaping stores were not touched
    expect(String(mem.volume.readFileSync("/elsewhere/store.json", "utf8"))).toBe(rows("x1", 1))
  })

  it("cannot be combined with --apply-plan", async () => {
    const r = await run(["sessions", "cleanup", "--apply-plan", "/h/plan.json", "--discover"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("--discover cannot be combined with --apply-plan")
  })
})

describe("--discover on prune", () => {
  it("selects rows of the disk-only store too, marks it, and applies there", async () => {
    const doc = JSON.parse(await ok(["sessions", "prune", "--discover", "--match", "agent:retired:*", "--dry-run", "--json"]))
    expect(doc.stores.map((s: { agentId: string; discovered: boolean; pruned: number }) => [s.agentId, s.discovered, s.pruned])).toEqual([
      ["main", false, 0],
      ["work", false, 0],
      ["retired", true, 2]
    ])
    const plain = JSON.parse(await ok(["sessions", "prune", "--all-agents", "--match", "agent:retired:*", "--dry-run", "--json"]))
    expect(plain.stores.map((s: Record<string, unknown>) => s["agentId"])).toEqual(["main", "work"])
    const mem = memoryFs(tree())
    const applied = JSON.parse(await ok(["sessions", "prune", "--discover", "--match", "agent:retired:*", "--json"], mem))
    expect(applied.stores[2]).toMatchObject({ agentId: "retired", discovered: true, pruned: 2 })
    expect(JSON.parse(String(mem.volume.readFileSync(store("retired"), "utf8")))).toEqual({})
    expect(String(mem.volume.readFileSync("/elsewhere/store.json", "utf8"))).toBe(rows("x1", 1))
  })
})

describe("--discover on du", () => {
  it("measures every store on the host and marks the disk-only one", async () => {
    const doc = JSON.parse(await ok(["sessions", "du", "--discover", "--json"]))
    expect(doc.discover).toBe(true)
    expect(doc.stores.map((s: { agentId: string; discovered: boolean; storePath: string }) => ({ agentId: s.agentId, path: s.storePath, discovered: s.discovered }))).toEqual(EXPECTED_STORES)
    expect(doc.stores[2].classes["transcript-referenced"]).toEqual({ files: 2, bytes: 700 })
    // the 40-day-old row goes, its transcript is archived
    expect(doc.stores[2].cleanup).toMatchObject({ rowsRemoved: 1, archived: { files: 1, bytes: 400 } })
    expect(doc.total.bytes).toBe(doc.stores.reduce((s: number, x: { total: { bytes: number } }) => s + x.total.bytes, 0))
    const text = await ok(["sessions", "--discover", "du"])
    expect(text).toContain("Agent: retired (discovered on disk, not in the config)")
    expect(text).toContain("All 3 stores:")
    const plain = JSON.parse(await ok(["sessions", "du", "--all-agents", "--json"]))
    expect("discover" in plain).toBe(false)
    expect(plain.stores.map((s: Record<string, unknown>) => ["discovered" in s, s["agentId"]])).toEqual([
      [false, "main"],
      [false, "work"]
    ])
  })
})

describe("--discover with --agent or --store", () => {
  for (const command of [["sessions"], ["sessions", "cleanup", "--dry-run"], ["sessions", "du"]]) {
    it(`${command.join(" ")}: refused, one line on stderr`, async () => {
      const agent = await run([...command, "--discover", "--agent", "main"])
      expect([agent.code, agent.stdout, agent.stderr]).toEqual([1, "", "--agent and --discover cannot be used together\n"])
      const storeArg = await run([...command, "--discover", "--store", "/h/s.json"])
      expect([storeArg.code, storeArg.stdout, storeArg.stderr]).toEqual([1, "", "--store cannot be combined with --discover\n"])
    })
  }
})
