/**
 * Detection of the SQLite-era session store of later OpenClaw releases (docs/store-model.md#sqlite-era-installations, D14).
 *
 * From about 2026.7 OpenClaw keeps session metadata in `<stateDir>/agents/<id>/agent/
 * openclaw-agent.sqlite` (tables `session_nodes`, …); a `sessions.json` there is only migration
 * input, and writing one breaks the Gateway. Since about 2026.6.5 the same file exists holding
 * only auth state, so its existence alone proves nothing: the schema must name `session_nodes`.
 *
 * The schema is read with sql.js (SQLite compiled to WebAssembly): the file's bytes are loaded
 * into an in-memory database (the file on disk is never opened for writing) and
 * `SELECT type, name FROM sqlite_master` names its tables. The WebAssembly module is started
 * lazily, once per process, and only when such a file exists, so commands on hosts without one
 * never pay for it.
 *
 * Where the answer cannot be known, the guard fails safe (the caller refuses to write):
 * - a non-empty `<file>-wal` next to a database whose main file does not name the table: sql.js
 *   reads only the main file, and a schema created since the last checkpoint lives in the WAL;
 * - a file larger than `MAX_SQLITE_BYTES`: sql.js needs the whole file in memory, so it is not
 *   loaded;
 * - sql.js itself failing to start.
 * A file that is not a SQLite database (or is damaged beyond reading) is not a session store.
 */
import { Effect } from "effect"
import { createRequire } from "node:module"
import * as path from "node:path"
import { SessionFs, type SyncFs } from "./sessionFs.js"
import * as v8 from "node:v8"
import { FileSystemError, SqliteStoreError } from "../domain/errors.js"

export const SQLITE_FILE_NAME = "openclaw-agent.sqlite"
export const IMPORT_ARCHIVE_DIR = "session-sqlite-import-archive"
export const SESSION_TABLE = "session_nodes"
/** Databases larger than this are not loaded (sql.js holds the whole file in memory). */
export const MAX_SQLITE_BYTES = 512 * 1024 * 1024

/** One `sqlite_master` row: `type` (`table`, `index`, …) and `name`. */
export interface SchemaObject {
  readonly type: string
  readonly name: string
}

/** What a look at one `openclaw-agent.sqlite` concluded. */
export type SqliteStoreVerdict =
  | { readonly _tag: "Absent" }
  | { readonly _tag: "NotSessionStore" }
  | { readonly _tag: "SessionStore" }
  | { readonly _tag: "Unknown"; readonly reason: string }

// The slice of the sql.js API used here (the package ships no type declarations).
interface SqlJsDatabase {
  exec(sql: string): ReadonlyArray<{ readonly columns: ReadonlyArray<string>; readonly values: ReadonlyArray<ReadonlyArray<unknown>> }>
  close(): void
}
interface SqlJsStatic {
  readonly Database: new (data: Uint8Array) => SqlJsDatabase
}
type InitSqlJs = (config: { readonly locateFile: (file: string) => string }) => Promise<SqlJsStatic>

// sql.js stays a runtime dependency resolved from node_modules (not bundled), next to its
// `sql-wasm.wasm`; resolving both from this module works from the bundle, from tsc output and
// under vitest alike.
const requireHere = createRequire(import.meta.url)
let sqlJs: Promise<SqlJsStatic> | undefined
let baselineWasm = false

/**
 * For short-lived processes (the CLI): compile sql.js with V8's baseline WebAssembly compiler
 * only. By default V8 also optimises the module on background threads, and Node waits for that
 * work before the process can exit: about 0.2–0.3 s on a busy 2-core host, for a schema query
 * that takes milliseconds. The V8 flag is process-wide, so it is set only when this was asked for
 * and only when sql.js is actually started (a host with an `openclaw-agent.sqlite`).
 */
export const preferQuickSqliteReaderStart = (): void => {
  baselineWasm = true
}

