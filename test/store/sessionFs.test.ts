import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { memoryFs } from "../../src/store/memoryFs.js"
import { SessionFs } from "../../src/store/sessionFs.js"

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
