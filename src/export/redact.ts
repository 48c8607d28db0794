/**
 * Redaction of exported trajectory data (docs/export.md#redaction, D16).
 *
 * Three layers, applied in this order:
 * 1. `sanitizePayload` — the payload sanitiser of docs/export.md#redaction (credential-named keys dropped, `Bearer`/
 *    `Basic` values, JWTs, long `name=value` pairs, inline image data).
 * 2. `redactPathString` / `redactPathValues` — the path pass of docs/export.md#redaction (workspace path, then the
 *    support redaction for strings that are or mention local paths).
 * 3. `redactSecretShapes` — clawkeep's addition (D16): well-known secret shapes are masked in
 *    every string, path-like or not. It runs last, on output that already went through 1 and 2,
 *    so everything the reference redacts stays redacted the same way.
 * 4. `redactSecretKeys` — clawkeep's addition: the values of keys that name a secret
 *    (`gateway.auth.token`, `apiKey`, `cookie`, …) become `<redacted>` at any depth, whatever
 *    their shape. It runs on every JSON value written to the bundle, before 2 and 3.
 *
 * Every replacement that changes text is counted by kind in a `RedactionCounter` (the manifest's
 * `redactions` key). Path-prefix substitutions and truncation are not counted.
 */
import { createHash } from "node:crypto"
import * as path from "node:path"

/** Counts of redactions by kind, in the order they were first seen. */
export class RedactionCounter {
  private readonly counts = new Map<string, number>()
  add(kind: string, n = 1): void {
    if (n <= 0) return
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n)
  }
  /** A plain object with the kinds sorted by name. */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const key of [...this.counts.keys()].sort()) out[key] = this.counts.get(key)!
    return out
  }
}

/** `text.replace(re, fn)` that counts the replacements which changed the matched text. */
const replaceCounted = (
  text: string,
  re: RegExp,
  counter: RedactionCounter | undefined,
  kind: string,
  fn: (match: string, ...groups: Array<any>) => string
): string =>
  text.replace(re, (...args: Array<any>) => {
    const out = fn(...(args as [string, ...Array<any>]))
    if (out !== args[0]) counter?.add(kind)
    return out
  })

// ---------------------------------------------------------------------------------------------
// 1. Payload sanitiser (docs/export.md#redaction)

const NON_CREDENTIAL_NAMES = new Set(["passwordfile", "tokenbudget", "tokencount", "tokenfield", "tokenlimit", "tokens"])
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9+/._~=-]{8,}/giu
const JWT_VALUE = /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/gu
const NAME_VALUE_PAIR = /\b([A-Za-z][A-Za-z0-9_.-]{1,64})=([A-Za-z0-9+/._~%=-]{16,})(?=;|\s|$)/gu

/** Trimmed, lowercased string, or "" for anything else. */
const lowerOrEmpty = (value: unknown): string => {
  if (typeof value !== "string") return ""
  return value.trim().toLowerCase()
}

/** Whether an object key names a credential (dropped by the sanitiser). */
export const isCredentialFieldName = (key: string): boolean => {
  const normalized = key.replace(/[^a-z0-9]/gi, "").trim().toLowerCase()
  if (normalized === "" || NON_CREDENTIAL_NAMES.has(normalized)) return false
  if (normalized === "authorization" || normalized === "proxyauthorization") return true
  return ["apikey", "password", "passwd", "passphrase", "secret", "secretkey", "token"].some((end) => normalized.endsWith(end))
}

/** Whether a case-insensitive (`iu`) `Bearer|Basic` match is possible (ſ folds to s). */
const mayHaveAuthScheme = (lower: string): boolean =>
  lower.includes("bearer") || lower.includes("basic") || lower.includes("ba\u017fic")

const sanitizeString = (value: string, counter: RedactionCounter | undefined): string => {
  let next = value
  if (mayHaveAuthScheme(next.toLowerCase())) {
    next = replaceCounted(next, AUTH_VALUE, counter, "authorization", (_m, scheme: string) => `${scheme} <redacted>`)
  }
  if (next.includes("eyJ")) next = replaceCounted(next, JWT_VALUE, counter, "jwt", () => "<redacted-jwt>")
  if (next.includes("=")) {
    next = replaceCounted(next, NAME_VALUE_PAIR, counter, "nameValuePair", (_m, name: string) => `${name}=<redacted>`)
  }
  return next
}

