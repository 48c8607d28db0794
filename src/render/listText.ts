/**
 * The list's text output (docs/list.md#text-output): header lines, then the table.
 */
import type { ListResult, ListRow } from "../list/program.js"
import { formatAge, formatFlags, pad, tableRow, truncateKey } from "./cells.js"
import type { Palette } from "./colors.js"
import { discoveredLines } from "./discovered.js"

const AGENT_PAD = 10
const KIND_PAD = 6
const KEY_PAD = 26
const AGE_PAD = 9
const MODEL_PAD = 14
const RUNTIME_PAD = 18
const TOKENS_PAD = 20

/** `k(v)` of docs/list.md#tokens, with the reference's coercions for non-number values. */
export const formatKTokens = (value: unknown): string =>
  `${((value as number) / 1e3).toFixed((value as number) >= 1e4 ? 0 : 1)}k`

/** The Tokens cell, padded and coloured (docs/list.md#tokens, docs/list.md#colours). */
export const formatTokensCell = (total: number | undefined, contextTokens: unknown, palette: Palette): string => {
  if (total === undefined) {
    const label = `unknown/${contextTokens ? formatKTokens(contextTokens) : "?"} (?%)`
    return palette.paint("muted", pad(label, TOKENS_PAD))
  }
  const ctx = contextTokens ? formatKTokens(contextTokens) : "?"
  const pct = contextTokens ? Math.min(999, Math.round((total / (contextTokens as number)) * 100)) : null
  const label = pad(`${formatKTokens(total)}/${ctx} (${pct ?? "?"}%)`, TOKENS_PAD)
  if (pct === null) return label
  if (pct >= 95) return palette.paint("error", label)
  if (pct >= 80) return palette.paint("warn", label)
  if (pct >= 60) return palette.paint("success", label)
  return palette.paint("muted", label)
}

const kindCell = (kind: string, palette: Palette): string => {
  const label = pad(kind, KIND_PAD)
  if (kind === "group") return palette.paint("accentBright", label)
  if (kind === "global") return palette.paint("warn", label)
  if (kind === "direct") return palette.paint("accent", label)
  return palette.paint("muted", label)
}

export const tableHeader = (showAgent: boolean): string =>
  [
    ...(showAgent ? [pad("Agent", AGENT_PAD)] : []),
    pad("Kind", KIND_PAD),
    pad("Key", KEY_PAD),
    pad("Age", AGE_PAD),
    pad("Model", MODEL_PAD),
    pad("Runtime", RUNTIME_PAD),
    pad("Tokens (ctx %)", TOKENS_PAD),
    "Flags"
  ].join(" ")

export const tableLine = (row: ListRow, nowMs: number, showAgent: boolean, palette: Palette): string => {
  const j = row.json
  const flags = formatFlags(row.entry)
  return tableRow([
    ...(showAgent ? [palette.paint("accentBright", pad(j.agentId, AGENT_PAD))] : []),
    kindCell(j.kind, palette),
    palette.paint("accent", pad(truncateKey(j.key), KEY_PAD)),
    palette.paint("muted", pad(formatAge(j.updatedAt, nowMs), AGE_PAD)),
    palette.paint("info", pad(j.model, MODEL_PAD)),
    palette.paint("info", pad(row.runtimeLabel, RUNTIME_PAD)),
    formatTokensCell(row.total, j.contextTokens, palette),
    flags === "" ? "" : palette.paint("muted", flags)
  ])
}

/** Every output line of a text listing, without trailing newlines. */
export const renderListText = (result: ListResult, palette: Palette): Array<string> => {
  const lines: Array<string> = []
  const multi = result.allAgents || result.discover || result.targets.length > 1
  lines.push(
    palette.paint(
      "info",
      multi
        ? `Session stores: ${result.targets.length} (${result.targets.map((t) => t.agentId).join(", ")})`
        : `Session store: ${result.targets[0]?.storePath}`
    )
  )
  lines.push(...discoveredLines(result.targets, palette))
  lines.push(
    palette.paint(
      "info",
      result.hasMore && result.limit !== undefined
        ? `Sessions listed: ${result.count} of ${result.totalCount} (limit ${result.limit})`
        : `Sessions listed: ${result.count}`
    )
  )
  if (result.activeMinutes) lines.push(palette.paint("info", `Filtered to last ${result.activeMinutes} minute(s)`))
  if (result.rows.length === 0) {
    lines.push("No sessions found.")
    return lines
  }
  lines.push(palette.paint("heading", tableHeader(multi)))
  for (const row of result.rows) lines.push(tableLine(row, result.nowMs, multi, palette))
  return lines
}
