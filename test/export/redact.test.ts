/**
 * Redaction layers: the reference's sanitiser and path pass (facts from export-trajectory §8
 * and the recorded goldens), clawkeep's secret-shape pass (D16) and the redaction counts.
 */
import { it } from "@effect/vitest"
import { Either } from "effect"
import { createHash } from "node:crypto"
import * as FastCheck from "effect/FastCheck"
import { describe, expect } from "vitest"
import { decodeRequest } from "../../src/export/request.js"
import {
  isSecretKeyName,
  RedactionCounter,
  redactOutputValues,
  redactPathString,
  redactSecretKeys,
  redactSecretShapes,
  sanitizePayload,
  type PathRedaction
} from "../../src/export/redact.js"

const R: PathRedaction = { workspaceDir: "/home/u/ws", stateDir: "/home/u/.openclaw", home: "/home/u", userProfile: undefined }

describe("payload sanitiser (§8.1)", () => {
  it("drops credential-named keys except the listed non-credentials, keeping key order", () => {
    const c = new RedactionCounter()
    const out = sanitizePayload(
      { a: 1, apiKey: "x", "x-api-key": "y", Authorization: "z", tokens: 3, tokenCount: 4, passwordFile: "/p", client_secret: "s", b: 2 },
      c
    )
    expect(out).toEqual({ a: 1, tokens: 3, tokenCount: 4, passwordFile: "/p", b: 2 })
    expect(Object.keys(out as object)).toEqual(["a", "tokens", "tokenCount", "passwordFile", "b"])
    expect(c.toJSON()).toEqual({ credentialField: 4 })
  })

  it("masks the value of name/value pairs that name a credential", () => {
    expect(sanitizePayload([{ name: "GITHUB_TOKEN", value: "v" }, { key: "db-password", value: "v" }, { name: "HOME", value: "/h" }])).toEqual([
      { name: "GITHUB_TOKEN", value: "<redacted>" },
      { key: "db-password", value: "<redacted>" },
      { name: "HOME", value: "/h" }
    ])
  })

  it("redacts authorization values, JWTs and long name=value pairs in strings", () => {
    expect(sanitizePayload("ok Bearer abcdefghijklmnop")).toBe("ok Bearer <redacted>")
    expect(sanitizePayload("Bearer short")).toBe("Bearer short")
    expect(sanitizePayload("ADMIN_PASSWORD=plain-text-password")).toBe("ADMIN_PASSWORD=<redacted>")
    expect(sanitizePayload("x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N y")).toBe("x <redacted-jwt> y")
  })

  it("replaces inline image data by its size estimate and digest", () => {
    const out = sanitizePayload({ type: "image", data: "aGVsbG8=", mimeType: "image/png" }) as Record<string, unknown>
    expect(out).toEqual({
      type: "image",
      data: "<redacted>",
      mimeType: "image/png",
      bytes: 5,
      sha256: createHash("sha256").update("aGVsbG8=").digest("hex")
    })
  })
})

describe("path pass (§8.2)", () => {
  it("leaves strings without a local path alone", () => {
    expect(redactPathString("my key is sk-exported-session-secret1234", R)).toBe("my key is sk-exported-session-secret1234")
  })

  it("replaces the workspace and support-redacts the rest of a path-like string", () => {
    expect(redactPathString("read /home/u/ws/notes.txt key sk-exported-session-secret1234 call 123456789012", R)).toBe(
      "read $WORKSPACE_DIR/notes.txt key sk-exp…1234 call <redacted-id>"
    )
    expect(redactPathString("/home/u/ws2/x", R)).toBe("~/ws2/x")
    expect(redactPathString("/home/u/.openclaw/agents/main/sessions/a.jsonl", R)).toBe("$OPENCLAW_STATE_DIR/agents/main/sessions/a.jsonl")
  })

  it("cuts support-redacted strings at 2000 characters", () => {
    const long = `/home/u/ws/${"a".repeat(3000)}`
    const out = redactPathString(long, R)
    expect(out).toBe(`$WORKSPACE_DIR/${"a".repeat(2000 - "$WORKSPACE_DIR/".length)}...<truncated>`)
  })
})

