import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

// Fixture cases for `sessions export-trajectory` golden bundles. Shared by the recording script
// (this script) and documented in docs/export.md. Every string may contain
// @@HOME@@, replaced by the scratch home directory of the run. The workspace is @@HOME@@/ws and
// the command runs there unless `cwd` says otherwise.

export const NOW = 1779278400000 // 2026-05-20T12:00:00.000Z
const T = (s) => `2026-05-20T${s}.000Z`
const SD = ".openclaw/agents/main/sessions"

const jsonl = (rows) => rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n"
const header = (id, extra = {}) => ({ type: "session", version: 3, id, timestamp: T("09:00:00"), cwd: "@@HOME@@/ws", ...extra })
const msg = (id, parentId, role, content, timestamp, extra = {}) => ({
  type: "message",
  id,
  parentId,
  timestamp,
  message: { role, content, ...extra }
})
const text = (t) => [{ type: "text", text: t }]
const store = (rows) => JSON.stringify(rows, null, 2)
const rt = (sessionId, type, ts, seq, data, extra = {}) =>
  JSON.stringify({ traceSchema: "openclaw-trajectory", schemaVersion: 1, traceId: sessionId, source: "runtime", type, ts, seq, sessionId, ...extra, ...(data === undefined ? {} : { data }) })

const X1_ID = "2f1c9a7b-0d1e-4c55-9d43-1b2c3d4e5f60"
const X1_KEY = "agent:main:telegram:direct:123"

const x1Files = () => ({
  [`${SD}/sessions.json`]: store({ [X1_KEY]: { sessionId: X1_ID, updatedAt: NOW - 60000, sessionFile: `@@HOME@@/${SD}/${X1_ID}.jsonl` } }),
  [`${SD}/${X1_ID}.jsonl`]: jsonl([
    header(X1_ID),
    msg("u1", null, "user", text("read @@HOME@@/ws/notes.txt key sk-exported-session-secret1234 call 123456789012"), T("10:00:01")),
    msg("a1", "u1", "assistant", [
      { type: "text", text: "ok Bearer abcdefghijklmnop" },
      { type: "toolCall", id: "tc1", name: "read", arguments: { path: "@@HOME@@/ws/notes.txt", apiKey: "zzz-secret" } }
    ], T("10:00:02")),
    { type: "message", id: "t1", parentId: "a1", timestamp: 1779271203000, message: { role: "toolResult", toolCallId: "tc1", content: text("file body") } },
    { type: "compaction", id: "c1", parentId: "t1", timestamp: T("10:00:04"), summary: "summary of work", firstKeptEntryId: "a1", tokensBefore: 1234, details: { note: "kept" } },
    "not json",
    msg("orphan", "nope", "user", text("orphan row"), T("10:00:05")),
    msg("u2", "c1", "user", text("thanks"), T("10:00:06"))
  ]),
  [`${SD}/${X1_ID}.trajectory.jsonl`]: [
    rt(X1_ID, "context.compiled", T("10:00:00"), 1, { systemPrompt: "You work in @@HOME@@/ws on things.", tools: [{ name: "read" }] }),
    rt(X1_ID, "prompt.submitted", T("10:00:00"), 2, { prompt: "read the notes" }),
    rt(X1_ID, "model.completed", T("10:00:03"), 3, { usage: { input: 10, output: 20 } }, { provider: "openai", modelId: "gpt-5" }),
    rt(X1_ID, "trace.metadata", T("10:00:07"), 4, { harness: { name: "pi" }, skills: { entries: [{ name: "weather", filePath: "@@HOME@@/skills/weather/SKILL.md" }] } }),
    rt("other-session", "context.compiled", T("10:00:00"), 1, { systemPrompt: "other" })
  ].join("\n") + "\n"
})

const plainFiles = (body, sessionId = "plain-1", extraRows = []) => ({
  [`${SD}/sessions.json`]: store({ "agent:main:plain": { sessionId, updatedAt: NOW } }),
  [`${SD}/${sessionId}.jsonl`]: jsonl([header(sessionId), msg("p1", null, "user", text(body), T("10:00:00")), ...extraRows])
})

const SECRETS = [
  "sk-exported-session-secret1234",
  "ghp_123456789012345678901234",
  "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
  "xoxb-1234567890-abcdefghij",
  "AIzaSyA1234567890abcdefghijklmnopq",
  "AKIAIOSFODNN7EXAMPLE",
  "gsk_abcdefghij1234567890",
  "hf_abcdefghijklmnop1234",
  "npm_abcdefghij1234567890",
  "pplx-abcdefghij1234567890",
  "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  "https://admin:hunter2pass@db.example.com/x",
  "Bearer abcdefghijklmnopqrstuvwxyz"
]
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890abcdef\nAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END RSA PRIVATE KEY-----"

