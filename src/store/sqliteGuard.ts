/**
 * Detection of the SQLite-era session store of later OpenClaw releases (store-model §8, D14).
 *
 * From about 2026.7 OpenClaw keeps session metadata in `<stateDir>/agents/<id>/agent/
 * openclaw-agent.sqlite` (tables `session_nodes`, …); a `sessions.json` there is only migration
 * input, and writing one breaks the Gateway. Since about 2026.6.5 the same file exists holding
 * only auth state, so its existence alone proves nothing: the schema must name `session_nodes`.
 *
 * How the schema is read, without a SQLite library: the file's own format is simple enough.
 * Page 1 starts with the 100-byte header (`SQLite format 3\0`, page size, reserved bytes, text
 * encoding) and holds the root of `sqlite_master`, a table b-tree. We walk that b-tree (interior
 * pages → children, leaf cells → records, overflow chains for long `CREATE` statements) and decode
 * each record's `type` and `name` columns. Everything is bounds-checked, pages are read one at a
 * time, and the walk visits at most `MAX_SCHEMA_PAGES` pages, so a damaged or hostile file cannot
 * make it loop or read far. A database in WAL mode may still hold a freshly created schema only in
 * its `-wal` file (frames are plain page images); when the main file does not name the table, the
 * first `MAX_WAL_BYTES` of `<file>-wal` are scanned for a `CREATE TABLE … session_nodes` statement.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { FileSystemError, SqliteStoreError } from "../domain/errors.js"

export const SQLITE_FILE_NAME = "openclaw-agent.sqlite"
export const IMPORT_ARCHIVE_DIR = "session-sqlite-import-archive"
export const SESSION_TABLE = "session_nodes"

const MAGIC = "SQLite format 3\u0000"
const MAX_SCHEMA_PAGES = 4096
const MAX_WAL_BYTES = 16 * 1024 * 1024

/** One `sqlite_master` row: `type` (`table`, `index`, …) and `name`. */
export interface SchemaObject {
  readonly type: string
  readonly name: string
}

class Malformed extends Error {}

/** Reads pages of an open database file on demand. */
class PageReader {
  constructor(
    readonly fd: number,
    readonly size: number,
    readonly pageSize: number
  ) {}
  page(n: number): Buffer {
    if (!Number.isInteger(n) || n < 1 || (n - 1) * this.pageSize >= this.size) throw new Malformed(`page ${n}`)
    const buf = Buffer.alloc(this.pageSize)
    fs.readSync(this.fd, buf, 0, this.pageSize, (n - 1) * this.pageSize)
    return buf
  }
}

/** A SQLite varint at `at`: [value, length]. Values beyond 2^53 lose precision (not needed here). */
const varint = (buf: Buffer, at: number): readonly [number, number] => {
  let value = 0
  for (let i = 0; i < 9; i++) {
    if (at + i >= buf.length) throw new Malformed("varint")
    const byte = buf[at + i]!
    if (i === 8) return [value * 256 + byte, 9]
    value = value * 128 + (byte & 0x7f)
    if ((byte & 0x80) === 0) return [value, i + 1]
  }
  throw new Malformed("varint")
}

const decodeText = (bytes: Buffer, encoding: number): string => {
  if (encoding === 2) return bytes.toString("utf16le")
  if (encoding === 3) return Buffer.from(bytes).swap16().toString("utf16le")
  return bytes.toString("utf8")
}

/** Byte length of a record value of serial type `t`. */
const serialLength = (t: number): number => {
  if (t >= 12) return Math.floor((t - (t % 2 === 0 ? 12 : 13)) / 2)
  return [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0][t] ?? 0
}

/**
 * The `type`/`name` rows of `sqlite_master`, or undefined when the file is not a SQLite database.
 * Throws `Malformed` when the schema b-tree cannot be walked.
 */
const readSchema = (fd: number, size: number): ReadonlyArray<SchemaObject> | undefined => {
  if (size < 100) return undefined
  const header = Buffer.alloc(100)
  fs.readSync(fd, header, 0, 100, 0)
  if (header.toString("latin1", 0, 16) !== MAGIC) return undefined
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new Malformed("page size")
  const usable = pageSize - header[20]!
  const encoding = header.readUInt32BE(56)
  const reader = new PageReader(fd, size, pageSize)
  const objects: Array<SchemaObject> = []
  const visited = new Set<number>()
  const visit = (n: number) => {
    if (visited.has(n)) throw new Malformed("cycle")
    if (visited.size >= MAX_SCHEMA_PAGES) throw new Malformed("too many pages")
    visited.add(n)
  }

  /** The full payload of a leaf cell, following its overflow chain. */
  const payloadOf = (page: Buffer, at: number, length: number): Buffer => {
    const maxLocal = usable - 35
    let local = length
    if (length > maxLocal) {
      const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23
      const k = minLocal + ((length - minLocal) % (usable - 4))
      local = k <= maxLocal ? k : minLocal
    }
    if (at + local > page.length) throw new Malformed("cell")
    const parts = [page.subarray(at, at + local)]
    let remaining = length - local
    let next = remaining > 0 ? page.readUInt32BE(at + local) : 0
    while (remaining > 0) {
      visit(next)
      const overflow = reader.page(next)
      const take = Math.min(remaining, usable - 4)
      parts.push(overflow.subarray(4, 4 + take))
      remaining -= take
      next = overflow.readUInt32BE(0)
    }
    return Buffer.concat(parts)
  }

  const readRecord = (payload: Buffer) => {
    const [headerSize, headerLen] = varint(payload, 0)
    if (headerSize > payload.length) throw new Malformed("record")
    const types: Array<number> = []
    for (let at = headerLen; at < headerSize; ) {
      const [t, len] = varint(payload, at)
      types.push(t)
      at += len
    }
    const texts: Array<string | undefined> = []
    let at = headerSize
    for (const t of types) {
      const len = serialLength(t)
      if (at + len > payload.length) throw new Malformed("record")
      texts.push(t >= 13 && t % 2 === 1 ? decodeText(payload.subarray(at, at + len), encoding) : undefined)
      at += len
    }
    const [type, name] = texts
    if (type !== undefined && name !== undefined) objects.push({ type, name })
  }

  const walk = (n: number) => {
    visit(n)
    const page = reader.page(n)
    const base = n === 1 ? 100 : 0
    const kind = page[base]
    if (kind !== 0x05 && kind !== 0x0d) throw new Malformed(`page type ${kind}`)
    const cells = page.readUInt16BE(base + 3)
    const headerLength = kind === 0x05 ? 12 : 8
    for (let i = 0; i < cells; i++) {
      const pointerAt = base + headerLength + 2 * i
      if (pointerAt + 2 > page.length) throw new Malformed("cell pointer")
      const cell = page.readUInt16BE(pointerAt)
      if (cell >= page.length) throw new Malformed("cell offset")
      if (kind === 0x05) {
        walk(page.readUInt32BE(cell))
      } else {
        const [length, a] = varint(page, cell)
        const [, b] = varint(page, cell + a)
        readRecord(payloadOf(page, cell + a + b, length))
      }
    }
    if (kind === 0x05) walk(page.readUInt32BE(base + 8))
  }

  walk(1)
  return objects
}

