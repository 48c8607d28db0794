// Records the reference's behaviour for the foundation layer into test/golden/store/:
//   config-cases.json   config validation messages, maintenance settings, $include, ${VAR}
//   target-cases.json   store target selection (scenarios.md T1–T8)
//   write/<name>.input.json + write/<name>.reference.json
//                       a store before and after a reference `sessions cleanup --store` apply
//
// Usage: node scripts/record-store-goldens.mjs [/path/to/openclaw-ref]
// Each case runs in its own scratch HOME with a pinned clock. Absolute scratch paths in the
// recorded output are replaced by `<root>`, so the fixtures do not depend on the machine.
import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { cleanOutput } from "./recorded-output.mjs"

const REF = process.argv[2] ?? new URL("../../shared/reference/openclaw-ref", import.meta.url).pathname
const OUT = path.resolve("test/golden/store")
const NOW = 1779278400000 // 2026-05-20T12:00:00.000Z
const H = 3_600_000
const D = 86_400_000

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "clawkeep-goldens-"))
const realScratch = fs.realpathSync(scratch)
let counter = 0


/** A JSON5 object of exactly `bytes` bytes (for the include size cap). */
const sizedJson5 = (bytes) => `{x:"${"a".repeat(bytes - 6)}"}`

/** Writes `files` (relative path → text or {symlink}) under a fresh case dir; returns it. */
const makeCase = (files) => {
  const root = path.join(realScratch, `c${++counter}`)
  fs.mkdirSync(path.join(root, "home"), { recursive: true })
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel)
    fs.mkdirSync(path.dirname(p), { recursive: true })
    if (typeof content === "object" && content !== null && "symlink" in content) fs.symlinkSync(content.symlink, p)
    else if (typeof content === "object" && content !== null && "hardlink" in content) fs.linkSync(path.join(root, content.hardlink), p)
    else if (typeof content === "object" && content !== null && "dir" in content) fs.mkdirSync(p, { recursive: true })
    else if (typeof content === "object" && content !== null && "sized" in content) fs.writeFileSync(p, sizedJson5(content.sized))
    else fs.writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content, null, 2))
  }
  return root
}

const run = (root, args, { env = {}, cwd = path.join(root, "home") } = {}) => {
  const fullEnv = { PATH: process.env.PATH, HOME: path.join(root, "home"), FAKE_NOW_MS: String(NOW), NO_COLOR: "1" }
  for (const [k, v] of Object.entries(env)) fullEnv[k] = typeof v === "string" ? v.split("<root>").join(root) : v
  const result = spawnSync(REF, args, { cwd, env: fullEnv, encoding: "utf8", timeout: 60_000 })
  return { code: result.status, stdout: cleanOutput(result.stdout, root), stderr: cleanOutput(result.stderr, root) }
}

const write = (name, value) => {
  fs.mkdirSync(path.dirname(path.join(OUT, name)), { recursive: true })
  fs.writeFileSync(path.join(OUT, name), JSON.stringify(value, null, 2) + "\n")
  console.log(`wrote ${name}`)
}

const only = process.env.ONLY?.split(",")

// ---------------------------------------------------------------------------------------------
// Config cases: `files` are written under the case root (`home/.openclaw/openclaw.json` unless
// given), then `args` run. Tests replay the same files through loadConfig and its decoded settings.
const CFG = "home/.openclaw/openclaw.json"
const cleanupJson = ["sessions", "cleanup", "--dry-run", "--json"]
const cfg = (id, text, extra = {}) => ({ id, files: { [CFG]: text, ...(extra.files ?? {}) }, args: extra.args ?? cleanupJson, env: extra.env ?? {} })

