/**
 * `--log-level`: the programs log what they do with Effect's logging (`Effect.logDebug` where the
 * config is read, targets are resolved, stores are read and written, files are archived or
 * deleted); the CLI installs a logger that writes those lines to stderr — never to stdout, which
 * carries only the command's output — and sets the minimum level. Without `--log-level` nothing
 * is logged.
 */
import { Cause, HashMap, Logger, LogLevel } from "effect"
import { LOG_LEVELS } from "./commandTable.js"

const LEVELS: Readonly<Record<string, LogLevel.LogLevel>> = {
  all: LogLevel.All,
  trace: LogLevel.Trace,
  debug: LogLevel.Debug,
  info: LogLevel.Info,
  warning: LogLevel.Warning,
  warn: LogLevel.Warning,
  error: LogLevel.Error,
  fatal: LogLevel.Fatal,
  none: LogLevel.None,
  silent: LogLevel.None
}

/** The level a `--log-level` value names (case-insensitive), or undefined. */
export const parseLogLevel = (value: string): LogLevel.LogLevel | undefined => LEVELS[value.trim().toLowerCase()]

/** The message for a `--log-level` value that names no level. */
export const invalidLogLevel = (value: string): string =>
  `Invalid --log-level: ${JSON.stringify(value)}. Use one of ${LOG_LEVELS.join(", ")}.\nTry: clawkeep --help`

const text = (message: unknown): string =>
  (Array.isArray(message) ? message : [message]).map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" ")

/**
 * A logger writing one line per message through `write`:
 * `[debug +12ms] read store /…/sessions.json: 3 rows` (milliseconds since `startMs`), with the
 * message's annotations as `key=value` and a failure's cause on the lines after.
 */
export const stderrLogger = (write: (line: string) => void, startMs: number): Logger.Logger<unknown, void> =>
  Logger.make(({ annotations, cause, date, logLevel, message }) => {
    const extras = [...HashMap.toEntries(annotations)].map(([key, value]) => ` ${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    const elapsed = Math.max(0, date.getTime() - startMs)
    let line = `[${logLevel.label.toLowerCase()} +${elapsed}ms] ${text(message)}${extras.join("")}\n`
    if (!Cause.isEmpty(cause)) line += Cause.pretty(cause) + "\n"
    write(line)
  })
