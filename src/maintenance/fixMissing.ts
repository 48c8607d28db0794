/**
 * `--fix-missing` (docs/cleanup.md#fix-missing): drop rows whose transcript does not exist. A row without a
 * `sessionId` is kept; a `sessionId` that cannot name a transcript fails the whole command.
 */
import type { FsView } from "./fsView.js"
import { type InvalidSessionId, isInvalid, sessionFileOf, sessionIdOf, sessionFilePath } from "./paths.js"
import type { Rows } from "./rows.js"

export interface MissingRow {
  readonly key: string
  readonly transcript: string
}

export const fixMissing = (fs: FsView, rows: Rows): ReadonlyArray<MissingRow> | InvalidSessionId => {
  const removed: Array<MissingRow> = []
  for (const [key, entry] of rows) {
    const id = sessionIdOf(entry)
    if (id === undefined) continue
    const transcript = sessionFilePath(fs, id, sessionFileOf(entry))
    if (isInvalid(transcript)) return transcript
    if (!fs.exists(transcript)) removed.push({ key, transcript })
  }
  return removed
}
