import { Data } from "effect"

/**
 * Every failure the commands report. Each carries the exact stderr text; the CLI prints it as
 * is and exits with `exitCode` (1 for all of them, as the reference does).
 */

/** The config file could not be parsed or failed validation (docs/store-model.md#the-config-file). */
export class ConfigError extends Data.TaggedError("ConfigError")<{
  readonly file: string
  readonly problems: ReadonlyArray<string>
  readonly message: string
}> {}

/** `--agent`/`--all-agents`/`--store` combination or an unknown agent (docs/store-model.md#which-stores-a-command-uses). */
export class TargetError extends Data.TaggedError("TargetError")<{ readonly message: string }> {}

/** A command-line value failed validation (`--active`, `--limit`, unknown option, …). */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** A store file exists but is not a JSON object; writing commands refuse to overwrite it (D5). */
export class StoreUnreadableError extends Data.TaggedError("StoreUnreadableError")<{
  readonly path: string
  readonly message: string
}> {}

/** A store whose values are nested too deeply to process (serialising them would overflow the stack). */
export const storeTooDeep = (path: string) =>
  new StoreUnreadableError({ path, message: `Session store ${path} is nested too deeply to process; nothing was written` })

/** The state dir belongs to a later, SQLite-backed OpenClaw (docs/store-model.md#sqlite-era-installations, D14). */
export class SqliteStoreError extends Data.TaggedError("SqliteStoreError")<{
  readonly sqlitePath: string
  readonly message: string
}> {}

/** `Invalid session ID: <id>` and other transcript path failures. */
export class SessionPathError extends Data.TaggedError("SessionPathError")<{ readonly message: string }> {}

/** An unexpected file-system failure. */
export class FileSystemError extends Data.TaggedError("FileSystemError")<{
  readonly path: string
  readonly message: string
}> {}

/**
 * A plan no longer matches the disk (the store or a file it touches changed since it was made);
 * nothing was written.
 */
export class PlanMismatchError extends Data.TaggedError("PlanMismatchError")<{
  readonly path: string
  readonly message: string
}> {}

/**
 * The store changed while apply was about to write it (someone else wrote it meanwhile, most
 * likely a running Gateway); everything apply had done was put back.
 */
export class StoreChangedError extends Data.TaggedError("StoreChangedError")<{
  readonly path: string
  readonly message: string
}> {}

/** A journal (`sessions restore`) could not be found or used. */
export class JournalError extends Data.TaggedError("JournalError")<{
  readonly path: string
  readonly message: string
}> {}

/** A plan file could not be read or is not a valid plan. */
export class PlanFileError extends Data.TaggedError("PlanFileError")<{
  readonly path: string
  readonly message: string
}> {}

/** Apply ran but some operations failed (each named in the message); the exit code is 1. */
export class ApplyIncompleteError extends Data.TaggedError("ApplyIncompleteError")<{
  readonly message: string
}> {}

/**
 * An apply to a configured store found a running Gateway, which could undo the apply with its
 * next store write; nothing was written (`--force` applies anyway).
 */
export class GatewayRunningError extends Data.TaggedError("GatewayRunningError")<{
  readonly url: string
  readonly message: string
}> {}

/** Errors of `sessions export-trajectory` (already carrying the reference's prefix). */
export class ExportError extends Data.TaggedError("ExportError")<{ readonly message: string }> {}

export type ClawkeepError =
  | ConfigError
  | TargetError
  | UsageError
  | StoreUnreadableError
  | SqliteStoreError
  | SessionPathError
  | FileSystemError
  | PlanMismatchError
  | PlanFileError
  | ApplyIncompleteError
  | GatewayRunningError
  | StoreChangedError
  | JournalError
  | ExportError

/**
 * Bytes read back from a store after scanning it are not what the scan saw: the file was changed
 * in place, or replaced before rows were read back through its path (a plain error thrown by the
 * store readers; the planners and apply turn it into a failure that names the store).
 */
export class StoreReadBackError extends Error {
  constructor() {
    super("the session store changed while it was being read")
    this.name = "StoreReadBackError"
  }
}