/** Alphanumerics (a token body that starts and ends on a word character, so `\b` holds). */
const alnum = (min: number, max: number) => FastCheck.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`))
const upperAlnum = (n: number) => FastCheck.stringMatching(new RegExp(`^[A-Z0-9]{${n}}$`))

/** One secret of each shape `redactSecretShapes` recognises (src/export/redact.ts, SHAPES). */
const secretArb: FastCheck.Arbitrary<string> = FastCheck.oneof(
  // API keys by prefix
  FastCheck.tuple(
    FastCheck.constantFrom(
      "sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxb-", "xoxp-", "xapp-", "gsk_", "AIza", "ya29.", "1//0",
      "pplx-", "npm_", "glpat-", "sk_live_", "rk_live_", "AKID", "LTAI", "hf_", "r8_"
    ),
    alnum(20, 40)
  ).map(([prefix, body]) => `${prefix}${body}`),
  // AWS access key id and secret access key
  FastCheck.tuple(FastCheck.constantFrom("AKIA", "ASIA"), upperAlnum(16)).map(([p, body]) => `${p}${body}`),
  FastCheck.tuple(FastCheck.constantFrom("aws_secret_access_key", "AWS_SECRET_ACCESS_KEY"), FastCheck.constantFrom("=", ": ", '="'), alnum(40, 40)).map(
    ([name, sep, secret]) => `${name}${sep}${secret}`
  ),
  // JWT
  FastCheck.tuple(alnum(10, 30), alnum(10, 30), alnum(10, 30)).map(([a, b, c]) => `eyJ${a}.${b}.${c}`),
  // bearer token
  FastCheck.tuple(FastCheck.constantFrom("Bearer", "bearer", "BEARER"), alnum(8, 40)).map(([scheme, token]) => `${scheme} ${token}`),
  // credentials in a URL
  FastCheck.tuple(FastCheck.constantFrom("https", "postgres", "redis"), alnum(1, 12), FastCheck.option(alnum(1, 16), { nil: undefined }), alnum(1, 12)).map(
    ([scheme, user, password, host]) => `${scheme}://${user}${password === undefined ? "" : `:${password}`}@${host}.example.com/x`
  ),
  // sensitive URL query parameters
  FastCheck.tuple(
    FastCheck.constantFrom("token", "key", "api_key", "api-key", "secret", "access_token", "password", "client_secret", "signature"),
    alnum(1, 30)
  ).map(([name, value]) => `https://x.test/p?a=1&${name}=${value}`),
  // secret flags on a command line, bare or quoted; the value ends at whitespace (or the closing
  // quote) and is either below 18 characters (masked to `***`) or 18 and more (`first 6…last 4`)
  FastCheck.tuple(
    FastCheck.constantFrom("--token", "--api-key", "--apikey", "--hook-token", "--secret", "--password", "--passwd"),
    FastCheck.oneof(alnum(1, 17), alnum(18, 40)),
    FastCheck.constantFrom("", "'", '"')
  ).map(([flag, value, quote]) => `${flag} ${quote}${value}${quote} `),
  // Telegram bot token
  FastCheck.tuple(FastCheck.constantFrom("bot", ""), FastCheck.stringMatching(/^[0-9]{6,12}$/), alnum(20, 40)).map(
    ([bot, id, token]) => `${bot}${id}:${token}`
  ),
  // PEM private key
  FastCheck.tuple(FastCheck.constantFrom("", "RSA ", "EC ", "OPENSSH "), FastCheck.array(alnum(1, 64), { minLength: 1, maxLength: 4 })).map(
    ([type, lines]) => `-----BEGIN ${type}PRIVATE KEY-----\n${lines.join("\n")}\n-----END ${type}PRIVATE KEY-----`
  )
)

