/**
 * Reading a transcript for export (docs/export.md#bounded-memory) in bounded memory.
 *
 * Pass 1 (`scanTranscript`) streams the file once and keeps, per JSON-object row, only what the
 * branch walk and the event merge need: byte offset and length, id, parentId, normalised
 * timestamp and the number of events the row yields. Row bodies are not kept: `RowReader`
 * re-reads a row by offset when its events or its `session-branch.json` entry are written, and
 * `materializeRow` re-applies the legacy migration to that one row. Memory is therefore
 * proportional to the number of rows (a few dozen bytes each) plus the longest line, not to the
 * file size.
 *
 * Both passes read through the `SessionFs` layer's synchronous calls (`open`/`read`/`close`).
 */
import { Effect, Option, Stream } from "effect"
import { isRecord } from "../domain/json.js"
import type { SyncFs } from "../store/sessionFs.js"
import { ExportFailure } from "./errors.js"

/** What pass 1 keeps of one JSON-object row. */
export interface RowMeta {
  /** Index among all parsed rows (legacy `firstKeptEntryIndex` counts these). */
  readonly index: number
  readonly offset: number
  readonly length: number
  readonly isSession: boolean
  /** The row's `id` when it is a string (after the legacy migration: the assigned id). */
  id: string | undefined
  /** Whether the file itself has a string `id`. */
  readonly hasOwnId: boolean
  /** A non-string `id` value as found in the file (only kept when present). */
  readonly rawId?: unknown
  /** The string `parentId` used by the branch walk (legacy: the previous row's id). */
  parent: string | null | undefined
  /** `timestamp` is a string or a number. */
  readonly hasTimestamp: boolean
  /** The event `ts` (ISO) derived from the timestamp. */
  readonly ts: string
  /** Events this row yields (message + tool calls, one for the other known types, else 0). */
  readonly eventCount: number
  /** Legacy `compaction.firstKeptEntryIndex` when it is a number. */
  readonly firstKeptIndex?: number
  /** Legacy previous-row id assigned as `parentId`. */
  legacyParentId?: string | null
}

export interface TranscriptScan {
  readonly rows: ReadonlyArray<RowMeta>
  /** The first `type:"session"` row, parsed. */
  readonly header: Record<string, unknown> | null
  readonly parsedRows: number
}

const EVENT_TYPES = new Set([
  "compaction",
  "branch_summary",
  "custom",
  "custom_message",
  "thinking_level_change",
  "model_change",
  "label",
  "session_info"
])

/** The event `ts` of a transcript timestamp (ISO, or the epoch when unusable). */
export const normalizeTimestamp = (value: unknown): string => {
  if (typeof value === "number" && Number.isFinite(value)) {
    const d = new Date(value)
    if (!Number.isNaN(d.getTime())) return d.toISOString()
  }
  if (typeof value === "string") {
    const d = new Date(value)
    if (!Number.isNaN(d.getTime())) return d.toISOString()
  }
  return new Date(0).toISOString()
}

/** Tool-call blocks of an assistant message: `{id, name, arguments, index}`. */
export const assistantToolCalls = (
  message: unknown
): Array<{ readonly id: unknown; readonly name: unknown; readonly arguments: unknown; readonly index: number }> => {
  if (!isRecord(message) || message["role"] !== "assistant" || !Array.isArray(message["content"])) return []
  const out: Array<{ id: unknown; name: unknown; arguments: unknown; index: number }> = []
  message["content"].forEach((block: unknown, index: number) => {
    if (!block || typeof block !== "object") return
    const b = block as Record<string, unknown>
    const type = typeof b["type"] === "string" ? b["type"].trim().toLowerCase() : ""
    if (type !== "toolcall" && type !== "tooluse" && type !== "functioncall") return
    out.push({
      id: typeof b["id"] === "string" ? b["id"] : undefined,
      name: typeof b["name"] === "string" ? b["name"] : undefined,
      arguments: b["arguments"] ?? b["input"] ?? b["parameters"],
      index
    })
  })
  return out
}

/** Rows clawkeep skips where the reference crashes (D7): non-objects, `message` rows without a message. */
const skipRow = (value: unknown): boolean =>
  !isRecord(value) || (value["type"] === "message" && (value["message"] === null || value["message"] === undefined))

export interface Line {
  readonly offset: number
  readonly length: number
  readonly bytes: Buffer
}