/** Decoded size estimate of base64 text (whitespace ignored, padding subtracted). */
export const estimateBase64Bytes = (text: string): number => {
  let effective = 0
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 32) effective += 1
  if (effective === 0) return 0
  let padding = 0
  let end = text.length - 1
  while (end >= 0 && text.charCodeAt(end) <= 32) end -= 1
  if (end >= 0 && text[end] === "=") {
    padding = 1
    end -= 1
    while (end >= 0 && text.charCodeAt(end) <= 32) end -= 1
    if (end >= 0 && text[end] === "=") padding = 2
  }
  return Math.max(0, Math.floor((effective * 3) / 4) - padding)
}

const isImageRecord = (record: Record<string, unknown>): boolean => {
  if (typeof record["data"] !== "string") return false
  if (lowerOrEmpty(record["type"]) === "image") return true
  return [record["mimeType"], record["media_type"], record["mime_type"]].some((v) => lowerOrEmpty(v).startsWith("image/"))
}

/**
 * The payload sanitiser: returns a sanitised copy. Objects keep their key order; dropped keys
 * vanish; an object seen twice becomes `"[Circular]"`.
 */
export const sanitizePayload = (value: unknown, counter?: RedactionCounter): unknown => {
  const seen = new WeakSet<object>()
  const visit = (input: unknown): unknown => {
    if (Array.isArray(input)) return input.map(visit)
    if (typeof input === "string") return sanitizeString(input, counter)
    if (!input || typeof input !== "object") return input
    if (seen.has(input)) return "[Circular]"
    seen.add(input)
    const record = input as Record<string, unknown>
    const out: Record<string, unknown> = {}
    const rawName = typeof record["name"] === "string" ? record["name"] : record["key"]
    const maskValue = typeof rawName === "string" && isCredentialFieldName(rawName)
    for (const [key, val] of Object.entries(record)) {
      if (isCredentialFieldName(key)) {
        counter?.add("credentialField")
        continue
      }
      if (maskValue && key === "value") {
        if (val !== "<redacted>") counter?.add("credentialValue")
        out[key] = "<redacted>"
      } else {
        out[key] = visit(val)
      }
    }
    if (isImageRecord(record)) {
      const data = record["data"] as string
      counter?.add("image")
      out["data"] = "<redacted>"
      out["bytes"] = estimateBase64Bytes(data)
      out["sha256"] = createHash("sha256").update(data).digest("hex")
    }
    return out
  }
  return visit(value)
}

// ---------------------------------------------------------------------------------------------
// 2. Support redaction of path-like strings (docs/export.md#redaction)

const PAY_ENV = String.raw`CARD[_-]?NUMBER|CARD[_-]?CVC|CARD[_-]?CVV|CVC|CVV|SECURITY[_-]?CODE|PAYMENT[_-]?CREDENTIAL|SHARED[_-]?PAYMENT[_-]?TOKEN`
const PAY_QUERY = String.raw`card[-_]?number|card[-_]?cvc|card[-_]?cvv|cvc|cvv|security[-_]?code|payment[-_]?credential|shared[-_]?payment[-_]?token`
const PAY_JSON = String.raw`cardNumber|card_number|cardCvc|card_cvc|cardCvv|card_cvv|cvc|cvv|securityCode|security_code|paymentCredential|payment_credential|sharedPaymentToken|shared_payment_token`

