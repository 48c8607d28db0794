/**
 * The journal of one apply, as data: what it was about to do, what the store was before and
 * what it will be after, and (once finished) what became of every operation. Apply writes it
 * before its first change (write-ahead), so a later command can finish or roll back an apply
 * that was killed, and `sessions restore` can undo a finished one. Plain values and a Schema;
 * nothing here touches disk.
 */
import { Either, ParseResult, Schema } from "effect"
import { FileFingerprintSchema, FileReasonSchema, StoreFingerprintSchema } from "./planSchema.js"

export const JOURNAL_FORMAT = "clawkeep-journal"
export const JOURNAL_VERSION = 1

/**
 * - `prepared`: written before the first change; the apply is running or was interrupted;
 * - `committed`: the apply finished (its outcomes are recorded);
 * - `rolled-back`: the apply was stopped and everything it had done was put back;
 * - `restored`: `sessions restore` undid it.
 */
export const JournalStatus = Schema.Literal("prepared", "committed", "rolled-back", "restored")
export type JournalStatus = typeof JournalStatus.Type

export const JournalOperation = Schema.Struct({
  /** `trash`: a deletion that moved the file into the journal's trash (`--trash`) instead. */
  op: Schema.Literal("archive", "delete", "trash"),
  path: Schema.String,
  /** Archive destination, or the file's place in the trash. */
  to: Schema.optionalWith(Schema.String, { exact: true }),
  reason: FileReasonSchema,
  key: Schema.optionalWith(Schema.String, { exact: true }),
  bytes: Schema.Number,
  before: Schema.optionalWith(FileFingerprintSchema, { exact: true }),
  /** `pending` until the journal is finished. */
  status: Schema.Literal("pending", "done", "skipped", "failed", "undone"),
  detail: Schema.optionalWith(Schema.String, { exact: true })
})
export type JournalOperation = typeof JournalOperation.Type

export const Journal = Schema.Struct({
  format: Schema.Literal(JOURNAL_FORMAT),
  version: Schema.Literal(JOURNAL_VERSION),
  id: Schema.String,
  /** What made it: `cleanup` (also `--apply-plan`) or `prune`. */
  command: Schema.Literal("cleanup", "prune"),
  createdAtMs: Schema.Number,
  /** The process that applied (a journal of a live process is never recovered by another). */
  pid: Schema.Number,
  target: Schema.Struct({ agentId: Schema.String, storePath: Schema.String }),
  sessionsDir: Schema.String,
  stateDir: Schema.String,
  /** The file the store write replaces (the store, or a symlinked store's target); null: no write. */
  writeTarget: Schema.NullOr(Schema.String),
  /** The store before apply; its bytes are kept next to the journal (`store.before`). */
  storeBefore: StoreFingerprintSchema,
  /** SHA-256 of the text apply writes; null when it writes nothing. */
  storeAfterSha256: Schema.NullOr(Schema.String),
  /** The rows apply removes, in store order. */
  removedKeys: Schema.Array(Schema.String),
  trash: Schema.Boolean,
  operations: Schema.Array(JournalOperation),
  status: JournalStatus,
  finishedAtMs: Schema.NullOr(Schema.Number),
  /** What happened beyond the plan (a recovery, a rollback, a concurrent writer), in words. */
  notes: Schema.Array(Schema.String),
  restoredAtMs: Schema.NullOr(Schema.Number)
})
export type Journal = typeof Journal.Type

/**
 * The text of a journal file, given to `write` in pieces of a few dozen lines: indented, with
 * one line per removed key and per operation (an apply of 100 000 rows lists tens of thousands
 * of operations; indenting each one's fields would double the file, and the whole text, megabytes,
 * is never built at once).
 */
export const writeJournalText = (journal: Journal, write: (text: string) => void): void => {
  // The two long lists are written as they are: their items' schemas (strings, and operations
  // of plain fields in the schema's order) encode to themselves (`test/journal/text.test.ts`
  // reads the text back against the schema's encoding), and encoding tens of thousands of them
  // through the schema at each of an apply's journal writes took a tenth of a second.
  const encoded = { ...Schema.encodeSync(Journal)({ ...journal, removedKeys: [], operations: [] }), removedKeys: journal.removedKeys, operations: journal.operations }
  // the lists are written after the rest is laid out around their places
  const keysAt = "\u0000removedKeys\u0000"
  const operationsAt = "\u0000operations\u0000"
  const text = JSON.stringify({ ...encoded, removedKeys: keysAt, operations: operationsAt }, null, 2) + "\n"
  const keysAtText = JSON.stringify(keysAt)
  const operationsAtText = JSON.stringify(operationsAt)
  const k = text.indexOf(keysAtText)
  const o = text.indexOf(operationsAtText)
  write(text.slice(0, k))
  writeList(encoded.removedKeys, (key) => JSON.stringify(key), write)
  write(text.slice(k + keysAtText.length, o))
  writeList(encoded.operations, (op) => JSON.stringify(op), write)
  write(text.slice(o + operationsAtText.length))
}

