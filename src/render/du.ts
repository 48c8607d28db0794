/**
 * Output of `sessions du`: the JSON document and the text report (a table of the classes with a
 * proportional bar each, what cleanup would free, the largest sessions, the rows by kind). Text
 * lines other than the path headers fit in 80 columns. Pure functions of the run.
 */
import { DU_CLASSES, type DuClass } from "../domain/du.js"
import type { ClassTally, DuRun, DuStoreReport, Tally } from "../maintenance/du.js"
import type { FileReason } from "../maintenance/types.js"
import { formatAge, truncateKey } from "./cells.js"
import type { ColorRole, Palette } from "./colors.js"

// ---------------------------------------------------------------------------------------------
// JSON

const storeJson = (s: DuStoreReport) => ({
  agentId: s.target.agentId,
  storePath: s.target.storePath,
  ...(s.discovered === undefined ? {} : { discovered: s.discovered }),
  sessionsDir: s.sessionsDir,
  storeStatus: s.storeStatus,
  total: s.total,
  classes: s.classes,
  notMeasured: s.notMeasured,
  rows: s.rows,
  kinds: s.kinds,
  largest: s.largest.map((l) => ({
    key: l.key,
    sessionId: l.sessionId ?? null,
    kind: l.kind,
    updatedAt: l.updatedAt,
    ageMs: l.ageMs,
    transcript: l.transcript,
    bytes: l.bytes
  })),
  cleanup: s.cleanup
})

/** The JSON value of a run (documented in docs/du.md). */
export const duJsonValue = (run: DuRun) => ({
  nowMs: run.nowMs,
  top: run.top,
  ...(run.discover ? { discover: true } : {}),
  total: run.total,
  stores: run.stores.map(storeJson)
})

export const renderDuJson = (run: DuRun): string => JSON.stringify(duJsonValue(run), null, 2) + "\n"

// ---------------------------------------------------------------------------------------------
// Text

const UNITS = ["KB", "MB", "GB", "TB", "PB"] as const