const loadSqlJs = (): Effect.Effect<SqlJsStatic, Error> =>
  Effect.tryPromise({
    try: () => {
      if (sqlJs === undefined) {
        const attempt = Promise.resolve().then(() => {
          if (baselineWasm) v8.setFlagsFromString("--liftoff-only")
          const init = requireHere("sql.js") as InitSqlJs
          const wasm = requireHere.resolve("sql.js/dist/sql-wasm.wasm")
          return init({ locateFile: () => wasm })
        })
        // a failed start is not cached: a later call tries again
        attempt.catch(() => {
          if (sqlJs === attempt) sqlJs = undefined
        })
        sqlJs = attempt
      }
      return sqlJs
    },
    catch: (error) => (error instanceof Error ? error : new Error(String(error)))
  })

/** Whether this process has started sql.js (it starts only when a database file is read). */
export const sqliteReaderStarted = (): boolean => sqlJs !== undefined

const isMissing = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === "ENOENT" || code === "ENOTDIR"
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`

/** `sqlite_master` of a database image; undefined when sql.js cannot read it as a database. */
const schemaOf = (SQL: SqlJsStatic, bytes: Uint8Array): ReadonlyArray<SchemaObject> | undefined => {
  let db: SqlJsDatabase
  try {
    db = new SQL.Database(bytes)
  } catch {
    return undefined
  }
  try {
    const rows = db.exec("SELECT type, name FROM sqlite_master")[0]?.values ?? []
    return rows.map(([type, name]) => ({ type: String(type), name: String(name) }))
  } catch {
    return undefined
  } finally {
    db.close()
  }
}

type Loaded =
  | { readonly _tag: "Absent" }
  | { readonly _tag: "Damaged" }
  | { readonly _tag: "Schema"; readonly schema: ReadonlyArray<SchemaObject> | undefined }
  | { readonly _tag: "Unknown"; readonly reason: string }

const loadSchema = (file: string): Effect.Effect<Loaded, FileSystemError, SessionFs> =>
  Effect.gen(function* () {
    const { sync: fs } = yield* SessionFs
    let size: number
    try {
      const info = fs.stat(file)
      if (info.kind !== "file") return { _tag: "Unknown", reason: `it is a ${info.kind}, not a database file` } as const
      size = info.size
    } catch (error) {
      if (isMissing(error)) return { _tag: "Absent" } as const
      return { _tag: "Unknown", reason: `it could not be read (${error instanceof Error ? error.message : String(error)})` } as const
    }
    if (size > MAX_SQLITE_BYTES) {
      return { _tag: "Unknown", reason: `the database is larger than ${mib(MAX_SQLITE_BYTES)} and was not read` } as const
    }
    let bytes: Uint8Array
    try {
      bytes = fs.readFile(file)
    } catch (error) {
      if (isMissing(error)) return { _tag: "Absent" } as const
      return { _tag: "Unknown", reason: `it could not be read (${error instanceof Error ? error.message : String(error)})` } as const
    }
    const SQL = yield* Effect.either(loadSqlJs())
    if (SQL._tag === "Left") {
      return { _tag: "Unknown", reason: `the SQLite reader could not start: ${SQL.left.message}` } as const
    }
    const schema = schemaOf(SQL.right, bytes)
    // A file that starts like a SQLite database but cannot be read is damaged, not harmless.
    if (schema === undefined && hasSqliteHeader(bytes)) return { _tag: "Damaged" } as const
    return { _tag: "Schema", schema } as const
  })

const SQLITE_HEADER = "SQLite format 3\u0000"
const hasSqliteHeader = (bytes: Uint8Array): boolean =>
  bytes.length >= SQLITE_HEADER.length && [...SQLITE_HEADER].every((c, i) => bytes[i] === c.charCodeAt(0))

/**
 * The `sqlite_master` rows of a database file (as of its last checkpoint: a `-wal` file is not
 * read); undefined when it is not a SQLite database. Fails when the file cannot be read, is
 * larger than `MAX_SQLITE_BYTES`, or sql.js cannot start.
 */
export const readSqliteSchema = (file: string): Effect.Effect<ReadonlyArray<SchemaObject> | undefined, FileSystemError, SessionFs> =>
  Effect.flatMap(loadSchema(file), (loaded) => {
    switch (loaded._tag) {
      case "Absent":
        return Effect.fail(new FileSystemError({ path: file, message: `no such file: ${file}` }))
      case "Damaged":
        return Effect.succeed(undefined)
      case "Unknown":
        return Effect.fail(new FileSystemError({ path: file, message: loaded.reason }))
      case "Schema":
        return Effect.succeed(loaded.schema)
    }
  })

const walHoldsChanges = (fs: SyncFs, file: string): boolean => {
  try {
    const stat = fs.stat(`${file}-wal`)
    return stat.kind === "file" && stat.size > 0
  } catch {
    return false
  }
}

/**
 * What `file` says about the session store: absent; not a session store (not SQLite, or its
 * schema has no `session_nodes` table and no WAL is pending); a session store; or unknown (a
 * pending WAL, a file too large to load, sql.js unavailable), which callers must treat as a
 * session store.
 */
export const inspectSqliteStore = (file: string): Effect.Effect<SqliteStoreVerdict, FileSystemError, SessionFs> =>
  Effect.map(Effect.zip(loadSchema(file), SessionFs), ([loaded, { sync: fs }]): SqliteStoreVerdict => {
    if (loaded._tag === "Damaged") return { _tag: "Unknown", reason: "it starts like a SQLite database but cannot be read (damaged?)" }
    if (loaded._tag !== "Schema") return loaded
    // SQLite table names are case-insensitive: SESSION_NODES is the same table.
    if (loaded.schema?.some((o) => o.type.toLowerCase() === "table" && o.name.toLowerCase() === SESSION_TABLE)) return { _tag: "SessionStore" }
    if (walHoldsChanges(fs, file)) {
      return { _tag: "Unknown", reason: "its -wal file holds changes not yet checkpointed into the database" }
    }
    return { _tag: "NotSessionStore" }
  })

/**
 * Whether `file` must be treated as a SQLite session store: its schema names a `session_nodes`
 * table, or that cannot be ruled out (see `inspectSqliteStore`). A missing file, or one that is
 * not a SQLite database, is not.
 */
export const isSqliteSessionStore = (file: string): Effect.Effect<boolean, FileSystemError, SessionFs> =>
  Effect.map(inspectSqliteStore(file), (v) => v._tag === "SessionStore" || v._tag === "Unknown")

/** `<stateDir>/agents/<id>/agent/openclaw-agent.sqlite`. */
export const sqliteStorePath = (stateDir: string, agentId: string): string =>
  path.join(stateDir, "agents", agentId, "agent", SQLITE_FILE_NAME)

const sqliteError = (where: string, unverified?: string) =>
  new SqliteStoreError({
    sqlitePath: where,
    message: `Session store is managed by SQLite (OpenClaw 2026.7+): ${where}; refusing to write sessions.json` +
      (unverified === undefined ? "" : ` (could not rule it out: ${unverified})`)
  })

const isDirectory = (fs: SyncFs, p: string): boolean => {
  try {
    return fs.stat(p).kind === "directory"
  } catch {
    return false
  }
}

/**
 * Fails with `SqliteStoreError` when writing `sessions.json` would break a SQLite-era OpenClaw:
 * for each agent (in order), its `openclaw-agent.sqlite` names a `session_nodes` table, or that
 * cannot be ruled out (the message names that file; an unverified case adds the reason in
 * parentheses); else a `session-sqlite-import-archive/` directory exists in the state dir or in
 * one of the sessions dirs (the message names that directory). Every writing command runs this
 * before touching anything.
 */
export const requireNoSqliteStore = (
  stateDir: string,
  agentIds: ReadonlyArray<string>,
  sessionsDirs: ReadonlyArray<string>
): Effect.Effect<void, SqliteStoreError | FileSystemError, SessionFs> =>
  Effect.gen(function* () {
    const { sync: fs } = yield* SessionFs
    for (const agentId of agentIds) {
      const file = sqliteStorePath(stateDir, agentId)
      const verdict = yield* inspectSqliteStore(file)
      if (verdict._tag === "SessionStore") return yield* Effect.fail(sqliteError(file))
      if (verdict._tag === "Unknown") return yield* Effect.fail(sqliteError(file, verdict.reason))
    }
    for (const dir of [stateDir, ...sessionsDirs]) {
      const archive = path.join(dir, IMPORT_ARCHIVE_DIR)
      if (isDirectory(fs, archive)) return yield* Effect.fail(sqliteError(archive))
    }
  })

/** Alias of `requireNoSqliteStore`. */
export const sqliteGuard = requireNoSqliteStore