const configCases = [
  // validation messages
  cfg("v-mode", `{session:{maintenance:{mode:"bogus"}}}`),
  cfg("v-maxEntries-0", `{session:{maintenance:{maxEntries:0}}}`),
  cfg("v-maxEntries-neg", `{session:{maintenance:{maxEntries:-3}}}`),
  cfg("v-maxEntries-float", `{session:{maintenance:{maxEntries:1.5}}}`),
  cfg("v-maxEntries-string", `{session:{maintenance:{maxEntries:"10"}}}`),
  cfg("v-pruneDays-0", `{session:{maintenance:{pruneDays:0}}}`),
  cfg("v-pruneDays-float", `{session:{maintenance:{pruneDays:2.5}}}`),
  cfg("v-pruneDays-string", `{session:{maintenance:{pruneDays:"3"}}}`),
  cfg("v-pruneAfter-1w", `{session:{maintenance:{pruneAfter:"1w"}}}`),
  cfg("v-pruneAfter-empty", `{session:{maintenance:{pruneAfter:""}}}`),
  cfg("v-pruneAfter-bool", `{session:{maintenance:{pruneAfter:true}}}`),
  cfg("v-pruneAfter-negative", `{session:{maintenance:{pruneAfter:"-1d"}}}`),
  cfg("v-reset-bogus", `{session:{maintenance:{resetArchiveRetention:"soon"}}}`),
  cfg("v-reset-true", `{session:{maintenance:{resetArchiveRetention:true}}}`),
  cfg("v-maxDiskBytes-abc", `{session:{maintenance:{maxDiskBytes:"abc"}}}`),
  cfg("v-maxDiskBytes-bool", `{session:{maintenance:{maxDiskBytes:true}}}`),
  cfg("v-maxDiskBytes-negative", `{session:{maintenance:{maxDiskBytes:-5}}}`),
  cfg("v-highWaterBytes-abc", `{session:{maintenance:{maxDiskBytes:"1mb",highWaterBytes:"lots"}}}`),
  cfg("v-rotateBytes-abc", `{session:{maintenance:{rotateBytes:"abc"}}}`),
  cfg("v-order", `{session:{maintenance:{pruneAfter:"1w", maxEntries:0}}}`),
  cfg("v-order-many", `{session:{maintenance:{maxDiskBytes:"abc", pruneAfter:"1w", mode:"x", maxEntries:0}}}`),
  cfg("v-store-number", `{session:{store:5}}`),
  cfg("v-session-string", `{session:"x"}`),
  cfg("v-maintenance-number", `{session:{maintenance:5}}`),
  cfg("v-dmScope-bogus", `{session:{dmScope:"everyone"}}`),
  cfg("v-dmScope-number", `{session:{dmScope:1}}`),
  cfg("v-agents-string", `{agents:"x"}`),
  cfg("v-agents-list-string", `{agents:{list:"x"}}`),
  cfg("v-agents-list-number-item", `{agents:{list:[5]}}`),
  cfg("v-agents-list-no-id", `{agents:{list:[{default:true}]}}`),
  cfg("v-agents-list-id-number", `{agents:{list:[{id:5}]}}`),
  cfg("v-agents-list-default-string", `{agents:{list:[{id:"a",default:"yes"}]}}`),
  cfg("v-root-array", `[]`),
  cfg("v-root-number", `5`),
  cfg("v-root-null", `null`),
  cfg("v-root-string", `"x"`),
  cfg("v-json5-broken", `{ broken`),
  cfg("v-json5-broken-mid", `{\n  session: {\n    store: ,\n  }\n}\n`),
  cfg("v-empty-file", ``),
  cfg("v-unknown-root", `{foo:1}`),
  cfg("v-unknown-session", `{session:{foo:1}}`),
  cfg("v-unknown-maintenance", `{session:{maintenance:{foo:1}}}`),
  cfg("v-provider-no-baseurl", `{models:{providers:{acme:{models:[{id:"m1"}]}}}}`),
  cfg("v-config-path-env", `{session:{maintenance:{mode:"bogus"}}}`, {
    files: { [CFG]: "{}", "elsewhere/custom.json5": `{session:{maintenance:{mode:"bogus"}}}` },
    env: { OPENCLAW_CONFIG_PATH: "<root>/elsewhere/custom.json5" }
  }),
  cfg("v-file-openclaw-home", `{}`, {
    files: { "ochome/.openclaw/openclaw.json": `{session:{maintenance:{mode:"bogus"}}}` },
    env: { OPENCLAW_HOME: "<root>/ochome" }
  }),
  cfg("v-file-state-dir-in-home", `{}`, {
    files: { "home/st/openclaw.json": `{session:{maintenance:{mode:"bogus"}}}` },
    env: { OPENCLAW_STATE_DIR: "~/st" }
  }),
  // which problems suppress the duration/size checks, and the order of problems
  cfg("x-int-and-format", `{session:{maintenance:{maxEntries:1.5, pruneAfter:"1w"}}}`),
  cfg("x-negative-float", `{session:{maintenance:{maxEntries:-1.5}}}`),
  cfg("x-union-abort", `{session:{maintenance:{pruneAfter:true, maxDiskBytes:"abc"}}}`),
  cfg("x-type-abort", `{session:{maintenance:{maxEntries:"10", pruneAfter:"1w"}}}`),
  cfg("x-cross-object", `{agents:{list:"x"}, session:{store:5, maintenance:{pruneAfter:"1w"}}}`),
  cfg("x-root-order", `{session:{store:5}, agents:{list:"x"}, models:{providers:{a:{}}}}`),
  cfg("x-session-order", `{session:{maintenance:{mode:"x"}, store:1, dmScope:"x"}}`),
  cfg("x-models-string", `{models:"x"}`),
  cfg("x-providers-string", `{models:{providers:"x"}}`),
  cfg("x-provider-string", `{models:{providers:{a:"x"}}}`),
  cfg("x-provider-missing-id", `{models:{providers:{a:{baseUrl:"u", models:[{name:"n"}]}}}}`),
  cfg("x-session-null", `{session:null}`),
  cfg("x-list-items-order", `{agents:{list:[{id:5, default:"y"}, 3]}}`),
  cfg("x-pruneAfter-negative-number", `{session:{maintenance:{pruneAfter:-1}}}`),
  cfg("x-pruneAfter-huge-number", `{session:{maintenance:{pruneAfter:1e21}}}`),
  cfg("x-maxDiskBytes-empty", `{session:{maintenance:{maxDiskBytes:""}}}`),
  cfg("x-highWater-negative", `{session:{maintenance:{maxDiskBytes:100, highWaterBytes:-1}}}`),
  cfg("x-unknown-plus-format", `{session:{maintenance:{foo:1, pruneAfter:"1w"}}}`),
  cfg("x-reset-false", `{session:{maintenance:{resetArchiveRetention:false, pruneAfter:"2h"}}}`),
  cfg("x-mode-number", `{session:{maintenance:{mode:1}}}`),
  cfg("x-all-format", `{session:{maintenance:{highWaterBytes:"x", maxDiskBytes:"y", resetArchiveRetention:"z", pruneAfter:"w"}}}`),
  cfg("y-defaults-string", `{agents:{defaults:"x"}}`),
  cfg("y-defaults-model-number", `{agents:{defaults:{model:5}}}`),
  cfg("y-defaults-model-primary-number", `{agents:{defaults:{model:{primary:5}}}}`),
  cfg("y-defaults-contextTokens", `{agents:{defaults:{contextTokens:"x"}}}`),
  cfg("y-defaults-contextTokens-zero", `{agents:{defaults:{contextTokens:0}}}`),
  cfg("y-defaults-contextTokens-float", `{agents:{defaults:{contextTokens:1.5}}}`),
  cfg("y-defaults-models-string", `{agents:{defaults:{models:"x"}}}`),
  cfg("y-defaults-cliBackends-string", `{agents:{defaults:{cliBackends:"x"}}}`),
  cfg("y-list-model-number", `{agents:{list:[{id:"a", model:5}]}}`),
  cfg("y-provider-empty-baseurl", `{models:{providers:{a:{baseUrl:"", models:[]}}}}`),
  cfg("y-provider-no-models", `{models:{providers:{a:{baseUrl:"u"}}}}`),
  cfg("y-provider-models-string", `{models:{providers:{a:{baseUrl:"u", models:"x"}}}}`),
  cfg("y-provider-context", `{models:{providers:{a:{baseUrl:"u", contextWindow:"x", contextTokens:0, models:[]}}}}`),
  cfg("y-model-context", `{models:{providers:{a:{baseUrl:"u", models:[{id:"", name:"n", contextWindow:-1, contextTokens:1.5}, 7]}}}}`),
  cfg("y-store-empty", `{session:{store:""}}`, { args: ["sessions", "--json"] }),
  cfg("m-prune-fraction-number", `{session:{maintenance:{pruneAfter:0.5}}}`),
  cfg("m-pruneDays-with-bad-pruneAfter-type", `{session:{maintenance:{pruneDays:2}}}`),
  cfg("m-disk-hw-equal", `{session:{maintenance:{maxDiskBytes:"1kb", highWaterBytes:1024}}}`),
  cfg("m-disk-hw-zero", `{session:{maintenance:{maxDiskBytes:"1kb", highWaterBytes:0}}}`),
  cfg("m-disk-tb", `{session:{maintenance:{maxDiskBytes:"1.5t"}}}`),
  cfg("e-config-env-ref", `{env:{vars:{SDIR:"\${OTHER}"}},session:{store:"\${SDIR}/s.json"}}`, { args: ["sessions", "--json"], env: { OTHER: "/o" } }),
  cfg("e-config-env-blank-env", `{env:{vars:{SDIR:"/from/config"}},session:{store:"\${SDIR}/s.json"}}`, { args: ["sessions", "--json"], env: { SDIR: "  " } }),
  cfg("e-in-key", `{session:{store:"/x/s.json"}, agents:{list:[{id:"\${AGENT}"}]}}`, { args: ["sessions", "--all-agents", "--json"], env: { AGENT: "Ops" } }),
  // maintenance settings as reported by a dry-run (olderThanMs, diskBudget)
  cfg("m-default", `{}`),
  cfg("m-prune-1h30m", `{session:{maintenance:{pruneAfter:"1h30m"}}}`),
  cfg("m-prune-2d", `{session:{maintenance:{pruneAfter:"2d"}}}`),
  cfg("m-prune-bare-7", `{session:{maintenance:{pruneAfter:"7"}}}`),
  cfg("m-prune-number", `{session:{maintenance:{pruneAfter:7}}}`),
  cfg("m-prune-1.5h", `{session:{maintenance:{pruneAfter:"1.5h"}}}`),
  cfg("m-prune-500ms", `{session:{maintenance:{pruneAfter:"500ms"}}}`),
  cfg("m-prune-upper-spaced", `{session:{maintenance:{pruneAfter:" 3D "}}}`),
  cfg("m-prune-composite", `{session:{maintenance:{pruneAfter:"1d12h30m15s"}}}`),
  cfg("m-prune-0", `{session:{maintenance:{pruneAfter:"0"}}}`),
  cfg("m-pruneDays-3", `{session:{maintenance:{pruneDays:3}}}`),
  cfg("m-pruneAfter-and-pruneDays", `{session:{maintenance:{pruneAfter:"2h",pruneDays:3}}}`),
  cfg("m-disk-1.5kb-hw-10mb", `{session:{maintenance:{maxDiskBytes:"1.5kb",highWaterBytes:"10mb"}}}`),
  cfg("m-disk-1000", `{session:{maintenance:{maxDiskBytes:1000}}}`),
  cfg("m-disk-1mb", `{session:{maintenance:{maxDiskBytes:"1mb"}}}`),
  cfg("m-disk-10k-hw-2k", `{session:{maintenance:{maxDiskBytes:"10k",highWaterBytes:"2k"}}}`),
  cfg("m-disk-0", `{session:{maintenance:{maxDiskBytes:0}}}`),
  cfg("m-disk-1", `{session:{maintenance:{maxDiskBytes:1}}}`),
  cfg("m-disk-2g", `{session:{maintenance:{maxDiskBytes:"2g"}}}`),
  cfg("m-disk-spaced", `{session:{maintenance:{maxDiskBytes:" 3 MB "}}}`),
  cfg("m-disk-float-number", `{session:{maintenance:{maxDiskBytes:1000.7}}}`),
  cfg("m-hw-only", `{session:{maintenance:{highWaterBytes:"1kb"}}}`),
  cfg("m-mode-warn", `{session:{maintenance:{mode:"warn"}}}`),
  cfg("m-rotateBytes", `{session:{maintenance:{rotateBytes:"10mb"}}}`),
  // ${VAR}
  cfg("e-set", `{session:{store:"\${SDIR}/s-{agentId}.json"}}`, { args: ["sessions", "--json"], env: { SDIR: "/srv/x" } }),
  cfg("e-unset", `{session:{store:"\${SDIR}/s-{agentId}.json"}}`, { args: ["sessions", "--json"] }),
  cfg("e-empty", `{session:{store:"\${SDIR}/s-{agentId}.json"}}`, { args: ["sessions", "--json"], env: { SDIR: "" } }),
  cfg("e-escaped", `{session:{store:"/x/$\${SDIR}/s.json"}}`, { args: ["sessions", "--json"], env: { SDIR: "/srv/x" } }),
  cfg("e-lowercase", `{session:{store:"/x/\${sdir}/s.json"}}`, { args: ["sessions", "--json"], env: { sdir: "y" } }),
  cfg("e-double-dollar", `{session:{store:"/x/$$\${SDIR}.json"}}`, { args: ["sessions", "--json"], env: { SDIR: "y" } }),
  cfg("e-unclosed", `{session:{store:"/x/\${SDIR/s.json"}}`, { args: ["sessions", "--json"], env: { SDIR: "y" } }),
  cfg("e-config-env-vars", `{env:{vars:{SDIR:"/from/config"}},session:{store:"\${SDIR}/s.json"}}`, { args: ["sessions", "--json"] }),
  cfg("e-config-env-shadowed", `{env:{vars:{SDIR:"/from/config"}},session:{store:"\${SDIR}/s.json"}}`, {
    args: ["sessions", "--json"],
    env: { SDIR: "/from/env" }
  }),
  cfg("e-config-env-direct", `{env:{SDIR:"/direct"},session:{store:"\${SDIR}/s.json"}}`, { args: ["sessions", "--json"] }),
  cfg("e-maintenance", `{session:{maintenance:{pruneAfter:"\${PRUNE}"}}}`, { env: { PRUNE: "2h" } }),
  cfg("e-tilde-store", `{session:{store:"~/stores/{agentId}/sessions.json"}}`, { args: ["sessions", "--json"] }),
  cfg("e-tilde-user", `{session:{store:"~other/s.json"}}`, { args: ["sessions", "--json"] }),
  // $include
  cfg("i-basic", `{ "$include": "./base.json5", session: { store: "/inc/{agentId}.json" } }`, {
    args: ["sessions", "--all-agents", "--json"],
    files: { "home/.openclaw/base.json5": `{ agents: { list: [ { id: "main" }, { id: "work", default: true } ] }, session: { store: "/base/{agentId}.json", dmScope: "per-peer" } }` }
  }),
  cfg("i-array-merge", `{ "$include": ["./a.json5", "./b.json5"] }`, {
    args: ["sessions", "--all-agents", "--json"],
    files: {
      "home/.openclaw/a.json5": `{ agents: { list: [ { id: "alpha" } ] }, session: { store: "/a/{agentId}.json" } }`,
      "home/.openclaw/b.json5": `{ agents: { list: [ { id: "beta" } ] }, session: { store: "/b/{agentId}.json" } }`
    }
  }),
  cfg("i-nested-key", `{ agents: { "$include": "./agents.json5" } }`, {
    args: ["sessions", "--all-agents", "--json"],
    files: { "home/.openclaw/agents.json5": `{ list: [ { id: "x" }, { id: "y" } ] }` }
  }),
  cfg("i-sibling-array-concat", `{ agents: { "$include": "./agents.json5", list: [ { id: "local" } ] } }`, {
    args: ["sessions", "--all-agents", "--json"],
    files: { "home/.openclaw/agents.json5": `{ list: [ { id: "inc" } ] }` }
  }),
  cfg("i-subdir-relative", `{ "$include": "./conf/main.json5" }`, {
    args: ["sessions", "--all-agents", "--json"],
    files: {
      "home/.openclaw/conf/main.json5": `{ "$include": "./agents.json5" }`,
      "home/.openclaw/conf/agents.json5": `{ agents: { list: [ { id: "deep" } ] } }`
    }
  }),
  cfg("i-env-after-include", `{ "$include": "./base.json5" }`, {
    args: ["sessions", "--json"],
    env: { SDIR: "/srv/inc" },
    files: { "home/.openclaw/base.json5": `{ session: { store: "\${SDIR}/{agentId}.json" } }` }
  }),
  cfg("i-validation-in-include", `{ "$include": "./base.json5" }`, {
    files: { "home/.openclaw/base.json5": `{ session: { maintenance: { mode: "bogus" } } }` }
  }),
  cfg("i-escape", `{ "$include": "../outside.json5" }`, { files: { "home/outside.json5": `{}` } }),
  cfg("i-absolute-outside", `{ "$include": "<root>/home/outside.json5" }`, { files: { "home/outside.json5": `{}` } }),
  cfg("i-missing", `{ "$include": "./nope.json5" }`),
  cfg("i-parse-error", `{ "$include": "./bad.json5" }`, { files: { "home/.openclaw/bad.json5": `{ nope` } }),
  cfg("i-circular", `{ "$include": "./a.json5" }`, {
    files: { "home/.openclaw/a.json5": `{ "$include": "./b.json5" }`, "home/.openclaw/b.json5": `{ "$include": "./a.json5" }` }
  }),
  cfg("i-self", `{ "$include": "./openclaw.json" }`),
  cfg("i-invalid-value", `{ "$include": 5 }`),
  cfg("i-invalid-array-item", `{ "$include": ["./a.json5", 5] }`, { files: { "home/.openclaw/a.json5": `{}` } }),
  cfg("i-sibling-non-object", `{ "$include": "./list.json5", agents: {} }`, { files: { "home/.openclaw/list.json5": `[1, 2]` } }),
  cfg("i-root-non-object", `{ "$include": "./list.json5" }`, { files: { "home/.openclaw/list.json5": `[1, 2]` } }),
  cfg("i-include-roots", `{ "$include": "<root>/shared/base.json5" }`, {
    args: ["sessions", "--all-agents", "--json"],
    env: { OPENCLAW_INCLUDE_ROOTS: "<root>/shared" },
    files: { "shared/base.json5": `{ agents: { list: [ { id: "shared" } ] } }` }
  }),
  cfg("i-include-roots-tilde", `{ "$include": "~/../shared/base.json5" }`, {
    args: ["sessions", "--all-agents", "--json"],
    env: { OPENCLAW_INCLUDE_ROOTS: "/nonexistent:~/../shared" },
    files: { "shared/base.json5": `{ agents: { list: [ { id: "tilde" } ] } }` }
  }),
  cfg("i-symlink-out", `{ "$include": "./link.json5" }`, {
    files: { "home/outside.json5": `{}`, "home/.openclaw/link.json5": { symlink: "../outside.json5" } }
  }),
  cfg("i-hardlink", `{ "$include": "./linked.json5" }`, {
    files: { "home/.openclaw/base.json5": `{}`, "home/.openclaw/linked.json5": { hardlink: "home/.openclaw/base.json5" } }
  }),
  cfg("i-directory", `{ "$include": "./dir" }`, { files: { "home/.openclaw/dir": { dir: true } } }),
  cfg("i-too-big", `{ "$include": "./big.json5" }`, { files: { "home/.openclaw/big.json5": { sized: 2 * 1024 * 1024 + 1 } } }),
  cfg("i-depth", `{ "$include": "./d1.json5" }`, {
    files: Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [
        `home/.openclaw/d${i + 1}.json5`,
        i === 10 ? `{ agents: { list: [ { id: "deep" } ] } }` : `{ "$include": "./d${i + 2}.json5" }`
      ])
    )
  }),
  cfg("i-depth-10", `{ "$include": "./d1.json5" }`, {
    args: ["sessions", "--all-agents", "--json"],
    files: Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `home/.openclaw/d${i + 1}.json5`,
        i === 9 ? `{ agents: { list: [ { id: "ten" } ] } }` : `{ "$include": "./d${i + 2}.json5" }`
      ])
    )
  }),
  cfg("i-diamond", `{ "$include": ["./a.json5", "./b.json5"] }`, {
    args: ["sessions", "--all-agents", "--json"],
    files: {
      "home/.openclaw/a.json5": `{ "$include": "./c.json5" }`,
      "home/.openclaw/b.json5": `{ "$include": "./c.json5" }`,
      "home/.openclaw/c.json5": `{ agents: { list: [ { id: "c" } ] } }`
    }
  }),
  cfg("i-primitive-override", `{ "$include": "./base.json5", session: { store: "/sibling/{agentId}.json" } }`, {
    args: ["sessions", "--json"],
    files: { "home/.openclaw/base.json5": `{ session: { store: "/base/{agentId}.json" } }` }
  })
]