/** Bytes read per chunk (the size of the read stream's buffers this replaces). */
const CHUNK_BYTES = 256 * 1024

const readFailure = (error: unknown) => ExportFailure.from(error, (text) => text)

/**
 * The file's `\n`-separated lines with their byte offsets, read in chunks (CR stays; callers
 * trim). One fresh chunk buffer per read: a line spanning chunks keeps only the pieces it needs,
 * so memory stays at one chunk plus the longest line. The file is closed when the stream ends,
 * fails or is interrupted.
 */
export const fileLines = (fs: SyncFs, file: string): Stream.Stream<ReadonlyArray<Line>, ExportFailure> =>
  Stream.acquireRelease(
    Effect.try({ try: () => fs.open(file, "r"), catch: readFailure }),
    (fd) =>
      Effect.sync(() => {
        try {
          fs.close(fd)
        } catch {
          // already closed
        }
      })
  ).pipe(
    Stream.flatMap((fd) => {
      let pending: Array<Buffer> = []
      let pendingStart = 0
      let position = 0
      let done = false
      /** The lines completed by the next chunk; the last, unterminated line at end of file. */
      const next = (): ReadonlyArray<Line> | undefined => {
        if (done) return undefined
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
        const n = fs.read(fd, buffer, 0, CHUNK_BYTES, position)
        if (n === 0) {
          done = true
          if (pending.length === 0) return undefined
          const bytes = Buffer.concat(pending)
          pending = []
          return [{ offset: pendingStart, length: bytes.length, bytes }]
        }
        const chunk = buffer.subarray(0, n)
        const batch: Array<Line> = []
        let start = 0
        for (;;) {
          const nl = chunk.indexOf(10, start)
          if (nl < 0) break
          const piece = chunk.subarray(start, nl)
          const bytes = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece
          batch.push({ offset: pendingStart, length: bytes.length, bytes })
          pending = []
          pendingStart = position + nl + 1
          start = nl + 1
        }
        if (start < chunk.length) {
          if (pending.length === 0) pendingStart = position + start
          pending.push(chunk.subarray(start))
        }
        position += chunk.length
        return batch
      }
      return Stream.repeatEffectOption(
        Effect.try({ try: next, catch: (error) => Option.some(readFailure(error)) }).pipe(
          Effect.flatMap((batch) => (batch === undefined ? Effect.fail(Option.none()) : Effect.succeed(batch)))
        )
      ).pipe(Stream.filter((batch) => batch.length > 0))
    })
  )

const parseLine = (bytes: Buffer): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  const text = bytes.toString("utf8").trim()
  if (text === "") return { ok: false }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** Pass 1: streams the transcript once and records row metadata. */
export const scanTranscript = (fs: SyncFs, file: string): Effect.Effect<TranscriptScan, ExportFailure> =>
  Effect.suspend(() => {
    const rows: Array<RowMeta> = []
    let header: Record<string, unknown> | null = null
    let parsedRows = 0
    return fileLines(fs, file).pipe(
      Stream.runForEach((batch) =>
        Effect.sync(() => {
          for (const line of batch) {
            const parsed = parseLine(line.bytes)
            if (!parsed.ok) continue
            const index = parsedRows++
            const value = parsed.value
            if (skipRow(value)) continue
            const row = value as Record<string, unknown>
            const isSession = row["type"] === "session"
            if (isSession && header === null) header = row
            const id = row["id"]
            const timestamp = row["timestamp"]
            const hasTimestamp = typeof timestamp === "string" || typeof timestamp === "number"
            let eventCount = 0
            if (row["type"] === "message") eventCount = 1 + assistantToolCalls(row["message"]).length
            else if (typeof row["type"] === "string" && EVENT_TYPES.has(row["type"])) eventCount = 1
            const meta: RowMeta = {
              index,
              offset: line.offset,
              length: line.length,
              isSession,
              id: typeof id === "string" ? id : undefined,
              hasOwnId: typeof id === "string",
              ...(id !== undefined && typeof id !== "string" ? { rawId: id } : {}),
              parent: typeof row["parentId"] === "string" ? row["parentId"] : undefined,
              hasTimestamp,
              ts: hasTimestamp && !isSession ? normalizeTimestamp(timestamp) : "",
              eventCount,
              ...(row["type"] === "compaction" && typeof row["firstKeptEntryIndex"] === "number"
                ? { firstKeptIndex: row["firstKeptEntryIndex"] }
                : {})
            }
            rows.push(meta)
          }
        })
      ),
      Effect.map((): TranscriptScan => ({ rows, header, parsedRows }))
    )
  })