/** Bytes in binary units as OpenClaw's size settings read them (1 KB = 1024 B): `512 B`, `1.5 KB`, `116.2 MB`. */
export const formatSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`
}

export const CLASS_LABELS: Readonly<Record<DuClass, string>> = {
  store: "store (sessions.json)",
  "transcript-referenced": "transcripts, referenced",
  "transcript-unreferenced": "transcripts, unreferenced",
  "archive-deleted": "archives .deleted",
  "archive-reset": "archives .reset",
  "archive-bak": "archives .bak",
  "checkpoint-referenced": "checkpoints, referenced",
  "checkpoint-orphaned": "checkpoints, orphaned",
  "trajectory-runtime": "trajectory sidecars",
  "trajectory-pointer": "trajectory pointers",
  temp: "temp files (*.tmp)",
  lock: "lock files (*.lock)",
  other: "other files"
}

const CLASS_ROLES: Readonly<Record<DuClass, ColorRole>> = {
  store: "info",
  "transcript-referenced": "success",
  "transcript-unreferenced": "error",
  "archive-deleted": "warn",
  "archive-reset": "warn",
  "archive-bak": "warn",
  "checkpoint-referenced": "success",
  "checkpoint-orphaned": "error",
  "trajectory-runtime": "info",
  "trajectory-pointer": "info",
  temp: "muted",
  lock: "muted",
  other: "muted"
}

/** At most `LABEL_WIDTH − 4` characters (they are indented by 4). */
const REASON_LABELS: Readonly<Record<FileReason, string>> = {
  "transcript-of-removed-row": "transcripts (removed)",
  "trajectory-sidecar": "trajectory (removed)",
  "archive-retention": "archive retention",
  "disk-budget-file": "disk budget: files",
  "disk-budget-row-artifact": "disk budget: rows",
  "unreferenced-artifact": "unreferenced sweep",
  "stale-temp-file": "stale temp files"
}

const LABEL_WIDTH = 26
const FILES_WIDTH = 6
const SIZE_WIDTH = 10
export const BAR_WIDTH = 25
const SHARE_WIDTH = 6

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"] as const

/** A bar of `BAR_WIDTH` cells for `part` of `whole` (eighths of a cell); any non-zero part shows. */
export const bar = (part: number, whole: number): string => {
  if (whole <= 0 || part <= 0) return ""
  const eighths = Math.max(1, Math.round((Math.min(part, whole) / whole) * BAR_WIDTH * 8))
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]
}

const share = (part: number, whole: number): string => (whole <= 0 ? "" : `${((part / whole) * 100).toFixed(1)}%`)

const line = (label: string, t: Tally): string =>
  `${label.padEnd(LABEL_WIDTH)} ${String(t.files).padStart(FILES_WIDTH)} ${formatSize(t.bytes).padStart(SIZE_WIDTH)}`

const classLine = (cls: DuClass, t: ClassTally, whole: number, palette: Palette): string => {
  const body = line(CLASS_LABELS[cls], t)
  const drawn = bar(t.bytes, whole)
  const cells = drawn === "" ? " ".repeat(BAR_WIDTH) : palette.paint(CLASS_ROLES[cls], drawn) + " ".repeat(BAR_WIDTH - drawn.length)
  return `${body}  ${cells} ${share(t.bytes, whole).padStart(SHARE_WIDTH)}`.trimEnd()
}

const classTable = (s: DuStoreReport, palette: Palette): ReadonlyArray<string> => {
  const whole = s.total.bytes
  const lines = [palette.paint("heading", `${"Class".padEnd(LABEL_WIDTH)} ${"Files".padStart(FILES_WIDTH)} ${"Size".padStart(SIZE_WIDTH)}  Share`)]
  let hidden = 0
  for (const cls of DU_CLASSES) {
    const t = s.classes[cls]
    if (t.files === 0) {
      hidden++
      continue
    }
    lines.push(classLine(cls, t, whole, palette))
    if (t.pastRetention !== undefined) lines.push(palette.paint("muted", line("  past retention", t.pastRetention)))
    if (t.unreferenced !== undefined) lines.push(palette.paint("muted", line("  unreferenced", t.unreferenced)))
  }
  lines.push(`${"total".padEnd(LABEL_WIDTH)} ${String(s.total.files).padStart(FILES_WIDTH)} ${formatSize(whole).padStart(SIZE_WIDTH)}`)
  const { symlinks, directories, other } = s.notMeasured
  const skipped = [
    symlinks > 0 ? `${symlinks} symlink${symlinks === 1 ? "" : "s"}` : undefined,
    directories > 0 ? `${directories} director${directories === 1 ? "y" : "ies"}` : undefined,
    other > 0 ? `${other} other entr${other === 1 ? "y" : "ies"}` : undefined
  ].filter((x) => x !== undefined)
  if (skipped.length > 0) lines.push(palette.paint("muted", `Not measured: ${skipped.join(", ")} (only regular files are counted)`))
  if (hidden > 0) lines.push(palette.paint("muted", `(${hidden} empty class${hidden === 1 ? "" : "es"} not shown; --json lists every class)`))
  return lines
}

const cleanupLines = (s: DuStoreReport, palette: Palette): ReadonlyArray<string> => {
  const c = s.cleanup
  const lines = [
    palette.paint("heading", `What \`clawkeep sessions cleanup\` would do now (mode ${c.mode}):`),
    `  free ${formatSize(c.freed.bytes)} by deleting ${c.freed.files} file${c.freed.files === 1 ? "" : "s"}`
  ]
  for (const [reason, t] of Object.entries(c.freedByReason) as ReadonlyArray<[FileReason, Tally]>) {
    lines.push(palette.paint("muted", line(`    ${REASON_LABELS[reason]}`, t)))
  }
  if (c.archived.files > 0) {
    lines.push(`  archive ${c.archived.files} transcript${c.archived.files === 1 ? "" : "s"} (${formatSize(c.archived.bytes)}, renamed, nothing freed)`)
  }
  lines.push(`  remove ${c.rowsRemoved} of ${s.rows.total} row${s.rows.total === 1 ? "" : "s"}`)
  lines.push(palette.paint("muted", `  (--dry-run reports ${formatSize(c.dryRunReported.bytes)} freed: its sweep and disk budget only)`))
  return lines
}

