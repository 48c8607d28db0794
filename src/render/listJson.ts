/**
 * The list's JSON output (docs/list.md#json-output): exactly `JSON.stringify(envelope, null, 2)`, produced row by
 * row so that a large listing never needs one huge intermediate string of objects.
 */
import type { ListResult } from "../list/program.js"

/** The envelope without `sessions`, keys in the reference's order. */
export const jsonEnvelope = (result: ListResult): Record<string, unknown> => {
  const aggregate = result.allAgents || result.discover || result.targets.length > 1
  return {
    path: aggregate ? null : (result.targets[0]?.storePath ?? null),
    stores: aggregate
      ? result.targets.map((t) => ({ agentId: t.agentId, path: t.storePath, ...(t.discovered === undefined ? {} : { discovered: t.discovered }) }))
      : undefined,
    allAgents: result.allAgents ? true : undefined,
    // clawkeep's --discover only: absent without it, so the reference's shape is unchanged
    discover: result.discover ? true : undefined,
    count: result.count,
    totalCount: result.totalCount,
    limitApplied: result.limit ?? null,
    hasMore: result.hasMore,
    activeMinutes: result.activeMinutes ?? null
  }
}

/**
 * The JSON document as chunks (joined they equal `JSON.stringify({...envelope, sessions}, null,
 * 2)`), without the final newline.
 */
export const renderListJsonChunks = (result: ListResult): Array<string> => {
  const head = JSON.stringify({ ...jsonEnvelope(result), sessions: [] }, null, 2)
  if (result.rows.length === 0) return [head]
  // head ends with `"sessions": []\n}`; open the array instead and append the rows
  const open = head.slice(0, head.length - "[]\n}".length)
  const chunks: Array<string> = [open, "[\n"]
  result.rows.forEach((row, i) => {
    const text = JSON.stringify(row.json, null, 2).replace(/\n/g, "\n    ")
    chunks.push(`    ${text}${i < result.rows.length - 1 ? ",\n" : "\n"}`)
  })
  chunks.push("  ]\n}")
  return chunks
}

/** Above this many rows the document is produced row by row (bounded intermediate strings). */
const WHOLE_DOCUMENT_ROWS = 50000

export const renderListJson = (result: ListResult): string =>
  result.rows.length <= WHOLE_DOCUMENT_ROWS
    ? JSON.stringify({ ...jsonEnvelope(result), sessions: result.rows.map((r) => r.json) }, null, 2)
    : renderListJsonChunks(result).join("")
