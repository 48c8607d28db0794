/**
 * `sessions prune` in pure terms: the selectors (`--match`, `--kind`, `--older-than`, `--idle`,
 * `--channel`, `--missing-transcript`), which rows they select, and the plan that removes them.
 *
 * A prune is a cleanup plan with other row decisions: the selected rows become `prune-selected`,
 * their files get the same actions cleanup's pruning gives removed rows (`removedRows.ts`:
 * transcripts archived as `<file>.deleted.<ts>`, trajectory sidecars deleted, under every safety
 * rule), and nothing else is touched — no retention, disk budget, sweep or temp-file rule. The
 * plan is an `ApplyPlan`, so `dryRun`, `apply`, `--explain`, `--plan-out` and `--apply-plan`
 * treat it as they treat cleanup's.
 */
import { Either } from "effect"
import { DU_KINDS, duKindOf, type DuKind } from "../domain/du.js"
import { rawEntryField, viewField } from "../domain/entry.js"
import { messageChannel } from "../domain/entryNormalization.js"
import { UsageError } from "../domain/errors.js"
import { kindOfRow } from "../domain/sessionKey.js"
import { parseDurationMs } from "../domain/units.js"
import type { FsView } from "./fsView.js"
import { isInvalid, sessionFileOf, sessionFilePath, sessionIdOf } from "./paths.js"
import { fingerprinted, writableOrThrow, type CleanupSettings } from "./plan.js"
import { preserveKeys, protectionReason } from "./protection.js"
import { removedRowFiles } from "./removedRows.js"
import { listedRows } from "./planRows.js"
import { keySet, type Row, withoutKeys } from "./rows.js"
import type { ApplyPlan, CleanupOptions, CleanupPlan, PlanHeader, RowPlan } from "./types.js"

/** The kinds `--kind` takes: the list's kinds and the finer ones of `sessions du`. */
export const PRUNE_KINDS: ReadonlyArray<DuKind> = DU_KINDS

/** What the user chose; combined with AND (the values of one repeatable selector with OR). */
export interface PruneSelectors {
  /** `--match` globs on the session key (`*` any characters, `?` one; case-sensitive). */
  readonly match: ReadonlyArray<string>
  readonly kinds: ReadonlyArray<DuKind>
  /** `--older-than`: rows whose numeric `updatedAt` is before `now − olderThanMs`. */
  readonly olderThanMs: number | undefined
  /** `--idle`: no tokens recorded. */
  readonly idle: boolean
  /** `--channel` ids, normalised (lowercase, aliases resolved). */
  readonly channels: ReadonlyArray<string>
  /** `--missing-transcript`: the row's transcript file does not exist. */
  readonly missingTranscript: boolean
  /** The selectors as given (`--kind cron-run`, …): the reason of every selected row. */
  readonly described: ReadonlyArray<string>
}

export interface PruneOptions {
  readonly selectors: PruneSelectors
  /** Select protected rows and the active key too. */
  readonly includeProtected: boolean
  /** Preserved like cleanup's `--active-key` (unless `includeProtected`). */
  readonly activeKey: string | undefined
  readonly dryRun: boolean
}

/** The selectors as typed on the command line. */
export interface PruneSelectorInput {
  readonly match?: ReadonlyArray<string>
  readonly kind?: ReadonlyArray<string>
  readonly olderThan?: string | undefined
  readonly idle?: boolean
  readonly channel?: ReadonlyArray<string>
  readonly missingTranscript?: boolean
}

export const SELECTOR_NAMES = ["--match", "--kind", "--older-than", "--idle", "--channel", "--missing-transcript"] as const

export const NO_SELECTOR_ERROR =
  `sessions prune needs at least one selector (${SELECTOR_NAMES.join(", ")}); it never removes every row by default.\n` +
  "Try: clawkeep sessions prune --help"

/** Validates the selectors; a UsageError names what is wrong (and an empty set is one). */
export const parsePruneSelectors = (input: PruneSelectorInput): Either.Either<PruneSelectors, UsageError> => {
  const usage = (message: string) => Either.left(new UsageError({ message }))
  const match = input.match ?? []
  const kindsRaw = input.kind ?? []
  const channelsRaw = input.channel ?? []
  const described: Array<string> = []
  for (const m of match) described.push(`--match ${m}`)
  const kinds: Array<DuKind> = []
  for (const raw of kindsRaw) {
    const k = raw.trim().toLowerCase()
    const known = PRUNE_KINDS.find((kind) => kind === k)
    if (known === undefined) return usage(`--kind must be one of ${PRUNE_KINDS.join(", ")}; got "${raw}".`)
    kinds.push(known)
    described.push(`--kind ${known}`)
  }
  let olderThanMs: number | undefined
  if (input.olderThan !== undefined) {
    olderThanMs = parseDurationMs(input.olderThan, "d")
    if (olderThanMs === undefined) {
      return usage(`--older-than must be a duration such as 30d, 12h or 1h30m (a bare number is days); got "${input.olderThan}".`)
    }
    described.push(`--older-than ${input.olderThan.trim()}`)
  }
  if (input.idle === true) described.push("--idle")
  const channels: Array<string> = []
  for (const raw of channelsRaw) {
    const c = messageChannel(raw)
    if (c === undefined) return usage("--channel needs a channel id, for example --channel telegram.")
    channels.push(c)
    described.push(`--channel ${c}`)
  }
  if (input.missingTranscript === true) described.push("--missing-transcript")
  if (described.length === 0) return usage(NO_SELECTOR_ERROR)
  return Either.right({
    match,
    kinds,
    olderThanMs,
    idle: input.idle === true,
    channels,
    missingTranscript: input.missingTranscript === true,
    described
  })
}

