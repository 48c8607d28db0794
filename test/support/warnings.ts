import { isPreviewApplyNote } from "../../src/render/explain.js"
import { isUnreadableStoreWarning } from "../../src/store/storeFile.js"

/**
 * stderr without clawkeep's own notes: warnings about stores that are not JSON objects (the
 * reference reads such stores as empty silently) and the warn-mode note that apply will do less
 * than the preview shows. Recorded reference output has neither.
 */
export const withoutStoreWarnings = (stderr: string): string =>
  stderr
    .split("\n")
    .filter((line) => !isUnreadableStoreWarning(line) && !isPreviewApplyNote(line))
    .join("\n")