const AGE_WIDTH = 10
const KIND_WIDTH = 10
const KEY_WIDTH = 80 - 2 - SIZE_WIDTH - 2 - AGE_WIDTH - 1 - KIND_WIDTH - 1

const largestLines = (s: DuStoreReport, nowMs: number, palette: Palette): ReadonlyArray<string> => {
  if (s.largest.length === 0) return []
  const lines = [
    palette.paint("heading", `Largest sessions by transcript (${s.largest.length} of ${s.sessionsWithBytes}):`),
    palette.paint("muted", `  ${"Size".padStart(SIZE_WIDTH)}  ${"Age".padEnd(AGE_WIDTH)} ${"Kind".padEnd(KIND_WIDTH)} Key`)
  ]
  for (const l of s.largest) {
    lines.push(
      `  ${formatSize(l.bytes).padStart(SIZE_WIDTH)}  ${palette.paint("muted", formatAge(l.updatedAt, nowMs).padEnd(AGE_WIDTH))} ${l.kind.padEnd(KIND_WIDTH)} ${palette.paint("accent", truncateKey(l.key, KEY_WIDTH))}`
    )
  }
  return lines
}

const kindLines = (s: DuStoreReport, palette: Palette): ReadonlyArray<string> => {
  if (s.kinds.length === 0) return []
  return [
    palette.paint("heading", "Rows by kind (transcript size):"),
    palette.paint("muted", `  ${"Kind".padEnd(KIND_WIDTH)} ${"Rows".padStart(FILES_WIDTH)} ${"Size".padStart(SIZE_WIDTH)}`),
    ...s.kinds.map((k) => `  ${k.kind.padEnd(KIND_WIDTH)} ${String(k.rows).padStart(FILES_WIDTH)} ${formatSize(k.bytes).padStart(SIZE_WIDTH)}`)
  ]
}

/** The report of one store. */
export const renderDuStore = (s: DuStoreReport, nowMs: number, palette: Palette): ReadonlyArray<string> => {
  const agent =
    s.discovered === true ? `Agent: ${s.target.agentId} (discovered on disk, not in the config)` : `Agent: ${s.target.agentId}`
  const rows = s.storeStatus === "invalid" ? "unreadable" : `${s.rows.total} row${s.rows.total === 1 ? "" : "s"}`
  return [
    palette.paint(s.discovered === true ? "warn" : "info", agent),
    palette.paint("info", `Session store: ${s.target.storePath} (${rows})`),
    palette.paint("info", `Sessions dir: ${s.sessionsDir}`),
    "",
    ...classTable(s, palette),
    "",
    ...cleanupLines(s, palette),
    ...(s.largest.length > 0 ? ["", ...largestLines(s, nowMs, palette)] : []),
    ...(s.kinds.length > 0 ? ["", ...kindLines(s, palette)] : [])
  ]
}

/** The whole text report: each store, then the total of all stores when there are several. */
export const renderDuText = (run: DuRun, palette: Palette): string => {
  const lines: Array<string> = []
  run.stores.forEach((s, i) => {
    if (i > 0) lines.push("")
    for (const line of renderDuStore(s, run.nowMs, palette)) lines.push(line)
  })
  if (run.stores.length === 0) lines.push("No session stores found.")
  if (run.stores.length > 1) {
    lines.push("", palette.paint("heading", `All ${run.stores.length} stores: ${formatSize(run.total.bytes)} in ${run.total.files} files`))
  }
  return lines.join("\n") + "\n"
}