/** A `--match` glob as a RegExp over the whole key: `*` any characters, `?` exactly one; case-sensitive. */
export const globRegExp = (glob: string): RegExp =>
  new RegExp(
    "^" +
      [...glob].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("") +
      "$",
    "u"
  )

const compiled = new Map<string, RegExp>()
const globOf = (glob: string): RegExp => {
  let re = compiled.get(glob)
  if (re === undefined) {
    re = globRegExp(glob)
    compiled.set(glob, re)
  }
  return re
}

const TOKEN_FIELDS = ["totalTokens", "inputTokens", "outputTokens"] as const

/** `--idle`: none of `totalTokens`, `inputTokens`, `outputTokens` is a number above 0. */
export const isIdleRow = (entry: unknown): boolean =>
  !TOKEN_FIELDS.some((f) => {
    const v = rawEntryField(entry, f)
    return typeof v === "number" && v > 0
  })

/**
 * The channel of a row: the first of `lastChannel`, `channel`, `deliveryContext.channel`,
 * `origin.provider`, and the legacy `lastProvider` and `provider` that is a non-blank string,
 * normalised as OpenClaw normalises channel names (trimmed, lowercased, aliases resolved).
 */
export const channelOfRow = (entry: unknown): string | undefined => {
  const candidates = [
    rawEntryField(entry, "lastChannel"),
    rawEntryField(entry, "channel"),
    rawEntryField(rawEntryField(entry, "deliveryContext"), "channel"),
    rawEntryField(rawEntryField(entry, "origin"), "provider"),
    rawEntryField(entry, "lastProvider"),
    rawEntryField(entry, "provider")
  ]
  for (const c of candidates) {
    if (typeof c !== "string") continue
    const n = messageChannel(c)
    if (n !== undefined) return n
  }
  return undefined
}

/** `--kind`: the row's list kind (`sessions` Kind column) or its finer `du` kind is one of them. */
export const rowKinds = (key: string, entry: unknown): ReadonlyArray<DuKind> => {
  const chatType = viewField(entry, "chatType")
  return [...new Set<DuKind>([kindOfRow(key, chatType), duKindOf(key, chatType)])]
}

/**
 * `--missing-transcript`: a row with a session id whose transcript (as cleanup's `--fix-missing`
 * resolves it) does not exist. A row without a session id, or with one that cannot name a
 * transcript, is not selected.
 */
export const transcriptMissing = (fs: FsView, entry: unknown): boolean => {
  const id = sessionIdOf(entry)
  if (id === undefined) return false
  const transcript = sessionFilePath(fs, id, sessionFileOf(entry))
  return !isInvalid(transcript) && !fs.exists(transcript)
}

/** Whether the selectors select a row (every given selector must match). */
export const rowSelected = (selectors: PruneSelectors, key: string, entry: unknown, nowMs: number, fs: FsView): boolean => {
  const s = selectors
  if (s.match.length > 0 && !s.match.some((g) => globOf(g).test(key))) return false
  if (s.kinds.length > 0 && !rowKinds(key, entry).some((k) => s.kinds.includes(k))) return false
  if (s.olderThanMs !== undefined) {
    const updatedAt = rawEntryField(entry, "updatedAt")
    if (typeof updatedAt !== "number" || !(updatedAt < nowMs - s.olderThanMs)) return false
  }
  if (s.idle && !isIdleRow(entry)) return false
  if (s.channels.length > 0) {
    const channel = channelOfRow(entry)
    if (channel === undefined || !s.channels.includes(channel)) return false
  }
  if (s.missingTranscript && !transcriptMissing(fs, entry)) return false
  return true
}

/** A selected row kept because it is protected (cleanup's rules) or the active key. */
export interface ProtectedRow {
  readonly key: string
  readonly reason: string
}

