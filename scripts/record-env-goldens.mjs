// Records how the reference applies OpenClaw's `.env` files into test/golden/env/cases.json:
// `<cwd>/.env`, `<state dir>/.env`, `~/.config/openclaw/gateway.env`, the config loader's second
// read, which file wins, the names each may set, and the dotenv syntax.
//
// Usage: node scripts/record-env-goldens.mjs [/path/to/openclaw-ref]   (ONLY=id,id to re-record some)
// Each case runs in its own scratch root (HOME = <root>/home, cwd = <root>/home unless given) with
// a pinned clock and a minimal environment. Absolute scratch paths in the output are written
// `<root>`; the reference's own logger lines about the store (`[sessions/store] …`) are dropped.
// test/env/envGoldens.test.ts replays every case in memory against clawkeep.
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { cleanOutput } from "./recorded-output.mjs"

const REF = process.argv[2] ?? new URL("../../shared/reference/openclaw-ref", import.meta.url).pathname
const OUT = path.resolve("test/golden/env/cases.json")
const NOW = 1779278400000 // 2026-05-20T12:00:00.000Z

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "clawkeep-env-goldens-")))
let counter = 0


const run = (c) => {
  const root = path.join(scratch, `c${++counter}`)
  fs.mkdirSync(path.join(root, "home"), { recursive: true })
  const fill = (text) => text.split("<root>").join(root)
  for (const [rel, content] of Object.entries(c.files)) {
    const p = path.join(root, rel)
    if (typeof content === "object") {
      fs.mkdirSync(p, { recursive: true })
      continue
    }
    fs.mkdirSync(path.dirname(p), { recursive: true })
    fs.writeFileSync(p, fill(content))
  }
  const env = { PATH: process.env.PATH, HOME: path.join(root, "home"), FAKE_NOW_MS: String(NOW), NO_COLOR: "1" }
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = fill(v)
  const result = spawnSync(REF, c.args, { cwd: path.join(root, c.cwd ?? "home"), env, encoding: "utf8", timeout: 60_000 })
  return { code: result.status, stdout: cleanOutput(result.stdout, root), stderr: cleanOutput(result.stderr, root) }
}

// ── building blocks ─────────────────────────────────────────────────────────────────────────
const CFG = "home/.openclaw/openclaw.json"
const STATE_ENV = "home/.openclaw/.env"
const CWD_ENV = "home/.env"
const GATEWAY_ENV = "home/.config/openclaw/gateway.env"
const list = ["sessions", "--json"]
const dryRun = ["sessions", "cleanup", "--dry-run", "--json"]
/** A config whose store path shows the value of each named variable (or `${NAME}` when unset). */
const showing = (...names) => `{ session: { store: "/v/${names.map((n) => `${n}=\${${n}}`).join("/")}/{agentId}.json" } }`
const agents = (...ids) => `{ agents: { list: [${ids.map((id) => `{ id: "${id}" }`).join(", ")}] } }`
/** A store with one session, so that a listing shows which store was read. */
const oneSession = (key) => JSON.stringify({ [key]: { sessionId: "s1" } }, null, 2)
const c = (id, files, extra = {}) => ({ id, files, env: extra.env ?? {}, cwd: extra.cwd, args: extra.args ?? list })

const BLOCKED_IN_CWD = [
  "HTTP_PROXY",
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY_2",
  "FOO_BASE_URL",
  "MY_API_HOST",
  "CLAWHUB_X",
  "GIT_DIR",
  "LD_X",
  "XDG_CONFIG_HOME",
  "TF_VAR_X",
  "GITHUB_TOKEN",
  "PYTHONPATH"
]
const assignments = (names, value) => names.map((n) => `${n}=${value}\n`).join("")

