import { isApplyTotalsLine } from "../../src/render/applyReport.js"
import { isPreviewApplyNote } from "../../src/render/explain.js"
import { isOutputExistsNote } from "../../src/export/errors.js"
import { isMissingStoreNote, isUnreadableStoreWarning } from "../../src/store/storeFile.js"

/**
 * stderr without clawkeep's own notes: warnings about stores that are not JSON objects or are
 * directories (the reference reads such stores as empty silently), the note that a `--store` path
 * does not exist, the warn-mode note that apply does less than the preview shows, the line
 * that says what an apply removed, and the
 * sentence that an export's output directory already exists (after the reference's raw EEXIST
 * line). Recorded reference output has none of them.
 */
export const withoutStoreWarnings = (stderr: string): string =>
  stderr
    .split("\n")
    .filter((line) => !isUnreadableStoreWarning(line) && !isPreviewApplyNote(line) && !isApplyTotalsLine(line) && !isMissingStoreNote(line) && !isOutputExistsNote(line))
    .join("\n")
