// Preload (node --import) that writes the process's peak RSS (KiB) and its own wall time to
// $BENCH_REPORT when the process exits.
import fs from "node:fs"

const file = process.env.BENCH_REPORT
if (file) {
  process.on("exit", () => {
    fs.writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }))
  })
}
