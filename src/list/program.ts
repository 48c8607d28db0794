/**
 * The `sessions` list program (docs/list.md): validate, read the targets' rows, filter by
 * `--active`, select the newest `--limit` rows, and enrich only those.
 */
import { Clock, Effect, Either } from "effect"
import {
  agentRuntimeOf,
  contextWindowResolver,
  displayModelRef,
  runtimeLabelOf,
  type AgentRuntime
} from "../domain/displayModel.js"
import type { OpenClawSettings } from "../domain/config.js"
import { FileSystemError, type ConfigError, type TargetError, type UsageError } from "../domain/errors.js"
import { rawEntryField, viewField } from "../domain/entry.js"
import { Progress, type ProgressShape } from "../domain/progress.js"
import { kindOfRow, parseAgentSessionKey, type SessionKind } from "../domain/sessionKey.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment } from "../store/environment.js"
import { SessionFs, type SyncFs } from "../store/sessionFs.js"
import { resolveTargets, type StoreTarget } from "../store/targets.js"
import { parseActive, parseLimit } from "./options.js"
import { StoreChangedError } from "../store/scan.js"
import { selectNewestIndices, sortValue } from "./select.js"
import { openStoreRows, type StoreRows } from "./source.js"

export interface ListRequest {
  readonly store?: string | undefined
  readonly agent?: string | undefined
  readonly allAgents?: boolean | undefined
  /** Every store on the host, disk-only ones included (clawkeep only). */
  readonly discover?: boolean | undefined
  readonly active?: string | undefined
  readonly limit?: string | undefined
}

/** One printed row: the JSON row (keys in the reference's order) plus what the table needs. */
export interface ListRow {
  /** The JSON row; undefined values are dropped when printed. */
  readonly json: {
    readonly key: string
    readonly updatedAt: unknown
    readonly ageMs: unknown
    readonly sessionId: unknown
    readonly systemSent: unknown
    readonly abortedLastRun: unknown
    readonly thinkingLevel: unknown
    readonly verboseLevel: unknown
    readonly traceLevel: unknown
    readonly reasoningLevel: unknown
    readonly elevatedLevel: unknown
    readonly responseUsage: unknown
    readonly groupActivation: unknown
    readonly inputTokens: unknown
    readonly outputTokens: unknown
    readonly totalTokens: number | null
    readonly totalTokensFresh: boolean
    readonly model: string
    readonly modelProvider: string
    readonly providerOverride: unknown
    readonly modelOverride: unknown
    readonly contextTokens: unknown
    readonly agentId: string
    readonly agentRuntime: AgentRuntime
    readonly kind: SessionKind
  }
  /** The raw store value (for the Flags cell). */
  readonly entry: unknown
  readonly runtimeLabel: string
  /** `totalTokens` when it is a finite number ≥ 0. */
  readonly total: number | undefined
}

export interface ListResult {
  readonly nowMs: number
  readonly targets: ReadonlyArray<StoreTarget>
  readonly allAgents: boolean
  /** `--discover` was given: the targets carry `discovered`. */
  readonly discover: boolean
  readonly count: number
  readonly totalCount: number
  /** The numeric limit, undefined for `all`. */
  readonly limit: number | undefined
  readonly hasMore: boolean
  readonly activeMinutes: number | undefined
  /** Stores that exist but are not JSON objects: listed as empty (the CLI warns on stderr). */
  readonly unreadableStores: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ListRow>
}

interface Candidate {
  readonly key: string
  readonly entry: unknown
  readonly target: StoreTarget
}

/** `totalTokens` when it is a finite number ≥ 0 (docs/list.md#tokens). */
export const resolveTotalTokens = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined

const enrich = (
  config: OpenClawSettings,
  context: ReturnType<typeof contextWindowResolver>,
  nowMs: number,
  candidate: Candidate
): ListRow => {
  const { entry, key } = candidate
  const get = (name: string): unknown => rawEntryField(entry, name)
  const updatedAt = get("updatedAt") ?? null
  const agentId = parseAgentSessionKey(key)?.agentId ?? candidate.target.agentId
  const ref = displayModelRef(config, key, entry)
  const agentRuntime = agentRuntimeOf(config, agentId, ref)
  const rawTotal = get("totalTokens")
  const total = resolveTotalTokens(rawTotal)
  return {
    json: {
      key,
      updatedAt,
      ageMs: updatedAt ? nowMs - (updatedAt as number) : null,
      sessionId: get("sessionId"),
      systemSent: get("systemSent"),
      abortedLastRun: get("abortedLastRun"),
      thinkingLevel: get("thinkingLevel"),
      verboseLevel: get("verboseLevel"),
      traceLevel: get("traceLevel"),
      reasoningLevel: get("reasoningLevel"),
      elevatedLevel: get("elevatedLevel"),
      responseUsage: get("responseUsage"),
      groupActivation: get("groupActivation"),
      inputTokens: get("inputTokens"),
      outputTokens: get("outputTokens"),
      totalTokens: total ?? null,
      totalTokensFresh: typeof rawTotal === "number" ? get("totalTokensFresh") !== false : false,
      model: ref.model,
      modelProvider: ref.provider,
      providerOverride: get("providerOverride"),
      modelOverride: get("modelOverride"),
      contextTokens: context.of(get("contextTokens"), ref.model) ?? null,
      agentId,
      agentRuntime,
      kind: kindOfRow(key, viewField(entry, "chatType"))
    },
    entry,
    runtimeLabel: runtimeLabelOf(config, entry, agentRuntime, ref),
    total
  }
}