/** A list as a member of the journal's top level: `[]`, or one item per line. */
const writeList = <A>(items: ReadonlyArray<A>, itemText: (item: A) => string, write: (text: string) => void): void => {
  if (items.length === 0) return write("[]")
  // (pieces of some 10 KB: a piece over 128 KB would be made in V8's large-object space, which
  // only a full collection frees; an operation's line is a few hundred bytes)
  const PIECE = 48
  for (let i = 0; i < items.length; i += PIECE) {
    let piece = i === 0 ? "[\n" : ",\n"
    const end = Math.min(items.length, i + PIECE)
    for (let j = i; j < end; j++) piece += (j === i ? "    " : ",\n    ") + itemText(items[j]!)
    write(piece)
  }
  write("\n  ]")
}

/** Reads a journal file's text; Left: what is wrong with it. */
export const decodeJournal = (text: string): Either.Either<Journal, string> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return Either.left(`not JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  return Either.mapLeft(Schema.decodeUnknownEither(Journal)(json), (error) => ParseResult.TreeFormatter.formatErrorSync(error).split("\n")[0]!)
}

/** A journal id: the instant (sortable) and a random part. */
export const journalId = (nowMs: number, random: string): string =>
  `${new Date(nowMs).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${random.replace(/[^a-z0-9]/gi, "").slice(-8).toLowerCase()}`

/** Whether a string can be a journal id (never a path). */
export const isJournalId = (id: string): boolean => /^\d{8}T\d{6}Z-[a-z0-9]{1,8}$/.test(id)

/**
 * The rows of a store after putting removed rows back: every row of `current` as it is (rows
 * written since by someone else are kept, a removed key written again keeps its new value), and
 * every removed row missing from `current` with its value from `before`, right after the row it
 * followed in `before` (the nearest earlier row still present), or first when none is.
 */
export const restoreRows = (
  before: ReadonlyArray<readonly [string, unknown]>,
  current: ReadonlyArray<readonly [string, unknown]>,
  removed: ReadonlySet<string>
): { readonly rows: ReadonlyArray<readonly [string, unknown]>; readonly restored: ReadonlyArray<string> } => {
  const present = new Set(current.map(([k]) => k))
  const after = new Map<string | null, Array<readonly [string, unknown]>>()
  const restored: Array<string> = []
  let anchor: string | null = null
  for (const row of before) {
    const [key] = row
    if (present.has(key)) anchor = key
    else if (removed.has(key)) {
      const list = after.get(anchor) ?? []
      list.push(row)
      after.set(anchor, list)
      restored.push(key)
    }
  }
  const rows: Array<readonly [string, unknown]> = [...(after.get(null) ?? [])]
  for (const row of current) rows.push(row, ...(after.get(row[0]) ?? []))
  return { rows, restored }
}


export interface ListedJournal {
  readonly id: string
  readonly journal: Journal | undefined
  /** Why it could not be read. */
  readonly problem: string | undefined
}


export interface RestoredFile {
  readonly path: string
  /** Where it was (its archive name or its place in the trash). */
  readonly from: string | undefined
  readonly restored: boolean
  /** Why it could not come back. */
  readonly reason?: string
}

export interface RestoreResult {
  readonly journalId: string
  readonly command: Journal["command"]
  readonly agentId: string
  readonly storePath: string
  readonly dryRun: boolean
  /** How the store is (or would be) written back. */
  readonly store: "exact" | "merged" | "unchanged"
  /** Removed rows put back. */
  readonly rowsRestored: ReadonlyArray<string>
  /** Removed rows already in the store again (written since by someone else; kept as they are). */
  readonly rowsKept: ReadonlyArray<string>
  readonly files: ReadonlyArray<RestoredFile>
}

