/**
 * The `clawkeep` executable (`dist/clawkeep.mjs`): a small launcher for the CLI bundle
 * (`dist/clawkeep.cjs`, built from `bin.ts`).
 *
 * Node 20 keeps no compile cache for modules, and compiling the ~2 MB bundle took about 0.1 s of
 * every run. The launcher therefore compiles the bundle as a script with the V8 code cache that
 * the build wrote next to it (`dist/clawkeep.cjs.cache`). V8 checks that cache against the source
 * and its own version and flags; when it does not fit (another Node version, other V8 flags) it
 * is ignored and the bundle is compiled as usual, so the cache only ever changes start-up time.
 *
 * Build only: with `CLAWKEEP_WRITE_CODE_CACHE=<file>` the launcher writes the code cache of what
 * this run compiled to `<file>` when the process exits (scripts/build.mjs runs the CLI once on the
 * demo state this way).
 */
import * as fs from "node:fs"
import Module from "node:module"
import * as path from "node:path"
import { StringDecoder } from "node:string_decoder"
import { fileURLToPath } from "node:url"
import * as vm from "node:vm"

const dir = path.dirname(fileURLToPath(import.meta.url))
const bundle = path.join(dir, "clawkeep.cjs")

/**
 * The text of `file`, read 64 KiB at a time.
 *
 * `fs.readFileSync(file, "utf8")` reads into a buffer it grows up to 4 MiB and then frees. glibc's
 * allocator takes such a free as a sign the program works with blocks that large: from then on it
 * serves every block below 4 MiB from its heap instead of mapping it, and keeps up to 8 MiB it
 * no longer needs instead of giving it back. That cost a cleanup of 100 000 rows 7–9 MB of its
 * peak memory.
 */
const readText = (file: string): string => {
  const fd = fs.openSync(file, "r")
  try {
    const piece = Buffer.allocUnsafe(64 * 1024)
    const decoder = new StringDecoder("utf8")
    let text = ""
    for (;;) {
      const n = fs.readSync(fd, piece, 0, piece.length, null)
      if (n === 0) return text + decoder.end()
      text += decoder.write(piece.subarray(0, n))
    }
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * The code cache, or undefined when there is none. It stays referenced for the whole run (2 MB):
 * freeing it would make glibc's allocator keep more of what it frees afterwards (see `readText`).
 */
const cachedData = ((): Buffer | undefined => {
  try {
    return fs.readFileSync(`${bundle}.cache`)
  } catch {
    return undefined
  }
})()

/**
 * The compiled bundle. (The source text is read inside: the script keeps its own copy, the
 * wrapped one, and a second copy kept here would stay for the whole run.)
 */
const compile = (): vm.Script =>
  new vm.Script(Module.wrap(readText(bundle)), { filename: bundle, ...(cachedData ? { cachedData } : {}) })
const script = compile()
const cacheOut = process.env["CLAWKEEP_WRITE_CODE_CACHE"]
if (cacheOut) process.once("exit", () => fs.writeFileSync(cacheOut, script.createCachedData()))
const run = script.runInThisContext() as (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string
) => void
const bundleModule = { exports: {} }
run(bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, dir)
