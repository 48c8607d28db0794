/**
 * Discovery of session stores on disk, including agents no longer in the config
 * (docs/store-model.md#which-stores-a-command-uses). This is what the reference Gateway does; the reference CLI commands do
 * **not** (`sessions --all-agents` ignores disk-only agents), so clawkeep's default commands do
 * not use it either. It is a library function, for new capabilities behind their own flags.
 *
 * Order and rules:
 * 1. The configured targets (as `--all-agents`); one whose path has the shape
 *    `…/agents/<x>/sessions/sessions.json` is validated like a discovered one (and dropped when
 *    invalid), any other is kept as it is.
 * 2. Then, for each agents root — the `…/agents` directory of every configured store of that
 *    shape, then `<stateDir>/agents` — each sub-directory (not a symlink), sorted with
 *    `localeCompare`, giving the candidate `<root>/<name>/sessions/sessions.json`.
 * 3. A candidate counts only when `lstat` says regular file (a symlink does not count) and its
 *    real path is inside the root's real path; the store path is then the real path.
 * 4. The agent id is the normalised directory name; a name that normalises to `main` without
 *    being `main` (any case) is skipped.
 * 5. First occurrence of a store path wins.
 * File-system errors `EACCES ELOOP ENOENT ENOTDIR EPERM ESTALE` skip the candidate (or root);
 * any other fails the stream.
 */
import { Effect, Option, Stream } from "effect"
import * as path from "node:path"
import { normalizeAgentId } from "../domain/agentId.js"
import type { OpenClawSettings } from "../domain/config.js"
import { FileSystemError } from "../domain/errors.js"
import { Environment, stateDir } from "./environment.js"
import { errorCode, errorMessage, SessionFs, type SyncFs } from "./sessionFs.js"
import { resolveStorePath } from "./storePath.js"
import type { StoreTarget } from "./targets.js"

export interface DiscoveredStore extends StoreTarget {
  /** `configured`: an agent of the config; `disk`: found only on disk. */
  readonly source: "configured" | "disk"
}

const SKIPPED_CODES = new Set(["EACCES", "ELOOP", "ENOENT", "ENOTDIR", "EPERM", "ESTALE"])

/** Runs a file-system probe: skip-worthy errors give None, others fail. */
const probe = <A>(p: string, f: () => A | undefined): Effect.Effect<Option.Option<A>, FileSystemError> =>
  Effect.try({
    try: () => Option.fromNullable(f()),
    catch: (error) => error
  }).pipe(
    Effect.catchAll((error) => {
      const code = (error as NodeJS.ErrnoException | undefined)?.code
      return typeof code === "string" && SKIPPED_CODES.has(code)
        ? Effect.succeed(Option.none<A>())
        : Effect.fail(new FileSystemError({ path: p, message: errorMessage(error) }))
    })
  )

/** `…/agents` of a store path shaped `…/agents/<x>/sessions/sessions.json`. */
export const agentsRootOfStorePath = (storePath: string): string | undefined => {
  const abs = path.resolve(storePath)
  if (path.basename(abs) !== "sessions.json") return undefined
  const sessionsDir = path.dirname(abs)
  if (path.basename(sessionsDir) !== "sessions") return undefined
  const agentsDir = path.dirname(path.dirname(sessionsDir))
  return path.basename(agentsDir) === "agents" ? agentsDir : undefined
}

const isWithin = (real: string, realRoot: string) => real === realRoot || real.startsWith(realRoot + path.sep)

/** The real path of `<sessionsDir>/sessions.json` when it is a regular file inside `realRoot`. */
const validatedStorePath = (fs: SyncFs, sessionsDir: string, realRoot: string) =>
  probe(sessionsDir, () => {
    const storePath = path.join(sessionsDir, "sessions.json")
    const stat = fs.lstat(storePath)
    if (stat.kind !== "file") return undefined
    const real = fs.realpath(storePath)
    return isWithin(real, realRoot) ? real : undefined
  })

/** Sub-directories of an agents root as `<root>/<name>/sessions`, sorted like the reference. */
const sessionsDirsOf = (fs: SyncFs, root: string) =>
  probe(root, () => {
    let names: Array<string>
    try {
      names = fs.readdir(root)
    } catch (error) {
      if (errorCode(error) === "ENOENT") return []
      throw error
    }
    return names
      .filter((name) => {
        try {
          return fs.lstat(path.join(root, name)).kind === "directory"
        } catch {
          return false
        }
      })
      .map((name) => path.join(root, name, "sessions"))
      .sort((a, b) => a.localeCompare(b))
  })

