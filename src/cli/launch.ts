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
import { fileURLToPath } from "node:url"
import * as vm from "node:vm"

const dir = path.dirname(fileURLToPath(import.meta.url))
const bundle = path.join(dir, "clawkeep.cjs")
/**
 * The compiled bundle. (The source text is read inside: the script keeps its own copy, the
 * wrapped one, and a second copy kept here would stay for the whole run.)
 */
const compile = (): vm.Script => {
  let cachedData: Buffer | undefined
  try {
    cachedData = fs.readFileSync(`${bundle}.cache`)
  } catch {
    cachedData = undefined
  }
  return new vm.Script(Module.wrap(fs.readFileSync(bundle, "utf8")), { filename: bundle, ...(cachedData ? { cachedData } : {}) })
}
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
