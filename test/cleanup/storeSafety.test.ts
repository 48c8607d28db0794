/**
 * Apply never harms the store or its directory (in memory, through the CLI): directory modes are
 * never widened, bytes that would not survive a rewrite are refused, values nested too deeply
 * give a clear error, and a symlinked store is written through to its target or refused.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import type { FileTree } from "../../src/store/memoryFs.js"
import { ClawkeepTest, type ClawkeepTestKit } from "../../src/testing.js"

const NOW = 1779278400000
const D = 86_400_000
const HOME = "/home/u"
const SD = `${HOME}/.openclaw/agents/main/sessions`
const STORE = `${SD}/sessions.json`
const ts = (ms: number) => new Date(ms).toISOString().replace(/:/g, "-")

const rows = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ "agent:main:main": { sessionId: "fresh", updatedAt: NOW - 60_000, ...extra }, "agent:main:telegram:direct:1": { sessionId: "stale", updatedAt: NOW - 40 * D } }, null, 2)

const world = (files: FileTree) => ClawkeepTest.make({ home: HOME, files: { [`${SD}/fresh.jsonl`]: "{}\n", [`${SD}/stale.jsonl`]: "{}\n", ...files }, nowMs: NOW, env: { NO_COLOR: "1" } })

const run = (kit: ClawkeepTestKit, args: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const stdio = Stdio.memory()
    const code = yield* runCli(["sessions", "cleanup", ...args]).pipe(Effect.provide(Layer.mergeAll(NodeContext.layer, stdio.layer, kit.layer)))
    return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
  })

const mode = (kit: ClawkeepTestKit, p: string) => kit.fs.volume.statSync(p).mode & 0o7777

describe("apply and the store's directory", () => {
  it.effect("never changes a directory's mode (a 0700 sessions dir stays 0700; a sticky 1777 dir keeps its sticky bit)", () =>
    Effect.gen(function* () {
      const kit = world({ [STORE]: rows() })
      kit.fs.volume.chmodSync(SD, 0o700)
      expect((yield* run(kit, [])).code).toBe(0)
      expect(Object.keys(JSON.parse(kit.fs.snapshot()[STORE] as string))).toEqual(["agent:main:main"])
      expect(mode(kit, SD)).toBe(0o700)

      const shared = world({ "/srv/shared/store.json": rows(), "/srv/shared/stale.jsonl": "{}\n" })
      shared.fs.volume.chmodSync("/srv/shared", 0o1777)
      expect((yield* run(shared, ["--store", "/srv/shared/store.json"])).code).toBe(0)
      expect(Object.keys(shared.fs.snapshot("/srv"))).toContain(`/srv/shared/stale.jsonl.deleted.${ts(NOW)}`)
      expect(mode(shared, "/srv/shared")).toBe(0o1777)
    })
  )
})

describe("stores apply refuses to rewrite", () => {
  it.effect("bytes that are not valid UTF-8: refused with the path, nothing archived or written", () =>
    Effect.gen(function* () {
      const text = rows({ note: "ABC" })
      const bytes = Buffer.from(text.replace("ABC", "A\u0001C"))
      bytes[bytes.indexOf(1)] = 0xff // an invalid UTF-8 byte inside a kept row's string
      const kit = world({ [STORE]: bytes })
      const before = kit.fs.volume.readFileSync(STORE)
      const dry = yield* run(kit, ["--dry-run"])
      expect(dry.code).toBe(0)
      const r = yield* run(kit, [])
      expect(r.code).toBe(1)
      expect(r.stderr).toBe(`Session store ${STORE} holds bytes that are not valid UTF-8; rewriting it would change kept rows, refusing to write\n`)
      expect(Buffer.compare(kit.fs.volume.readFileSync(STORE) as Buffer, before as Buffer)).toBe(0)
      expect(Object.keys(kit.fs.snapshot(SD)).sort()).toEqual([`${SD}/fresh.jsonl`, STORE, `${SD}/stale.jsonl`])
    })
  )

  it.effect("a leading byte-order mark: not a JSON object, as the reference reads it (dry-run sees no rows, apply refuses)", () =>
    Effect.gen(function* () {
      const text = "\uFEFF" + rows()
      const kit = world({ [STORE]: text })
      const dry = yield* run(kit, ["--dry-run", "--json"])
      expect(dry.code).toBe(0)
      expect(JSON.parse(dry.stdout)).toMatchObject({ beforeCount: 0, afterCount: 0 })
      expect(dry.stderr).toBe(`Warning: session store is not a valid JSON object and was read as empty: ${STORE}\n`)
      const r = yield* run(kit, [])
      expect([r.code, r.stderr]).toEqual([1, `Session store is not a valid JSON object: ${STORE}; refusing to write\n`])
      expect(kit.fs.snapshot(SD)[STORE]).toBe(text)
      expect(Object.keys(kit.fs.snapshot(SD)).sort()).toEqual([`${SD}/fresh.jsonl`, STORE, `${SD}/stale.jsonl`])
    })
  )

  it.effect("values nested too deeply to process: a clear error naming the store for dry-run and apply, nothing written", () =>
    Effect.gen(function* () {
      const depth = 100_000
      const text = rows().replace('"fresh",', `"fresh", "deep": ${"[".repeat(depth)}${"]".repeat(depth)},`)
      const kit = world({ [STORE]: text })
      for (const args of [["--dry-run"], ["--dry-run", "--json"], []]) {
        const r = yield* run(kit, args)
        expect([r.code, r.stdout, r.stderr]).toEqual([1, "", `Session store ${STORE} is nested too deeply to process; nothing was written\n`])
      }
      expect(kit.fs.snapshot(SD)[STORE]).toBe(text)
      expect(Object.keys(kit.fs.snapshot(SD)).sort()).toEqual([`${SD}/fresh.jsonl`, STORE, `${SD}/stale.jsonl`])
    })
  )
})

describe("a symlinked store", () => {
  it.effect("is written through to its target: the link stays a link and both read the new rows", () =>
    Effect.gen(function* () {
      const kit = world({ "/data/real-store.json": rows(), [STORE]: { symlink: "/data/real-store.json" } })
      expect((yield* run(kit, [])).code).toBe(0)
      const after = kit.fs.snapshot("/")
      expect(after[STORE]).toEqual({ symlink: "/data/real-store.json" })
      expect(Object.keys(JSON.parse(after["/data/real-store.json"] as string))).toEqual(["agent:main:main"])
      expect(Object.keys(after).filter((p) => p.startsWith("/data/"))).toEqual(["/data/real-store.json"])
    })
  )

  it.effect("that dangles is refused before anything is touched (never replaced by {})", () =>
    Effect.gen(function* () {
      const kit = world({ [STORE]: { symlink: "/data/gone.json" } })
      const before = kit.fs.snapshot("/")
      const r = yield* run(kit, [])
      expect(r.code).toBe(1)
      expect(r.stderr).toBe(`Session store ${STORE} is a symbolic link whose target does not exist; refusing to write\n`)
      expect(kit.fs.snapshot("/")).toEqual(before)
    })
  )
})