/** The logging layer's default secret patterns, with the flags they are compiled with, and a kind. */
const SECRET_PATTERNS: ReadonlyArray<readonly [string, string, string]> = [
  [String.raw`\b[A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|${PAY_ENV})\b\s*[=:]\s*(["']?)([^\s"'\\]+)\1`, "g", "secretAssignment"],
  [String.raw`[?&](?:access[-_]?token|auth[-_]?token|hook[-_]?token|refresh[-_]?token|api[-_]?key|client[-_]?secret|token|key|secret|password|pass|passwd|auth|signature|${PAY_QUERY})=([^&\s"'<>]+)`, "gi", "urlQuerySecret"],
  [String.raw`"(?:apiKey|token|secret|password|passwd|accessToken|refreshToken|${PAY_JSON})"\s*:\s*"([^"]+)"`, "gi", "jsonSecretField"],
  [String.raw`(^|[\s,{])["']?(?:api[-_]key|access[-_]token|refresh[-_]token|authToken|auth[-_]token|clientSecret|client[-_]secret|appSecret|app[-_]secret)["']?\s*[:=]\s*(["'])([^"'\r\n]+)\2`, "gi", "secretAssignment"],
  [String.raw`(^|[\s,{])["']?(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token)["']?\s*[:=]\s*(["'])([^"'\r\n]+)\2`, "gi", "authorization"],
  [String.raw`--(?:api[-_]?key|hook[-_]?token|token|secret|password|passwd|${PAY_QUERY})\s+(["']?)([^\s"']+)\1`, "gi", "secretFlag"],
  [String.raw`Authorization\s*[:=]\s*Bearer\s+([A-Za-z0-9._\-+=]+)`, "gi", "authorization"],
  [String.raw`\bBearer\s+([A-Za-z0-9._\-+=]{18,})\b`, "gi", "authorization"],
  [String.raw`(^|[\s,;])(?:access_token|refresh_token|auth[-_]?token|api[-_]?key|client[-_]?secret|app[-_]?secret|token|secret|password|passwd|${PAY_QUERY})=([^\s&#]+)`, "gi", "secretAssignment"],
  [String.raw`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----`, "gi", "privateKey"],
  [String.raw`\b(sk-[A-Za-z0-9_-]{8,})\b`, "gi", "apiKey"],
  [String.raw`\b(ghp_[A-Za-z0-9]{20,})\b`, "gi", "apiKey"],
  [String.raw`\b(github_pat_[A-Za-z0-9_]{20,})\b`, "gi", "apiKey"],
  [String.raw`\b(xox[baprs]-[A-Za-z0-9-]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(xapp-[A-Za-z0-9-]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(gsk_[A-Za-z0-9_-]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(AIza[0-9A-Za-z\-_]{20,})\b`, "gi", "apiKey"],
  [String.raw`\b(ya29\.[0-9A-Za-z_\-./+=]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(1//0[0-9A-Za-z_\-./+=]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})\b`, "gi", "jwt"],
  [String.raw`\b(pplx-[A-Za-z0-9_-]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(npm_[A-Za-z0-9]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(AKID[A-Za-z0-9]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(LTAI[A-Za-z0-9]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(hf_[A-Za-z0-9]{10,})\b`, "gi", "apiKey"],
  [String.raw`\b(r8_[A-Za-z0-9]{10,})\b`, "gi", "apiKey"],
  [String.raw`\bbot(\d{6,}:[A-Za-z0-9_-]{20,})\b`, "gi", "botToken"],
  [String.raw`\b(\d{6,}:[A-Za-z0-9_-]{20,})\b`, "gi", "botToken"]
]

const COMPILED_SECRET_PATTERNS = SECRET_PATTERNS.map(([source, flags, kind]) => ({ re: new RegExp(source, flags), kind }))

/** `first 6…last 4`, or `***` below 18 characters. */
export const maskToken = (token: string): string => (token.length < 18 ? "***" : `${token.slice(0, 6)}…${token.slice(-4)}`)

/**
 * Whether a value is exactly what `maskToken` produces (`***`, or 6 characters, `…`, 4
 * characters). The masked form of a long value has 11 characters, below the 18-character
 * threshold, so masking it again would turn `abcdef…qrst` into `***`: the D16 pass leaves such a
 * value alone, which keeps it idempotent and keeps the reference's own masking of path-like
 * strings (docs/export.md#redaction) as the reference wrote it.
 */
const isMaskedToken = (value: string): boolean =>
  value === "***" || (value.length === 11 && value[6] === "…")

const maskPem = (block: string): string => {
  const lines = block.split(/\r?\n/).filter(Boolean)
  if (lines.length < 2) return "***"
  return `${lines[0]}\n…redacted…\n${lines[lines.length - 1]}`
}