export const CASES = [
  { name: "x1-full", files: x1Files(), argv: ["--session-key", X1_KEY] },
  { name: "x1-full-json", files: x1Files(), argv: ["--session-key", X1_KEY, "--output", "full", "--json"] },
  {
    name: "x2-plain-secrets",
    files: plainFiles("my key is sk-exported-session-secret1234 and ghp_123456789012345678901234 and ADMIN_PASSWORD=plain-text-password keep-visible-marker"),
    argv: ["--session-key", "agent:main:plain", "--output", "sub/dir", "--json"]
  },
  {
    name: "secrets-all-kinds",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:secrets": { sessionId: "sec-1", updatedAt: NOW } }),
      [`${SD}/sec-1.jsonl`]: jsonl([
        header("sec-1"),
        msg("s1", null, "user", text(`plain: ${SECRETS.join(" | ")}`), T("10:00:01")),
        msg("s2", "s1", "user", text(`pathy @@HOME@@/ws/a.txt: ${SECRETS.join(" | ")}`), T("10:00:02")),
        msg("s3", "s2", "user", text(PEM), T("10:00:03")),
        msg("s4", "s3", "user", text(`@@HOME@@/ws/key.pem ${PEM}`), T("10:00:04")),
        msg("s5", "s4", "assistant", [
          { type: "toolUse", id: "tu1", name: "http", input: { url: "https://user:pw123456@example.com/?token=abcdef123456&x=1", headers: { Authorization: "Bearer xyz", "X-Api-Key": "k" }, password: "p", tokenCount: 12, tokens: 5, passwordFile: "/etc/pw", env: [{ name: "OPENAI_API_KEY", value: "sk-live-value-1234567890" }, { key: "db_password", value: "pw" }, { name: "HOME", value: "/home/x" }] } },
          { type: "functionCall", id: "fc1", name: "shell", parameters: { cmd: "curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA==' --token abcdefgh12345678 https://x.test", secretKey: "s" } }
        ], T("10:00:05")),
        { type: "custom", id: "s6", parentId: "s5", timestamp: T("10:00:06"), customType: "note", data: { clientSecret: "cs", info: "cookie session=abcdefghijklmnopqrstuv; other", mail: "someone@example.com id 1234567890 @handle_name" } },
        msg("s7", "s6", "user", text("email someone@example.com, handle @someone_here, matrix @alice:matrix.org, id 987654321012 in @@HOME@@/notes"), T("10:00:07"))
      ])
    },
    argv: ["--session-key", "agent:main:secrets", "--output", "secrets", "--json"]
  },
  {
    // secret flags with values of 18+ characters, which the reference masks to `first 6…last 4` in
    // path-like strings only; an already-masked value is masked again (to `***`) by the reference
    name: "secret-flags-long",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:flags": { sessionId: "flags-1", updatedAt: NOW } }),
      [`${SD}/flags-1.jsonl`]: jsonl([
        header("flags-1"),
        msg("f1", null, "user", text("plain --token abcdefghijklmnopqrst | --password 'qrstuvwxyz0123456789' | --api-key AbCdEf0123456789XyZ9"), T("10:00:01")),
        msg("f2", "f1", "user", text("pathy @@HOME@@/ws/a.txt --token abcdefghijklmnopqrst | --password 'qrstuvwxyz0123456789' | --api-key AbCdEf0123456789XyZ9"), T("10:00:02")),
        msg("f3", "f2", "user", text("masked --token abcdef…qrst | --password 'qrstuv…6789'"), T("10:00:03")),
        msg("f4", "f3", "user", text("pathy masked @@HOME@@/ws/a.txt --token abcdef…qrst | --password 'qrstuv…6789'"), T("10:00:04")),
        msg("f5", "f4", "assistant", [
          { type: "toolCall", id: "tc1", name: "shell", arguments: { cmd: "deploy --hook-token abcdefghijklmnopqrstuvwx --secret short1234", cwd: "@@HOME@@/ws" } }
        ], T("10:00:05"))
      ])
    },
    argv: ["--session-key", "agent:main:flags", "--output", "flags", "--json"]
  },
  {
    name: "entry-types",
    files: {
      [".openclaw/agents/work/sessions/sessions.json"]: store({ "agent:work:types": { sessionId: "types-1", sessionFile: "types-1.jsonl" } }),
      [".openclaw/agents/work/sessions/types-1.jsonl"]: jsonl([
        header("types-1"),
        msg("m1", null, "user", [{ type: "text", text: "look" }, { type: "image", data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", mimeType: "image/png" }], T("10:00:01")),
        msg("m2", "m1", "assistant", [{ type: "text", text: "hmm" }, { type: " ToolCall ", id: "x1", name: "edit", arguments: { file_path: "@@HOME@@/skills/weather/SKILL.md" } }, { type: "tool_use", id: "x2" }], T("10:00:02")),
        { type: "thinking_level_change", id: "e1", parentId: "m2", timestamp: T("10:00:03"), thinkingLevel: "high" },
        { type: "model_change", id: "e2", parentId: "e1", timestamp: T("10:00:04"), provider: "anthropic", modelId: "claude" },
        { type: "label", id: "e3", parentId: "e2", timestamp: T("10:00:05"), targetId: "m1", label: "start" },
        { type: "session_info", id: "e4", parentId: "e3", timestamp: T("10:00:06"), name: "My session" },
        { type: "branch_summary", id: "e5", parentId: "e4", timestamp: T("10:00:07"), fromId: "m2", summary: "sum", details: { a: 1 } },
        { type: "custom_message", id: "e6", parentId: "e5", timestamp: T("10:00:08"), customType: "cm", content: "content Bearer abcdefghijkl", details: { token: "t" }, display: true },
        { type: "unknown_kind", id: "e7", parentId: "e6", timestamp: T("10:00:09"), foo: 1 },
        msg("m3", "e7", "system", "plain string content", "not a date"),
        msg("m4", "m3", "hookMessage", text("hook"), 1779271210000),
        { type: "custom", id: "e8", parentId: "m4", timestamp: T("10:00:11"), customType: "c", data: [1, "two", { password: "x" }] },
        { type: "compaction", id: "e9", parentId: "e8", timestamp: T("10:00:12"), summary: "s", firstKeptEntryId: "m3", tokensBefore: 5, fromHook: true }
      ])
    },
    argv: ["--session-key", "agent:work:types", "--output", "types", "--json"]
  },
  {
    name: "legacy-v1",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:legacy": { sessionId: "leg-1" } }),
      [`${SD}/leg-1.jsonl`]: jsonl([
        { type: "session", id: "leg-1", timestamp: T("09:00:00"), cwd: "/somewhere" },
        { type: "message", timestamp: T("10:00:01"), message: { role: "user", content: "hello" } },
        { type: "message", timestamp: T("10:00:02"), message: { role: "assistant", content: "hi" } },
        { type: "message", id: "own", timestamp: T("10:00:03"), message: { role: "hookMessage", content: "hooked" } },
        { type: "compaction", timestamp: T("10:00:04"), summary: "compacted", firstKeptEntryIndex: 2, tokensBefore: 99 },
        { type: "message", timestamp: T("10:00:05"), message: { role: "user", content: "after" } }
      ])
    },
    argv: ["--session-key", "agent:main:legacy", "--output", "legacy1", "--json"]
  },
  {
    name: "legacy-v2",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:legacy2": { sessionId: "leg-2" } }),
      [`${SD}/leg-2.jsonl`]: jsonl([
        { type: "session", version: 2, id: "leg-2", timestamp: T("09:00:00"), cwd: "@@HOME@@/ws" },
        msg("a", null, "user", "one", T("10:00:01")),
        msg("b", "a", "hookMessage", "two", T("10:00:02"))
      ])
    },
    argv: ["--session-key", "agent:main:legacy2", "--output", "legacy2", "--json"]
  },
  {
    name: "branches",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:br": { sessionId: "br-1" } }),
      [`${SD}/br-1.jsonl`]: jsonl([
        header("br-1"),
        msg("r", null, "user", "root", T("10:00:01")),
        msg("x", "r", "assistant", "abandoned branch", T("10:00:02")),
        msg("y", "r", "assistant", "kept branch", T("10:00:03")),
        { type: "message", id: "nots", parentId: "y", message: { role: "user", content: "no timestamp" } },
        msg("dup", "y", "user", "first dup", T("10:00:04")),
        msg("dup", "y", "user", "second dup", T("10:00:05")),
        msg("z", "dup", "assistant", "leaf", T("09:59:00"))
      ])
    },
    argv: ["--session-key", "agent:main:br", "--output", "br", "--json"]
  },
  {
    name: "runtime-full",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:rt": { sessionId: "rt-1" } }),
      [`${SD}/rt-1.jsonl`]: jsonl([
        header("rt-1"),
        msg("u1", null, "user", "please", T("10:00:02")),
        msg("a1", "u1", "assistant", [{ type: "toolCall", id: "c1", name: "read", arguments: { path: "skills/weather/SKILL.md" } }], T("10:00:04"))
      ]),
      [`${SD}/rt-1.trajectory.jsonl`]: [
        rt("rt-1", "session.started", T("10:00:01"), 1, { cwd: "@@HOME@@/ws/sub", note: "plain sk-notapathsecret12345" }, { workspaceDir: "@@HOME@@/ws" }),
        rt("rt-1", "context.compiled", T("10:00:02"), 2, { systemPrompt: "first", tools: [] }),
        rt("rt-1", "context.compiled", T("10:00:03"), 3, { systemPrompt: "System for @@HOME@@/ws\n", tools: [{ name: "read", description: "reads @@HOME@@/ws files" }] }),
        rt("rt-1", "prompt.submitted", T("10:00:02"), 4, { prompt: "please" }),
        rt("rt-1", "prompt.submitted", T("10:00:03"), 5, { prompt: 42 }),
        rt("rt-1", "prompt.submitted", T("10:00:04"), 6, { prompt: "again" }),
        rt("rt-1", "model.completed", T("10:00:05"), 7, { usage: { input: 1 }, promptError: "boom", assistantTexts: ["a"] }, { provider: "anthropic", modelId: "claude-x", modelApi: "messages" }),
        rt("rt-1", "session.ended", T("10:00:06"), 8, { status: "ok", aborted: false, timedOut: false }),
        rt("rt-1", "trace.artifacts", T("10:00:06"), 9, { finalStatus: "done", toolMetas: [{ name: "read" }], lastToolError: "none" }),
        rt("rt-1", "trace.metadata", T("10:00:07"), 10, {
          harness: { name: "pi", version: "1" },
          config: { path: "@@HOME@@/.openclaw/openclaw.json" },
          plugins: ["a"],
          skills: { entries: [{ name: "weather", filePath: "@@HOME@@/skills/weather/SKILL.md" }, { name: "other", filePath: "/opt/skills/other/SKILL.md" }] },
          prompting: { skillsPrompt: "use skills", userPromptPrefixText: "prefix", systemPromptReport: { chars: 10 } },
          redaction: { mode: "tools" },
          metadata: { host: "h" }
        }),
        rt("rt-1", "tool.call", T("10:00:04"), 11, { arguments: { filePath: "/opt/skills/other/SKILL.md" } }),
        rt("rt-1", "bad.ts", "not a date", 12, {}),
        rt("rt-1", "bad.data", T("10:00:08"), 13, undefined, { data: [1] }),
        rt("rt-1", "no.data", T("10:00:04"), 4, undefined, { sourceSeq: 0 }),
        "{broken",
        JSON.stringify({ traceSchema: "openclaw-trajectory", schemaVersion: 2, source: "runtime", type: "x", ts: T("10:00:00"), seq: 1, sessionId: "rt-1" })
      ].join("\r\n") + "\r\n"
    },
    argv: ["--session-key", "agent:main:rt", "--output", "rt", "--json"]
  },
  {
    // values under secret key names (the gateway token of a runtime config snapshot), next to
    // token counts that are no secrets; clawkeep redacts the former (docs/export.md)
    name: "secret-key-names",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:keys": { sessionId: "keys-1" } }),
      [`${SD}/keys-1.jsonl`]: jsonl([
        header("keys-1"),
        msg("u1", null, "user", "connect", T("10:00:02")),
        msg("a1", "u1", "assistant", [{ type: "toolCall", id: "c1", name: "login", arguments: { user: "me", privateKey: "pk-value-0123", cookie: "sid=s3ss10n" } }], T("10:00:03"), {
          usage: { input: 12, output: 7, totalTokens: 19 }
        })
      ]),
      [`${SD}/keys-1.trajectory.jsonl`]: [
        rt("keys-1", "context.compiled", T("10:00:01"), 1, {
          systemPrompt: "Use the login tool.",
          tools: [{ name: "login", parameters: { type: "object", properties: { token: { type: "string", description: "the session token" } } } }]
        }),
        rt("keys-1", "model.completed", T("10:00:04"), 2, { usage: { inputTokens: 12, outputTokens: 7, tokenCount: 19, maxTokens: 4096, tokens: 19 } }, { provider: "openai", modelId: "gpt-5" }),
        rt("keys-1", "trace.metadata", T("10:00:05"), 3, {
          harness: { name: "pi" },
          config: {
            gateway: { auth: { mode: "token", token: "Qm9xR2tLd3pYc1VqTmVhY0ZwVGhJb2JW" }, port: 18789 },
            models: { providers: { acme: { baseUrl: "https://api.acme.test", apiKey: "acme-plain-value-42", models: [{ id: "m1", maxTokens: 8192, contextTokens: 128000 }] } } },
            channels: { telegram: { botToken: "tg-plain-bot-value" }, slack: { signingSecret: "slack-signing-value", appToken: { source: "env", id: "SLACK_APP_TOKEN" } } },
            env: { vars: { OPENAI_API_KEY: "openai-plain-value", DB_PASSWORD: "pw-plain", LOG_LEVEL: "info", PASSWORD_FILE: "/etc/pw" } },
            talk: { apiKey: "\${TALK_API_KEY}" }
          },
          request: { headers: [{ name: "Authorization", value: "Token abc123" }, { name: "Accept", value: "application/json" }], cookies: ["a=1", "b=2"] }
        })
      ].join("\n") + "\n"
    },
    argv: ["--session-key", "agent:main:keys", "--output", "keys", "--json"]
  },
  {
    name: "pointer-file",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:ptr": { sessionId: "ptr-1" } }),
      [`${SD}/ptr-1.jsonl`]: jsonl([header("ptr-1"), msg("u", null, "user", "hi", T("10:00:02"))]),
      [`${SD}/ptr-1.trajectory-path.json`]: JSON.stringify({ traceSchema: "openclaw-trajectory-pointer", schemaVersion: 1, sessionId: "ptr-1", runtimeFile: "@@HOME@@/elsewhere/ptr-1.jsonl" }),
      ["elsewhere/ptr-1.jsonl"]: rt("ptr-1", "prompt.submitted", T("10:00:01"), 1, { prompt: "via pointer" }) + "\n",
      [`${SD}/ptr-1.trajectory.jsonl`]: rt("ptr-1", "prompt.submitted", T("10:00:01"), 1, { prompt: "sibling (not used)" }) + "\n"
    },
    argv: ["--session-key", "agent:main:ptr", "--output", "ptr", "--json"]
  },
  {
    name: "pointer-rejected",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:ptr": { sessionId: "ptr-2" } }),
      [`${SD}/ptr-2.jsonl`]: jsonl([header("ptr-2"), msg("u", null, "user", "hi", T("10:00:02"))]),
      [`${SD}/ptr-2.trajectory-path.json`]: JSON.stringify({ sessionId: "ptr-2", runtimeFile: "@@HOME@@/elsewhere/other-name.jsonl" }),
      ["elsewhere/other-name.jsonl"]: rt("ptr-2", "prompt.submitted", T("10:00:01"), 1, { prompt: "wrong name" }) + "\n",
      [`${SD}/ptr-2.trajectory.jsonl`]: rt("ptr-2", "prompt.submitted", T("10:00:01"), 1, { prompt: "sibling used" }) + "\n"
    },
    argv: ["--session-key", "agent:main:ptr", "--output", "ptr", "--json"]
  },
  {
    name: "images",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:img": { sessionId: "img-1" } }),
      [`${SD}/img-1.jsonl`]: jsonl([
        header("img-1"),
        msg("i1", null, "user", [
          { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQSkZJRgABAQ==" } },
          { type: "IMAGE ", data: "  aGVs\nbG8=  " },
          { type: "file", mime_type: "Image/GIF", data: "R0lGODlhAQABAAAAACw=" },
          { type: "file", mimeType: "application/pdf", data: "JVBERi0xLjQ=" },
          { type: "image", data: 12345 },
          { type: "image", url: "https://example.com/a.png" }
        ], T("10:00:01"))
      ])
    },
    argv: ["--session-key", "agent:main:img", "--output", "img", "--json"]
  },
  {
    name: "pointer-relative-and-symlink",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:p": { sessionId: "ptr-3" } }),
      [`${SD}/ptr-3.jsonl`]: jsonl([header("ptr-3"), msg("u", null, "user", "hi", T("10:00:02"))]),
      [`${SD}/ptr-3.trajectory-path.json`]: JSON.stringify({ sessionId: "ptr-3", runtimeFile: "../elsewhere/ptr-3.jsonl" }),
      ["elsewhere/ptr-3.jsonl"]: rt("ptr-3", "prompt.submitted", T("10:00:01"), 1, { prompt: "relative pointer, resolved against the cwd" }) + "\n"
    },
    argv: ["--session-key", "agent:main:p", "--output", "p", "--json"]
  },
  {
    name: "pointer-to-symlink",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:p": { sessionId: "ptr-4" } }),
      [`${SD}/ptr-4.jsonl`]: jsonl([header("ptr-4"), msg("u", null, "user", "hi", T("10:00:02"))]),
      [`${SD}/ptr-4.trajectory-path.json`]: JSON.stringify({ sessionId: "ptr-4", runtimeFile: "@@HOME@@/links/ptr-4.jsonl" }),
      ["elsewhere/real.jsonl"]: rt("ptr-4", "prompt.submitted", T("10:00:01"), 1, { prompt: "behind a symlink" }) + "\n",
      ["trajdir/ptr-4.jsonl"]: rt("ptr-4", "prompt.submitted", T("10:00:01"), 1, { prompt: "trajectory dir" }) + "\n"
    },
    symlinks: [{ path: "links/ptr-4.jsonl", target: "@@HOME@@/elsewhere/real.jsonl" }],
    env: { OPENCLAW_TRAJECTORY_DIR: "@@HOME@@/trajdir" },
    argv: ["--session-key", "agent:main:p", "--output", "p", "--json"]
  },
  {
    name: "sibling-beats-trajectory-dir",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:p": { sessionId: "sib-1" } }),
      [`${SD}/sib-1.jsonl`]: jsonl([header("sib-1"), msg("u", null, "user", "hi", T("10:00:02"))]),
      [`${SD}/sib-1.trajectory.jsonl`]: rt("sib-1", "prompt.submitted", T("10:00:01"), 1, { prompt: "sibling" }) + "\n",
      ["trajdir/sib-1.jsonl"]: rt("sib-1", "prompt.submitted", T("10:00:01"), 1, { prompt: "trajectory dir" }) + "\n"
    },
    env: { OPENCLAW_TRAJECTORY_DIR: " ~/trajdir " },
    argv: ["--session-key", "agent:main:p", "--output", "p", "--json"]
  },
  {
    name: "x6-trajectory-dir",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:cc": { sessionId: "cc-1" } }),
      [`${SD}/cc-1.jsonl`]: jsonl([header("cc-1"), msg("u", null, "user", "hi", T("10:00:02"))]),
      ["trajdir/cc-1.jsonl"]: rt("cc-1", "context.compiled", T("10:00:01"), 1, {}) + "\n"
    },
    env: { OPENCLAW_TRAJECTORY_DIR: "~/trajdir" },
    argv: ["--session-key", "agent:main:cc", "--json"]
  },
  {
    name: "x5-header-only",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:hdr": { sessionId: "hdr-1" } }),
      [`${SD}/hdr-1.jsonl`]: jsonl([header("hdr-1")])
    },
    argv: ["--session-key", "agent:main:hdr", "--output", "hdr", "--json"]
  },
  {
    name: "x7-default-dir",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:evil": { sessionId: "../evil/session", sessionFile: "evil.jsonl" } }),
      [`${SD}/evil.jsonl`]: jsonl([header("../evil/session"), msg("u", null, "user", "hi", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:evil"]
  },
  {
    name: "x8-path-pairs",
    files: plainFiles("workspace=@@HOME@@/ws/inside.txt home=@@HOME@@/secret.txt other=@@HOME@@/ws2/outside.txt"),
    argv: ["--session-key", "agent:main:plain", "--output", "pairs", "--json"]
  },
  {
    name: "x4-encoded-request",
    files: plainFiles("encoded"),
    argv: ["--request-json-base64", `  ${Buffer.from(JSON.stringify({ sessionKey: "agent:main:plain" })).toString("base64url")}  `, "--output", "explicit-out"]
  },
  {
    name: "encoded-fields",
    files: {
      ...plainFiles("encoded fields"),
      ["other/store.json"]: store({ "agent:ops:k": { sessionId: "enc-1", sessionFile: "@@HOME@@/other/enc-1.jsonl" } }),
      ["other/enc-1.jsonl"]: jsonl([header("enc-1"), msg("u", null, "user", "from other store", T("10:00:02"))]),
      ["proj/.keep"]: ""
    },
    argv: ["--request-json-base64", Buffer.from(JSON.stringify({ sessionKey: " agent:ops:k ", output: "enc/out", store: "../other/store.json", agent: "ops", workspace: "../proj", json: false })).toString("base64url"), "--json"]
  },
  {
    name: "store-and-workspace-options",
    files: {
      ["other/store.json"]: store({ "agent:main:k": { sessionId: "opt-1" } }),
      ["other/opt-1.jsonl"]: jsonl([header("opt-1"), msg("u", null, "user", "in @@HOME@@/proj/file and @@HOME@@/ws/file", T("10:00:02"))]),
      ["proj/.keep"]: ""
    },
    argv: ["--session-key", "agent:main:k", "--store", "../other/store.json", "--workspace", "../proj", "--output", "o"]
  },
  {
    name: "parent-options",
    prefix: ["--json", "--store", "../other/store.json"],
    files: {
      ["other/store.json"]: store({ "agent:main:k": { sessionId: "par-1" } }),
      ["other/par-1.jsonl"]: jsonl([header("par-1"), msg("u", null, "user", "parent opts", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:k", "--output", "p"]
  },
  {
    name: "abs-session-file-sibling-agent",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:abs": { sessionId: "abs-1", sessionFile: "@@HOME@@/.openclaw/agents/other/sessions/abs-file.jsonl" } }),
      [".openclaw/agents/other/sessions/abs-file.jsonl"]: jsonl([header("abs-1"), msg("u", null, "user", "sibling agent dir", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:abs", "--output", "abs", "--json"]
  },
  {
    name: "abs-session-file-outside",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:abs": { sessionId: "abs-2", sessionFile: "@@HOME@@/elsewhere/abs-2.jsonl" } }),
      ["elsewhere/abs-2.jsonl"]: jsonl([header("abs-2"), msg("u", null, "user", "outside (ignored)", T("10:00:02"))]),
      [`${SD}/abs-2.jsonl`]: jsonl([header("abs-2"), msg("u", null, "user", "fallback by id", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:abs", "--output", "abs", "--json"]
  },
  {
    name: "rel-session-file-traversal",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:rel": { sessionId: "rel-1", sessionFile: "a/../../rel-outside.jsonl" } }),
      [".openclaw/agents/main/rel-outside.jsonl"]: jsonl([header("rel-1"), msg("u", null, "user", "one level above the sessions dir", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:rel", "--output", "rel", "--json"]
  },
  {
    name: "abs-session-file-nested",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:abs": { sessionId: "abs-3", sessionFile: "@@HOME@@/.openclaw/agents/other/sessions/sub/abs-3.jsonl" } }),
      [".openclaw/agents/other/sessions/sub/abs-3.jsonl"]: jsonl([header("abs-3"), msg("u", null, "user", "nested", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:abs", "--output", "abs", "--json"]
  },
  {
    name: "abs-session-file-agents-shape",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:abs": { sessionId: "abs-4", sessionFile: "@@HOME@@/elsewhere/agents/x/sessions/abs-4.jsonl" } }),
      ["elsewhere/agents/x/sessions/abs-4.jsonl"]: jsonl([header("abs-4"), msg("u", null, "user", "agents shape elsewhere", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:abs", "--output", "abs", "--json"]
  },
  {
    name: "explicit-agent",
    files: {
      [".openclaw/agents/ops/sessions/sessions.json"]: store({ "agent:main:k": { sessionId: "ag-1", sessionFile: "@@HOME@@/.openclaw/agents/main/sessions/ag-1.jsonl" } }),
      [`${SD}/ag-1.jsonl`]: jsonl([header("ag-1"), msg("u", null, "user", "explicit agent", T("10:00:02"))])
    },
    argv: ["--session-key", "agent:main:k", "--agent", "OPS", "--output", "ag", "--json"]
  },
  {
    name: "legacy-v1-indexes",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:legacy": { sessionId: "leg-3" } }),
      [`${SD}/leg-3.jsonl`]: jsonl([
        { type: "message", id: 7, timestamp: T("10:00:00"), message: { role: "user", content: "numeric id" } },
        { type: "session", id: "leg-3", timestamp: T("09:00:00") },
        { type: "compaction", timestamp: T("10:00:01"), summary: "to header", firstKeptEntryIndex: 1 },
        { type: "compaction", timestamp: T("10:00:02"), summary: "to self", firstKeptEntryIndex: 3 },
        { type: "compaction", timestamp: T("10:00:03"), summary: "forward", firstKeptEntryIndex: 6, firstKeptEntryId: "old" },
        { type: "compaction", timestamp: T("10:00:04"), summary: "out of range", firstKeptEntryIndex: 99 },
        { type: "message", timestamp: T("10:00:05"), message: { role: "hookMessage", content: "later" } },
        { type: "label", timestamp: "bad", targetId: "x", label: "l" }
      ])
    },
    argv: ["--session-key", "agent:main:legacy", "--output", "legacy", "--json"]
  },
  {
    name: "runtime-ordering",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:ord": { sessionId: "ord-1" } }),
      [`${SD}/ord-1.jsonl`]: jsonl([
        header("ord-1"),
        msg("u1", null, "user", "first", "2026-05-20T10:00:01Z"),
        msg("u2", "u1", "user", "second", 1779271202000),
        msg("u3", "u2", "user", "third", "May 20, 2026 10:00:03 UTC")
      ]),
      [`${SD}/ord-1.trajectory.jsonl`]: [
        rt("ord-1", "b", "2026-05-20T10:00:01.000Z", 5, { n: 1 }),
        rt("ord-1", "a", "2026-05-20T10:00:01Z", 1, { n: 2 }),
        rt("ord-1", "c", "2026-05-20T10:00:01.000Z", 2, { n: 3 }, { sourceSeq: 9 }),
        rt("ord-1", "d", "2026-05-20T10:00:01.000Z", 2, { n: 4 }),
        rt("ord-1", "e", "2026-05-20t10:00:02.000z", 1, { n: 5 }),
        rt("ord-1", "f", "2026-05-20T10:00:02.000Z", 1, { n: 6 }, { workspaceDir: "@@HOME@@/ws/sub", sourceSeq: "x" }),
        rt("ord-1", "g", "2026-05-20 10:00:00", 1, { path: "@@HOME@@/file" }),
        rt("ord-1", "h", "2026-05-20T10:00:03.000Z", 1, undefined)
      ].join("\n") + "\n"
    },
    argv: ["--session-key", "agent:main:ord", "--output", "ord", "--json"]
  },
  {
    name: "text-edge-cases",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:txt": { sessionId: "txt-1" } }),
      [`${SD}/txt-1.jsonl`]:
        "\ufeff" + JSON.stringify(header("txt-1")) + "\r\n\r\n   " +
        JSON.stringify(msg("u1", null, "user", "héllo wörld ✓ 🦀 \u2028 tab\t end", T("10:00:01"))) + "   \r\n" +
        JSON.stringify({ type: "message", id: "u2", parentId: "u1", timestamp: T("10:00:02"), message: { role: "user", content: "proto", ["__proto__"]: { polluted: true }, constructor: "c" } }) + "\n" +
        JSON.stringify(msg("u3", "u2", "user", `long @@HOME@@/ws/${"x".repeat(2100)}`, T("10:00:03"))) + "\n" +
        JSON.stringify(msg("u4", "u3", "user", "mail a.b@example.com @someone_here +4915112345678 !room:matrix.org $abcdefghijklmnopqrstuvwxyz in @@HOME@@", T("10:00:04"))) + "\n" +
        JSON.stringify(msg("u5", "u4", "user", "Cookie: session=abc; Set-Cookie: x=y and https://u@host.example/?api_key=k&signature=s&ok=1 at @@HOME@@/ws", T("10:00:05"))) + "\n" +
        JSON.stringify(msg("u6", "u5", "user", "C:\\Users\\me\\file.txt and @@HOME@@/ws", T("10:00:06"))) + "\n" +
        JSON.stringify(msg("u7", "u6", "user", "@@HOME@@/ws/../ws2//a/./b/", T("10:00:07"))) + "\n" +
        JSON.stringify(msg("u8", "u7", "user", "OPENAI_API_KEY=sk-short and TOKEN: 'abc' at @@HOME@@/ws", T("10:00:08"))) + "\n" +
        JSON.stringify(msg("u9", "u8", "user", "@@HOME@@/.openclaw/agents/main/sessions/x.jsonl", T("10:00:09"))) + "\n"
    },
    argv: ["--session-key", "agent:main:txt", "--output", "txt", "--json"]
  },
  {
    name: "runtime-sidecar-symlink",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:sym": { sessionId: "sym-1" } }),
      [`${SD}/sym-1.jsonl`]: jsonl([header("sym-1"), msg("u", null, "user", "hi", T("10:00:02"))]),
      ["elsewhere/sym-1.jsonl"]: rt("sym-1", "prompt.submitted", T("10:00:01"), 1, { prompt: "through a symlink" }) + "\n"
    },
    symlinks: [{ path: `${SD}/sym-1.trajectory.jsonl`, target: "@@HOME@@/elsewhere/sym-1.jsonl" }],
    argv: ["--session-key", "agent:main:sym", "--output", "sym", "--json"]
  },
  {
    name: "err-output-exists-masked",
    files: { ...plainFiles("x"), ["ws/.openclaw/trajectory-exports/sk-abcdefghijklmnop1234/keep.txt"]: "keep" },
    argv: ["--session-key", "agent:main:plain", "--output", "sk-abcdefghijklmnop1234"]
  },
  {
    name: "config-invalid",
    files: { ...plainFiles("config is broken"), [".openclaw/openclaw.json"]: "{ this is not: json5 ]" },
    argv: ["--session-key", "agent:main:plain", "--output", "cfg", "--json"]
  },
  {
    name: "no-header-key-spaces",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:nh": { sessionId: "nh-1" } }),
      [`${SD}/nh-1.jsonl`]: jsonl([msg("u", null, "user", "no header row", T("10:00:02"))])
    },
    argv: ["--session-key", "  agent:main:nh  ", "--output", "nh", "--json"]
  },
  { name: "err-workspace-missing", files: plainFiles("x"), argv: ["--session-key", "agent:main:plain", "--workspace", "../nope"] },
  {
    name: "err-workspace-file",
    files: { ...plainFiles("x"), ["afile"]: "x" },
    argv: ["--session-key", "agent:main:plain", "--workspace", "../afile"]
  },
  {
    name: "err-store-invalid-json",
    files: { [`${SD}/sessions.json`]: "{ not json" },
    argv: ["--session-key", "agent:main:plain"]
  },
  {
    name: "err-session-file-dir",
    files: {
      [`${SD}/sessions.json`]: store({ "agent:main:d": { sessionId: "d-1", sessionFile: "dir.jsonl" } }),
      [`${SD}/dir.jsonl/.keep`]: ""
    },
    argv: ["--session-key", "agent:main:d", "--output", "d"]
  },
  {
    name: "err-numeric-session-id",
    files: { [`${SD}/sessions.json`]: store({ "agent:main:n": { sessionId: 42 } }) },
    argv: ["--session-key", "agent:main:n", "--output", "n"]
  },
  { name: "err-no-key", files: plainFiles("x"), argv: [] },
  { name: "err-missing-key", files: plainFiles("x"), argv: ["--session-key", "agent:main:missing"] },
  {
    name: "err-no-session-id",
    files: { [`${SD}/sessions.json`]: store({ "agent:main:nosid": { updatedAt: NOW } }) },
    argv: ["--session-key", "agent:main:nosid"]
  },
  {
    name: "err-transcript-absent",
    files: { [`${SD}/sessions.json`]: store({ "agent:main:gone": { sessionId: "gone-1" } }) },
    argv: ["--session-key", "agent:main:gone"]
  },
  {
    name: "err-invalid-session-id",
    files: { [`${SD}/sessions.json`]: store({ "agent:main:main": { sessionId: "agent:main:main" } }) },
    argv: ["--session-key", "agent:main:main"]
  },
  { name: "err-output-absolute", files: plainFiles("x"), argv: ["--session-key", "agent:main:plain", "--output", "/abs"] },
  { name: "err-output-tilde", files: plainFiles("x"), argv: ["--session-key", "agent:main:plain", "--output", "~/x"] },
  { name: "err-output-dotdot", files: plainFiles("x"), argv: ["--session-key", "agent:main:plain", "--output", ".."] },
  { name: "err-output-dot", files: plainFiles("x"), argv: ["--session-key", "agent:main:plain", "--output", "."] },
  { name: "err-output-escape", files: plainFiles("x"), argv: ["--session-key", "agent:main:plain", "--output", "a/../../b"] },
  {
    name: "err-output-exists",
    files: { ...plainFiles("x"), ["ws/.openclaw/trajectory-exports/sub/dir/keep.txt"]: "keep" },
    argv: ["--session-key", "agent:main:plain", "--output", "sub/dir"]
  },
  {
    name: "err-output-symlink-escape",
    files: { ...plainFiles("x"), ["outside/.keep"]: "" },
    symlinks: [{ path: "ws/.openclaw/trajectory-exports/link", target: "@@HOME@@/outside" }],
    argv: ["--session-key", "agent:main:plain", "--output", "link/x"]
  },
  {
    name: "err-exports-dir-symlink",
    files: { ...plainFiles("x"), ["outside/.keep"]: "" },
    symlinks: [{ path: "ws/.openclaw/trajectory-exports", target: "@@HOME@@/outside" }],
    argv: ["--session-key", "agent:main:plain", "--output", "x"]
  },
  {
    name: "err-state-dir-file",
    files: { ...plainFiles("x"), ["ws/.openclaw"]: "not a dir" },
    argv: ["--session-key", "agent:main:plain", "--output", "x"]
  },
  { name: "err-request-not-json", files: plainFiles("x"), argv: ["--request-json-base64", "bm90IGpzb24"] },
  { name: "err-request-array", files: plainFiles("x"), argv: ["--request-json-base64", "W10"] },
  { name: "err-request-invalid", files: plainFiles("x"), argv: ["--request-json-base64", "a+b"] },
  { name: "err-request-padding", files: plainFiles("x"), argv: ["--request-json-base64", "W10="] },
  {
    name: "err-request-no-key",
    files: plainFiles("x"),
    argv: ["--request-json-base64", Buffer.from(JSON.stringify({ output: "x" })).toString("base64url"), "--session-key", "agent:main:plain"]
  },
  { name: "err-key-case", files: plainFiles("x"), argv: ["--session-key", "AGENT:MAIN:PLAIN"] },
  { name: "err-agent-unknown", files: plainFiles("x"), argv: ["--session-key", "agent:main:plain", "--agent", "nope-agent"] },
  {
    name: "err-store-tilde",
    files: plainFiles("x"),
    argv: ["--session-key", "agent:main:plain", "--store", "~/.openclaw/agents/main/sessions/sessions.json"]
  },
  {
    name: "err-runtime-too-many",
    files: {
      ...plainFiles("x", "many-1"),
      [`${SD}/many-1.trajectory.jsonl`]: "GENERATED:runtime-too-many"
    },
    argv: ["--session-key", "agent:main:plain", "--output", "many"]
  }
]

/** Large generated contents, expanded at fixture time (kept out of the committed fixtures). */
export const expandGenerated = (content) => {
  if (content === "GENERATED:runtime-too-many") {
    const line = rt("many-1", "e", T("10:00:00"), 1, undefined)
    return (line + "\n").repeat(200001)
  }
  return content
}

// ---------------------------------------------------------------------------------------------
// Recorder: builds each case's fixture under a scratch home, runs the reference with the clock
// pinned, and stores input files, argv, env, exit code, stdout, stderr and the bundle's files in
// test/golden/export/<case>/ (paths under the scratch home become @@HOME@@, the bundle
// directory's timestamp becomes @@STAMP@@).
//
// Usage: node scripts/record-export-goldens.mjs [case-name…]   (needs the reference binary)


const REF = process.env.OPENCLAW_REF ?? new URL("../../shared/reference/openclaw-ref", import.meta.url).pathname
const GOLDEN = path.resolve(import.meta.dirname, "..", "test", "golden", "export")

const fill = (s, home) => s.replaceAll("@@HOME@@", home)

export const buildFixture = (c, home) => {
  for (const [rel, content] of Object.entries(c.files)) {
    const file = path.join(home, rel)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, fill(expandGenerated(content), home))
  }
  fs.mkdirSync(path.join(home, "ws"), { recursive: true })
  for (const link of c.symlinks ?? []) {
    const file = path.join(home, link.path)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.symlinkSync(fill(link.target, home), file)
  }
}

const listFiles = (dir) => {
  const out = []
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.push(p)
    }
  }
  if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) walk(dir)
  return out
}

const record = (c) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ckx-"))
  const home = path.join(root, "h")
  fs.mkdirSync(home)
  buildFixture(c, home)
  const cwd = path.join(home, c.cwd ?? "ws")
  const env = { PATH: process.env.PATH, HOME: home, FAKE_NOW_MS: String(NOW), TZ: "UTC", LANG: "C.UTF-8" }
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = fill(v, home)
  const before = new Set(listFiles(home))
  const args = ["sessions", ...(c.prefix ?? []), "export-trajectory", ...c.argv]
  const r = spawnSync(REF, args, { cwd, env, encoding: "utf8", timeout: 120000 })
  const stdout = r.stdout
    .split("\n")
    .filter((l) => !l.replace(/\x1b\[[0-9;]*m/g, "").startsWith("[sessions/store] "))
    .join("\n")
  const produced = listFiles(home).filter((f) => !before.has(f))
  const manifest = produced.find((f) => path.basename(f) === "manifest.json")
  const bundleDir = manifest ? path.dirname(manifest) : undefined
  const stamp = (s) => s.replace(/(openclaw-trajectory-[^/\s"]*?-)2026-05-20T12-00-\d\d/g, "$1@@STAMP@@")
  const norm = (s) => stamp(s.replaceAll(home, "@@HOME@@"))
  const dest = path.join(GOLDEN, c.name)
  fs.rmSync(dest, { recursive: true, force: true })
  fs.mkdirSync(dest, { recursive: true })
  const caseJson = {
    name: c.name,
    argv: args,
    env: c.env ?? {},
    cwd: c.cwd ?? "ws",
    nowMs: NOW,
    files: c.files,
    symlinks: c.symlinks ?? [],
    code: r.status,
    stdout: norm(stdout),
    stderr: norm(r.stderr),
    bundle: bundleDir ? norm(path.relative(home, bundleDir)) : null,
    bundleFiles: []
  }
  if (bundleDir) {
    fs.mkdirSync(path.join(dest, "bundle"))
    for (const f of listFiles(bundleDir).sort()) {
      const rel = path.relative(bundleDir, f)
      caseJson.bundleFiles.push(rel)
      const content = fs.readFileSync(f, "utf8")
      if (content.includes(home)) console.warn(`${c.name}: ${rel} contains the scratch home`)
      fs.writeFileSync(path.join(dest, "bundle", rel), content)
    }
  }
  fs.writeFileSync(path.join(dest, "case.json"), JSON.stringify(caseJson, null, 2) + "\n")
  fs.rmSync(root, { recursive: true, force: true })
  console.log(`${c.name}: exit ${r.status}${bundleDir ? `, ${caseJson.bundleFiles.length} files` : ""}${r.stderr ? ` — ${r.stderr.trim().slice(0, 100)}` : ""}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = new Set(process.argv.slice(2))
  for (const c of CASES) if (only.size === 0 || only.has(c.name)) record(c)
}