/** A prune's plan: cleanup's plan shape, plus the selected rows protection kept. */
export interface PrunePlan extends CleanupPlan {
  readonly protectedRows: ReadonlyArray<ProtectedRow>
}

/** The plan of a prune of one store (no I/O: every answer comes from the view). */
export const buildPrunePlan = (fs: FsView, settings: CleanupSettings, options: PruneOptions, nowMs: number): PrunePlan => {
  const snapshot = fs.snapshot
  const before = snapshot.store.entries
  const preserve = preserveKeys(options.activeKey)
  const reason = `selected by ${options.selectors.described.join(" ")}`
  const protectedRows: Array<ProtectedRow> = []
  const selected: Array<Row> = []
  const rows: Array<RowPlan> = before.map((row): RowPlan => {
    const [key, entry] = row
    if (!rowSelected(options.selectors, key, entry, nowMs, fs)) return { key, entry, action: "keep", reason: "not selected" }
    if (!options.includeProtected) {
      const why = preserve.has(key) ? "active key" : protectionReason(key, entry)
      if (why !== undefined) {
        const r = why === "active key" ? "active key" : `protected: ${why}`
        protectedRows.push({ key, reason: r })
        return { key, entry, action: "keep", reason: `${reason}, but kept (${r}; --include-protected removes it)` }
      }
    }
    selected.push(row)
    return { key, entry, action: "prune-selected", reason }
  })
  const selectedKeys = keySet(selected)
  const kept = withoutKeys(before, selectedKeys)
  const { archived, sidecars } = removedRowFiles(fs, before, selected, (k) => selectedKeys.has(k), kept, nowMs)
  const files = [...archived, ...sidecars]
  // nothing selected: the store is left as it is (cleanup would rewrite a compact one); a row
  // removed always changes the text
  const write = { keys: kept.map(([k]) => k), skip: selected.length === 0 }
  if (!write.skip) writableOrThrow(snapshot, write.keys)
  const cleanupOptions: CleanupOptions = { dryRun: options.dryRun, enforce: false, fixMissing: false, fixDmScope: false, activeKey: options.activeKey }
  const header: PlanHeader = {
    target: snapshot.target,
    sessionsDir: snapshot.sessionsDir,
    stateDir: snapshot.stateDir,
    nowMs,
    mode: "enforce",
    settings: settings.maintenance,
    options: cleanupOptions,
    storeStatus: snapshot.store.status
  }
  const apply: ApplyPlan = {
    ...header,
    options: { ...cleanupOptions, dryRun: false },
    rows: listedRows(rows.map(({ key, action, reason }) => ({ key, action, reason }))),
    files: fingerprinted(fs.pristine(), files),
    scannedFiles: 0,
    diskBudget: null,
    write,
    store: snapshot.store.fingerprint
  }
  return { preview: { ...header, rows: listedRows(rows), files, scannedFiles: 0, diskBudget: null }, apply, protectedRows }
}

/** What a prune of one store removes (or removed): counts and the rows and files themselves. */
export interface PruneSummary {
  readonly agentId: string
  readonly storePath: string
  readonly dryRun: boolean
  readonly beforeCount: number
  readonly afterCount: number
  /** Rows removed. */
  readonly pruned: number
  /** Selected rows kept because they are protected (the dry run's plan knows them). */
  readonly protectedKept: number
  readonly archivedTranscripts: number
  readonly deletedFiles: number
  /** Bytes of the archived and deleted files. */
  readonly bytes: number
  readonly rows: ReadonlyArray<{ readonly key: string; readonly reason: string }>
  readonly files: ReadonlyArray<{ readonly op: "archive" | "delete"; readonly path: string; readonly to?: string; readonly bytes: number; readonly reason: string; readonly key?: string }>
}

/** The summary of a prune plan (`protectedRows` from the planning run; a saved plan has none). */
export const pruneSummary = (plan: ApplyPlan, protectedRows: ReadonlyArray<ProtectedRow>, dryRun: boolean): PruneSummary => {
  const removed = plan.rows.without("keep")
  return {
    agentId: plan.target.agentId,
    storePath: plan.target.storePath,
    dryRun,
    beforeCount: plan.rows.length,
    afterCount: plan.rows.length - removed.length,
    pruned: removed.length,
    protectedKept: protectedRows.length,
    archivedTranscripts: plan.files.filter((f) => f.op === "archive").length,
    deletedFiles: plan.files.filter((f) => f.op === "delete").length,
    bytes: plan.files.reduce((s, f) => s + f.bytes, 0),
    rows: removed.map((r) => ({ key: r.key, reason: r.reason })),
    files: plan.files.map((f) => ({
      op: f.op,
      path: f.path,
      ...(f.to === undefined ? {} : { to: f.to }),
      bytes: f.bytes,
      reason: f.reason,
      ...(f.key === undefined ? {} : { key: f.key })
    }))
  }
}