const maskMatch = (match: string, groups: ReadonlyArray<unknown>): string => {
  if (match.includes("PRIVATE KEY-----")) return maskPem(match)
  let token: string = match
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    const g = groups[i]
    if (typeof g === "string" && g.length > 0) {
      token = g
      break
    }
  }
  const masked = maskToken(token)
  if (token === match) return masked
  return match.replace(token, masked)
}

/** Long texts are matched in chunks (as the logging layer does), so matches never span chunks. */
const replaceBounded = (text: string, re: RegExp, fn: (...args: Array<any>) => string): string => {
  if (text.length <= 32768) return text.replace(re, fn)
  let out = ""
  for (let i = 0; i < text.length; i += 16384) out += text.slice(i, i + 16384).replace(re, fn)
  return out
}

/** The logging layer's secret masking (default patterns, "tools" mode). */
export const maskSecrets = (text: string, counter?: RedactionCounter): string => {
  if (!text) return text
  let next = text
  for (const { re, kind } of COMPILED_SECRET_PATTERNS) {
    next = replaceBounded(next, re, (...args: Array<any>) => {
      const out = maskMatch(args[0], args.slice(1, -2))
      if (out !== args[0]) counter?.add(kind)
      return out
    })
  }
  return next
}

const BASIC_AUTH = /\bBasic\s+[A-Za-z0-9+/]+={0,2}/giu
const COOKIE_HEADER = /\b(Cookie|Set-Cookie)\s*:\s*[^\r\n]+/giu
const AWS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/gu
const JWT = /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/gu
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:?#]+)(?::([^/@\s?#]+))?@/giu
const URL_PARAM = /([?&])([^=&\s]+)=([^&#\s]+)/giu
const EMAIL = /\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b/giu
const MATRIX_USER = /@[A-Za-z0-9._=-]+:[A-Za-z0-9.-]+/gu
const MATRIX_ROOM = /![A-Za-z0-9._=-]+:[A-Za-z0-9.-]+/gu
const MATRIX_EVENT = /\$[A-Za-z0-9_-]{16,}/gu
const HANDLE = /(^|[^\w:/])@[A-Za-z0-9_]{5,}\b(?!\.)/gu
const LONG_ID = /\b\d{9,}\b/gu
const SENSITIVE_QUERY_NAMES = new Set([
  "token", "key", "api_key", "apikey", "secret", "access_token", "auth_token", "password", "pass", "passwd", "auth",
  "client_secret", "hook_token", "refresh_token", "signature"
])

const isSensitiveQueryName = (name: string): boolean => SENSITIVE_QUERY_NAMES.has(lowerOrEmpty(name).replaceAll("-", "_"))

const supportText = (value: string, c: RedactionCounter | undefined): string => {
  let s = replaceCounted(value, BASIC_AUTH, c, "authorization", () => "Basic <redacted>")
  s = replaceCounted(s, COOKIE_HEADER, c, "cookie", (_m, name: string) => `${name}: <redacted>`)
  s = replaceCounted(s, AWS_KEY, c, "awsKey", () => "<redacted-aws-key>")
  s = replaceCounted(s, JWT, c, "jwt", () => "<redacted-jwt>")
  s = maskSecrets(s, c)
  s = replaceCounted(s, URL_USERINFO, c, "urlCredentials", (_m, scheme: string, _user: string, password: string | undefined) =>
    password ? `${scheme}<redacted>:<redacted>@` : `${scheme}<redacted>@`
  )
  s = replaceCounted(s, URL_PARAM, c, "urlQuerySecret", (m: string, prefix: string, key: string) =>
    isSensitiveQueryName(key) ? `${prefix}${key}=<redacted>` : m
  )
  s = replaceCounted(s, MATRIX_USER, c, "matrixId", () => "<redacted-matrix-user>")
  s = replaceCounted(s, MATRIX_ROOM, c, "matrixId", () => "<redacted-matrix-room>")
  s = replaceCounted(s, MATRIX_EVENT, c, "matrixId", () => "<redacted-matrix-event>")
  s = replaceCounted(s, EMAIL, c, "email", () => "<redacted-email>")
  s = replaceCounted(s, HANDLE, c, "handle", (_m, lead: string) => `${lead}<redacted-handle>`)
  return replaceCounted(s, LONG_ID, c, "longId", () => "<redacted-id>")
}

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\)/u

interface PathPrefix {
  readonly prefix: string
  readonly label: string
  readonly caseInsensitive: boolean
}

/** What the path pass needs to know about the local machine. */
export interface PathRedaction {
  /** Absolute workspace path. */
  readonly workspaceDir: string
  readonly stateDir: string
  readonly home: string | undefined
  readonly userProfile: string | undefined
}

const prefixesCache = new WeakMap<PathRedaction, ReadonlyArray<PathPrefix>>()

const pathPrefixes = (r: PathRedaction): ReadonlyArray<PathPrefix> => {
  const cached = prefixesCache.get(r)
  if (cached) return cached
  const byPrefix = new Map<string, PathPrefix>()
  const add = (value: string | undefined, label: string) => {
    if (!value) return
    const windows = WINDOWS_ABSOLUTE.test(value)
    const normalized = windows ? path.win32.resolve(value) : path.resolve(value)
    const ci = WINDOWS_ABSOLUTE.test(normalized)
    if (!byPrefix.has(normalized)) byPrefix.set(normalized, { prefix: normalized, label, caseInsensitive: ci })
    if (ci) {
      const slashed = normalized.replaceAll("\\", "/")
      if (!byPrefix.has(slashed)) byPrefix.set(slashed, { prefix: slashed, label, caseInsensitive: ci })
    }
  }
  add(r.stateDir, "$OPENCLAW_STATE_DIR")
  add(r.home, "~")
  add(r.userProfile, "~")
  const list = [...byPrefix.values()].sort((a, b) => b.prefix.length - a.prefix.length)
  prefixesCache.set(r, list)
  return list
}

const startsWithPrefix = (value: string, p: PathPrefix): boolean =>
  p.caseInsensitive ? value.toLowerCase().startsWith(p.prefix.toLowerCase()) : value.startsWith(p.prefix)

const redactAbsolutePath = (file: string, r: PathRedaction, c: RedactionCounter | undefined): string => {
  if (file.startsWith("$")) return file
  const candidates = WINDOWS_ABSOLUTE.test(file)
    ? [path.win32.resolve(file), path.win32.resolve(file).replaceAll("\\", "/")]
    : [path.resolve(file)]
  for (const candidate of candidates) {
    for (const p of pathPrefixes(r)) {
      if (!startsWithPrefix(candidate, p)) continue
      if (candidate.length === p.prefix.length) return p.label
      const next = candidate[p.prefix.length]
      if (next === "/" || next === "\\") return `${p.label}${candidate.slice(p.prefix.length)}`
    }
  }
  return maskSecrets(candidates[0] ?? file, c)
}

const replacePrefixEverywhere = (value: string, p: PathPrefix): string => {
  const search = p.caseInsensitive ? p.prefix.toLowerCase() : p.prefix
  const haystack = p.caseInsensitive ? value.toLowerCase() : value
  let offset = 0
  let out = ""
  while (offset < value.length) {
    const index = haystack.indexOf(search, offset)
    if (index === -1) {
      out += value.slice(offset)
      break
    }
    out += value.slice(offset, index) + p.label
    offset = index + p.prefix.length
  }
  return out
}

/** Support redaction of one string (credentials, identifiers, path prefixes, 2000-char cut). */
export const supportRedact = (value: string, r: PathRedaction, c?: RedactionCounter): string => {
  const text = supportText(value, c)
  let out: string
  if (path.isAbsolute(text) || WINDOWS_ABSOLUTE.test(text)) {
    out = redactAbsolutePath(text, r, c)
  } else {
    out = text
    for (const p of pathPrefixes(r)) out = replacePrefixEverywhere(out, p)
  }
  return out.length <= 2000 ? out : `${out.slice(0, 2000)}...<truncated>`
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")
const workspaceRegexCache = new WeakMap<PathRedaction, ReadonlyArray<RegExp>>()

const workspaceRegexes = (r: PathRedaction): ReadonlyArray<RegExp> => {
  const cached = workspaceRegexCache.get(r)
  if (cached) return cached
  const list = [...new Set([r.workspaceDir, r.workspaceDir.replaceAll("\\", "/")])]
    .filter((s) => s !== "")
    .map((s) => new RegExp(`${escapeRegExp(s)}(?=$|[\\\\/])`, "gu"))
  workspaceRegexCache.set(r, list)
  return list
}

/** The path pass on one string (docs/export.md#redaction). */
export const redactPathString = (value: string, r: PathRedaction, c?: RedactionCounter): string => {
  let next = value
  if (next.includes(r.workspaceDir) || next.includes(r.workspaceDir.replaceAll("\\", "/"))) {
    for (const re of workspaceRegexes(r)) next = next.replace(re, "$WORKSPACE_DIR")
  }
  if (
    next !== value ||
    path.isAbsolute(next) ||
    next.includes(r.stateDir) ||
    (r.home ? next.includes(r.home) : false) ||
    (r.userProfile ? next.includes(r.userProfile) : false)
  ) {
    return supportRedact(next, r, c)
  }
  return next
}

/** The path pass over every string of a JSON value (objects rebuilt in key order). */
export const redactPathValues = (value: unknown, r: PathRedaction, c?: RedactionCounter): unknown => {
  if (typeof value === "string") return redactPathString(value, r, c)
  if (Array.isArray(value)) return value.map((v) => redactPathValues(v, r, c))
  if (!value || typeof value !== "object") return value
  const out: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) out[key] = redactPathValues(entry, r, c)
  return out
}

// ---------------------------------------------------------------------------------------------
// 3. Secret shapes anywhere (D16)

interface Shape {
  readonly re: RegExp
  readonly kind: string
  readonly replace: (m: string, ...g: Array<any>) => string
  /** A cheap test that must hold for the pattern to match (skips hopeless regex scans). */
  readonly hint: (value: string, lower: string) => boolean
}

const SHAPES: ReadonlyArray<Shape> = [
  {
    re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/gi,
    kind: "privateKey",
    replace: (m) => maskPem(m),
    hint: (_v, lower) => lower.includes("private key-----")
  },
  {
    re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/gu,
    kind: "awsKey",
    replace: () => "<redacted-aws-key>",
    hint: (v) => v.includes("AKIA") || v.includes("ASIA")
  },
  {
    re: /\b(aws_secret_access_key|AWS_SECRET_ACCESS_KEY)(\s*[=:]\s*["']?)([A-Za-z0-9/+=]{40})\b/gu,
    kind: "awsKey",
    replace: (_m, name: string, sep: string, secret: string) => `${name}${sep}${maskToken(secret)}`,
    hint: (_v, lower) => lower.includes("aws_secret_access_key")
  },
  {
    re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/gu,
    kind: "jwt",
    replace: () => "<redacted-jwt>",
    hint: (v) => v.includes("eyJ")
  },
  {
    re: /\b(Bearer)\s+(?!<redacted>)[A-Za-z0-9+/._~=-]{8,}/giu,
    kind: "authorization",
    replace: (_m, scheme: string) => `${scheme} <redacted>`,
    hint: (_v, lower) => lower.includes("bearer")
  },
  {
    re: /\b([a-z][a-z0-9+.-]*:\/\/)(?!<redacted>)([^/@\s:?#]+)(?::([^/@\s?#]+))?@/giu,
    kind: "urlCredentials",
    replace: (_m, scheme: string, _u: string, password: string | undefined) =>
      password ? `${scheme}<redacted>:<redacted>@` : `${scheme}<redacted>@`,
    hint: (v) => v.includes("://") && v.includes("@")
  },
  {
    re: /([?&])([^=&\s]+)=([^&#\s]+)/giu,
    kind: "urlQuerySecret",
    replace: (m: string, prefix: string, key: string) => (isSensitiveQueryName(key) ? `${prefix}${key}=<redacted>` : m),
    hint: (v) => v.includes("=") && (v.includes("?") || v.includes("&"))
  },
  {
    re: /--(?:api[-_]?key|hook[-_]?token|token|secret|password|passwd)\s+(["']?)([^\s"']+)\1/gi,
    kind: "secretFlag",
    replace: (m: string, _q: string, value: string) => (isMaskedToken(value) ? m : m.replace(value, () => maskToken(value))),
    hint: (v) => v.includes("--")
  },
  ...(
    [
      [String.raw`\b(sk-[A-Za-z0-9_-]{8,})\b`, "sk-"],
      [String.raw`\b(ghp_[A-Za-z0-9]{20,})\b`, "ghp_"],
      [String.raw`\b(gh[ousr]_[A-Za-z0-9]{20,})\b`, "gh"],
      [String.raw`\b(github_pat_[A-Za-z0-9_]{20,})\b`, "github_pat_"],
      [String.raw`\b(xox[baprs]-[A-Za-z0-9-]{10,})\b`, "xox"],
      [String.raw`\b(xapp-[A-Za-z0-9-]{10,})\b`, "xapp-"],
      [String.raw`\b(gsk_[A-Za-z0-9_-]{10,})\b`, "gsk_"],
      [String.raw`\b(AIza[0-9A-Za-z\-_]{20,})\b`, "AIza"],
      [String.raw`\b(ya29\.[0-9A-Za-z_\-./+=]{10,})\b`, "ya29."],
      [String.raw`\b(1//0[0-9A-Za-z_\-./+=]{10,})\b`, "1//0"],
      [String.raw`\b(pplx-[A-Za-z0-9_-]{10,})\b`, "pplx-"],
      [String.raw`\b(npm_[A-Za-z0-9]{10,})\b`, "npm_"],
      [String.raw`\b(glpat-[A-Za-z0-9_-]{20,})\b`, "glpat-"],
      [String.raw`\b([rs]k_live_[A-Za-z0-9]{10,})\b`, "k_live_"],
      [String.raw`\b(AKID[A-Za-z0-9]{10,})\b`, "AKID"],
      [String.raw`\b(LTAI[A-Za-z0-9]{10,})\b`, "LTAI"],
      [String.raw`\b(hf_[A-Za-z0-9]{10,})\b`, "hf_"],
      [String.raw`\b(r8_[A-Za-z0-9]{10,})\b`, "r8_"]
    ] as const
  ).map(([source, prefix]) => ({
    re: new RegExp(source, "g"),
    kind: "apiKey",
    replace: (m: string) => maskToken(m),
    hint: (v: string) => v.includes(prefix)
  })),
  {
    re: /\b(?:bot)?(\d{6,}:[A-Za-z0-9_-]{20,})\b/g,
    kind: "botToken",
    replace: (m: string, token: string) => m.replace(token, () => maskToken(token)),
    hint: (v) => v.includes(":")
  }
]

/** D16: masks well-known secret shapes in any string (idempotent on its own output). */
export const redactSecretShapes = (value: string, c?: RedactionCounter): string => {
  let next = value
  let lower = value.toLowerCase()
  for (const shape of SHAPES) {
    if (!shape.hint(next, lower)) continue
    const out = replaceCounted(next, shape.re, c, shape.kind, shape.replace)
    if (out !== next) {
      next = out
      lower = next.toLowerCase()
    }
  }
  return next
}

/** D16 over every string of a JSON value (keys untouched, key order kept). */
export const redactSecretShapesDeep = (value: unknown, c?: RedactionCounter): unknown => {
  if (typeof value === "string") return redactSecretShapes(value, c)
  if (Array.isArray(value)) return value.map((v) => redactSecretShapesDeep(v, c))
  if (!value || typeof value !== "object") return value
  const out: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) out[key] = redactSecretShapesDeep(entry, c)
  return out
}

// ---------------------------------------------------------------------------------------------
// 4. Values under secret key names, anywhere (docs/export.md)

/**
 * Endings of a key, squashed (lower case, separators dropped), that name a secret: the usual
 * `token`/`secret`/`password`/`apiKey`/`authorization`/`cookie`/`privateKey` and the field and
 * header names the reference's logging redaction lists (`passwd`, `accessToken`, `refreshToken`,
 * `authToken`, `clientSecret`, `appSecret`, `x-api-key`, `set-cookie`, payment fields), plus
 * `credential(s)`, `passphrase` and the key kinds of its config redaction (`encryptKey`,
 * `serviceAccount`). A key matches when its squashed form ends with one of these: `accessToken`,
 * `bot_token`, `X-Auth-Token`, `OPENAI_API_KEY` do; `tokens`, `maxTokens`, `tokenCount`,
 * `token_limit`, `passwordFile`, `sessionKey` and a bare `key` do not.
 */
const SECRET_KEY_ENDINGS: ReadonlyArray<string> = [
  "token",
  "secret",
  "password",
  "passwd",
  "passphrase",
  "apikey",
  "apikeys",
  "privatekey",
  "secretkey",
  "secretaccesskey",
  "encryptkey",
  "encryptionkey",
  "authorization",
  "cookie",
  "cookies",
  "credential",
  "credentials",
  "cardnumber",
  "cardcvc",
  "cardcvv",
  "cvc",
  "cvv",
  "securitycode",
  "serviceaccount"
]

/** Environment-style names (`OPENAI_KEY`, `DB_PASSWORD`): upper case, last `_` word one of these. */
const ENV_SECRET_WORDS: ReadonlySet<string> = new Set(["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD"])
const ENV_STYLE = /^[A-Z][A-Z0-9_]*$/

const secretKeyCache = new Map<string, boolean>()

/** Whether a JSON key names a secret (see SECRET_KEY_ENDINGS). */
export const isSecretKeyName = (key: string): boolean => {
  const cached = secretKeyCache.get(key)
  if (cached !== undefined) return cached
  const squashed = key.toLowerCase().replace(/[^a-z0-9]/g, "")
  const secret =
    SECRET_KEY_ENDINGS.some((ending) => squashed.endsWith(ending)) ||
    (ENV_STYLE.test(key) && ENV_SECRET_WORDS.has(key.slice(key.lastIndexOf("_") + 1)))
  if (secretKeyCache.size >= 4096) secretKeyCache.clear()
  secretKeyCache.set(key, secret)
  return secret
}

const REDACTED = "<redacted>"
const ENV_PLACEHOLDER = /^\$\{[^}]*\}$/

/**
 * The redacted form of a value found under a secret key: strings and numbers become
 * `<redacted>`, arrays are redacted item by item; an empty string, an already redacted value, a
 * `${NAME}` placeholder (a reference to a secret, not one), booleans and null stay. Objects are
 * not values but structure (a schema's `token: { type: "string" }`, a secret reference
 * `{ source: "env", id: "…" }`): their own keys are judged by name.
 */
const redactSecretValue = (value: unknown, c: RedactionCounter | undefined, visit: (v: unknown) => unknown): unknown => {
  if (Array.isArray(value)) return value.map((v) => redactSecretValue(v, c, visit))
  if (typeof value === "number") {
    c?.add("secretField")
    return REDACTED
  }
  if (typeof value !== "string") return visit(value)
  if (value === "" || value === REDACTED || ENV_PLACEHOLDER.test(value.trim())) return value
  c?.add("secretField")
  return REDACTED
}

/**
 * Redacts, at any depth, the values of keys that name a secret, and the `value` of a
 * `{ name | key: <secret name>, value }` pair. Keys and key order are kept; counted as
 * `secretField`. Idempotent.
 */
export const redactSecretKeys = (value: unknown, c?: RedactionCounter): unknown => {
  const visit = (input: unknown): unknown => {
    if (Array.isArray(input)) return input.map(visit)
    if (!input || typeof input !== "object") return input
    const record = input as Record<string, unknown>
    const label = typeof record["name"] === "string" ? record["name"] : record["key"]
    const pair = typeof label === "string" && isSecretKeyName(label)
    const out: Record<string, unknown> = {}
    for (const [key, entry] of Object.entries(record)) {
      out[key] = isSecretKeyName(key) || (pair && key === "value") ? redactSecretValue(entry, c, visit) : visit(entry)
    }
    return out
  }
  return visit(value)
}

/** Path pass then D16 on one string. */
export const redactOutputString = (value: string, r: PathRedaction, c?: RedactionCounter): string =>
  redactSecretShapes(redactPathString(value, r, c), c)

/** Secret key names, then the path pass, then D16 over a JSON value. */
export const redactOutputValues = (value: unknown, r: PathRedaction, c?: RedactionCounter): unknown =>
  redactSecretShapesDeep(redactPathValues(redactSecretKeys(value, c), r, c), c)
