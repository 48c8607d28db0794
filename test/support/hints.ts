/**
 * Recorded reference stderr with its hints pointed at clawkeep, as clawkeep prints them.
 *
 * Every error's first line is the reference's, byte for byte (scripts match it), and the goldens
 * still compare it exactly. Hints on later lines named the `openclaw` program; clawkeep prints
 * its own there: `Try: openclaw …` becomes `Try: clawkeep …`, and the config error block's last
 * three lines (`Fix: openclaw doctor --fix`, `Inspect: openclaw config validate`, `Status, …`)
 * become CONFIG_ERROR_HINTS. Nothing else changes.
 */
import { CONFIG_ERROR_HINTS } from "../../src/store/config.js"

const REFERENCE_CONFIG_HINTS = [
  "Fix: openclaw doctor --fix",
  "Inspect: openclaw config validate",
  "Status, health, logs, and doctor commands still run with invalid config."
].join("\n")

export const withClawkeepHints = (referenceStderr: string): string => {
  const newline = referenceStderr.indexOf("\n")
  if (newline < 0) return referenceStderr
  const first = referenceStderr.slice(0, newline + 1)
  const rest = referenceStderr
    .slice(newline + 1)
    .replace(/^Try: openclaw /gm, "Try: clawkeep ")
    .replaceAll(REFERENCE_CONFIG_HINTS, CONFIG_ERROR_HINTS.join("\n"))
  return first + rest
}

/** stderr lines only clawkeep prints after an apply (how to undo it); goldens of the reference have none. */
export const CLAWKEEP_ONLY_STDERR: ReadonlyArray<RegExp> = [/^To undo: clawkeep sessions restore .*\n?/gm]

/** clawkeep's stderr without the lines only clawkeep prints. */
export const withoutClawkeepOnlyLines = (stderr: string): string => CLAWKEEP_ONLY_STDERR.reduce((s, re) => s.replace(re, ""), stderr)