// ---------------------------------------------------------------------------------------------
// Target cases (scenarios.md "Targets and configuration").
const t1Files = {
  [CFG]: `{ agents: { list: [ {id:"main"}, {id:"Work", default:true}, {id:"main"} ] } }`,
  "home/.openclaw/agents/main/sessions/sessions.json": { "agent:main:main": { sessionId: "m1", updatedAt: NOW - 2 * H } },
  "home/.openclaw/agents/work/sessions/sessions.json": {
    "agent:work:main": { sessionId: "w1", updatedAt: NOW - 1 * H },
    "agent:other:x": { sessionId: "o1", updatedAt: NOW - 3 * H }
  }
}
const t = (id, files, args, extra = {}) => ({ id, files, args, env: extra.env ?? {}, cwd: extra.cwd })
const targetCases = [
  t("T1-default", t1Files, ["sessions"]),
  t("T1-default-json", t1Files, ["sessions", "--json"]),
  t("T1-all-agents", t1Files, ["sessions", "--all-agents"]),
  t("T1-all-agents-json", t1Files, ["sessions", "--all-agents", "--json"]),
  t("T1-agent-upper", t1Files, ["sessions", "--agent", "WORK", "--json"]),
  t("T1-cleanup-all-agents", t1Files, ["sessions", "cleanup", "--all-agents", "--dry-run", "--json"]),
  t(
    "T2-shared-store",
    {
      [CFG]: `{ agents: { list: [ {id:"main"}, {id:"voice"} ] }, session: { store: "~/shared/sessions.json" } }`,
      "home/shared/sessions.json": {
        "agent:main:room": { sessionId: "r1", updatedAt: NOW - H },
        "agent:voice:room": { sessionId: "r2", updatedAt: NOW - 2 * H }
      }
    },
    ["sessions", "--all-agents", "--json"]
  ),
  t(
    "T2-shared-store-cleanup",
    {
      [CFG]: `{ agents: { list: [ {id:"main"}, {id:"voice"} ] }, session: { store: "~/shared/sessions.json" } }`,
      "home/shared/sessions.json": { "agent:main:room": { sessionId: "r1", updatedAt: NOW - H } }
    },
    ["sessions", "cleanup", "--all-agents", "--dry-run", "--json"]
  ),
  ...[
    ["store-agent", ["--store", "/tmp/x.json", "--agent", "main"]],
    ["store-all", ["--store", "/tmp/x.json", "--all-agents"]],
    ["agent-all", ["--agent", "a", "--all-agents"]],
    ["agent-unknown", ["--agent", "nope"]],
    ["agent-unknown-mixed", ["--agent", "No Pe"]],
    ["agent-blank-all", ["--agent", "  ", "--all-agents"]],
    ["store-empty-agent", ["--store", "", "--agent", "main"]],
    ["all-three", ["--store", "/tmp/x.json", "--agent", "a", "--all-agents"]]
  ].flatMap(([name, opts]) => [
    t(`T3-${name}`, t1Files, ["sessions", ...opts]),
    t(`T3-${name}-json`, t1Files, ["sessions", ...opts, "--json"]),
    t(`T3-${name}-cleanup`, t1Files, ["sessions", "cleanup", ...opts, "--dry-run", "--json"])
  ]),
  t("T4-relative-store", { "home/sub/s.json": { x: { updatedAt: NOW - H } } }, ["sessions", "--store", "s.json", "--json"], {
    cwd: "home/sub"
  }),
  t("T4-tilde-agentid-store", {}, ["sessions", "--store", "~/sub/{agentId}.json"]),
  t("T4-tilde-agentid-store-default-agent", { [CFG]: `{ agents: { list: [ {id:"a"}, {id:"B", default:true} ] } }` }, [
    "sessions",
    "--store",
    "~/sub/{agentId}.json",
    "--json"
  ]),
  t("T5-disk-only-all", { ...t1Files, "home/.openclaw/agents/retired/sessions/sessions.json": { "agent:retired:x": { updatedAt: NOW } } }, [
    "sessions",
    "--all-agents"
  ]),
  t("T5-disk-only-agent", { ...t1Files, "home/.openclaw/agents/retired/sessions/sessions.json": { "agent:retired:x": { updatedAt: NOW } } }, [
    "sessions",
    "--agent",
    "retired"
  ]),
  t("T6-clawdbot", { "home/.clawdbot/.keep": "" }, ["sessions", "--json"]),
  t("T6-clawdbot-config", { "home/.clawdbot/clawdbot.json": `{ agents: { list: [ {id:"legacy"} ] } }` }, ["sessions", "--json"]),
  t("T6-moltbot", { "home/.moltbot/.keep": "" }, ["sessions", "--json"]),
  t("T6-both", { "home/.clawdbot/.keep": "", "home/.openclaw/.keep": "" }, ["sessions", "--json"]),
  t(
    "T6-state-dir",
    { "state/openclaw.json": `{ agents: { list: [ {id:"st"} ] } }`, [CFG]: `{ agents: { list: [ {id:"ignored"} ] } }` },
    ["sessions", "--json"],
    { env: { OPENCLAW_STATE_DIR: "<root>/state" } }
  ),
  t(
    "T6-state-dir-tilde",
    { "home/st2/openclaw.json": `{ agents: { list: [ {id:"st2"} ] } }` },
    ["sessions", "--json"],
    { env: { OPENCLAW_STATE_DIR: "~/st2" } }
  ),
  t(
    "T6-openclaw-home",
    { "ochome/.openclaw/openclaw.json": `{ session: { store: "~/shared/sessions.json" } }` },
    ["sessions", "--json"],
    { env: { OPENCLAW_HOME: "<root>/ochome" } }
  ),
  t("T6-openclaw-home-undefined", {}, ["sessions", "--json"], { env: { OPENCLAW_HOME: "undefined" } }),
  t(
    "T6-config-path",
    { "cfg/my.json": `{ agents: { list: [ {id:"cp"} ] } }` },
    ["sessions", "--json"],
    { env: { OPENCLAW_CONFIG_PATH: "<root>/cfg/my.json" } }
  ),
  t(
    "T6-state-dir-clawdbot-json",
    { "state/clawdbot.json": `{ agents: { list: [ {id:"cb"} ] } }` },
    ["sessions", "--json"],
    { env: { OPENCLAW_STATE_DIR: "<root>/state" } }
  ),
  t("T7-config-errors", { [CFG]: `{ session: { maintenance: { pruneAfter: "1w", maxEntries: 0 } } }` }, cleanupJson),
  t("T7-unknown-key", { [CFG]: `{ foo: 1 }` }, cleanupJson),
  t("T8-var-set", { [CFG]: `{ session: { store: "\${SDIR}/s-{agentId}.json" } }` }, ["sessions", "--json"], { env: { SDIR: "/srv/x" } }),
  t("T8-var-unset", { [CFG]: `{ session: { store: "\${SDIR}/s-{agentId}.json" } }` }, ["sessions", "--json"])
]