/** Random text with one to four secrets embedded, each set off by a non-word separator. */
const textWithSecretsArb: FastCheck.Arbitrary<string> = FastCheck.tuple(
  FastCheck.string({ maxLength: 40 }),
  FastCheck.array(
    FastCheck.tuple(FastCheck.constantFrom(" ", "\n", "\t", "(", ": ", ", ", " \"", "'"), secretArb, FastCheck.constantFrom(" ", "\n", ")", ".", ", ", "\" ", "'"), FastCheck.string({ maxLength: 40 })),
    { minLength: 1, maxLength: 4 }
  )
).map(([head, parts]) => head + parts.map(([before, secret, after, text]) => `${before}${secret}${after}${text}`).join(""))

describe("secret shapes anywhere (D16)", () => {
  const cases: Array<[string, string, string]> = [
    ["sk-exported-session-secret1234", "sk-exp…1234", "apiKey"],
    ["ghp_123456789012345678901234", "ghp_12…1234", "apiKey"],
    ["github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github…mnop", "apiKey"],
    ["xoxb-1234567890-abcdefghij", "xoxb-1…ghij", "apiKey"],
    ["AIzaSyA1234567890abcdefghijklmnopq", "AIzaSy…nopq", "apiKey"],
    ["AKIAIOSFODNN7EXAMPLE", "<redacted-aws-key>", "awsKey"],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N", "<redacted-jwt>", "jwt"],
    ["Bearer abcdefghijklmnop", "Bearer <redacted>", "authorization"],
    ["https://admin:hunter2@db.example.com/x", "https://<redacted>:<redacted>@db.example.com/x", "urlCredentials"],
    ["https://x.test/?token=abc&x=1", "https://x.test/?token=<redacted>&x=1", "urlQuerySecret"],
    ["run --token abcdefgh12345678", "run --token ***", "secretFlag"],
    ["bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "bot123456…Dsaw", "botToken"],
    [
      "-----BEGIN PRIVATE KEY-----\nMIIEv\nQQQ\n-----END PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\n…redacted…\n-----END PRIVATE KEY-----",
      "privateKey"
    ]
  ]
  for (const [input, output, kind] of cases) {
    it(`${kind}: ${input.slice(0, 24)}`, () => {
      const c = new RedactionCounter()
      expect(redactSecretShapes(`before ${input} after`, c)).toBe(`before ${output} after`)
      expect(c.toJSON()).toEqual({ [kind]: 1 })
      // idempotent: its own output is left alone and not counted again
      const again = new RedactionCounter()
      expect(redactSecretShapes(`before ${output} after`, again)).toBe(`before ${output} after`)
      expect(again.toJSON()).toEqual({})
    })
  }

  it("leaves ordinary text alone", () => {
    for (const s of ["hello world", "skills/weather/SKILL.md", "task-1234 done", "$WORKSPACE_DIR/notes.txt", "a=b&c=d", "http://example.com/path"]) {
      expect(redactSecretShapes(s)).toBe(s)
    }
  })

  it.prop("is idempotent", [textWithSecretsArb], ([s]) => {
    // every draw embeds at least one secret, so the first pass must change the text and count it
    const first = new RedactionCounter()
    const once = redactSecretShapes(s, first)
    expect(once).not.toBe(s)
    expect(Object.keys(first.toJSON()).length).toBeGreaterThan(0)
    // and a second pass over its own output changes nothing and counts nothing more
    const second = new RedactionCounter()
    expect(redactSecretShapes(once, second)).toBe(once)
    expect(second.toJSON()).toEqual({})
  })

  // a flag value of 18+ characters is masked to `abcdef…qrst` (11 characters, below the threshold):
  // a second pass must leave that alone rather than mask it again to `***`
  it("is idempotent on a secret flag with a value of 18 or more characters", () => {
    for (const [input, output] of [
      ["run --token abcdefghijklmnopqrst", "run --token abcdef…qrst"],
      ["run --password 'abcdefghijklmnopqrst' x", "run --password 'abcdef…qrst' x"]
    ]) {
      const first = new RedactionCounter()
      const once = redactSecretShapes(input!, first)
      expect(once).toBe(output)
      expect(first.toJSON()).toEqual({ secretFlag: 1 })
      const again = new RedactionCounter()
      expect(redactSecretShapes(once, again)).toBe(once)
      expect(again.toJSON()).toEqual({})
    }
  })

  it("keeps the reference's masking of a long secret flag in a path-like string", () => {
    // the reference (§8.2) masks it to `abcdef…qrst`; D16 runs after and must not turn it into `***`
    const c = new RedactionCounter()
    const once = redactSecretShapes(redactPathString("/home/u/ws/a.txt --token abcdefghijklmnopqrst", R, c), c)
    expect(once).toBe("$WORKSPACE_DIR/a.txt --token abcdef…qrst")
    expect(c.toJSON()).toEqual({ secretFlag: 1 })
  })

  it.prop("is idempotent on arbitrary text", [FastCheck.string({ maxLength: 200 })], ([s]) => {
    const once = redactSecretShapes(s)
    expect(redactSecretShapes(once)).toBe(once)
  })

  it.prop(
    "masks any sk- key embedded in text",
    [FastCheck.stringMatching(/^[A-Za-z0-9]{20,40}$/), FastCheck.constantFrom(" ", "\n", "(", ": ")],
    ([key, sep]) => {
      const out = redactSecretShapes(`x${sep}sk-${key}${sep}y`)
      expect(out).not.toContain(key)
    }
  )
})

// ---------------------------------------------------------------------------------------------
// Values under secret key names

/** Words of secret key names, spelt below in every style OpenClaw data uses. */
const SECRET_KEY_WORDS: ReadonlyArray<ReadonlyArray<string>> = [
  ["token"], ["secret"], ["password"], ["passwd"], ["api", "key"], ["authorization"], ["cookie"], ["private", "key"],
  ["access", "token"], ["refresh", "token"], ["auth", "token"], ["bot", "token"], ["client", "secret"], ["app", "secret"],
  ["x", "api", "key"], ["set", "cookie"], ["proxy", "authorization"], ["openai", "api", "key"], ["secret", "access", "key"],
  ["signing", "secret"], ["card", "number"], ["cvc"], ["security", "code"], ["credentials"], ["encryption", "key"]
]
/** Keys that are no secrets: token counts and limits, session keys, a file that holds a password. */
const PLAIN_KEYS: ReadonlyArray<string> = [
  "tokens", "inputTokens", "outputTokens", "maxTokens", "max_tokens", "totalTokens", "contextTokens", "tokenCount",
  "token_count", "tokenLimit", "tokenBudget", "cacheReadTokens", "reasoning_tokens", "passwordFile", "PASSWORD_FILE",
  "sessionKey", "key", "keys", "monkey", "tokenizer", "token_type", "secretRef", "apiKeyEnv", "id", "name", "mode", "text"
]
const spell = (words: ReadonlyArray<string>, style: number): string => {
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1)
  switch (style) {
    case 0: return words[0]! + words.slice(1).map(cap).join("") // camelCase
    case 1: return words.join("_") // snake_case
    case 2: return words.join("-") // kebab-case
    case 3: return words.join("_").toUpperCase() // ENV_STYLE
    case 4: return words.map(cap).join("-") // Header-Style
    default: return words.join("") // squashed
  }
}
const secretKeyArb = FastCheck.tuple(FastCheck.constantFrom(...SECRET_KEY_WORDS), FastCheck.integer({ min: 0, max: 5 })).map(([w, style]) => spell(w, style))
const plainKeyArb = FastCheck.oneof(FastCheck.constantFrom(...PLAIN_KEYS), FastCheck.nat(999).map((n) => `f${n}`))
// plain numbers stay below 1000, the hidden numeric secrets above, so the text search below is exact
const plainValueArb = FastCheck.oneof(
  FastCheck.stringMatching(/^[a-z ]{0,12}$/),
  FastCheck.integer({ min: -999, max: 999 }),
  FastCheck.boolean(),
  FastCheck.constant(null)
)
/** A JSON value without secret keys, up to `depth` levels deep. */
const plainTree = (depth: number): FastCheck.Arbitrary<unknown> =>
  depth === 0
    ? plainValueArb
    : FastCheck.oneof(
        plainValueArb,
        FastCheck.array(plainTree(depth - 1), { maxLength: 3 }),
        FastCheck.dictionary(plainKeyArb, plainTree(depth - 1), { maxKeys: 4 })
      )
