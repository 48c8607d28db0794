/**
 * Every command that reads or writes a store first finishes or rolls back an apply that was
 * interrupted (its journal is still pending), and says so on stderr (docs/cleanup.md#an-interrupted-apply).
 */
import { Effect } from "effect"
import { recoverPending } from "../interpreters/index.js"
import { writeStderr } from "./io.js"

/** Prints the lines recovery returned, one per interrupted apply. */
export const reportRecovered = (lines: ReadonlyArray<string>) => Effect.forEach(lines, (line) => writeStderr(line + "\n"), { discard: true })

/** Recovers the pending journals of the state dir in context before a command goes on. */
export const recoverFirst = Effect.flatMap(recoverPending, reportRecovered)
