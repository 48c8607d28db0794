import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterEach } from "vitest"
import { SqliteStoreError } from "../../src/domain/errors.js"
import { isSqliteSessionStore, readSqliteSchema, requireNoSqliteStore, sqliteStorePath } from "../../src/store/sqliteGuard.js"

// Fixtures made with Debian's sqlite3 3.40 (page size 512):
//   session-era.sqlite  auth_profiles, session_nodes, session_windows, session_transcript_archives
//   auth-only.sqlite    auth_profiles, kv (one kv row holds the text "CREATE TABLE session_nodes(x)")
//   deep-schema.sqlite  16 wide filler tables then "session_nodes": sqlite_master spans an interior
//                       page, leaf pages and overflow chains; the name sits in the file's last page
const FIXTURES = path.join(__dirname, "..", "golden", "store", "sqlite")
const fixture = (name: string) => path.join(FIXTURES, name)

const dirs: Array<string> = []
const tmp = () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "clawkeep-sqlite-")))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe("reading the schema of a SQLite file", () => {
  it("lists sqlite_master rows of a small database", () => {
    const tables = readSqliteSchema(fixture("session-era.sqlite"))!.filter((o) => o.type === "table").map((o) => o.name)
    expect(tables).toEqual(["auth_profiles", "session_nodes", "session_windows", "session_transcript_archives"])
  })

  it("walks interior pages and overflow chains", () => {
    const tables = readSqliteSchema(fixture("deep-schema.sqlite"))!.filter((o) => o.type === "table").map((o) => o.name)
    expect(tables).toHaveLength(17)
    expect(tables.slice(0, 2)).toEqual(["filler_table_00", "filler_table_01"])
    expect(tables.at(-1)).toBe("session_nodes")
  })

  it("session store detection", () => {
    expect(isSqliteSessionStore(fixture("session-era.sqlite"))).toBe(true)
    expect(isSqliteSessionStore(fixture("deep-schema.sqlite"))).toBe(true)
    // the table name only as data is not a schema entry
    expect(isSqliteSessionStore(fixture("auth-only.sqlite"))).toBe(false)
    const dir = tmp()
    expect(isSqliteSessionStore(path.join(dir, "missing.sqlite"))).toBe(false)
    fs.writeFileSync(path.join(dir, "text.sqlite"), "CREATE TABLE session_nodes(x) but not a database")
    expect(readSqliteSchema(path.join(dir, "text.sqlite"))).toBeUndefined()
    expect(isSqliteSessionStore(path.join(dir, "text.sqlite"))).toBe(false)
  })

  it("a damaged database falls back to scanning for the CREATE TABLE statement", () => {
    const dir = tmp()
    const whole = fs.readFileSync(fixture("deep-schema.sqlite"))
    // cut after the first pages: the walk fails, and the statement is not in what is left
    fs.writeFileSync(path.join(dir, "cut.sqlite"), whole.subarray(0, 2048))
    expect(isSqliteSessionStore(path.join(dir, "cut.sqlite"))).toBe(false)
    const small = fs.readFileSync(fixture("session-era.sqlite"))
    // the schema b-tree's root is an interior page; page 6 holds the statement, page 8 is cut off
    fs.writeFileSync(path.join(dir, "cut2.sqlite"), small.subarray(0, 6 * 512))
    expect(isSqliteSessionStore(path.join(dir, "cut2.sqlite"))).toBe(true)
  })

  it("a schema still in the -wal file is found", () => {
    const dir = tmp()
    fs.copyFileSync(fixture("auth-only.sqlite"), path.join(dir, "db.sqlite"))
    expect(isSqliteSessionStore(path.join(dir, "db.sqlite"))).toBe(false)
    fs.writeFileSync(path.join(dir, "db.sqlite-wal"), Buffer.concat([Buffer.alloc(64), Buffer.from('CREATE TABLE "session_nodes" (session_key TEXT)')]))
    expect(isSqliteSessionStore(path.join(dir, "db.sqlite"))).toBe(true)
  })
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
  const message = (p: string) => `Session store is managed by SQLite (OpenClaw 2026.7+): ${p}; refusing to write sessions.json`

  it.effect("passes for a plain state dir and for an auth-only agent database", () =>
    Effect.gen(function* () {
      const state = layout({ main: "auth-only.sqlite" })
      yield* requireNoSqliteStore(state, ["main", "work"], [path.join(state, "agents", "main", "sessions")])
    })
  )

  it.effect("fails naming the first agent database with a session_nodes table", () =>
    Effect.gen(function* () {
      const state = layout({ main: "auth-only.sqlite", work: "session-era.sqlite", ops: "deep-schema.sqlite" })
      const exit = yield* Effect.exit(requireNoSqliteStore(state, ["main", "work", "ops"], []))
      const p = path.join(state, "agents", "work", "agent", "openclaw-agent.sqlite")
      expect(exit).toEqual(Exit.fail(new SqliteStoreError({ sqlitePath: p, message: message(p) })))
      // an agent that is not a target is not looked at
      yield* requireNoSqliteStore(state, ["main"], [])
    })
  )

  it.effect("fails when an import archive directory exists in the state dir or a sessions dir", () =>
    Effect.gen(function* () {
      const state = layout({})
      const sessions = path.join(tmp(), "custom-sessions")
      fs.mkdirSync(sessions)
      fs.writeFileSync(path.join(sessions, "session-sqlite-import-archive"), "a file, not a directory")
      yield* requireNoSqliteStore(state, ["main"], [sessions])
      fs.rmSync(path.join(sessions, "session-sqlite-import-archive"))
      fs.mkdirSync(path.join(sessions, "session-sqlite-import-archive"))
      const archive = path.join(sessions, "session-sqlite-import-archive")
      expect(yield* Effect.exit(requireNoSqliteStore(state, ["main"], [sessions]))).toEqual(
        Exit.fail(new SqliteStoreError({ sqlitePath: archive, message: message(archive) }))
      )
      fs.mkdirSync(path.join(state, "session-sqlite-import-archive"))
      const top = path.join(state, "session-sqlite-import-archive")
      expect(yield* Effect.exit(requireNoSqliteStore(state, ["main"], [sessions]))).toEqual(
        Exit.fail(new SqliteStoreError({ sqlitePath: top, message: message(top) }))
      )
    })
  )
})
