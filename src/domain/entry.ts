/**
 * Schemas for `sessions.json` and its entries (docs/store-model.md#reading-sessionsjson).
 *
 * The store keeps every entry as the raw JSON value it read (see `store/storeFile.ts`); that raw
 * value is what gets written back, so unknown fields, nesting and key order always survive.
 * `SessionEntry` is only a typed *view* decoded from a raw value: the fields clawkeep reads
 * (docs/store-model.md#reading-sessionsjson) are typed and optional, everything else passes through the index signature.
 * Nothing is ever rebuilt from a decoded view for writing.
 */
import { ParseResult, Schema } from "effect"
import { isRecord, type JsonObject } from "./json.js"
import { parseStoreText, serializeStoreText } from "./storeText.js"

/** Any further fields of an object, kept as unknown JSON values. */
const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** `origin` of an entry: only `chatType` is read. */
export const SessionOrigin = Schema.Struct({ chatType: Schema.optional(Schema.String) }, Rest)

/** `acp` of an entry: the runtime label reads `agent` and `backend`. */
export const SessionAcp = Schema.Struct({ agent: Schema.optional(Schema.String), backend: Schema.optional(Schema.String) }, Rest)

/** One `compactionCheckpoints[]` item: `preCompaction.sessionFile` keeps a checkpoint referenced. */
export const CompactionCheckpoint = Schema.Struct(
  { preCompaction: Schema.optional(Schema.Struct({ sessionFile: Schema.optional(Schema.String) }, Rest)) },
  Rest
)

/** The type of each known field of a store entry (docs/store-model.md#reading-sessionsjson); every other field is opaque. */
export const sessionEntryFieldTypes = {
  sessionId: Schema.String,
  updatedAt: Schema.Number,
  sessionFile: Schema.String,
  chatType: Schema.String,
  origin: SessionOrigin,
  spawnedBy: Schema.String,
  model: Schema.String,
  modelProvider: Schema.String,
  modelOverride: Schema.String,
  providerOverride: Schema.String,
  contextTokens: Schema.Number,
  totalTokens: Schema.Number,
  totalTokensFresh: Schema.Boolean,
  inputTokens: Schema.Number,
  outputTokens: Schema.Number,
  thinkingLevel: Schema.String,
  verboseLevel: Schema.String,
  traceLevel: Schema.String,
  reasoningLevel: Schema.String,
  elevatedLevel: Schema.String,
  responseUsage: Schema.String,
  groupActivation: Schema.String,
  systemSent: Schema.Boolean,
  abortedLastRun: Schema.Boolean,
  acp: SessionAcp,
  compactionCheckpoints: Schema.Array(CompactionCheckpoint)
} as const

type KnownField = keyof typeof sessionEntryFieldTypes
type FieldTypes = typeof sessionEntryFieldTypes

/** The known fields of a store entry, all optional. */
export const sessionEntryFields = Object.fromEntries(
  Object.entries(sessionEntryFieldTypes).map(([key, schema]) => [key, Schema.optional(schema)])
) as { readonly [K in KnownField]: Schema.optional<FieldTypes[K]> }

/** A store entry: known fields typed, unknown fields preserved by the index signature. */
export const SessionEntry = Schema.Struct(sessionEntryFields, Rest)
export type SessionEntry = typeof SessionEntry.Type

/** Decodes a raw entry strictly: fails when a known field has another type. */
export const decodeSessionEntry = Schema.decodeUnknownEither(SessionEntry)

/**
 * One type guard per known field. None of the field schemas transforms, so a value that passes
 * is its own decoded form (the view keeps the raw value itself).
 */
const fieldGuards: ReadonlyMap<string, (value: unknown) => boolean> = new Map(
  (Object.keys(sessionEntryFieldTypes) as Array<KnownField>).map((key) => {
    const is: (value: unknown) => boolean = Schema.is(sessionEntryFieldTypes[key] as Schema.Schema<unknown>)
    return [key, is] as const
  })
)

/** Sets a property as an own data property (a `__proto__` key stays a plain field). */
const defineField = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

/**
 * A lenient typed view of any raw entry (what the commands use): a non-object entry views as
 * `{}` (D7), and a known field whose value does not have the expected type is left out of the
 * view (it still survives in the raw value). Unknown fields, `__proto__` included, are carried
 * over as they are, in the raw value's key order.
 */
export const sessionEntryView = (raw: unknown): SessionEntry => {
  if (!isRecord(raw)) return {}
  const view: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(isEntryFields(raw) ? raw[FIELDS_OBJECT]() : raw)) {
    const is = fieldGuards.get(key)
    if (is === undefined || is(value)) defineField(view, key, value)
  }
  return view as SessionEntry
}

// ---------------------------------------------------------------------------------------------
// Reading entries. Every rule, the list and the export read an entry's fields through here.

/** The method by which an `EntryFields` answers one field. */
export const FIELD_OF: unique symbol = Symbol("clawkeep.fieldOf")
/** The method by which an `EntryFields` gives its fields as an object. */
export const FIELDS_OBJECT: unique symbol = Symbol("clawkeep.fieldsObject")

