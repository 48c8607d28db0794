/**
 * The saved form of apply plans (`--plan-out`, `--apply-plan`, `--explain --json`): a versioned
 * Schema of `ApplyPlan`. Decoding a file checks every field; nothing of a plan is taken on trust
 * but its fingerprints, which `apply` checks against the disk before it changes anything.
 */
import { Either, ParseResult, Schema } from "effect"
import { listedRows, PlanRows, ROW_ACTIONS } from "./planRows.js"
import type { ApplyPlan } from "./types.js"

export const PLAN_FORMAT = "clawkeep-cleanup-plan"
export const PLAN_VERSION = 1

/** A number that JSON cannot hold as such (±Infinity) is written as a string. */
const JsonNumber = Schema.transform(Schema.Union(Schema.Number, Schema.Literal("Infinity", "-Infinity")), Schema.Number, {
  strict: true,
  decode: (v) => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v),
  encode: (n) => (n === Infinity ? "Infinity" : n === -Infinity ? "-Infinity" : n)
})

/** `undefined` in memory, `null` in the file. */
const Optional = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.transform(Schema.NullOr(schema), Schema.UndefinedOr(Schema.typeSchema(schema)), {
    strict: true,
    decode: (v) => (v === null ? undefined : v),
    encode: (v) => (v === undefined ? null : v)
  })

const Target = Schema.Struct({ agentId: Schema.String, storePath: Schema.String })

const Settings = Schema.Struct({
  mode: Schema.Literal("enforce", "warn"),
  pruneAfterMs: JsonNumber,
  maxEntries: JsonNumber,
  resetArchiveRetentionMs: Schema.Union(Schema.Literal(false), JsonNumber),
  maxDiskBytes: Optional(JsonNumber),
  highWaterBytes: Optional(JsonNumber)
})

const Options = Schema.Struct({
  dryRun: Schema.Boolean,
  enforce: Schema.Boolean,
  fixMissing: Schema.Boolean,
  fixDmScope: Schema.Boolean,
  activeKey: Optional(Schema.String)
})

const Row = Schema.Struct({
  key: Schema.String,
  action: Schema.Literal(...ROW_ACTIONS),
  reason: Schema.String
})

/** A plan's rows (columns or a list in memory) as the list of rows a file holds. */
const Rows = Schema.transform(
  Schema.Array(Row),
  Schema.declare((u: unknown): u is PlanRows => u instanceof PlanRows, { identifier: "PlanRows" }),
  { strict: true, decode: (rows) => listedRows(rows), encode: (rows) => rows.toArray() }
)

export const FileFingerprintSchema = Schema.Struct({
  type: Schema.Literal("file", "symlink", "dir", "other"),
  size: Schema.Number,
  mtimeMs: Schema.Number,
  ino: Schema.Number
})

const FileReasonSchema = Schema.Literal(
    "transcript-of-removed-row",
    "trajectory-sidecar",
    "archive-retention",
    "disk-budget-file",
    "disk-budget-row-artifact",
    "unreferenced-artifact",
    "stale-temp-file"
  )
export { FileReasonSchema }

const File = Schema.Struct({
  op: Schema.Literal("archive", "delete"),
  path: Schema.String,
  to: Schema.optionalWith(Schema.String, { exact: true }),
  bytes: Schema.Number,
  counted: Schema.Boolean,
  reason: FileReasonSchema,
  key: Schema.optionalWith(Schema.String, { exact: true }),
  sessionId: Schema.optionalWith(Schema.String, { exact: true }),
  before: Schema.optionalWith(FileFingerprintSchema, { exact: true })
})

const DiskBudget = Schema.Struct({
  totalBytesBefore: Schema.Number,
  totalBytesAfter: Schema.Number,
  maxBytes: Schema.Number,
  highWaterBytes: Schema.Number,
  overBudget: Schema.Boolean
})

export const StoreFingerprintSchema = Schema.Struct({
  exists: Schema.Boolean,
  size: Schema.Number,
  mtimeMs: Schema.Number,
  ino: Schema.Number,
  sha256: Schema.String
})

/** One store's apply plan. */
export const ApplyPlanSchema = Schema.Struct({
  target: Target,
  sessionsDir: Schema.String,
  stateDir: Schema.String,
  nowMs: Schema.Number,
  mode: Schema.Literal("enforce", "warn"),
  settings: Settings,
  options: Options,
  storeStatus: Schema.Literal("missing", "ok", "invalid"),
  rows: Rows,
  files: Schema.Array(File),
  scannedFiles: Schema.Number,
  diskBudget: Schema.NullOr(DiskBudget),
  write: Schema.Struct({ keys: Schema.Array(Schema.String), skip: Schema.Boolean }),
  store: StoreFingerprintSchema
})

// The Schema describes exactly the ApplyPlan type (checked at compile time both ways).
const _sameType: Schema.Schema.Type<typeof ApplyPlanSchema> extends ApplyPlan ? true : never = true
const _sameType2: ApplyPlan extends Schema.Schema.Type<typeof ApplyPlanSchema> ? true : never = true
void _sameType
void _sameType2

/** A plan file: the apply plans of one run, one per store. */
export const PlanFile = Schema.Struct({
  format: Schema.Literal(PLAN_FORMAT),
  version: Schema.Literal(PLAN_VERSION),
  plans: Schema.Array(ApplyPlanSchema)
})
export type PlanFile = typeof PlanFile.Type

/** The text of a plan file (JSON, two-space indented, newline-terminated). */
export const encodePlanFile = (plans: ReadonlyArray<ApplyPlan>): string =>
  JSON.stringify(Schema.encodeSync(PlanFile)({ format: PLAN_FORMAT, version: PLAN_VERSION, plans }), null, 2) + "\n"

/** Reads a plan file's text; Left: what is wrong with it, in words. */
export const decodePlanFile = (text: string): Either.Either<ReadonlyArray<ApplyPlan>, string> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return Either.left(`not JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const format = typeof json === "object" && json !== null ? (json as Record<string, unknown>)["format"] : undefined
  const version = typeof json === "object" && json !== null ? (json as Record<string, unknown>)["version"] : undefined
  if (format !== PLAN_FORMAT) return Either.left(`not a clawkeep cleanup plan (format is not "${PLAN_FORMAT}")`)
  if (version !== PLAN_VERSION) return Either.left(`plan format version ${String(version)} is not supported (this clawkeep reads version ${PLAN_VERSION})`)
  return Either.mapBoth(Schema.decodeUnknownEither(PlanFile)(json), {
    onLeft: (error) => ParseResult.TreeFormatter.formatErrorSync(error),
    onRight: (file) => file.plans
  })
}