/**
 * Reads every target's rows through `fs`, applies `--active`, and picks the newest `limit` rows
 * (docs/list.md#selection): the candidates and their total count; a `FileSystemError` when a store changed in
 * place while it was read. Stores are closed before it returns.
 */
const pickRows = (
  fs: SyncFs,
  targets: ReadonlyArray<StoreTarget>,
  nowMs: number,
  activeMinutes: number | undefined,
  limit: number | undefined,
  progress: ProgressShape
): { readonly selected: Array<Candidate>; readonly totalCount: number; readonly unreadableStores: Array<string> } | FileSystemError => {
  const windowMs = activeMinutes === undefined ? 0 : activeMinutes * 60000
  const unreadableStores: Array<string> = []
  const stores: Array<StoreRows> = []
  /** The store being read, for the message when it changes under the reader. */
  let reading = ""
  try {
    // every row that passes `--active`, as (store, row) plus its sort value
    const candidateStore: Array<number> = []
    const candidateRow: Array<number> = []
    const values: Array<number> = []
    for (const target of targets) {
      reading = target.storePath
      const store = openStoreRows(fs, target.storePath)
      const s = stores.push(store) - 1
      if (store.unreadable) unreadableStores.push(target.storePath)
      const task = progress.start(`Reading sessions of ${target.agentId}`, store.count)
      for (let row = 0; row < store.count; row++) {
        if ((row & 4095) === 4095) task.update(row)
        const u = store.updatedAt(row)
        if (activeMinutes !== undefined && !(typeof u === "number" && nowMs - u <= windowMs)) continue
        candidateStore.push(s)
        candidateRow.push(row)
        values.push(sortValue(u))
      }
      task.end()
    }
    const picked = selectNewestIndices(values, limit)
    // read the picked rows back store by store in file order, then keep the picked order
    const readOrder = picked.map((_, i) => i)
    const positionOf = (i: number) => stores[candidateStore[picked[i]!]!]!.position(candidateRow[picked[i]!]!)
    readOrder.sort((a, b) => candidateStore[picked[a]!]! - candidateStore[picked[b]!]! || positionOf(a) - positionOf(b))
    const selected: Array<Candidate> = new Array(picked.length)
    for (const i of readOrder) {
      const c = picked[i]!
      const target = targets[candidateStore[c]!]!
      const store = stores[candidateStore[c]!]!
      const row = candidateRow[c]!
      reading = target.storePath
      selected[i] = { key: store.key(row), entry: store.value(row), target }
    }
    return { selected, totalCount: values.length, unreadableStores }
  } catch (error) {
    if (error instanceof StoreChangedError) {
      return new FileSystemError({ path: reading, message: `Session store changed while it was being listed: ${reading}; run the command again` })
    }
    throw error
  } finally {
    for (const store of stores) store.close()
  }
}

/** Runs the list: the reference's validation order is config, targets, `--active`, `--limit`. */
export const listSessions = (
  request: ListRequest
): Effect.Effect<ListResult, ConfigError | TargetError | UsageError | FileSystemError, Environment | OpenClawConfig | SessionFs> =>
  Effect.gen(function* () {
    const { settings: config } = yield* OpenClawConfig
    const { sync: fs } = yield* SessionFs
    const nowMs = yield* Clock.currentTimeMillis
    const targets = yield* resolveTargets(config, request)
    const activeMinutes = yield* Either.match(parseActive(request.active), { onLeft: Effect.fail, onRight: Effect.succeed })
    const limit = yield* Either.match(parseLimit(request.limit), { onLeft: Effect.fail, onRight: Effect.succeed })

    const picked = pickRows(fs, targets, nowMs, activeMinutes, limit, yield* Progress)
    if (picked instanceof FileSystemError) return yield* Effect.fail(picked)
    const { selected, totalCount, unreadableStores } = picked
    yield* Effect.logDebug(`list: ${totalCount} row(s) from ${targets.length} store(s) pass the filters, ${selected.length} shown`)
    const context = contextWindowResolver(config)
    const rows = selected.map((c) => enrich(config, context, nowMs, c))
    return {
      nowMs,
      targets,
      allAgents: request.allAgents === true,
      discover: request.discover === true,
      count: rows.length,
      totalCount,
      limit,
      hasMore: rows.length < totalCount,
      activeMinutes,
      unreadableStores,
      rows
    }
  })