/** The `sqlite_master` rows of a database file; undefined when it is not a SQLite database. */
export const readSqliteSchema = (file: string): ReadonlyArray<SchemaObject> | undefined => {
  const fd = fs.openSync(file, "r")
  try {
    return readSchema(fd, fs.fstatSync(fd).size)
  } finally {
    fs.closeSync(fd)
  }
}

const CREATE_SESSION_TABLE = new RegExp(
  String.raw`CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"|\x60|\[)?${SESSION_TABLE}(?:"|\x60|\])?\s*\(`,
  "i"
)

/** Whether the first bytes of a `-wal` file hold a `CREATE TABLE session_nodes` statement. */
const walNamesSessionTable = (walFile: string): boolean => {
  let fd: number
  try {
    fd = fs.openSync(walFile, "r")
  } catch {
    return false
  }
  try {
    const size = Math.min(fs.fstatSync(fd).size, MAX_WAL_BYTES)
    const buf = Buffer.alloc(size)
    fs.readSync(fd, buf, 0, size, 0)
    return CREATE_SESSION_TABLE.test(buf.toString("latin1"))
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Whether a SQLite file is a session store: its schema (or its WAL) names a `session_nodes`
 * table. A missing file or one that is not SQLite is not; a SQLite file whose schema cannot be
 * walked falls back to a scan of its first pages for the `CREATE TABLE` statement.
 */
export const isSqliteSessionStore = (file: string): boolean => {
  let schema: ReadonlyArray<SchemaObject> | undefined
  try {
    schema = readSqliteSchema(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false
    if (!(error instanceof Malformed)) throw error
    return walNamesSessionTable(file) || walNamesSessionTable(`${file}-wal`)
  }
  if (schema === undefined) return false
  if (schema.some((o) => o.type === "table" && o.name === SESSION_TABLE)) return true
  return walNamesSessionTable(`${file}-wal`)
}

/** `<stateDir>/agents/<id>/agent/openclaw-agent.sqlite`. */
export const sqliteStorePath = (stateDir: string, agentId: string): string =>
  path.join(stateDir, "agents", agentId, "agent", SQLITE_FILE_NAME)

const sqliteError = (where: string) =>
  new SqliteStoreError({
    sqlitePath: where,
    message: `Session store is managed by SQLite (OpenClaw 2026.7+): ${where}; refusing to write sessions.json`
  })

const isDirectory = (p: string): boolean => {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

/**
 * Fails with `SqliteStoreError` when writing `sessions.json` would break a SQLite-era OpenClaw:
 * for each agent (in order), its `openclaw-agent.sqlite` names a `session_nodes` table (the
 * message names that file); else a `session-sqlite-import-archive/` directory exists in the state
 * dir or in one of the sessions dirs (the message names that directory). Every writing command
 * runs this before touching anything.
 */
export const requireNoSqliteStore = (
  stateDir: string,
  agentIds: ReadonlyArray<string>,
  sessionsDirs: ReadonlyArray<string>
): Effect.Effect<void, SqliteStoreError | FileSystemError> =>
  Effect.suspend((): Effect.Effect<void, SqliteStoreError | FileSystemError> => {
    for (const agentId of agentIds) {
      const file = sqliteStorePath(stateDir, agentId)
      let managed: boolean
      try {
        managed = isSqliteSessionStore(file)
      } catch (error) {
        return Effect.fail(new FileSystemError({ path: file, message: (error as Error).message ?? String(error) }))
      }
      if (managed) return Effect.fail(sqliteError(file))
    }
    for (const dir of [stateDir, ...sessionsDirs]) {
      const archive = path.join(dir, IMPORT_ARCHIVE_DIR)
      if (isDirectory(archive)) return Effect.fail(sqliteError(archive))
    }
    return Effect.void
  })

/** Alias of `requireNoSqliteStore`. */
export const sqliteGuard = requireNoSqliteStore
