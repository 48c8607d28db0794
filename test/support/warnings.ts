import { isUnreadableStoreWarning } from "../../src/store/storeFile.js"

/**
 * stderr without clawkeep's warnings about stores that are not JSON objects: the reference reads
 * such stores as empty silently, so recorded reference output has no such line.
 */
export const withoutStoreWarnings = (stderr: string): string =>
  stderr
    .split("\n")
    .filter((line) => !isUnreadableStoreWarning(line))
    .join("\n")
