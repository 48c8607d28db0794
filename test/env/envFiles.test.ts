/**
 * The `.env` loader as a library piece: the layers that apply it (and the ones that do not), the
 * name rules of the working directory's file, and that nothing touches `process.env`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer } from "effect"
import { ClawkeepTest, Environment, listSessions, loadEnvFiles, memoryFs, withEnvFiles } from "../../src/index.js"
import { blockedInWorkspaceFile } from "../../src/store/envFiles.js"
import { configPath, stateDir } from "../../src/store/environment.js"
import { runClawkeep } from "../support/cli.js"

const HOME = "/home/me"
const CONFIG = { [`${HOME}/.openclaw/openclaw.json`]: `{ session: { store: "/stores/\${SDIR}/{agentId}.json" } }` }
const storePathOf = (layer: Layer.Layer<any, any, never>) =>
  Effect.runPromise(Effect.provide(listSessions({}), layer)).then((r) => r.targets.map((t) => t.storePath))

describe("layers with and without .env files", () => {
  it("ClawkeepTest applies the .env files of its in-memory disk by default, and not when told", async () => {
    const files = { ...CONFIG, [`${HOME}/.env`]: "SDIR=from-cwd\n" }
    expect(await storePathOf(ClawkeepTest.layer({ home: HOME, files }))).toEqual(["/stores/from-cwd/main.json"])
    expect(await storePathOf(ClawkeepTest.layer({ home: HOME, files, envFiles: false }))).toEqual(["/stores/${SDIR}/main.json"])
  })

  it("the variables given win over every file", async () => {
    const files = { ...CONFIG, [`${HOME}/.env`]: "SDIR=from-cwd\n", [`${HOME}/.openclaw/.env`]: "SDIR=from-state\n" }
    expect(await storePathOf(ClawkeepTest.layer({ home: HOME, files, env: { SDIR: "given" } }))).toEqual(["/stores/given/main.json"])
  })

  it("withEnvFiles replaces the Environment in context, reading through the SessionFs in context", async () => {
    const disk = memoryFs({ [`${HOME}/.config/openclaw/gateway.env`]: "SDIR=from-gateway\nOPENCLAW_STATE_DIR=/elsewhere\n" })
    const given = Environment.make({ env: { HOME }, cwd: HOME, osHomedir: HOME })
    const env = await Effect.runPromise(Effect.provide(Environment, Layer.provide(withEnvFiles, Layer.merge(given, disk.layer))))
    expect(env.env["SDIR"]).toBe("from-gateway")
    // the state dir follows the file; the config file was chosen before the config loader read it
    expect(stateDir(env, disk.service.sync.exists)).toBe("/elsewhere")
    expect(env.configFileEnv?.["OPENCLAW_STATE_DIR"]).toBeUndefined()
  })

  it("applying the files twice changes nothing more than applying them once", () => {
    const disk = memoryFs({
      [`${HOME}/.config/openclaw/gateway.env`]: "OPENCLAW_CONFIG_PATH=/alt/openclaw.json\n",
      [`${HOME}/.openclaw/openclaw.json`]: "{}",
      "/alt/openclaw.json": "{}"
    })
    const once = loadEnvFiles({ env: { HOME }, cwd: HOME, osHomedir: HOME }, disk.service.sync)
    const twice = loadEnvFiles(once.environment, disk.service.sync)
    expect(twice.environment).toEqual(once.environment)
    expect(configPath(twice.environment, disk.service.sync.exists)).toBe(`${HOME}/.openclaw/openclaw.json`)
    const { configFileEnv: _chosenBy, ...finalOnly } = twice.environment
    expect(configPath(finalOnly, disk.service.sync.exists)).toBe("/alt/openclaw.json")
  })

  it("never writes process.env", () => {
    const name = "CLAWKEEP_ENV_FILES_PROBE"
    const disk = memoryFs({ [`${HOME}/.env`]: `${name}=1\n`, [`${HOME}/.openclaw/.env`]: `${name}_STATE=1\n` })
    const loaded = loadEnvFiles({ env: { HOME }, cwd: HOME, osHomedir: HOME }, disk.service.sync)
    expect(loaded.environment.env[name]).toBe("1")
    expect(loaded.environment.env[`${name}_STATE`]).toBe("1")
    expect(process.env[name]).toBeUndefined()
    expect(process.env[`${name}_STATE`]).toBeUndefined()
  })
})

describe("the CLI applies the files to commands, not to help", () => {
  const conflicting = memoryFs({ [`${HOME}/.openclaw/.env`]: "A=state\n", [`${HOME}/.config/openclaw/gateway.env`]: "A=gateway\n" })
  const warning = `[infra:dotenv] Conflicting values in ${HOME}/.openclaw/.env and ${HOME}/.config/openclaw/gateway.env for A; keeping ${HOME}/.openclaw/.env.\n`

  it("a command reports two files that disagree, on stderr", async () => {
    const result = await runClawkeep(["sessions", "--json"], { env: { HOME }, cwd: HOME, fs: conflicting.layer })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(warning)
  })

  it("help and the version read no .env file", async () => {
    for (const args of [["sessions", "--help"], ["--version"]]) {
      const result = await runClawkeep(args, { env: { HOME }, cwd: HOME, fs: conflicting.layer })
      expect(result.code).toBe(0)
      expect(result.stderr).toBe("")
    }
  })
})

describe("names the working directory's .env may not set", () => {
  const portableTail = fc.stringMatching(/^[A-Za-z0-9_]{0,12}$/)
  const anyCase = (name: string) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((up) =>
    [...name].map((ch, i) => (up[i] ? ch.toUpperCase() : ch.toLowerCase())).join("")
  )

  it("every OPENCLAW_* name, in any case", () => {
    fc.assert(fc.property(portableTail.chain((tail) => anyCase(`OPENCLAW_${tail}`)), (name) => blockedInWorkspaceFile(name)))
  })

  it("endpoint suffixes and unsafe prefixes, in any case", () => {
    const blocked = fc.oneof(
      portableTail.map((head) => `${head}_BASE_URL`),
      portableTail.map((head) => `${head}_API_HOST`),
      portableTail.map((tail) => `LD_${tail}`),
      portableTail.map((tail) => `GIT_CONFIG_${tail}`),
      portableTail.map((tail) => `TF_VAR_${tail}`)
    )
    fc.assert(fc.property(blocked.chain(anyCase), (name) => blockedInWorkspaceFile(name)))
  })

  it("the reference's named cases", () => {
    for (const name of ["PATH", "HOME", "http_proxy", "NODE_OPTIONS", "ANTHROPIC_API_KEY", "openai_api_key_2", "GITHUB_TOKEN", "XDG_CONFIG_HOME"]) {
      expect(blockedInWorkspaceFile(name), name).toBe(true)
    }
    for (const name of ["SDIR", "PRUNE", "OPENCLAWX", "MY_TOKEN_DIR", "PATHS", "HOMEDIR", "BASE_URL_X"]) {
      expect(blockedInWorkspaceFile(name), name).toBe(false)
    }
  })
})
