// A stand-in for a running Gateway's store writes, for the concurrent-writer harness:
//   node gatewayWriter.mjs <storePath> <logFile> <stopFile> <intervalMs> <updatedAtMs> [burst pauseMs]
// Every <intervalMs>: read the store, add one row, write a temp file in the same directory and
// rename it over the store (as OpenClaw writes it). The key of every row written is appended to
// <logFile> after its rename. With <burst> and <pauseMs>, it pauses <pauseMs> after every
// <burst> rows (a Gateway's traffic comes in bursts). Stops when <stopFile> exists.
import fs from "node:fs"
import path from "node:path"

const [storePath, logFile, stopFile, intervalArg, updatedAtArg, burstArg = "0", pauseArg = "0"] = process.argv.slice(2)
const burst = Number(burstArg)
const pause = Number(pauseArg)
const interval = Number(intervalArg)
const updatedAt = Number(updatedAtArg)
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
let n = 0
while (!fs.existsSync(stopFile)) {
  const started = Date.now()
  const store = JSON.parse(fs.readFileSync(storePath, "utf8"))
  // a group row: protected, so no cleanup removes it legitimately (in the harness's world the
  // protected rows alone exceed maxEntries, so the cap removes every unprotected row, fresh ones too)
  const key = `agent:main:telegram:group:writer-${n}`
  store[key] = { sessionId: `writer-${process.pid}-${n}`, updatedAt, channel: "telegram" }
  const tmp = path.join(path.dirname(storePath), `sessions.json.${process.pid}.${n}.tmp`)
  fs.writeFileSync(tmp, JSON.stringify(store, null, 2))
  fs.renameSync(tmp, storePath)
  fs.appendFileSync(logFile, key + "\n")
  n++
  sleep(Math.max(0, interval - (Date.now() - started)) + (burst > 0 && n % burst === 0 ? pause : 0))
}
