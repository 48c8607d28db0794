import effect from "@effect/eslint-plugin"
import tseslint from "typescript-eslint"

/**
 * Layers point one way: domain ← maintenance ← store ← list, export ← interpreters ← render ← cli
 * (index and testing sit beside cli and may import everything but cli). Each folder lists the
 * folders it must not import from; and only the live file-system layer may import node:fs.
 */
const FS_MODULES = ["fs", "node:fs", "fs/promises", "node:fs/promises"]
const LAYERS = {
  domain: ["maintenance", "store", "list", "export", "interpreters", "render", "cli"],
  maintenance: ["store", "list", "export", "interpreters", "render", "cli"],
  store: ["list", "export", "interpreters", "render", "cli"],
  list: ["export", "interpreters", "render", "cli"],
  export: ["list", "interpreters", "render", "cli"],
  interpreters: ["list", "export", "render", "cli"],
  render: ["store", "export", "interpreters", "cli"],
  cli: []
}
const layerRule = (forbidden) => [
  "error",
  {
    paths: FS_MODULES.map((name) => ({
      name,
      message: "Read and write through the SessionFs service (src/store/sessionFs.ts); only src/store/nodeFs.ts imports node:fs."
    })),
    patterns: forbidden.map((layer) => ({
      group: [`../${layer}/*`, `../${layer}`],
      message: `Layers point one way (see docs/architecture.md): this folder must not import from src/${layer}/.`
    }))
  }
]

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test/golden/**", "examples/demo-state/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@effect": effect },
    rules: {
      "@effect/no-import-from-barrel-package": ["error", { packageNames: ["@effect/platform-node"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-namespace": "off"
    }
  },
  ...Object.entries(LAYERS).map(([layer, forbidden]) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: { "no-restricted-imports": layerRule(forbidden) }
  })),
  {
    files: ["src/index.ts", "src/testing.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: FS_MODULES.map((name) => ({ name, message: "Only src/store/nodeFs.ts imports node:fs." })),
          patterns: [{ group: ["./cli/*"], message: "The library does not import the CLI." }]
        }
      ]
    }
  },
  { files: ["src/store/nodeFs.ts", "src/cli/launch.ts"], rules: { "no-restricted-imports": "off" } },
  {
    files: ["**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", performance: "readonly" }
    }
  }
)