const cases = [
  // where the files are and which wins
  c("cwd-sets-variable", { [CFG]: showing("A"), [CWD_ENV]: "A=from-cwd\n" }),
  c("cwd-blocked-names", {
    [CFG]: showing("A", ...BLOCKED_IN_CWD),
    [CWD_ENV]: "A=ok\n" + assignments(BLOCKED_IN_CWD, "set"),
    "alt/cfg.json": agents("alt")
  }),
  c("cwd-blocked-openclaw-names", {
    [CFG]: agents("home"),
    [CWD_ENV]:
      "OPENCLAW_CONFIG_PATH=<root>/alt/cfg.json\nOPENCLAW_STATE_DIR=<root>/st\nOPENCLAW_HOME=<root>/oh\nHOME=<root>/h2\nopenclaw_config_path=<root>/alt/cfg.json\n",
    "alt/cfg.json": agents("alt"),
    "st/openclaw.json": agents("st"),
    "oh/.openclaw/openclaw.json": agents("oh"),
    "h2/.openclaw/openclaw.json": agents("h2")
  }),
  c("state-env-allows-every-name", { [CFG]: showing("A", ...BLOCKED_IN_CWD), [STATE_ENV]: "A=ok\n" + assignments(BLOCKED_IN_CWD, "set") }),
  c("state-env-config-path", {
    [CFG]: `{ session: { store: "/default/{agentId}.json" } }`,
    [STATE_ENV]: "OPENCLAW_CONFIG_PATH=<root>/alt/cfg.json\n",
    "alt/cfg.json": `{ session: { store: "/alt/{agentId}.json" } }`
  }),
  c(
    "state-env-config-path-cleanup",
    {
      [CFG]: `{ session: { store: "/default/{agentId}.json" } }`,
      [STATE_ENV]: "OPENCLAW_CONFIG_PATH=<root>/alt/cfg.json\n",
      "alt/cfg.json": `{ session: { store: "/alt/{agentId}.json", maintenance: { pruneAfter: "3d" } } }`
    },
    { args: dryRun }
  ),
  c("state-env-state-dir", {
    [CFG]: agents("home"),
    [STATE_ENV]: "OPENCLAW_STATE_DIR=<root>/st\n",
    "st/openclaw.json": agents("st"),
    "st/agents/st/sessions/sessions.json": oneSession("agent:st:main")
  }),
  c("state-env-openclaw-home", {
    [STATE_ENV]: "OPENCLAW_HOME=<root>/oh\n",
    "oh/.openclaw/openclaw.json": `{ session: { store: "~/s/\${B}/{agentId}.json" } }`,
    "oh/.openclaw/.env": "B=from-oh-state-dir\n"
  }),
  c("gateway-env-sets-variable", { [CFG]: showing("A"), [GATEWAY_ENV]: "A=from-gateway\n" }),
  c("gateway-env-config-path-alone", {
    [CFG]: `{ session: { store: "/default/{agentId}.json" } }`,
    [GATEWAY_ENV]: "OPENCLAW_CONFIG_PATH=<root>/alt/cfg.json\n",
    "alt/cfg.json": `{ session: { store: "/alt/{agentId}.json" } }`
  }),
  c("gateway-env-config-path-with-cwd-env", {
    [CFG]: `{ session: { store: "/default/{agentId}.json" } }`,
    [CWD_ENV]: "X=1\n",
    [GATEWAY_ENV]: "OPENCLAW_CONFIG_PATH=<root>/alt/cfg.json\n",
    "alt/cfg.json": `{ session: { store: "/alt/{agentId}.json" } }`
  }),
  c("gateway-env-state-dir-alone", {
    [CFG]: agents("home"),
    [GATEWAY_ENV]: "OPENCLAW_STATE_DIR=<root>/st\n",
    "st/openclaw.json": agents("st"),
    "st/agents/home/sessions/sessions.json": oneSession("agent:home:main")
  }),
  c("state-and-gateway-conflict", { [CFG]: showing("A", "B"), [STATE_ENV]: "A=state\nB=state\n", [GATEWAY_ENV]: "A=gateway\nB=gateway\n" }),
  c("state-and-gateway-agree", { [CFG]: showing("A", "B"), [STATE_ENV]: "A=same\n", [GATEWAY_ENV]: "A=same\nB=gateway\n" }),
  c("cwd-over-state-over-gateway", {
    [CFG]: showing("A", "B", "C"),
    [CWD_ENV]: "A=cwd\n",
    [STATE_ENV]: "A=state\nB=state\n",
    [GATEWAY_ENV]: "A=gateway\nB=gateway\nC=gateway\n"
  }),
  c(
    "environment-wins",
    { [CFG]: showing("A", "B", "C", "D"), [CWD_ENV]: "A=cwd\nB=cwd\nC=cwd\n", [STATE_ENV]: "B=state\nD=state\n" },
    { env: { A: "real", C: "", D: "" } }
  ),
  c(
    "explicit-state-dir-skips-gateway",
    { "st/openclaw.json": showing("A", "B"), "st/.env": "B=st\n", [GATEWAY_ENV]: "A=gateway\n" },
    { env: { OPENCLAW_STATE_DIR: "<root>/st" } }
  ),
  c("explicit-default-state-dir-reads-gateway", { [CFG]: showing("A"), [GATEWAY_ENV]: "A=gateway\n" }, { env: { OPENCLAW_STATE_DIR: "<root>/home/.openclaw/" } }),
  c("explicit-tilde-state-dir-reads-gateway", { [CFG]: showing("A"), [GATEWAY_ENV]: "A=gateway\n" }, { env: { OPENCLAW_STATE_DIR: "~/.openclaw" } }),
  c("empty-state-dir-variable", { [CFG]: showing("A"), [GATEWAY_ENV]: "A=gateway\n" }, { env: { OPENCLAW_STATE_DIR: "" } }),
  c(
    "config-path-directory-env",
    { "alt/cfg.json": showing("A", "B"), "alt/.env": "A=alt\n", [STATE_ENV]: "A=state\nB=state\n" },
    { env: { OPENCLAW_CONFIG_PATH: "<root>/alt/cfg.json" } }
  ),
  c("state-env-config-path-then-its-directory-env", {
    "alt/cfg.json": showing("A", "B"),
    "alt/.env": "A=alt\nB=alt\n",
    [STATE_ENV]: "OPENCLAW_CONFIG_PATH=<root>/alt/cfg.json\nB=state\n"
  }),
  c("state-env-state-dir-then-its-env", {
    [STATE_ENV]: "OPENCLAW_STATE_DIR=<root>/st\n",
    "st/openclaw.json": showing("A", "B"),
    "st/.env": "A=st\n",
    [GATEWAY_ENV]: "B=gateway\n"
  }),
  c(
    "second-pass-reads-once",
    { "alt/cfg.json": `{ session: { store: "~/x/{agentId}.json" } }`, "alt/.env": "OPENCLAW_STATE_DIR=<root>/st\n", "st/.env": "OPENCLAW_HOME=<root>/oh\n" },
    { env: { OPENCLAW_CONFIG_PATH: "<root>/alt/cfg.json" } }
  ),
  c(
    "second-pass-state-dir",
    { "alt/cfg.json": `{}`, "alt/.env": "OPENCLAW_STATE_DIR=<root>/st\n", "st/.env": "OPENCLAW_STATE_DIR=<root>/st4\n" },
    { env: { OPENCLAW_CONFIG_PATH: "<root>/alt/cfg.json" } }
  ),
  c("legacy-clawdbot-state-env", { "home/.clawdbot/clawdbot.json": showing("A"), "home/.clawdbot/.env": "A=legacy\n" }),
  c(
    "cwd-is-state-dir",
    { [CFG]: agents("home"), [STATE_ENV]: "OPENCLAW_CONFIG_PATH=<root>/alt/cfg.json\n", "alt/cfg.json": agents("alt") },
    { cwd: "home/.openclaw" }
  ),
  c("cwd-env-is-directory", { [CFG]: showing("A"), [CWD_ENV]: { dir: true }, [GATEWAY_ENV]: "A=gateway\n" }),
  c(
    "store-flag-tilde-from-state-env",
    { [STATE_ENV]: "OPENCLAW_HOME=<root>/oh\n", "oh/s.json": oneSession("agent:main:x") },
    { args: ["sessions", "--store", "~/s.json", "--json"] }
  ),
  // dotenv syntax
  c("syntax-quotes-comments-export", {
    [CFG]: showing("A", "B", "C", "D", "E", "F", "G", "H", "I", "N", "O", "P", "Q", "R"),
    [CWD_ENV]: [
      "# a comment",
      "export A=exported",
      'B = "double # not a comment"',
      "C='single \\n kept'",
      'D="line1\\nline2"',
      "E=`backtick`",
      "F=unquoted # trailing comment",
      'G="two',
      'lines"',
      "H=",
      "I",
      "J.K=dotted",
      "L-M=dashed",
      "N=first",
      "N=second",
      "O: colon",
      "   P=indented   ",
      "Q='unterminated",
      'R="a \\"quoted\\" word"',
      ""
    ].join("\n")
  }),
  c("syntax-bom-crlf", { [CFG]: showing("A", "B", "C"), [CWD_ENV]: "\uFEFFA=bom\r\nB=crlf\r\nC='x'\r\n" }),
  c("syntax-state-env-names", { [CFG]: showing("A", "B", "C"), [STATE_ENV]: "A-B=x\n 1C=y\nB=ok\nexport   C=spaced\n" }),
  // session.maintenance and the config's other consumers
  c(
    "maintenance-from-env-files",
    { [CFG]: `{ session: { maintenance: { pruneAfter: "\${PRUNE}", maxDiskBytes: "\${DISK}", highWaterBytes: "\${HIGH}" } } }`, [CWD_ENV]: "PRUNE=2h\n", [STATE_ENV]: "DISK=1mb\n", [GATEWAY_ENV]: "HIGH=512kb\n" },
    { args: dryRun }
  ),
  c("maintenance-invalid-from-env-file", { [CFG]: `{ session: { maintenance: { pruneAfter: "\${PRUNE}" } } }`, [CWD_ENV]: "PRUNE=soon\n" }, { args: dryRun }),
  c(
    "include-roots-from-state-env",
    { [CFG]: `{ "$include": "<root>/shared/base.json5" }`, "shared/base.json5": showing("A"), [STATE_ENV]: "OPENCLAW_INCLUDE_ROOTS=<root>/shared\n", [CWD_ENV]: "A=included\n" }
  ),
  c("include-roots-from-cwd-env-blocked", { [CFG]: `{ "$include": "<root>/shared/base.json5" }`, "shared/base.json5": showing("A"), [CWD_ENV]: "OPENCLAW_INCLUDE_ROOTS=<root>/shared\n" }),
  c("config-env-block-after-env-files", { [CFG]: `{ env: { vars: { A: "config", B: "config" } }, session: { store: "/v/A=\${A}/B=\${B}/{agentId}.json" } }`, [CWD_ENV]: "A=dotenv\n" })
]

// ── record ──────────────────────────────────────────────────────────────────────────────────
const only = process.env.ONLY?.split(",")
const previous = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, "utf8")) : []
const out = []
for (const k of cases) {
  if (only !== undefined && !only.includes(k.id)) {
    const kept = previous.find((p) => p.id === k.id)
    if (kept !== undefined) out.push(kept)
    continue
  }
  const result = run(k)
  out.push({ ...k, ...result })
  console.log(`${k.id}: exit ${result.code}`)
}
fs.mkdirSync(path.dirname(OUT), { recursive: true })
fs.writeFileSync(OUT, JSON.stringify(out, null, 2) + "\n")
fs.rmSync(scratch, { recursive: true, force: true })
console.log(`wrote ${out.length} cases to ${path.relative(process.cwd(), OUT)}`)
