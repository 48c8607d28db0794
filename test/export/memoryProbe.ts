/**
 * Child-process entry of the streaming test: runs the CLI on the real process environment and
 * writes the peak resident set size (bytes) and the heap statistics to PROBE_OUT at exit.
 */
import { NodeSessionFs } from "../../src/store/nodeFs.js"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as v8 from "node:v8"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { Environment } from "../../src/store/environment.js"

const layer = Layer.mergeAll(NodeContext.layer, Environment.layer, Stdio.layer, NodeSessionFs.layer)
const code = await Effect.runPromise(runCli(process.argv.slice(2)).pipe(Effect.provide(layer)))
const heap = v8.getHeapStatistics()
fs.writeFileSync(
  process.env["PROBE_OUT"]!,
  JSON.stringify({ code, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapLimit: heap.heap_size_limit, peakMalloced: heap.peak_malloced_memory })
)
process.exitCode = code
