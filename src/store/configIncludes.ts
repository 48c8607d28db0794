/**
 * `$include` resolution for OpenClaw configs, with the reference's rules and messages
 * (docs/store-model.md#the-config-file; verified with the recorded cases in test/golden/store/config-cases.json):
 *
 * - `"$include": "<path>"` or `"$include": ["<a>", "<b>", …]` may appear in any object. A path is
 *   relative to the file that names it (no `~` expansion); each file is JSON5.
 * - The object is replaced by the included value; with sibling keys the included value must be
 *   an object, and the siblings are deep-merged over it. Several files are deep-merged in order.
 *   Deep merge: arrays concatenate, objects merge key by key, anything else: the later value wins.
 * - Every file must stay inside the top config file's directory, or inside a directory listed in
 *   `OPENCLAW_INCLUDE_ROOTS` (`:`-separated, `~` expanded) — checked on the lexical path and again
 *   on the real path (a symlink may not lead out).
 * - At most 10 levels of nesting; a file may not include itself through its own chain.
 * - Included files must be regular files of at most 2 MiB without other hard links.
 * - Errors are one line each; the caller reports them as `<root>: <message>`.
 */
import { Either } from "effect"
import JSON5 from "json5"
import * as path from "node:path"
import { isRecord } from "../domain/json.js"
import { expandHomePath, type EnvironmentShape } from "./environment.js"
import type { FileInfo, SyncFs } from "./sessionFs.js"

export const INCLUDE_KEY = "$include"
export const MAX_INCLUDE_DEPTH = 10
export const MAX_INCLUDE_BYTES = 2 * 1024 * 1024

/** A failed include, carrying the reference's one-line message. */
class IncludeFailure {
  constructor(readonly message: string) {}
}

interface IncludeRoot {
  readonly dir: string
  readonly realDir: string
}

const realOrSelf = (fs: SyncFs, p: string): string => {
  try {
    return fs.realpath(p)
  } catch {
    return p
  }
}

const rootOf = (fs: SyncFs, dir: string): IncludeRoot => {
  const normalized = path.normalize(dir)
  return { dir: normalized, realDir: path.normalize(realOrSelf(fs, normalized)) }
}

/** `OPENCLAW_INCLUDE_ROOTS`: extra directories includes may come from (absolute, de-duplicated). */
export const includeRoots = (env: EnvironmentShape): ReadonlyArray<string> => {
  const raw = env.env["OPENCLAW_INCLUDE_ROOTS"]?.trim()
  if (!raw) return []
  const roots: Array<string> = []
  for (const entry of raw.split(path.delimiter)) {
    const trimmed = entry.trim()
    if (trimmed === "") continue
    const resolved = expandHomePath(env, trimmed)
    if (path.isAbsolute(resolved) && !roots.includes(resolved)) roots.push(resolved)
  }
  return roots
}

/** `target` is `root` or lies below it. */
const within = (root: string, target: string): boolean => {
  const rel = path.relative(path.resolve(root), path.resolve(target))
  return rel === "" || (rel.split(path.sep)[0] !== ".." && !path.isAbsolute(rel))
}

const BLOCKED_KEYS = new Set(["__proto__", "prototype", "constructor"])

/** Deep merge of the reference: arrays concatenate, objects merge recursively, else `source` wins. */
export const deepMerge = (target: unknown, source: unknown): unknown => {
  if (Array.isArray(target) && Array.isArray(source)) return [...target, ...source]
  if (isRecord(target) && isRecord(source)) {
    const out: Record<string, unknown> = { ...target }
    for (const key of Object.keys(source)) {
      if (BLOCKED_KEYS.has(key)) continue
      out[key] = key in out ? deepMerge(out[key], source[key]) : source[key]
    }
    return out
  }
  return source
}

interface Walk {
  /** The file whose content is being walked (relative includes start from its directory). */
  readonly file: string
  /** Files on the current include chain, the top config first. */
  readonly chain: ReadonlyArray<string>
  readonly depth: number
}

class Resolver {
  readonly configRoot: IncludeRoot
  readonly allowed: ReadonlyArray<IncludeRoot>

  constructor(
    private readonly fs: SyncFs,
    configFile: string,
    allowedRoots: ReadonlyArray<string>
  ) {
    this.configRoot = rootOf(fs, path.dirname(configFile))
    this.allowed = allowedRoots.filter((r) => r.length > 0 && path.isAbsolute(r)).map((r) => rootOf(fs, r))
  }

  private containing(candidate: string, real: boolean): IncludeRoot | undefined {
    return [this.configRoot, ...this.allowed].find((root) => within(real ? root.realDir : root.dir, candidate))
  }

