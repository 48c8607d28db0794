import { live } from "../support/live.js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterEach } from "vitest"
import { createRequire } from "node:module"
import {
  inspectSqliteStore,
  isSqliteSessionStore,
  MAX_SQLITE_BYTES,
  preferQuickSqliteReaderStart,
  readSqliteSchema,
  requireNoSqliteStore,
  sqliteReaderStarted,
  sqliteStorePath
} from "../../src/store/sqliteGuard.js"
import { tempDir } from "../support/tempDir.js"

// Fixtures made with Debian's sqlite3 3.40 (page size 512):
//   session-era.sqlite  auth_profiles, session_nodes, session_windows, session_transcript_archives
//   auth-only.sqlite    auth_profiles, kv (one kv row holds the text "CREATE TABLE session_nodes(x)")
//   deep-schema.sqlite  16 wide filler tables then "session_nodes": sqlite_master spans an interior
//                       page, leaf pages and overflow chains; the name sits in the file's last page
//   wal-pending.sqlite  WAL mode: auth_profiles checkpointed into the main file, then
//   (+ .sqlite-wal)     session_nodes created with autocheckpoint off and both files copied while
//                       the connection was open, so that table exists only in the -wal file
const FIXTURES = path.join(__dirname, "..", "golden", "store", "sqlite")
const fixture = (name: string) => path.join(FIXTURES, name)

const dirs: Array<string> = []
const tmp = () => {
  const dir = fs.realpathSync(tempDir("clawkeep-sqlite-"))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const tables = (file: string) =>
  Effect.map(live(readSqliteSchema(file)), (schema) => schema!.filter((o) => o.type === "table").map((o) => o.name))

// The error's fields as a plain object: comparing Exit values with toEqual does not look at them.
const failure = <A, E extends { readonly _tag: string; readonly message: string }>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.flip(effect), (e) => ({ ...e, _tag: e._tag, message: e.message }))

const message = (p: string) => `Session store is managed by SQLite (OpenClaw 2026.7+): ${p}; refusing to write sessions.json`

// First in the file: the module is fresh, so nothing has started the reader yet.
describe("starting the SQLite reader", () => {
  it.effect("happens only once a database file exists", () =>
    Effect.gen(function* () {
      const state = tmp()
      fs.mkdirSync(path.join(state, "agents", "main", "agent"), { recursive: true })
      yield* live(requireNoSqliteStore(state, ["main", "work"], [path.join(state, "agents", "main", "sessions")]))
      expect(sqliteReaderStarted()).toBe(false)
      // as the CLI does: baseline WebAssembly compiler only (reading works the same)
      preferQuickSqliteReaderStart()
      expect(sqliteReaderStarted()).toBe(false)
      fs.copyFileSync(fixture("auth-only.sqlite"), sqliteStorePath(state, "main"))
      yield* live(requireNoSqliteStore(state, ["main"], []))
      expect(sqliteReaderStarted()).toBe(true)
      fs.copyFileSync(fixture("session-era.sqlite"), sqliteStorePath(state, "main"))
      expect(yield* live(isSqliteSessionStore(sqliteStorePath(state, "main")))).toBe(true)
    })
  )
})