// ---------------------------------------------------------------------------------------------
// Written stores: each input has one stale row (`agent:main:stale`) that the apply prunes; every
// other row is already in the form the reference's load normalisation produces.
const stale = { sessionId: "stale", updatedAt: NOW - 40 * D }
const writeCases = {
  unicode: `{
  "agent:main:stale": ${JSON.stringify(stale)},
  "agent:main:telegram:direct:ユーザー": { "sessionId": "u1", "updatedAt": ${NOW - H}, "label": "日本語 ✓ émoji 🦀 עברית", "note": "tab\\tnew\\nline \\"quoted\\" back\\\\slash \\/ slash \\u0001 \\u2028 \\u007f" },
  "agent:main:😀:group:ğ": { "sessionId": "u2", "updatedAt": ${NOW - 2 * H}, "chatType": "group", "surrogate": "\\ud83e\\udd80 \\ud800 lone" },
  "ключ": { "вложенный": { "ключ": "значение" }, "updatedAt": ${NOW - 3 * H} },
  "e\\u0301": { "updatedAt": ${NOW - 4 * H} },
  "é": { "updatedAt": ${NOW - 5 * H} }
}`,
  "integer-keys": `{
  "agent:main:b": { "sessionId": "b", "updatedAt": ${NOW - H}, "10": "ten", "2": "two", "x": 1, "1": "one", "-1": "minus", "01": "zero-one", "4294967294": "max index", "4294967295": "not an index" },
  "agent:main:stale": ${JSON.stringify(stale)},
  "20": { "updatedAt": ${NOW - 2 * H} },
  "3": { "updatedAt": ${NOW - 3 * H} },
  "agent:main:a": { "sessionId": "a", "updatedAt": ${NOW - 4 * H} },
  "1.5": { "updatedAt": ${NOW - 5 * H} },
  "0": { "updatedAt": ${NOW - 6 * H} }
}`,
  numbers: `{
  "agent:main:n": { "sessionId": "n", "updatedAt": ${NOW - H}, "big": 1e21, "bigger": 123456789012345678901234567890, "one": 1.0, "negzero": -0, "negzero2": -0.0, "tiny": 1e-7, "small": 0.000001, "exp": 1E+2, "frac": 0.1, "min": 5e-324, "overflow": 1e400, "neg": -12.50, "int": 9007199254740993, "totalTokens": 12345, "inputTokens": 0 },
  "agent:main:stale": ${JSON.stringify(stale)}
}`,
  nested: `{
  "agent:main:deep": { "sessionId": "deep", "updatedAt": ${NOW - H}, "origin": { "chatType": "direct", "meta": { "a": [1, [2, [3, {}]], { "b": null }], "empty": {}, "list": [] } }, "compactionCheckpoints": [ { "id": "c1", "preCompaction": { "sessionFile": "deep.checkpoint.11111111-1111-4111-8111-111111111111.jsonl" } } ], "flags": [true, false, null], "__proto__": { "polluted": true }, "constructor": "c", "toString": 5 },
  "agent:main:stale": ${JSON.stringify(stale)},
  "agent:main:empty": {},
  "agent:main:arr": { "updatedAt": ${NOW - 2 * H}, "v": [[[]]] }
}`,
  compact: `{"agent:main:stale":${JSON.stringify(stale)},"agent:main:x":{"sessionId":"x","updatedAt":${NOW - H},"a":{"b":[1,2,{"c":"d"}]}},"agent:main:y":{"updatedAt":${NOW - 2 * H}}}`,
  "all-pruned": `{
  "agent:main:stale": ${JSON.stringify(stale)}
}`,
  "with-bom-like-text": `{
  "agent:main:stale": ${JSON.stringify(stale)},
  "agent:main:z": { "updatedAt": ${NOW - H}, "text": "\\ufeff bom inside \\u0000 nul" }
}`
}

