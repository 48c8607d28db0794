// Builds the CLI bundle (dist/clawkeep.mjs) with esbuild and the library (dist/*.js) with tsc.
import { build } from "esbuild"
import { execFileSync } from "node:child_process"
import { chmodSync, rmSync } from "node:fs"

rmSync("dist", { recursive: true, force: true })
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { stdio: "inherit" })
await build({
  entryPoints: ["src/cli/bin.ts"],
  outfile: "dist/clawkeep.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: false,
  legalComments: "none",
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __ckCreateRequire } from \"node:module\";\nconst require = __ckCreateRequire(import.meta.url);"
  }
})
chmodSync("dist/clawkeep.mjs", 0o755)