/** Where to hide a value: a path of object keys and array positions below the root. */
const stepArb = FastCheck.oneof(plainKeyArb.map((k) => ({ key: k })), FastCheck.nat(2).map((i) => ({ index: i })))
const SECRET_MARK = "SeCrEt"
const secretValueArb = FastCheck.stringMatching(/^[A-Za-z0-9+/=_-]{1,40}$/).map((v) => `${SECRET_MARK}${v}`)

/** Puts `value` under `key` at the end of `steps` inside `tree` (objects and arrays created as needed). */
const hide = (tree: unknown, steps: ReadonlyArray<{ key?: string; index?: number }>, key: string, value: unknown): unknown => {
  if (steps.length === 0) {
    const base = tree !== null && typeof tree === "object" && !Array.isArray(tree) ? (tree as Record<string, unknown>) : {}
    return { ...base, [key]: value }
  }
  const [step, ...rest] = steps
  if (step!.key !== undefined) {
    const base = tree !== null && typeof tree === "object" && !Array.isArray(tree) ? (tree as Record<string, unknown>) : {}
    return { ...base, [step!.key]: hide(base[step!.key], rest, key, value) }
  }
  const list = Array.isArray(tree) ? [...tree] : []
  const at = Math.min(step!.index!, list.length)
  list[at] = hide(list[at], rest, key, value)
  return list
}

