#!/usr/bin/env node
// The bare file-operation floor of a cleanup apply (bench/run.mjs runs it as a child, with the RSS
// preload, on a fresh copy of the state dir):
//   node bench/fileops.mjs <plan.json> <newStoreBytes>
// <plan.json> is a plan written by `clawkeep sessions cleanup --explain --enforce --plan-out`. For
// each plan it performs exactly the planned file operations (archive: rename path -> to; delete:
// unlink path; a missing file is skipped), then, unless the plan skips the store write, writes
// <newStoreBytes> bytes to a temporary file in the sessions dir, fsyncs it and renames it over the
// store. No parsing of the store, no journal, no checks: what is left of an apply's time above
// this is the apply's own work.
import fs from "node:fs"
import path from "node:path"

const [planFile, bytesArg] = process.argv.slice(2)
if (!planFile || bytesArg === undefined) {
  console.error("usage: fileops.mjs <plan.json> <newStoreBytes>")
  process.exit(2)
}
const bytes = Number(bytesArg)
const document = JSON.parse(fs.readFileSync(planFile, "utf8"))
if (!Array.isArray(document.plans)) throw new Error(`${planFile}: no plans[]`)

const ignoreMissing = (f) => {
  try {
    f()
  } catch (e) {
    if (e.code !== "ENOENT") throw e
  }
}

for (const plan of document.plans) {
  for (const a of plan.files ?? []) {
    if (a.op === "archive") ignoreMissing(() => fs.renameSync(a.path, a.to))
    else if (a.op === "delete") ignoreMissing(() => fs.unlinkSync(a.path))
    else throw new Error(`unknown file op ${a.op}`)
  }
  if (plan.write && plan.write.skip !== true) {
    const store = plan.target.storePath
    const tmp = path.join(path.dirname(store), `.sessions.json.bench-${process.pid}.tmp`)
    const fd = fs.openSync(tmp, "w", 0o600)
    try {
      const chunk = Buffer.alloc(Math.min(bytes, 1 << 24), 0x20)
      for (let left = bytes; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length))
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, store)
  }
}
