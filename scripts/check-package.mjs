// The packaging check (CI): `npm pack` the built project, install the tarball into a scratch
// prefix as a user would (`npm install -g <tarball>`), then run the installed `clawkeep`:
// `--version`, and a list of the bundled demo state. Also checks that the library entry points
// of the tarball load. Removes its scratch directory whatever happens.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
const scratch = mkdtempSync(path.join(tmpdir(), "clawkeep-pack-"))
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], ...options })
try {
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: root }))[0]
  const files = packed.files.map((f) => f.path)
  for (const needed of ["dist/clawkeep.mjs", "dist/clawkeep.cjs", "dist/clawkeep.cjs.cache", "dist/index.js", "dist/helpers.js", "package.json"]) {
    if (!files.includes(needed)) throw new Error(`package is missing ${needed}`)
  }
  const tarball = path.join(scratch, packed.filename)
  const prefix = path.join(scratch, "prefix")
  run("npm", ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: scratch })
  const bin = path.join(prefix, "bin", "clawkeep")
  const version = run(bin, ["--version"]).trim()
  const expected = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version
  if (!version.includes(expected)) throw new Error(`clawkeep --version printed ${JSON.stringify(version)}, expected ${expected}`)
  const env = { PATH: process.env.PATH, HOME: scratch, OPENCLAW_STATE_DIR: path.join(root, "examples", "demo-state"), NO_COLOR: "1" }
  const list = JSON.parse(run(bin, ["sessions", "--all-agents", "--json"], { env }))
  if (!Array.isArray(list.sessions) || list.sessions.length === 0) throw new Error("the installed clawkeep listed no sessions of the demo state")
  const installed = path.join(prefix, "lib", "node_modules", "clawkeep")
  run(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(path.join(installed, "dist", "index.js"))}); const h = await import(${JSON.stringify(path.join(installed, "dist", "helpers.js"))}); if (!m.listSessions || !m.ClawkeepTest || !h.parseAgentSessionKey) throw new Error("library exports missing")`])
  console.log(`package ok: ${packed.filename} (${files.length} files, ${packed.size} bytes); installed clawkeep ${version} listed ${list.sessions.length} demo sessions`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
