/**
 * The list entirely on the in-memory file system (`memoryFs`): rows, rendered JSON and text,
 * warnings and the store-changed error, with nothing read from or written to the real disk; and
 * the scanner reading a memfs file exactly as it reads the same bytes from a real file.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { listSessions, type ListRequest } from "../../src/list/program.js"
import { fileSource, scanSource, StoreChangedError, type ScanResult } from "../../src/store/scan.js"
import { openStoreRows, type StoreRows } from "../../src/list/source.js"
import { makePalette } from "../../src/render/colors.js"
import { renderListJson } from "../../src/render/listJson.js"
import { renderListText } from "../../src/render/listText.js"
import { OpenClawConfig } from "../../src/store/config.js"
import { Environment } from "../../src/store/environment.js"
import { memoryFs, volumeSyncFs, type FileTree, type MemoryFs } from "../../src/store/memoryFs.js"
import { NodeSessionFs, nodeSyncFs } from "../../src/store/nodeFs.js"
import { makeSessionFs, SessionFs, type SyncFs } from "../../src/store/sessionFs.js"
import { fixedClock } from "../support/cli.js"
import { tempDir } from "../support/tempDir.js"

const NOW = 1779278400000
const M = 60000
const H = 60 * M
const D = 24 * H

const HOME = "/home/u"
const STORE = `${HOME}/.openclaw/agents/main/sessions/sessions.json`
const env = Environment.make({ env: { HOME }, cwd: HOME, osHomedir: HOME })

const store = {
  "agent:main:main": { sessionId: "s-main", updatedAt: NOW - 30000, model: "gpt-5.4", modelProvider: "openai", totalTokens: 12000, contextTokens: 200000, thinkingLevel: "high" },
  "agent:main:telegram:group:-100123": { sessionId: "s-grp", updatedAt: NOW - 90 * M, chatType: "group", groupActivation: "mention" },
  "agent:main:cron:nightly": { sessionId: "s-cron", updatedAt: NOW - 2 * D, totalTokens: 5000, totalTokensFresh: false },
  "cron:bare": { sessionId: "s-bare" }
}
const storeText = JSON.stringify(store, null, 2)

/** Two agents: `main` (the default) and `ops`. */
const twoAgents = { agents: { list: [{ id: "main" }, { id: "ops" }] } }

/** Runs `listSessions` on the in-memory file system `m`, with a pinned clock. */
const listOn = (m: MemoryFs, request: ListRequest = {}, layer: Layer.Layer<SessionFs> = m.layer) =>
  listSessions(request).pipe(
    Effect.provide(Layer.mergeAll(layer, env, OpenClawConfig.make(request.allAgents === true ? twoAgents : {}))),
    Effect.withClock(fixedClock(NOW))
  )

/** Runs the CLI on the in-memory file system `m` (config read from it too). */
const cliOn = async (m: MemoryFs, args: ReadonlyArray<string>) => {
  const stdio = Stdio.memory()
  const program = runCli(args).pipe(
    Effect.provide(Layer.mergeAll(NodeContext.layer, m.layer, stdio.layer, env)),
    Effect.withClock(fixedClock(NOW))
  )
  const code = await Effect.runPromise(program)
  return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
}

const listed = (rows: StoreRows) => Array.from({ length: rows.count }, (_, row) => [rows.key(row), rows.updatedAt(row), rows.value(row)])

/** The rows of `file` on `sync` as the list reads them, and whether it was unreadable; closed after. */
const listedFile = (sync: SyncFs, file: string) => {
  const rows = openStoreRows(sync, file)
  try {
    return { rows: listed(rows), unreadable: rows.unreadable }
  } finally {
    rows.close()
  }
}