/**
 * Every session store of a state dir: configured agents first, then disk-only agents, as a
 * stream (docs/store-model.md#which-stores-a-command-uses).
 */
export const discoverStores = (config: OpenClawSettings): Stream.Stream<DiscoveredStore, FileSystemError, Environment | SessionFs> =>
  Stream.unwrap(Effect.map(Effect.all([Environment, SessionFs]), ([env, { sync: fs }]) => {
    const template = config.session.store
    const configured: Array<StoreTarget> = []
    for (const agentId of config.agents.ids) {
      const storePath = resolveStorePath(env, fs.exists, template, agentId)
      if (!configured.some((t) => t.storePath === storePath)) configured.push({ agentId, storePath })
    }
    const roots: Array<string> = []
    for (const target of configured) {
      const root = agentsRootOfStorePath(target.storePath)
      if (root !== undefined && !roots.includes(root)) roots.push(root)
    }
    const stateRoot = path.join(stateDir(env, fs.exists), "agents")
    if (!roots.includes(stateRoot)) roots.push(stateRoot)

    const realRoots = new Map<string, Option.Option<string>>()
    const realRoot = (root: string) =>
      realRoots.has(root)
        ? Effect.succeed(realRoots.get(root)!)
        : Effect.tap(
            probe(root, () => fs.realpath(root)),
            (real) => Effect.sync(() => realRoots.set(root, real))
          )

    const configuredStream = Stream.fromIterable(configured).pipe(
      Stream.mapEffect((target) => {
        const root = agentsRootOfStorePath(target.storePath)
        if (root === undefined) return Effect.succeed(Option.some<DiscoveredStore>({ ...target, source: "configured" }))
        return realRoot(root).pipe(
          Effect.flatMap(
            Option.match({
              onNone: () => Effect.succeed(Option.none<DiscoveredStore>()),
              onSome: (real) =>
                Effect.map(
                  validatedStorePath(fs, path.dirname(target.storePath), real),
                  Option.map((storePath): DiscoveredStore => ({ agentId: target.agentId, storePath, source: "configured" }))
                )
            })
          )
        )
      }),
      Stream.filterMap((x) => x)
    )

    const diskStream = Stream.fromIterable(roots).pipe(
      Stream.flatMap((root) =>
        Stream.fromEffect(realRoot(root)).pipe(
          Stream.flatMap(
            Option.match({
              onNone: () => Stream.empty,
              onSome: (real) =>
                Stream.fromEffect(sessionsDirsOf(fs, root)).pipe(
                  Stream.flatMap((dirs) => Stream.fromIterable(Option.getOrElse(dirs, () => []))),
                  Stream.mapEffect((sessionsDir) =>
                    Effect.map(validatedStorePath(fs, sessionsDir, real), (found) =>
                      Option.flatMap(found, (storePath) => {
                        const dirName = path.basename(path.dirname(sessionsDir))
                        const agentId = normalizeAgentId(dirName)
                        if (agentId === "main" && dirName.trim().toLowerCase() !== "main") return Option.none()
                        return Option.some<DiscoveredStore>({ agentId, storePath, source: "disk" })
                      })
                    )
                  ),
                  Stream.filterMap((x) => x)
                )
            })
          )
        )
      )
    )

    const configuredPaths = new Set(configured.map((t) => t.storePath))
    return Stream.concat(configuredStream, diskStream).pipe(
      Stream.mapAccum(new Set<string>(), (seen, store) => {
        if (seen.has(store.storePath)) return [seen, Option.none<DiscoveredStore>()] as const
        seen.add(store.storePath)
        const source = store.source === "disk" && configuredPaths.has(store.storePath) ? "configured" : store.source
        return [seen, Option.some<DiscoveredStore>({ ...store, source })] as const
      }),
      Stream.filterMap((x) => x)
    )
  }))

/** `discoverStores` collected into an array. */
export const discoverStoreTargets = (config: OpenClawSettings) =>
  Effect.map(Stream.runCollect(discoverStores(config)), (chunk): ReadonlyArray<DiscoveredStore> => [...chunk])