  walk(value: unknown, at: Walk): unknown {
    if (Array.isArray(value)) return value.map((item) => this.walk(item, at))
    if (!isRecord(value)) return value
    if (!(INCLUDE_KEY in value)) {
      const out: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(value)) out[key] = this.walk(child, at)
      return out
    }
    const spec = value[INCLUDE_KEY]
    const siblings = Object.keys(value).filter((key) => key !== INCLUDE_KEY)
    const included = this.includeAll(spec, at)
    if (siblings.length === 0) return included
    if (!isRecord(included)) throw new IncludeFailure("Sibling keys require included content to be an object")
    const rest: Record<string, unknown> = {}
    for (const key of siblings) rest[key] = this.walk(value[key], at)
    return deepMerge(included, rest)
  }

  private includeAll(spec: unknown, at: Walk): unknown {
    if (typeof spec === "string") return this.includeFile(spec, at)
    if (Array.isArray(spec)) {
      let merged: unknown = {}
      for (const item of spec) {
        if (typeof item !== "string") {
          throw new IncludeFailure(`Invalid $include array item: expected string, got ${typeof item}`)
        }
        merged = deepMerge(merged, this.includeFile(item, at))
      }
      return merged
    }
    throw new IncludeFailure(`Invalid $include value: expected string or array of strings, got ${typeof spec}`)
  }

  private includeFile(includePath: string, at: Walk): unknown {
    const { resolved, root } = this.locate(includePath, at.file)
    if (at.chain.includes(resolved)) {
      throw new IncludeFailure(`Circular include detected: ${[...at.chain, resolved].join(" -> ")}`)
    }
    if (at.depth >= MAX_INCLUDE_DEPTH) {
      throw new IncludeFailure(`Maximum include depth (${MAX_INCLUDE_DEPTH}) exceeded at: ${includePath}`)
    }
    const text = this.read(includePath, resolved, root)
    let parsed: unknown
    try {
      parsed = JSON5.parse(text)
    } catch {
      throw new IncludeFailure(`Failed to parse include file: ${includePath} (resolved: ${resolved})`)
    }
    return this.walk(parsed, { file: resolved, chain: [...at.chain, resolved], depth: at.depth + 1 })
  }

  private locate(includePath: string, fromFile: string): { readonly resolved: string; readonly root: IncludeRoot } {
    const resolved = path.normalize(
      path.isAbsolute(includePath) ? includePath : path.resolve(path.dirname(fromFile), includePath)
    )
    const lexical = this.containing(resolved, false)
    if (lexical === undefined) {
      throw new IncludeFailure(`Include path escapes config directory: ${includePath} (root: ${this.configRoot.dir})`)
    }
    let real: string
    try {
      real = this.fs.realpath(resolved)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { resolved, root: lexical }
      throw new IncludeFailure(`Failed to resolve include file realpath: ${includePath} (resolved: ${resolved})`)
    }
    const root = this.containing(real, true)
    if (root === undefined) {
      throw new IncludeFailure(
        `Include path resolves outside config directory (symlink): ${includePath} (root: ${this.configRoot.dir})`
      )
    }
    return { resolved, root }
  }

  /** Reads an included file with the reference's guards (regular file, size cap, no hard links). */
  private read(includePath: string, resolved: string, root: IncludeRoot): string {
    const unreadable = () => new IncludeFailure(`Failed to read include file: ${includePath} (resolved: ${resolved})`)
    let real: string
    let stat: FileInfo
    try {
      real = this.fs.realpath(resolved)
      stat = this.fs.stat(real)
    } catch {
      throw unreadable()
    }
    if (!within(root.realDir, real) || stat.kind !== "file" || stat.size > MAX_INCLUDE_BYTES || stat.nlink > 1) {
      throw new IncludeFailure(
        `Include file failed security checks (regular file, max ${MAX_INCLUDE_BYTES} bytes, no hardlinks): ${includePath}`
      )
    }
    try {
      return this.fs.readText(real)
    } catch {
      throw unreadable()
    }
  }
}

/**
 * Resolves every `$include` in a parsed config read from `file`. Left: the problems, each
 * formatted as the reference prints it in the config error block (`<root>: <message>`).
 */
export const resolveIncludes = (
  value: unknown,
  file: string,
  env: EnvironmentShape,
  fs: SyncFs
): Either.Either<unknown, ReadonlyArray<string>> => {
  const resolver = new Resolver(fs, file, includeRoots(env))
  const top = path.normalize(file)
  try {
    return Either.right(resolver.walk(value, { file: top, chain: [top], depth: 0 }))
  } catch (error) {
    if (error instanceof IncludeFailure) return Either.left([`<root>: ${error.message}`])
    return Either.left([`<root>: Include resolution failed: ${String(error)}`])
  }
}