describe("reading the schema of a SQLite file", () => {
  it.effect("lists sqlite_master rows of a small database", () =>
    Effect.gen(function* () {
      expect(yield* tables(fixture("session-era.sqlite"))).toEqual([
        "auth_profiles",
        "session_nodes",
        "session_windows",
        "session_transcript_archives"
      ])
      expect(yield* live(readSqliteSchema(fixture("auth-only.sqlite")))).toEqual([
        { type: "table", name: "auth_profiles" },
        { type: "index", name: "sqlite_autoindex_auth_profiles_1" },
        { type: "table", name: "kv" },
        { type: "index", name: "sqlite_autoindex_kv_1" }
      ])
    })
  )

  it.effect("reads a schema spread over several pages", () =>
    Effect.gen(function* () {
      const names = yield* tables(fixture("deep-schema.sqlite"))
      expect(names).toHaveLength(17)
      expect(names.slice(0, 2)).toEqual(["filler_table_00", "filler_table_01"])
      expect(names.at(-1)).toBe("session_nodes")
    })
  )

  it.effect("a file that is not a database has no schema; a missing file is an error", () =>
    Effect.gen(function* () {
      const dir = tmp()
      fs.writeFileSync(path.join(dir, "text.sqlite"), "CREATE TABLE session_nodes(x) but not a database")
      expect(yield* live(readSqliteSchema(path.join(dir, "text.sqlite")))).toBeUndefined()
      // SQLite reads an empty file as an empty database
      fs.writeFileSync(path.join(dir, "empty.sqlite"), "")
      expect(yield* live(readSqliteSchema(path.join(dir, "empty.sqlite")))).toEqual([])
      const exit = yield* Effect.exit(live(readSqliteSchema(path.join(dir, "missing.sqlite"))))
      expect(Exit.isFailure(exit)).toBe(true)
    })
  )

  it.effect("session store detection", () =>
    Effect.gen(function* () {
      expect(yield* live(isSqliteSessionStore(fixture("session-era.sqlite")))).toBe(true)
      expect(yield* live(isSqliteSessionStore(fixture("deep-schema.sqlite")))).toBe(true)
      // the table name only as data is not a schema entry
      expect(yield* live(isSqliteSessionStore(fixture("auth-only.sqlite")))).toBe(false)
      const dir = tmp()
      expect(yield* live(inspectSqliteStore(path.join(dir, "missing.sqlite")))).toEqual({ _tag: "Absent" })
      expect(yield* live(isSqliteSessionStore(path.join(dir, "missing.sqlite")))).toBe(false)
      fs.writeFileSync(path.join(dir, "text.sqlite"), "CREATE TABLE session_nodes(x) but not a database")
      expect(yield* live(inspectSqliteStore(path.join(dir, "text.sqlite")))).toEqual({ _tag: "NotSessionStore" })
      expect(yield* live(isSqliteSessionStore(path.join(dir, "text.sqlite")))).toBe(false)
    })
  )

  // Safety (issue: "lets apply write when the database file is damaged"): a file that starts like
  // a SQLite database but cannot be read may well be a session store, so it cannot be ruled out.
  it.effect("a damaged database cannot be ruled out (fail safe)", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const deep = fs.readFileSync(fixture("deep-schema.sqlite"))
      fs.writeFileSync(path.join(dir, "cut.sqlite"), deep.subarray(0, 2048))
      expect(yield* live(readSqliteSchema(path.join(dir, "cut.sqlite")))).toBeUndefined()
      expect(yield* live(inspectSqliteStore(path.join(dir, "cut.sqlite")))).toEqual({
        _tag: "Unknown",
        reason: "it starts like a SQLite database but cannot be read (damaged?)"
      })
      expect(yield* live(isSqliteSessionStore(path.join(dir, "cut.sqlite")))).toBe(true)
      // even when the pages still present hold the CREATE TABLE statement
      const small = fs.readFileSync(fixture("session-era.sqlite"))
      fs.writeFileSync(path.join(dir, "cut2.sqlite"), small.subarray(0, 6 * 512))
      expect(small.subarray(0, 6 * 512).includes("CREATE TABLE session_nodes")).toBe(true)
      expect(yield* live(isSqliteSessionStore(path.join(dir, "cut2.sqlite")))).toBe(true)
    })
  )

  it.effect("a table name in another case is the same table (SQLite names are case-insensitive)", () =>
    Effect.gen(function* () {
      const require = createRequire(import.meta.url)
      type Db = { run(sql: string): void; export(): Uint8Array; close(): void }
      const initSqlJs = require("sql.js") as (o: { locateFile: () => string }) => Promise<{ Database: new () => Db }>
      const SQL = yield* Effect.promise(() => initSqlJs({ locateFile: () => require.resolve("sql.js/dist/sql-wasm.wasm") }))
      const db = new SQL.Database()
      db.run("CREATE TABLE SESSION_NODES (id TEXT)")
      const file = path.join(tmp(), "upper.sqlite")
      fs.writeFileSync(file, db.export())
      db.close()
      expect(yield* live(inspectSqliteStore(file))).toEqual({ _tag: "SessionStore" })
    })
  )

  it.effect("a pending -wal file makes the answer unknown unless the main file names the table", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const db = path.join(dir, "db.sqlite")
      fs.copyFileSync(fixture("wal-pending.sqlite"), db)
      // the main file alone, as of its last checkpoint
      expect(yield* tables(db)).toEqual(["auth_profiles"])
      expect(yield* live(inspectSqliteStore(db))).toEqual({ _tag: "NotSessionStore" })
      fs.writeFileSync(`${db}-wal`, "")
      expect(yield* live(isSqliteSessionStore(db))).toBe(false)
      fs.copyFileSync(fixture("wal-pending.sqlite-wal"), `${db}-wal`)
      expect(yield* live(inspectSqliteStore(db))).toEqual({
        _tag: "Unknown",
        reason: "its -wal file holds changes not yet checkpointed into the database"
      })
      expect(yield* live(isSqliteSessionStore(db))).toBe(true)
      // a main file that already names the table is a session store whatever the WAL holds
      fs.copyFileSync(fixture("session-era.sqlite"), db)
      expect(yield* live(inspectSqliteStore(db))).toEqual({ _tag: "SessionStore" })
    })
  )

  it.effect("a database too large to load is not read, and the answer is unknown", () =>
    Effect.gen(function* () {
      const dir = tmp()
      const db = path.join(dir, "big.sqlite")
      fs.copyFileSync(fixture("auth-only.sqlite"), db)
      fs.truncateSync(db, MAX_SQLITE_BYTES + 1) // sparse: no real disk use
      expect(yield* live(inspectSqliteStore(db))).toEqual({
        _tag: "Unknown",
        reason: "the database is larger than 512 MiB and was not read"
      })
      expect(yield* live(isSqliteSessionStore(db))).toBe(true)
      expect(yield* failure(live(readSqliteSchema(db)))).toStrictEqual({
        _tag: "FileSystemError",
        path: db,
        message: "the database is larger than 512 MiB and was not read"
      })
    })
  )
})