describe("values under secret key names", () => {
  it("a value hidden under a secret key at any depth, in any spelling, is redacted and counted", () => {
    FastCheck.assert(
      FastCheck.property(
        plainTree(3),
        FastCheck.array(stepArb, { maxLength: 6 }),
        secretKeyArb,
        FastCheck.oneof(secretValueArb, secretValueArb.map((v) => [v, "x"]), FastCheck.integer({ min: 1000, max: 999999 })),
        (tree, steps, key, secret) => {
          const c = new RedactionCounter()
          const input = hide(tree, steps, key, secret)
          const out = redactOutputValues(input, R, c)
          const text = JSON.stringify(out)
          expect(text).not.toContain(SECRET_MARK)
          if (typeof secret === "number") expect(text).not.toMatch(new RegExp(`:${secret}[,}\\]]`))
          expect(c.toJSON()["secretField"]).toBeGreaterThanOrEqual(1)
          // the key itself stays, in its place
          expect(text).toContain(JSON.stringify(key))
        }
      ),
      { numRuns: 500 }
    )
  })

  it("token counts, session keys and other plain keys are kept exactly, and nothing is counted", () => {
    FastCheck.assert(
      FastCheck.property(plainTree(4), (tree) => {
        const c = new RedactionCounter()
        expect(redactSecretKeys(tree, c)).toEqual(tree)
        expect(c.toJSON()).toEqual({})
      }),
      { numRuns: 500 }
    )
    for (const key of PLAIN_KEYS) expect(isSecretKeyName(key), key).toBe(false)
  })

  it("every spelling of a secret name matches; its plural token count does not", () => {
    for (const words of SECRET_KEY_WORDS) for (let style = 0; style <= 5; style += 1) expect(isSecretKeyName(spell(words, style)), spell(words, style)).toBe(true)
    for (const key of ["tokens", "Tokens", "TOKENS", "max_tokens", "MAX_TOKENS", "maxTokens", "tokenCount", "TOKEN_COUNT"]) expect(isSecretKeyName(key), key).toBe(false)
  })

  it("is idempotent and keeps key order", () => {
    FastCheck.assert(
      FastCheck.property(plainTree(3), FastCheck.array(stepArb, { maxLength: 4 }), secretKeyArb, secretValueArb, (tree, steps, key, secret) => {
        const once = redactSecretKeys(hide(tree, steps, key, secret))
        const c = new RedactionCounter()
        expect(redactSecretKeys(once, c)).toEqual(once)
        expect(c.toJSON()).toEqual({})
        expect(JSON.stringify(once).length).toBeGreaterThan(0)
      }),
      { numRuns: 300 }
    )
    const out = redactSecretKeys({ a: 1, token: "t-value", b: { password: "p", c: 2 } }) as Record<string, any>
    expect(Object.keys(out)).toEqual(["a", "token", "b"])
    expect(Object.keys(out["b"])).toEqual(["password", "c"])
  })

  it("redacts strings and numbers, item by item in arrays; keeps objects as structure, placeholders, empty strings, booleans and null", () => {
    const c = new RedactionCounter()
    expect(
      redactSecretKeys(
        {
          gateway: { auth: { mode: "token", token: "Qm9xR2tLd3pYc1VqTmVhY0ZwVGhJb2JW" } },
          apiKeys: ["a", ["b", 7], { id: "X" }],
          pin: { password: 1234 },
          schema: { properties: { token: { type: "string" } } },
          ref: { apiKey: { source: "env", id: "OPENAI_API_KEY" } },
          placeholder: { apiKey: "${OPENAI_API_KEY}" },
          blank: { secret: "", flag: { secret: true }, none: { token: null } },
          headers: [{ name: "Authorization", value: "Token x" }, { key: "x-api-key", value: 5 }, { name: "Accept", value: "*/*" }]
        },
        c
      )
    ).toEqual({
      gateway: { auth: { mode: "token", token: "<redacted>" } },
      apiKeys: ["<redacted>", ["<redacted>", "<redacted>"], { id: "X" }],
      pin: { password: "<redacted>" },
      schema: { properties: { token: { type: "string" } } },
      ref: { apiKey: { source: "env", id: "OPENAI_API_KEY" } },
      placeholder: { apiKey: "${OPENAI_API_KEY}" },
      blank: { secret: "", flag: { secret: true }, none: { token: null } },
      headers: [{ name: "Authorization", value: "<redacted>" }, { key: "x-api-key", value: "<redacted>" }, { name: "Accept", value: "*/*" }]
    })
    expect(c.toJSON()).toEqual({ secretField: 7 })
  })
})

