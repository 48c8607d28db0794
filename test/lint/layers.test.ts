/** The layering lint rule (eslint.config.mjs) rejects imports that point the wrong way and node:fs outside the live layer. */
import { ESLint } from "eslint"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..", "..")

const lint = async (file: string, text: string) => {
  const eslint = new ESLint({ cwd: root })
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) })
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message)
}

describe("layer rule", () => {
  it("rejects an upward import and node:fs in maintenance, accepts domain", async () => {
    const messages = await lint(
      "src/maintenance/example.ts",
      'import * as fs from "node:fs"\nimport { listSessions } from "../list/program.js"\nimport { isRecord } from "../domain/json.js"\nexport const x = [fs, listSessions, isRecord]\n'
    )
    expect(messages).toHaveLength(2)
    expect(messages[0]).toContain("SessionFs")
    expect(messages[1]).toContain("must not import from src/list/")
  })

  it("lets the live layer import node:fs and the CLI import every layer", async () => {
    expect(await lint("src/store/nodeFs.ts", 'import * as fs from "node:fs"\nexport const x = fs\n')).toEqual([])
    expect(await lint("src/cli/example.ts", 'import { listSessions } from "../list/program.js"\nexport const x = listSessions\n')).toEqual([])
    expect(await lint("src/domain/example.ts", 'import { apply } from "../interpreters/apply.js"\nexport const x = apply\n')).toHaveLength(1)
  })
})
