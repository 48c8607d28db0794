import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { createHash } from "node:crypto"
import { memoryFs } from "../../src/store/memoryFs.js"
import { makeSessionFs, SessionFs } from "../../src/store/sessionFs.js"
import { readStoreFingerprinted } from "../../src/store/storeFile.js"

describe("SessionFs in memory", () => {
  it("answers lstat/stat/realpath for files, symlinks and directories", () => {
    const m = memoryFs({ "/a/b.txt": "hi", "/a/link": { symlink: "/a/b.txt" }, "/a/d": null, "/a/old": { content: "x", mtimeMs: 1000 } })
    const s = m.service.sync
    expect(s.realpath("/a/link")).toBe("/a/b.txt")
    expect(s.lstat("/a/link").kind).toBe("symlink")
    expect(s.stat("/a/link").kind).toBe("file")
    expect(s.stat("/a/old").mtimeMs).toBe(1000)
    expect(s.lstat("/a/d").kind).toBe("directory")
    expect(() => s.lstat("/nope")).toThrow(expect.objectContaining({ code: "ENOENT" }))
  })

  it("renames as Linux does: never over a directory's files (memfs alone would replace them)", () => {
    const m = memoryFs({ "/a/f": "f", "/a/g": "g", "/a/full/x": "x", "/a/empty": null, "/a/d/y": "y" })
    const s = m.service.sync
    expect(() => s.rename("/a/f", "/a/full")).toThrow(expect.objectContaining({ code: "EISDIR" }))
    expect(() => s.rename("/a/f", "/a/empty")).toThrow(expect.objectContaining({ code: "EISDIR" }))
    expect(() => s.rename("/a/d", "/a/g")).toThrow(expect.objectContaining({ code: "ENOTDIR" }))
    expect(() => s.rename("/a/d", "/a/full")).toThrow(expect.objectContaining({ code: "ENOTEMPTY" }))
    expect(m.snapshot("/a")).toEqual({ "/a/f": "f", "/a/g": "g", "/a/full/x": "x", "/a/d/y": "y" })
    // what Linux allows: a file over a file, a directory over an empty directory
    s.rename("/a/f", "/a/g")
    s.rename("/a/d", "/a/empty")
    expect(m.snapshot("/a")).toEqual({ "/a/g": "f", "/a/full/x": "x", "/a/empty/y": "y" })
  })

  it("renames a symlink, not the file it points to (memfs alone would move the file)", () => {
    const m = memoryFs({ "/a/target": "t", "/a/link": { symlink: "/a/target" }, "/a/old": "o" })
    const s = m.service.sync
    s.rename("/a/link", "/a/moved")
    expect(s.lstat("/a/moved").kind).toBe("symlink")
    expect(s.realpath("/a/moved")).toBe("/a/target")
    expect(s.readText("/a/target")).toBe("t")
    expect(() => s.lstat("/a/link")).toThrow(expect.objectContaining({ code: "ENOENT" }))
    // over a file, as Linux replaces it
    s.rename("/a/moved", "/a/old")
    expect(s.lstat("/a/old").kind).toBe("symlink")
    expect(s.readText("/a/old")).toBe("t")
  })

  it("a file replaced by a rename leaves nothing behind: its directory empties and can be removed", () => {
    const m = memoryFs({ "/a/j/f": "old", "/a/j/f.tmp": "new" })
    const s = m.service.sync
    s.rename("/a/j/f.tmp", "/a/j/f")
    expect(s.readdir("/a/j")).toEqual(["f"])
    expect(s.readText("/a/j/f")).toBe("new")
    s.unlink("/a/j/f")
    s.rmdir("/a/j")
    expect(s.readdir("/a")).toEqual([])
  })

  it.effect("renames and creates directories through a symlinked parent directory, as the kernel does", () =>
    Effect.gen(function* () {
      const m = memoryFs({ "/real/a": "a", "/link": { symlink: "/real" } })
      const s = m.service.sync
      s.rename("/link/a", "/link/b")
      s.mkdir("/link/d/e", { recursive: true })
      yield* Effect.flatMap(SessionFs, (fs) => fs.writeFileAtomic("/link/store.json", "{}")).pipe(Effect.provide(m.layer))
      expect(m.snapshot("/real")).toEqual({ "/real/b": "a", "/real/store.json": "{}" })
      expect(s.lstat("/real/d/e").kind).toBe("directory")
      expect(s.lstat("/link").kind).toBe("symlink")
    })
  )

  it.effect("writes atomically (parents created, no temp left) and creates exclusively", () =>
    Effect.gen(function* () {
      const m = memoryFs({ "/a/b.txt": "hi" })
      yield* Effect.gen(function* () {
        const fs = yield* SessionFs
        yield* fs.writeFileAtomic("/a/new/x.json", "{}")
        const excl = yield* Effect.either(fs.createExclusive("/a/b.txt", "z"))
        expect(excl._tag).toBe("Left")
        expect(yield* fs.lstatOrUndefined("/missing")).toBeUndefined()
      }).pipe(Effect.provide(m.layer))
      expect(m.snapshot()).toEqual({ "/a/b.txt": "hi", "/a/new/x.json": "{}" })
    })
  )
})

describe("reading a store with its fingerprint", () => {
  it.effect("reads every byte even when the file is larger than fstat said (it grew meanwhile)", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({ a: { sessionId: "x".repeat(5000) } })
      const m = memoryFs({ "/s/sessions.json": text })
      const lying = makeSessionFs({ ...m.service.sync, fstat: (fd) => ({ ...m.service.sync.fstat(fd), size: 3 }) })
      const read = yield* readStoreFingerprinted("/s/sessions.json").pipe(Effect.provide(Layer.succeed(SessionFs, lying)))
      expect(read.text).toBe(text)
      expect(read.status).toBe("ok")
      expect(read.fingerprint.sha256).toBe(createHash("sha256").update(text).digest("hex"))
    })
  )
})