describe("list on the in-memory file system", () => {
  it.effect("lists the rows of a memfs store, newest first, and renders them", () =>
    Effect.gen(function* () {
      const m = memoryFs({ [STORE]: storeText })
      const before = m.snapshot()
      const result = yield* listOn(m)
      expect(result.targets).toEqual([{ agentId: "main", storePath: STORE }])
      expect({ count: result.count, totalCount: result.totalCount, limit: result.limit, hasMore: result.hasMore }).toEqual({
        count: 4,
        totalCount: 4,
        limit: 100,
        hasMore: false
      })
      expect(result.unreadableStores).toEqual([])
      expect(result.rows.map((r) => [r.json.key, r.json.updatedAt, r.json.ageMs, r.json.sessionId, r.json.kind, r.json.agentId])).toEqual([
        ["agent:main:main", NOW - 30000, 30000, "s-main", "direct", "main"],
        ["agent:main:telegram:group:-100123", NOW - 90 * M, 90 * M, "s-grp", "group", "main"],
        ["agent:main:cron:nightly", NOW - 2 * D, 2 * D, "s-cron", "cron", "main"],
        ["cron:bare", null, null, "s-bare", "direct", "main"]
      ])
      expect(result.rows.map((r) => r.entry)).toEqual([store["agent:main:main"], store["agent:main:telegram:group:-100123"], store["agent:main:cron:nightly"], store["cron:bare"]])

      const doc = JSON.parse(renderListJson(result)) as Record<string, unknown> & { sessions: Array<Record<string, unknown>> }
      expect({ ...doc, sessions: undefined }).toEqual({ path: STORE, count: 4, totalCount: 4, limitApplied: 100, hasMore: false, activeMinutes: null, sessions: undefined })
      expect(doc.sessions[0]).toMatchObject({ key: "agent:main:main", ageMs: 30000, model: "gpt-5.4", modelProvider: "openai", totalTokens: 12000, contextTokens: 200000, thinkingLevel: "high" })
      expect(doc.sessions[2]).toMatchObject({ key: "agent:main:cron:nightly", totalTokens: 5000, totalTokensFresh: false })

      expect(renderListText(result, makePalette(false))).toEqual([
        `Session store: ${STORE}`,
        "Sessions listed: 4",
        "Kind   Key                        Age       Model          Runtime            Tokens (ctx %)       Flags",
        "direct agent:main:main            1m ago    gpt-5.4        OpenAI Codex       12k/200k (6%)        think:high id:s-main",
        "group  agent:main:teleg...100123  2h ago    gpt-5.5        OpenAI Codex       unknown/200k (?%)    activation:mention id:s-grp",
        "cron   agent:main:cron:nightly    2d ago    gpt-5.5        OpenAI Codex       5.0k/200k (3%)       id:s-cron",
        "direct cron:bare                  unknown   gpt-5.5        OpenAI Codex       unknown/200k (?%)    id:s-bare"
      ])

      // --limit and --active on memory too
      const two = yield* listOn(m, { limit: "2" })
      expect([two.count, two.totalCount, two.hasMore, two.rows.map((r) => r.json.key)]).toEqual([2, 4, true, ["agent:main:main", "agent:main:telegram:group:-100123"]])
      const active = yield* listOn(m, { active: "120" })
      expect([active.totalCount, active.activeMinutes, active.rows.map((r) => r.json.key)]).toEqual([2, 120, ["agent:main:main", "agent:main:telegram:group:-100123"]])

      // the list writes nothing, in memory or on the real disk
      expect(m.snapshot()).toEqual(before)
      expect(fs.existsSync(HOME)).toBe(false)
    })
  )

  it.effect("a missing store lists as empty and creates nothing", () =>
    Effect.gen(function* () {
      const m = memoryFs({ [`${HOME}/notes.txt`]: "x" })
      const result = yield* listOn(m)
      expect([result.count, result.totalCount, result.unreadableStores, result.targets]).toEqual([0, 0, [], [{ agentId: "main", storePath: STORE }]])
      expect(m.snapshot()).toEqual({ [`${HOME}/notes.txt`]: "x" })
      expect(fs.existsSync(HOME)).toBe(false)
    })
  )

  it.effect("stores that are not JSON objects list as empty and are reported", () =>
    Effect.gen(function* () {
      const other = `${HOME}/.openclaw/agents/ops/sessions/sessions.json`
      const m = memoryFs({ [STORE]: "[1,2]", [other]: "{ // not JSON\n}" })
      const result = yield* listOn(m, { allAgents: true })
      expect(result.targets.map((t) => t.storePath).sort()).toEqual([other, STORE].sort())
      expect([result.count, result.totalCount]).toEqual([0, 0])
      expect([...result.unreadableStores].sort()).toEqual([other, STORE].sort())
      // a directory where the store should be
      const dir = memoryFs({ [STORE]: null })
      expect((yield* listOn(dir)).unreadableStores).toEqual([STORE])
    })
  )

  it("prints the same output and warnings through the CLI on memory as on disk", async () => {
    const tree: Record<string, string> = {
      [STORE]: storeText,
      [`${HOME}/.openclaw/agents/ops/sessions/sessions.json`]: "[1]",
      [`${HOME}/.openclaw/openclaw.json`]: JSON.stringify({ agents: { ...twoAgents.agents, defaults: { contextTokens: 32000 } } })
    }
    const argsList = [["sessions"], ["sessions", "--json"], ["sessions", "--all-agents"], ["sessions", "--all-agents", "--json", "--limit", "2"], ["sessions", "--agent", "ops"]]
    const disk = fs.realpathSync(tempDir("clawkeep-list-mem-"))
    for (const [p, content] of Object.entries(tree)) {
      const real = path.join(disk, path.relative(HOME, p))
      fs.mkdirSync(path.dirname(real), { recursive: true })
      fs.writeFileSync(real, content)
    }
    for (const args of argsList) {
      const m = memoryFs(tree)
      const onMemory = await cliOn(m, args)
      const stdio = Stdio.memory()
      const code = await Effect.runPromise(
        runCli(args).pipe(
          Effect.provide(
            Layer.mergeAll(
              NodeContext.layer,
              NodeSessionFs.layer,
              stdio.layer,
              Environment.make({ env: { HOME: disk }, cwd: disk, osHomedir: disk })
            )
          ),
          Effect.withClock(fixedClock(NOW))
        )
      )
      const onDisk = { code, stdout: stdio.buffers.stdout.split(disk).join(HOME), stderr: stdio.buffers.stderr.split(disk).join(HOME) }
      expect(onMemory).toEqual(onDisk)
      expect(m.snapshot()).toEqual(tree)
    }
    const ops = await cliOn(memoryFs(tree), ["sessions", "--agent", "ops"])
    expect(ops).toEqual({
      code: 0,
      stdout: `Session store: ${HOME}/.openclaw/agents/ops/sessions/sessions.json\nSessions listed: 0\nNo sessions found.\n`,
      stderr: `Warning: session store is not a valid JSON object and was read as empty: ${HOME}/.openclaw/agents/ops/sessions/sessions.json\n`
    })
    expect(fs.existsSync(HOME)).toBe(false)
  })

  it.effect("a store rewritten in place between the scan and reading rows back fails with the reference's advice", () =>
    Effect.gen(function* () {
      const m = memoryFs({ [STORE]: storeText })
      const base = volumeSyncFs(m.volume)
      // the first end-of-file read ends the scan: the store is then truncated in place
      let truncated = false
      const racing: SyncFs = {
        ...base,
        read: (fd, buffer, offset, length, position) => {
          const r = base.read(fd, buffer, offset, length, position)
          if (r === 0 && !truncated) {
            truncated = true
            m.volume.writeFileSync(STORE, "{}")
          }
          return r
        }
      }
      const error = yield* Effect.flip(listOn(m, {}, Layer.succeed(SessionFs, makeSessionFs(racing))))
      expect(truncated).toBe(true)
      expect(error).toMatchObject({
        _tag: "FileSystemError",
        path: STORE,
        message: `Session store changed while it was being listed: ${STORE}; run the command again`
      })
    })
  )

  it("reads printed rows from the scanned file even when a new store is renamed into place", () => {
    const m = memoryFs({ [STORE]: storeText })
    const sync = m.service.sync
    const rows = openStoreRows(sync, STORE)
    try {
      m.volume.writeFileSync(`${STORE}.tmp`, "{}")
      m.volume.renameSync(`${STORE}.tmp`, STORE)
      expect(listed(rows)).toEqual(Object.entries(store).map(([k, v]) => [k, (v as { updatedAt?: number }).updatedAt, v]))
    } finally {
      rows.close()
    }
    const shrunk = openStoreRows(sync, STORE)
    try {
      expect(shrunk.count).toBe(0)
      m.volume.writeFileSync(STORE, storeText)
      const grown = openStoreRows(sync, STORE)
      m.volume.writeFileSync(STORE, "{}")
      expect(() => grown.value(0)).toThrow(StoreChangedError)
      grown.close()
    } finally {
      shrunk.close()
    }
    expect(openStoreRows(sync, `${HOME}/missing.json`)).toMatchObject({ count: 0, unreadable: false })
    expect(openStoreRows(sync, `${STORE}/below-a-file`)).toMatchObject({ count: 0, unreadable: false })
  })
})

