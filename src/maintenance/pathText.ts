/**
 * Fast answers about path strings that are already absolute and normal (the usual case: paths
 * the rules build from the sessions dir), with the same results as `node:path`'s functions.
 */
import * as path from "node:path"

/**
 * Whether `path.resolve` would return `p` itself: absolute, no empty, `.` or `..` component and
 * no trailing slash. (Names that only start with a dot, `/.openclaw`, are simple.)
 */
export const isSimpleAbsolute = (p: string): boolean => {
  const n = p.length
  if (p.charCodeAt(0) !== 47 || (n > 1 && p.charCodeAt(n - 1) === 47) || p.indexOf("//") !== -1) return false
  for (let i = p.indexOf("/."); i !== -1; i = p.indexOf("/.", i + 2)) {
    // `.` or `..` as a whole component
    if (i + 2 === n || p.charCodeAt(i + 2) === 47) return false
    if (p.charCodeAt(i + 2) === 46 && (i + 3 === n || p.charCodeAt(i + 3) === 47)) return false
  }
  return true
}

/** `path.resolve` with a fast path for paths that are already absolute and normal. */
export const resolveFast = (p: string): string => (isSimpleAbsolute(p) ? p : path.resolve(p))

/** `path.dirname(p) === dir` for a normal absolute `p` and directory `dir`. */
export const isDirectlyIn = (p: string, dir: string): boolean => {
  if (dir === "/") return p.length > 1 && p.indexOf("/", 1) === -1
  return p.length > dir.length + 1 && p.charCodeAt(dir.length) === 47 && p.startsWith(dir) && p.indexOf("/", dir.length + 1) === -1
}

/** `path.dirname(p)`, without `node:path` for a normal absolute `p`. */
export const dirnameFast = (p: string): string => {
  if (!isSimpleAbsolute(p)) return path.dirname(p)
  const i = p.lastIndexOf("/")
  return i === 0 ? "/" : p.slice(0, i)
}

/** `path.basename(p)`, without `node:path` for a normal absolute `p`. */
export const basenameFast = (p: string): string => (isSimpleAbsolute(p) ? p.slice(p.lastIndexOf("/") + 1) : path.basename(p))

/** `path.join(dir, name)`, without `node:path` for a normal absolute `dir` and a plain file name. */
export const joinNameFast = (dir: string, name: string): string =>
  isSimpleAbsolute(dir) && name !== "" && name !== "." && name !== ".." && name.indexOf("/") === -1
    ? dir === "/"
      ? `/${name}`
      : `${dir}/${name}`
    : path.join(dir, name)

/**
 * `isInside(parent, child)` of `domain/sessionFiles.ts` (`path.relative` is empty or does not
 * start with `..`), without `node:path` when both are normal absolute paths.
 */
export const isInsideFast = (parent: string, child: string): boolean => {
  if (!isSimpleAbsolute(parent) || !isSimpleAbsolute(child)) {
    const rel = path.relative(parent, child)
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel))
  }
  if (child === parent) return true
  const start = parent === "/" ? 1 : parent.length + 1
  if (parent !== "/" && !(child.length > start && child.charCodeAt(parent.length) === 47 && child.startsWith(parent))) return false
  // what is left is the relative path: a first name starting with `..` counts as outside
  return !child.startsWith("..", start)
}
