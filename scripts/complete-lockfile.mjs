// Adds lock entries for platform-specific optional packages that are named in the lock file's
// optionalDependencies but absent from it (this happens when the registry in use does not serve
// builds for other platforms). Without them `npm ci` reports the lock file as out of sync. Each
// entry carries the os/cpu/libc constraints read from the package name, so npm skips it on other
// platforms. Run after any `npm install` that rewrites package-lock.json.
import { readFileSync, writeFileSync } from "node:fs"

const file = process.argv[2] ?? "package-lock.json"
const lock = JSON.parse(readFileSync(file, "utf8"))
const pkgs = lock.packages

const constraints = (name) => {
  const tail = name.split("/").pop()
  const osNames = ["android", "darwin", "freebsd", "linux", "openbsd", "openharmony", "win32", "sunos", "aix", "netbsd"]
  const cpus = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "mips64el"]
  const parts = tail.split("-")
  const os = parts.find((p) => osNames.includes(p))
  const cpuPart = parts.find((p) => cpus.includes(p))
  const out = {}
  if (os) out.os = [os]
  if (cpuPart) out.cpu = [cpuPart]
  if (tail.includes("musl")) out.libc = ["musl"]
  else if (os === "linux" && /gnu/.test(tail)) out.libc = ["glibc"]
  return out
}

let added = 0
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const prefix = where === "" ? "" : `${where}/`
    const nested = `${prefix}node_modules/${dep}`
    const hoisted = `node_modules/${dep}`
    if (pkgs[nested] || pkgs[hoisted]) continue
    pkgs[hoisted] = { version, ...constraints(dep), optional: true, ...(meta.dev ? { dev: true } : {}) }
    added++
  }
}
const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))))
lock.packages = sorted
writeFileSync(file, JSON.stringify(lock, null, 2) + "\n")
console.log(`added ${added} lock entries`)