const onlyIds = process.env.IDS?.split(",")
/** With IDS=a,b only those cases are re-run; the others are kept from the existing file. */
const previous = (file) => {
  if (!onlyIds || !fs.existsSync(path.join(OUT, file))) return new Map()
  return new Map(JSON.parse(fs.readFileSync(path.join(OUT, file), "utf8")).map((c) => [c.id, c]))
}

const recordConfigCases = () => {
  const results = []
  const kept = previous("config-cases.json")
  for (const c of configCases) {
    if (onlyIds && !onlyIds.includes(c.id) && kept.has(c.id)) {
      results.push(kept.get(c.id))
      continue
    }
    const root = makeCase(
      Object.fromEntries(Object.entries(c.files).map(([k, v]) => [k, typeof v === "string" ? v.split("<root>").join(path.join(realScratch, `c${counter + 1}`)) : v]))
    )
    const out = run(root, c.args, { env: c.env })
    const files = Object.fromEntries(
      Object.entries(c.files).map(([k, v]) => [k, typeof v === "string" ? v : v])
    )
    results.push({ id: c.id, files, env: c.env, args: c.args, ...out })
    process.stdout.write(".")
  }
  process.stdout.write("\n")
  write("config-cases.json", results)
}

const recordTargetCases = () => {
  const results = []
  for (const c of targetCases) {
    const root = makeCase(c.files)
    const out = run(root, c.args, { env: c.env, cwd: c.cwd ? path.join(root, c.cwd) : undefined })
    results.push({ id: c.id, files: c.files, env: c.env, cwd: c.cwd ?? "home", args: c.args, ...out })
    process.stdout.write(".")
  }
  process.stdout.write("\n")
  write("target-cases.json", results)
}

const recordWriteCases = () => {
  for (const [name, text] of Object.entries(writeCases)) {
    const root = makeCase({ "store/sessions.json": text })
    const storePath = path.join(root, "store", "sessions.json")
    const out = run(root, ["sessions", "cleanup", "--store", storePath, "--json"])
    if (out.code !== 0) throw new Error(`${name}: reference failed: ${out.stderr}`)
    fs.mkdirSync(path.join(OUT, "write"), { recursive: true })
    fs.writeFileSync(path.join(OUT, "write", `${name}.input.json`), text)
    fs.copyFileSync(storePath, path.join(OUT, "write", `${name}.reference.json`))
    const mode = (fs.statSync(storePath).mode & 0o777).toString(8)
    console.log(`wrote write/${name} (mode ${mode})`)
  }
}

try {
  execFileSync(REF, ["--version"], { stdio: "ignore", env: { ...process.env, HOME: realScratch } })
  if (!only || only.includes("config")) recordConfigCases()
  if (!only || only.includes("targets")) recordTargetCases()
  if (!only || only.includes("write")) recordWriteCases()
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
}