describe("requireNoSqliteStore (store-model §8, D14)", () => {
  const layout = (sqlite: Record<string, string>) => {
    const state = tmp()
    for (const [agent, name] of Object.entries(sqlite)) {
      const p = sqliteStorePath(state, agent)
      fs.mkdirSync(path.dirname(p), { recursive: true })
      fs.copyFileSync(fixture(name), p)
    }
    return state
  }

  it.effect("passes for a plain state dir and for an auth-only agent database", () =>
    Effect.gen(function* () {
      const state = layout({ main: "auth-only.sqlite" })
      yield* live(requireNoSqliteStore(state, ["main", "work"], [path.join(state, "agents", "main", "sessions")]))
    })
  )

  it.effect("fails naming the first agent database with a session_nodes table", () =>
    Effect.gen(function* () {
      const state = layout({ main: "auth-only.sqlite", work: "session-era.sqlite", ops: "deep-schema.sqlite" })
      const p = path.join(state, "agents", "work", "agent", "openclaw-agent.sqlite")
      expect(yield* failure(live(requireNoSqliteStore(state, ["main", "work", "ops"], [])))).toStrictEqual({
        _tag: "SqliteStoreError",
        sqlitePath: p,
        message: message(p)
      })
      // an agent that is not a target is not looked at
      yield* live(requireNoSqliteStore(state, ["main"], []))
    })
  )

  it.effect("fails safe, saying why, when the schema may be only in the -wal file", () =>
    Effect.gen(function* () {
      const state = layout({ main: "wal-pending.sqlite" })
      const p = sqliteStorePath(state, "main")
      yield* live(requireNoSqliteStore(state, ["main"], []))
      fs.copyFileSync(fixture("wal-pending.sqlite-wal"), `${p}-wal`)
      expect(yield* failure(live(requireNoSqliteStore(state, ["main"], [])))).toStrictEqual({
        _tag: "SqliteStoreError",
        sqlitePath: p,
        message: `${message(p)} (could not rule it out: its -wal file holds changes not yet checkpointed into the database)`
      })
    })
  )

  // Safety (issue: "a database path that is a directory gives a bare EISDIR"): refuse, naming the path.
  it.effect("a database path that is a directory is refused with the path and the reason", () =>
    Effect.gen(function* () {
      const state = tmp()
      const p = sqliteStorePath(state, "main")
      fs.mkdirSync(p, { recursive: true }) // a directory where the file should be
      expect(yield* failure(live(requireNoSqliteStore(state, ["main"], [])))).toStrictEqual({
        _tag: "SqliteStoreError",
        sqlitePath: p,
        message: `${message(p)} (could not rule it out: it is a directory, not a database file)`
      })
    })
  )

  it.effect("fails when an import archive directory exists in the state dir or a sessions dir", () =>
    Effect.gen(function* () {
      const state = layout({})
      const sessions = path.join(tmp(), "custom-sessions")
      fs.mkdirSync(sessions)
      fs.writeFileSync(path.join(sessions, "session-sqlite-import-archive"), "a file, not a directory")
      yield* live(requireNoSqliteStore(state, ["main"], [sessions]))
      fs.rmSync(path.join(sessions, "session-sqlite-import-archive"))
      fs.mkdirSync(path.join(sessions, "session-sqlite-import-archive"))
      const archive = path.join(sessions, "session-sqlite-import-archive")
      expect(yield* failure(live(requireNoSqliteStore(state, ["main"], [sessions])))).toStrictEqual(
        { _tag: "SqliteStoreError", sqlitePath: archive, message: message(archive) }
      )
      fs.mkdirSync(path.join(state, "session-sqlite-import-archive"))
      const top = path.join(state, "session-sqlite-import-archive")
      expect(yield* failure(live(requireNoSqliteStore(state, ["main"], [sessions])))).toStrictEqual(
        { _tag: "SqliteStoreError", sqlitePath: top, message: message(top) }
      )
    })
  )
})
