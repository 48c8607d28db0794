/**
 * Schemas for `sessions.json` and its entries (store-model §5).
 *
 * The store keeps every entry as the raw JSON value it read (see `store/storeFile.ts`); that raw
 * value is what gets written back, so unknown fields, nesting and key order always survive.
 * `SessionEntry` is only a typed *view* decoded from a raw value: the fields clawkeep reads
 * (store-model §5.3) are typed and optional, everything else passes through the index signature.
 * Nothing is ever rebuilt from a decoded view for writing.
 */
import { Either, ParseResult, Schema } from "effect"
import { isRecord, type JsonObject } from "./json.js"
import { parseStoreText, serializeStoreText } from "./storeText.js"

/** Any further fields of an object, kept as unknown JSON values. */
const Rest = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const optionalString = Schema.optional(Schema.String)
const optionalNumber = Schema.optional(Schema.Number)
const optionalBoolean = Schema.optional(Schema.Boolean)

/** `origin` of an entry: only `chatType` is read. */
export const SessionOrigin = Schema.Struct({ chatType: optionalString }, Rest)

/** `acp` of an entry: the runtime label reads `agent` and `backend`. */
export const SessionAcp = Schema.Struct({ agent: optionalString, backend: optionalString }, Rest)

/** One `compactionCheckpoints[]` item: `preCompaction.sessionFile` keeps a checkpoint referenced. */
export const CompactionCheckpoint = Schema.Struct(
  { preCompaction: Schema.optional(Schema.Struct({ sessionFile: optionalString }, Rest)) },
  Rest
)

/** The known fields of a store entry (store-model §5.3); every other field is opaque. */
export const sessionEntryFields = {
  sessionId: optionalString,
  updatedAt: optionalNumber,
  sessionFile: optionalString,
  chatType: optionalString,
  origin: Schema.optional(SessionOrigin),
  spawnedBy: optionalString,
  model: optionalString,
  modelProvider: optionalString,
  modelOverride: optionalString,
  providerOverride: optionalString,
  contextTokens: optionalNumber,
  totalTokens: optionalNumber,
  totalTokensFresh: optionalBoolean,
  inputTokens: optionalNumber,
  outputTokens: optionalNumber,
  thinkingLevel: optionalString,
  verboseLevel: optionalString,
  traceLevel: optionalString,
  reasoningLevel: optionalString,
  elevatedLevel: optionalString,
  responseUsage: optionalString,
  groupActivation: optionalString,
  systemSent: optionalBoolean,
  abortedLastRun: optionalBoolean,
  acp: Schema.optional(SessionAcp),
  compactionCheckpoints: Schema.optional(Schema.Array(CompactionCheckpoint))
} as const

/** A store entry: known fields typed, unknown fields preserved by the index signature. */
export const SessionEntry = Schema.Struct(sessionEntryFields, Rest)
export type SessionEntry = typeof SessionEntry.Type

/** Decodes a raw entry strictly: fails when a known field has another type. */
export const decodeSessionEntry = Schema.decodeUnknownEither(SessionEntry)

type KnownField = keyof typeof sessionEntryFields

/** One decoder per known field, taking the field's value alone. */
const fieldDecoders: ReadonlyMap<string, (value: unknown) => Either.Either<unknown, unknown>> = new Map(
  (Object.keys(sessionEntryFields) as Array<KnownField>).map((key) => {
    const decode = Schema.decodeUnknownEither(Schema.typeSchema(Schema.Struct({ value: sessionEntryFields[key] })))
    return [key, (value: unknown) => Either.map(decode({ value }), (decoded) => decoded.value)] as const
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
  for (const [key, value] of Object.entries(raw)) {
    const decode = fieldDecoders.get(key)
    if (decode === undefined) {
      defineField(view, key, value)
      continue
    }
    const decoded = decode(value)
    if (Either.isRight(decoded)) defineField(view, key, decoded.right)
  }
  return view as SessionEntry
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