/** The header's `version` as the reference compares it (`?? 1`, JavaScript `<`). */
const headerVersion = (header: Record<string, unknown> | null): any => {
  const v = header?.["version"]
  return v === undefined || v === null ? 1 : v
}

export interface Branch {
  readonly header: Record<string, unknown> | null
  readonly leafId: string | null
  /** Branch rows, root to leaf. */
  readonly rows: ReadonlyArray<RowMeta>
  readonly legacyV1: boolean
  readonly legacyV2: boolean
  /** Row metadata by parsed-row index (legacy `firstKeptEntryIndex` lookups). */
  readonly byIndex: ReadonlyMap<number, RowMeta>
}

/** Legacy migration of the metadata, leaf and branch walk (D8: stops at a repeated row). */
export const resolveBranch = (scan: TranscriptScan): Branch => {
  const version = headerVersion(scan.header)
  const legacyV1 = version < 2
  const legacyV2 = version < 3
  if (legacyV1) {
    let previous: string | null = null
    let n = 0
    for (const row of scan.rows) {
      if (row.isSession) continue
      if (row.id === undefined) row.id = `legacy-${n++}`
      row.legacyParentId = previous
      row.parent = previous
      previous = row.id
    }
  }
  let header = scan.header
  if (header !== null && (legacyV1 || legacyV2)) header = { ...header, version: 3 }
  const candidates = scan.rows.filter((r) => !r.isSession && r.id !== undefined && r.hasTimestamp)
  const leafId = candidates.length > 0 ? candidates[candidates.length - 1]!.id! : null
  const byId = new Map<string, RowMeta>()
  for (const r of candidates) byId.set(r.id!, r)
  const branch: Array<RowMeta> = []
  const visited = new Set<RowMeta>()
  let current = leafId ? byId.get(leafId) : undefined
  while (current && !visited.has(current)) {
    visited.add(current)
    branch.push(current)
    current = current.parent ? byId.get(current.parent) : undefined
  }
  branch.reverse()
  const byIndex = new Map<number, RowMeta>()
  if (legacyV1) for (const r of scan.rows) byIndex.set(r.index, r)
  return { header, leafId, rows: branch, legacyV1, legacyV2, byIndex }
}

/** Positional reads of single rows. */
export class RowReader {
  private readonly fd: number
  constructor(
    private readonly fs: SyncFs,
    file: string
  ) {
    this.fd = fs.open(file, "r")
  }
  read(row: RowMeta): Record<string, unknown> {
    const buffer = Buffer.allocUnsafe(row.length)
    let done = 0
    while (done < row.length) {
      const n = this.fs.read(this.fd, buffer, done, row.length - done, row.offset + done)
      if (n === 0) throw new Error("Transcript changed while exporting")
      done += n
    }
    let value: unknown
    try {
      value = JSON.parse(buffer.toString("utf8").trim())
    } catch {
      throw new Error("Transcript changed while exporting")
    }
    if (!isRecord(value)) throw new Error("Transcript changed while exporting")
    return value as Record<string, unknown>
  }
  close(): void {
    this.fs.close(this.fd)
  }
}

/** A branch row read back and migrated as the reference migrates it in place. */
export const materializeRow = (reader: RowReader, branch: Branch, row: RowMeta): Record<string, unknown> => {
  const entry = reader.read(row)
  if (branch.legacyV1) {
    if (typeof entry["id"] !== "string") entry["id"] = row.id
    entry["parentId"] = row.legacyParentId ?? null
    if (entry["type"] === "compaction" && typeof entry["firstKeptEntryIndex"] === "number") {
      const target = branch.byIndex.get(entry["firstKeptEntryIndex"])
      if (target !== undefined && !target.isSession) {
        entry["firstKeptEntryId"] = target.index <= row.index || target.hasOwnId ? target.id : target.rawId
      }
      delete entry["firstKeptEntryIndex"]
    }
  }
  if (branch.legacyV2 && entry["type"] === "message") {
    const message = entry["message"]
    if (isRecord(message) && message["role"] === "hookMessage") (message as Record<string, unknown>)["role"] = "custom"
  }
  return entry
}
