/**
 * Replays cases recorded from the reference by scripts/record-store-goldens.mjs: materialises a
 * case's files under a fresh directory and builds the environment the reference saw.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { EnvironmentShape } from "../../src/store/environment.js"
import { tempDir } from "../support/tempDir.js"

export interface RecordedCase {
  readonly id: string
  readonly files: Readonly<Record<string, unknown>>
  readonly env: Readonly<Record<string, string>>
  readonly cwd?: string
  readonly args: ReadonlyArray<string>
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const GOLDEN = path.join(__dirname, "..", "golden", "store")

export const loadCases = (file: string): ReadonlyArray<RecordedCase> =>
  JSON.parse(fs.readFileSync(path.join(GOLDEN, file), "utf8")) as ReadonlyArray<RecordedCase>

export interface Materialized {
  readonly root: string
  readonly env: EnvironmentShape
  /** Replaces the case root by `<root>` (the form the recordings use). */
  readonly mask: (text: string) => string
  readonly cleanup: () => void
}

/** Writes a recorded case's files under a fresh real directory (`<root>` substituted). */
export const materialize = (c: RecordedCase): Materialized => {
  const root = fs.realpathSync(tempDir("clawkeep-case-"))
  const fill = (text: string) => text.split("<root>").join(root)
  fs.mkdirSync(path.join(root, "home"), { recursive: true })
  for (const [rel, content] of Object.entries(c.files)) {
    const p = path.join(root, rel)
    fs.mkdirSync(path.dirname(p), { recursive: true })
    const special = typeof content === "object" && content !== null ? (content as Record<string, unknown>) : undefined
    if (special !== undefined && "symlink" in special) {
      fs.symlinkSync(String(special["symlink"]), p)
    } else if (special !== undefined && "hardlink" in special) {
      fs.linkSync(path.join(root, String(special["hardlink"])), p)
    } else if (special !== undefined && "dir" in special) {
      fs.mkdirSync(p, { recursive: true })
    } else if (special !== undefined && "sized" in special) {
      // a JSON5 object of exactly `sized` bytes
      fs.writeFileSync(p, `{x:"${"a".repeat(Number(special["sized"]) - 6)}"}`)
    } else {
      fs.writeFileSync(p, typeof content === "string" ? fill(content) : JSON.stringify(content, null, 2))
    }
  }
  const envVars: Record<string, string> = { HOME: path.join(root, "home") }
  for (const [k, v] of Object.entries(c.env)) envVars[k] = fill(v)
  const cwd = path.join(root, c.cwd ?? "home")
  return {
    root,
    env: { env: envVars, cwd, osHomedir: envVars["HOME"]! },
    mask: (text) => text.split(root).join("<root>"),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true })
  }
}

/** The option values of a recorded argv (`--store`, `--agent`, `--all-agents`). */
export const targetOptions = (args: ReadonlyArray<string>) => {
  const valueOf = (name: string) => {
    const at = args.indexOf(name)
    return at < 0 ? undefined : args[at + 1]
  }
  return { store: valueOf("--store"), agent: valueOf("--agent"), allAgents: args.includes("--all-agents") }
}
