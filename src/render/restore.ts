/** Text and JSON of `sessions restore` (pure). */
import type { ListedJournal, RestoreResult } from "../maintenance/journal.js"

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** What a restore did (or would do), per journal. */
export const renderRestoreText = (results: ReadonlyArray<RestoreResult>): string =>
  results
    .map((r) => {
      const back = r.files.filter((f) => f.restored)
      const lost = r.files.filter((f) => !f.restored)
      const verb = r.dryRun ? "Would restore" : "Restored"
      const lines = [
        `${verb} ${r.storePath} from journal ${r.journalId} (${r.command}):`,
        `  rows put back: ${r.rowsRestored.length}${r.store === "merged" ? " (rows written since were kept)" : ""}${
          r.rowsKept.length > 0 ? `; ${plural(r.rowsKept.length, "row")} already back, kept as they are` : ""
        }`,
        `  files put back: ${back.length}`
      ]
      if (lost.length > 0) {
        lines.push(`  ${r.dryRun ? "cannot be brought back" : "could not be brought back"}: ${lost.length}`)
        for (const f of lost) lines.push(`    ${f.path}: ${f.reason ?? "unknown"}`)
      }
      return lines.join("\n") + "\n"
    })
    .join("")

export const renderRestoreJson = (results: ReadonlyArray<RestoreResult>, dryRun: boolean): string =>
  JSON.stringify({ dryRun, restores: results }, null, 2) + "\n"

const summaryOf = (j: ListedJournal) => {
  const ops = j.journal?.operations ?? []
  const count = (op: string) => ops.filter((o) => o.op === op && (o.status === "done" || o.status === "undone")).length
  return { archived: count("archive"), deleted: count("delete"), trashed: count("trash") }
}

/** The JSON of `restore --list`. */
export const renderJournalListJson = (journals: ReadonlyArray<ListedJournal>): string =>
  JSON.stringify(
    {
      journals: journals.map((j) =>
        j.journal === undefined
          ? { id: j.id, problem: j.problem }
          : {
              id: j.id,
              createdAt: new Date(j.journal.createdAtMs).toISOString(),
              command: j.journal.command,
              agentId: j.journal.target.agentId,
              storePath: j.journal.target.storePath,
              status: j.journal.status,
              undoable: j.journal.status === "committed",
              rowsRemoved: j.journal.removedKeys.length,
              ...summaryOf(j),
              trash: j.journal.trash,
              notes: j.journal.notes
            }
      )
    },
    null,
    2
  ) + "\n"

/** The text of `restore --list`: newest first. */
export const renderJournalListText = (journals: ReadonlyArray<ListedJournal>): string => {
  if (journals.length === 0) return "No journaled applies.\n"
  const lines = [`${"Journal".padEnd(26)} ${"When".padEnd(20)} ${"Status".padEnd(12)} ${"Rows".padStart(5)} ${"Files".padStart(6)}  Store`]
  for (const j of [...journals].reverse()) {
    if (j.journal === undefined) {
      lines.push(`${j.id.padEnd(26)} ${"?".padEnd(20)} ${"unreadable".padEnd(12)} ${"".padStart(5)} ${"".padStart(6)}  ${j.problem ?? ""}`)
      continue
    }
    const s = summaryOf(j)
    const status = j.journal.status === "committed" ? "undoable" : j.journal.status
    const when = new Date(j.journal.createdAtMs).toISOString().slice(0, 19).replace("T", " ")
    lines.push(
      `${j.id.padEnd(26)} ${when.padEnd(20)} ${status.padEnd(12)} ${String(j.journal.removedKeys.length).padStart(5)} ${String(s.archived + s.deleted + s.trashed).padStart(6)}  ${j.journal.target.storePath}`
    )
  }
  return lines.join("\n") + "\n"
}
