import { defineConfig } from "vitest/config"

// `*.live.ts` suites need the reference's own Gateway; they run only when asked for
// (`npm run test:gateway`), so the normal suite has nothing skipped.
const live = process.env["CLAWKEEP_GATEWAY_LIVE"] === "1"

export default defineConfig({
  test: {
    include: live ? ["test/**/*.live.ts"] : ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" }
  }
})
