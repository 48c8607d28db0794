/**
 * Every recorded case of `sessions export-trajectory`: same exit code, stdout and stderr as the
 * reference, and the same bundle file by file, differing only where clawkeep redacts more: D16's
 * secret shapes and the values under secret key names (see test/export/support.ts).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { withClawkeepHints } from "../support/hints.js"
import { withoutStoreWarnings } from "../support/warnings.js"
import { caseNames, cleanupTempRoots, compareBundle, loadCase, runCase } from "./support.js"

afterAll(cleanupTempRoots)

/** The extra redactions each case must show: [reference fragment, clawkeep fragment]. */
const EXPECTED_D16: Record<string, ReadonlyArray<readonly [string, string]>> = {
  "x2-plain-secrets": [
    ["sk-exported-session-secret1234", "sk-exp…1234"],
    ["ghp_123456789012345678901234", "ghp_12…1234"]
  ],
  "secrets-all-kinds": [
    ["sk-exported-session-secret1234", "sk-exp…1234"],
    ["ghp_123456789012345678901234", "ghp_12…1234"],
    ["github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github…mnop"],
    ["xoxb-1234567890-abcdefghij", "xoxb-1…ghij"],
    ["AIzaSyA1234567890abcdefghijklmnopq", "AIzaSy…nopq"],
    ["AKIAIOSFODNN7EXAMPLE", "<redacted-aws-key>"],
    ["gsk_abcdefghij1234567890", "gsk_ab…7890"],
    ["hf_abcdefghijklmnop1234", "hf_abc…1234"],
    ["npm_abcdefghij1234567890", "npm_ab…7890"],
    ["pplx-abcdefghij1234567890", "pplx-a…7890"],
    ["123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "123456…Dsaw"],
    ["https://admin:hunter2pass@db.example.com/x", "https://<redacted>:<redacted>@db.example.com/x"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890abcdef", "-----BEGIN RSA PRIVATE KEY-----\n…redacted…\n-----END RSA PRIVATE KEY-----"],
    ["https://user:pw123456@example.com/", "https://<redacted>:<redacted>@example.com/"],
    ["?token=abcdef123456&x=1", "?token=<redacted>&x=1"],
    ["--token abcdefgh12345678", "--token ***"]
  ],
  "secret-flags-long": [
    ["--token abcdefghijklmnopqrst", "--token abcdef…qrst"],
    ["--password 'qrstuvwxyz0123456789'", "--password 'qrstuv…6789'"],
    ["--api-key AbCdEf0123456789XyZ9", "--api-key AbCdEf…XyZ9"],
    ["--hook-token abcdefghijklmnopqrstuvwx", "--hook-token abcdef…uvwx"],
    ["--secret short1234", "--secret ***"]
  ],
  "runtime-full": [["sk-notapathsecret12345", "sk-not…2345"]],
  // values under secret key names (docs/export.md); token counts, a tool schema's `token`
  // property, a secret reference object, a `${NAME}` placeholder and `PASSWORD_FILE` stay
  "secret-key-names": [
    ["Qm9xR2tLd3pYc1VqTmVhY0ZwVGhJb2JW", "<redacted>"],
    ["acme-plain-value-42", "<redacted>"],
    ["tg-plain-bot-value", "<redacted>"],
    ["slack-signing-value", "<redacted>"],
    ["openai-plain-value", "<redacted>"],
    ["pw-plain", "<redacted>"],
    ["pk-value-0123", "<redacted>"],
    ["sid=s3ss10n", "<redacted>"],
    ["Token abc123", "<redacted>"],
    ['"a=1"', "<redacted>"],
    ['"b=2"', "<redacted>"]
  ]
}

describe("export-trajectory golden cases (recorded from the reference)", () => {
  for (const name of caseNames()) {
    it(name, async () => {
      const c = loadCase(name)
      const run = await runCase(c)
      // later hint lines name clawkeep instead of openclaw; first lines stay the reference's
      // clawkeep's own notes (e.g. the output directory exists, in words) are not the reference's
      expect(withoutStoreWarnings(run.normStderr)).toBe(withClawkeepHints(c.stderr))
      expect(run.code).toBe(c.code)
      expect(run.normStdout).toBe(c.stdout)
      if (c.bundle === null) {
        // a failed or refused export leaves nothing behind in the workspace
        const exportsDir = path.join(run.home, "ws", ".openclaw", "trajectory-exports")
        if (fs.existsSync(exportsDir) && !fs.lstatSync(exportsDir).isSymbolicLink()) {
          const leftovers: Array<string> = []
          const walk = (dir: string, rel: string) => {
            for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
              leftovers.push(path.join(rel, e.name))
              if (e.isDirectory()) walk(path.join(dir, e.name), path.join(rel, e.name))
            }
          }
          walk(exportsDir, "")
          const preexisting = [...Object.keys(c.files), ...c.symlinks.map((l) => l.path)].map((f) =>
            path.relative("ws/.openclaw/trajectory-exports", f)
          )
          for (const entry of leftovers) expect(preexisting.some((p) => p === entry || p.startsWith(`${entry}/`)), entry).toBe(true)
        }
        return
      }
      const diffs = compareBundle(c, run.bundleDir!)
      const expected = EXPECTED_D16[name] ?? []
      if (expected.length === 0) expect(diffs).toEqual([])
      for (const [ref, ours] of expected) {
        expect(diffs.some((d) => d.reference.includes(ref) && !d.clawkeep.includes(ref) && d.clawkeep.includes(ours)), `${ref} → ${ours}`).toBe(true)
      }
      // every difference is explained by one of the expected redactions
      for (const d of diffs) expect(expected.some(([ref]) => d.reference.includes(ref)), d.file).toBe(true)
    })
  }
})
