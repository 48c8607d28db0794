// Builds the library (dist/*.js) with tsc and the CLI with esbuild:
//   dist/clawkeep.cjs        the CLI bundle (src/cli/bin.ts and everything it imports)
//   dist/clawkeep.mjs        the executable: a launcher that compiles the bundle with a V8 code
//                            cache (src/cli/launch.ts)
//   dist/clawkeep.cjs.cache  that cache, written by running the CLI once on the demo state
import { build } from "esbuild"
import { execFileSync } from "node:child_process"
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import * as path from "node:path"

const out = path.resolve(process.argv[2] ?? "dist")
const withLibrary = process.argv[2] === undefined

rmSync(out, { recursive: true, force: true })
if (withLibrary) execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { stdio: "inherit" })
const common = { bundle: true, platform: "node", target: "node20", minify: false, legalComments: "none" }
await build({
  ...common,
  entryPoints: ["src/cli/bin.ts"],
  outfile: path.join(out, "clawkeep.cjs"),
  format: "cjs",
  // the bundle is CommonJS: `import.meta.url` becomes the bundle's own file URL
  define: { "import.meta.url": "__clawkeepBundleUrl" },
  banner: { js: 'const __clawkeepBundleUrl = require("node:url").pathToFileURL(__filename).href;' }
})
// esbuild escapes every non-ASCII character in code (its default `charset: "ascii"`) but keeps
// the comments it carries over as written. One such character would make V8 hold the whole
// source as a two-byte string (twice the memory, for the life of every run), so comments are
// made ASCII too.
const bundlePath = path.join(out, "clawkeep.cjs")
writeFileSync(
  bundlePath,
  readFileSync(bundlePath, "utf8").replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
)
await build({
  ...common,
  entryPoints: ["src/cli/launch.ts"],
  outfile: path.join(out, "clawkeep.mjs"),
  format: "esm",
  banner: { js: "#!/usr/bin/env node" }
})
chmodSync(path.join(out, "clawkeep.mjs"), 0o755)

// Warm-up run: list the demo state, then keep the code cache of everything that run compiled.
const cache = path.join(out, "clawkeep.cjs.cache")
execFileSync(process.execPath, [path.join(out, "clawkeep.mjs"), "sessions", "--all-agents"], {
  env: {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OPENCLAW_"))),
    OPENCLAW_STATE_DIR: path.resolve("examples/demo-state"),
    CLAWKEEP_WRITE_CODE_CACHE: cache,
    NO_COLOR: "1"
  },
  stdio: ["ignore", "ignore", "inherit"]
})
if (!existsSync(cache)) throw new Error(`build: the warm-up run wrote no code cache (${cache})`)