/**
 * An object entry whose fields are kept elsewhere (a scanned store keeps the rules' fields in
 * columns, not in an object per row) and that stands for the object they make: its projection.
 * The readers below answer from it exactly what they answer from that object; anything that needs
 * the object itself (its members in order, `JSON.stringify`) asks `entryObject`.
 */
export interface EntryFields {
  /** The own member `name` of the object, undefined when it has none (a JSON value never is). */
  readonly [FIELD_OF]: (name: string) => unknown
  /** The object: its members in their order, made at each call. */
  readonly [FIELDS_OBJECT]: () => JsonObject
}

/** Whether an entry is an `EntryFields` (an object entry, as `isRecord` says too). */
export const isEntryFields = (raw: unknown): raw is EntryFields =>
  typeof raw === "object" && raw !== null && (raw as Partial<EntryFields>)[FIELD_OF] !== undefined

/** An entry as a plain value: the object an `EntryFields` stands for, any other entry as it is. */
export const entryObject = (raw: unknown): unknown => (isEntryFields(raw) ? raw[FIELDS_OBJECT]() : raw)

/** What a plain object gives for a member it does not have: its prototype's (`({}).constructor`). */
const INHERITED: Readonly<Record<string, unknown>> = {}

/** Whether `key` is an own field of `raw` (`Object.entries` sees exactly these). */
const ownField = (raw: JsonObject, key: string): unknown => {
  const read = (raw as Partial<EntryFields>)[FIELD_OF]
  if (read !== undefined) return read.call(raw, key)
  return Object.prototype.hasOwnProperty.call(raw, key) ? raw[key] : undefined
}

/**
 * One known field as the view has it: `sessionEntryView(raw)[key]`, without building the view
 * (rules ask for one field of many rows).
 */
export const viewField = <K extends KnownField>(raw: unknown, key: K): SessionEntry[K] => {
  if (!isRecord(raw)) return undefined
  const value = ownField(raw, key)
  return value !== undefined && fieldGuards.get(key)!(value) ? (value as SessionEntry[K]) : undefined
}

/**
 * A field as JavaScript reads it (`entry?.[key]`), of any type. Only for the reads where the
 * reference tells the types apart in a way the typed view would lose: values the list prints or
 * coerces as they are (`updatedAt` of any truthy type, the flag cells, the JSON row's fields), a
 * non-string `sessionId` the export reports (`sessionId.trim is not a function`), and `chatType`
 * whose non-string own value hides `origin.chatType`.
 */
export const rawEntryField = (raw: unknown, key: string): unknown => {
  if (!isRecord(raw)) return undefined
  const read = (raw as Partial<EntryFields>)[FIELD_OF]
  if (read === undefined) return raw[key]
  // (as the object reads it: a member it does not have is its prototype's)
  const value = read.call(raw, key)
  return value !== undefined ? value : INHERITED[key]
}

/** `updatedAt` as JavaScript sees it (undefined for non-object rows): see `rawEntryField`. */
export const updatedAtOf = (raw: unknown): unknown => rawEntryField(raw, "updatedAt")

/** `sessionId` when it is a non-empty string (other values count as absent). */
export const sessionIdOf = (raw: unknown): string | undefined => viewField(raw, "sessionId") || undefined

/** `sessionFile` when it is a string. */
export const sessionFileOf = (raw: unknown): string | undefined => viewField(raw, "sessionFile")

/**
 * The chat type protection compares: the entry's own `chatType`, else `origin.chatType`, trimmed
 * and lowercased; `""` when not a string. A raw read: an own `chatType` of another type (not
 * `null`) still hides `origin.chatType`, which the view (dropping it) would not.
 */
export const protectionChatTypeOf = (raw: unknown): string => {
  const own = rawEntryField(raw, "chatType")
  const value = own ?? rawEntryField(rawEntryField(raw, "origin"), "chatType")
  return typeof value === "string" ? value.trim().toLowerCase() : ""
}

/**
 * `acp.agent` and `acp.backend`, each when a string. Read field by field: a mistyped `backend`
 * leaves `agent` readable (the view of the whole `acp` object would drop both).
 */
export const acpOf = (raw: unknown): { readonly agent: string | undefined; readonly backend: string | undefined } => {
  const acp = rawEntryField(raw, "acp")
  const agent = rawEntryField(acp, "agent")
  const backend = rawEntryField(acp, "backend")
  return { agent: typeof agent === "string" ? agent : undefined, backend: typeof backend === "string" ? backend : undefined }
}

const isCheckpoint = Schema.is(CompactionCheckpoint)

/**
 * The trimmed, non-blank `preCompaction.sessionFile` of each `compactionCheckpoints[]` item, item
 * by item (a malformed item is skipped; the view of the whole array would drop them all).
 */
export const checkpointSessionFiles = (raw: unknown): ReadonlyArray<string> => {
  const items = rawEntryField(raw, "compactionCheckpoints")
  if (!Array.isArray(items)) return []
  const files: Array<string> = []
  for (const item of items) {
    const file = isCheckpoint(item) ? (item.preCompaction?.sessionFile?.trim() ?? "") : ""
    if (file !== "") files.push(file)
  }
  return files
}