describe("scanner on memfs ≡ scanner on a real file", () => {
  const dir = tempDir("clawkeep-scan-mem-")

  /** The scan of `file` on `fs` through a window of `windowBytes`, as plain data. */
  const scanOn = (sync: SyncFs, file: string, windowBytes: number) => {
    const fd = sync.open(file, "r")
    try {
      const result: ScanResult = scanSource(fileSource(sync, fd), windowBytes)
      if (result._tag === "rejected") return result
      return Array.from({ length: result.count }, (_, row) => [result.key(row), result.updatedAt(row), result.value(row), result.start(row), result.end(row)])
    } finally {
      sync.close(fd)
    }
  }

  const entryArb = fc.oneof(fc.jsonValue(), fc.record({ updatedAt: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.jsonValue()) }))
  const textArb = fc.oneof(
    fc.json(),
    fc.dictionary(fc.oneof(fc.string(), fc.nat().map(String)), entryArb).map((o) => JSON.stringify(o, null, 2)),
    // damaged: one character dropped
    fc.tuple(fc.dictionary(fc.string(), entryArb).map((o) => JSON.stringify(o)), fc.nat()).map(([t, at]) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + 1))
  )

  it.prop("same rows, values and positions (or the same rejection) for the same bytes", [textArb, fc.integer({ min: 1, max: 64 })], ([text, windowBytes]) => {
    const bytes = Buffer.from(text, "utf8")
    const file = path.join(dir, "sessions.json")
    fs.writeFileSync(file, bytes)
    const tree: FileTree = { "/s/sessions.json": bytes }
    const m = memoryFs(tree)
    expect(scanOn(m.service.sync, "/s/sessions.json", windowBytes)).toEqual(scanOn(nodeSyncFs, file, windowBytes))
    expect(listedFile(m.service.sync, "/s/sessions.json")).toEqual(listedFile(nodeSyncFs, file))
  }, { fastCheck: { numRuns: 150 } })
})