describe("encoded request (§2)", () => {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url")
  it("takes the non-blank string fields and nothing else", () => {
    expect(decodeRequest(enc({ sessionKey: "k", output: " ", store: 5, agent: "a", workspace: "w", json: true }))).toEqual(
      Either.right({ sessionKey: "k", output: undefined, store: undefined, agent: "a", workspace: "w" })
    )
    expect(decodeRequest(`  ${enc({})}  `)).toEqual(
      Either.right({ sessionKey: "", output: undefined, store: undefined, agent: undefined, workspace: undefined })
    )
  })
  it("rejects what the reference rejects", () => {
    expect(decodeRequest("a+b")).toEqual(Either.left("Encoded trajectory export request is invalid"))
    expect(decodeRequest("W10=")).toEqual(Either.left("Encoded trajectory export request is invalid"))
    expect(decodeRequest("x".repeat(65537))).toEqual(Either.left("Encoded trajectory export request is invalid"))
    expect(decodeRequest("W10")).toEqual(Either.left("Encoded trajectory export request must be a JSON object"))
    expect(decodeRequest(enc(null))).toEqual(Either.left("Encoded trajectory export request must be a JSON object"))
    expect(decodeRequest("bm90IGpzb24")).toEqual(Either.left(`Unexpected token 'o', "not json" is not valid JSON`))
  })
})