/** A JSON object (`JSON.parse` result that is not null, an array or a scalar), kept as is. */
export const StoreObject = Schema.declare((input: unknown): input is JsonObject => isRecord(input), {
  identifier: "StoreObject",
  description: "a JSON object of session key → raw entry value"
})

/** `Object.fromEntries` that keeps a `__proto__` key as an own property. */
const objectFromEntries = (entries: Iterable<readonly [string, unknown]>): JsonObject => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of entries) defineField(out, key, value)
  return out
}

/**
 * The parsed store as an ordered map of key → raw value. The map's order is the order
 * `Object.entries` gives for the parsed object (array-index keys first, ascending, then the
 * others in file order), which is also the order `JSON.stringify` writes. Values are never
 * decoded here, so encoding gives the same JSON value back.
 */
export const SessionStoreSchema = Schema.transform(
  StoreObject,
  Schema.ReadonlyMapFromSelf({ key: Schema.String, value: Schema.Unknown }),
  {
    strict: true,
    decode: (object) => new Map(Object.entries(object)) as ReadonlyMap<string, unknown>,
    encode: (map) => objectFromEntries(map)
  }
)

/** `sessions.json` text ↔ ordered map: strict JSON on the way in, the reference's format out. */
export const SessionStoreFromJson = Schema.transformOrFail(
  Schema.String,
  Schema.ReadonlyMapFromSelf({ key: Schema.String, value: Schema.Unknown }),
  {
    strict: true,
    decode: (text, _options, ast) => {
      const entries = parseStoreText(text)
      return entries === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, text, "Session store is not a JSON object"))
        : ParseResult.succeed(entries)
    },
    encode: (map) => ParseResult.succeed(serializeStoreText(map))
  }
)

// ---------------------------------------------------------------------------------------------
// The planning projection: what a cleanup, prune or du snapshot keeps of each row.

/**
 * The top-level fields the cleanup, prune and du rules and the dry-run's table read: every known
 * field, plus the channel fields `sessions prune --channel` reads. A snapshot keeps only these
 * (nested ones cut down by `projectPlanField`); the full row is read back from the store file
 * when something needs it (the disk budget's measure, the store write).
 */
export const PLAN_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(sessionEntryFieldTypes),
  "lastChannel",
  "channel",
  "lastProvider",
  "provider",
  "deliveryContext"
])

/**
 * The fields cleanup's rules read (a subset of `PLAN_FIELDS`, without the ones only the dry-run's
 * table and `sessions prune` read): the projection kept when nothing prints rows.
 */
export const RULE_FIELDS: ReadonlySet<string> = new Set(["sessionId", "updatedAt", "sessionFile", "chatType", "origin", "compactionCheckpoints"])

/** Which projection a store is read with: every planning field, or the rules' fields only. */
export type ProjectionFields = "plan" | "rules"

export const projectionFieldSet = (fields: ProjectionFields): ReadonlySet<string> => (fields === "rules" ? RULE_FIELDS : PLAN_FIELDS)

/** The fields whose projection keeps only some members of an object (in this order). */
export const PICKED_MEMBERS: ReadonlyMap<string, ReadonlyArray<string>> = new Map([
  ["origin", ["chatType", "provider"]],
  ["acp", ["agent", "backend"]],
  ["deliveryContext", ["channel"]]
])

/** The own fields `names` (never `__proto__`) of an object (other values as they are). */
const pick = (value: unknown, names: ReadonlyArray<string>): unknown => {
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const name of names) if (Object.prototype.hasOwnProperty.call(value, name)) out[name] = value[name]
  return out
}

/** A checkpoint item cut down to what `checkpointSessionFiles` reads; `null` for a malformed one. */
const projectCheckpoint = (item: unknown): unknown => {
  if (!isCheckpoint(item)) return null
  const pre = item.preCompaction
  if (pre === undefined) return {}
  return { preCompaction: pre.sessionFile === undefined ? {} : { sessionFile: pre.sessionFile } }
}

/**
 * A field of `PLAN_FIELDS` as the projection keeps it: nested objects keep only the members the
 * rules read, so every read through this module gives the same answer on the projection as on
 * the full row (`test/store/planProjection.test.ts`).
 */
export const projectPlanField = (name: string, value: unknown): unknown => {
  const members = PICKED_MEMBERS.get(name)
  if (members !== undefined) return pick(value, members)
  switch (name) {
    case "compactionCheckpoints":
      return Array.isArray(value) ? value.map(projectCheckpoint) : value
    default:
      return value
  }
}

/** The planning projection of a whole row (non-object rows are kept as they are). */
export const projectPlanEntry = (raw: unknown, fields: ReadonlySet<string> = PLAN_FIELDS): unknown => {
  raw = entryObject(raw)
  if (!isRecord(raw)) return raw
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) if (fields.has(key)) defineField(out, key, projectPlanField(key, value))
  return out
}
