/**
 * Wires the command tree, the argv normalisation, the layers and the exit codes.
 */
import { Command } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Clock, Effect, Either, Layer, Logger, LogLevel } from "effect"
import { type ClawkeepError, UsageError } from "../domain/errors.js"
import { Progress, silentProgress } from "../domain/progress.js"
import { Collector } from "../store/collector.js"
import { OpenClawConfig } from "../store/config.js"
import { loadEnvFiles } from "../store/envFiles.js"
import { Environment } from "../store/environment.js"
import { GatewayProbe } from "../store/gateway.js"
import { NodeSessionFs } from "../store/nodeFs.js"
import { SessionFs } from "../store/sessionFs.js"
import { asksForJson, helpRequest, parseArgv } from "./argv.js"
import { cleanupCommand } from "./cleanup.js"
import { ROOT_DESCRIPTION, SHELLS } from "./commandTable.js"
import { AGENT_IDS, completionScript } from "./completions.js"
import { duCommand } from "./du.js"
import { exportTrajectoryCommand } from "./exportTrajectory.js"
import { helpFor } from "./help.js"
import { colorEnabled, makePalette, type Palette } from "../render/colors.js"
import { Stdio, type StdioShape, writeStderr, writeStdout } from "./io.js"
import { invalidLogLevel, parseLogLevel, stderrLogger } from "./logging.js"
import { type LiveProgress, progressFor } from "./progress.js"
import { pruneCommand } from "./prune.js"
import { restoreCommand } from "./restore.js"
import { listCommand, listHandler } from "./sessions.js"
import { sessionsCommand } from "./sessionsCommand.js"

export const VERSION = "0.1.0"

const sessions = sessionsCommand.pipe(
  Command.withHandler(listHandler),
  Command.withSubcommands([listCommand, cleanupCommand, exportTrajectoryCommand, duCommand, restoreCommand, pruneCommand])
)

const root = Command.make("clawkeep").pipe(
  Command.withDescription(ROOT_DESCRIPTION),
  Command.withSubcommands([sessions])
)

const cli = Command.run(root, { name: "clawkeep", version: VERSION })

/**
 * Argument errors as the reference colours them: the message in the error colour, then
 * `Try:` (error colour) and the suggested command (accent).
 */
export const paintUsage = (message: string, palette: Palette): string =>
  message
    .split("\n")
    .map((line) =>
      line.startsWith("Try: ")
        ? `${palette.paint("error", "Try:")} ${palette.paint("accent", line.slice("Try: ".length))}`
        : palette.paint("error", line)
    )
    .join("\n")

const isClawkeepError = (e: unknown): e is ClawkeepError =>
  typeof e === "object" && e !== null && "_tag" in e && "message" in e && typeof (e as { message: unknown }).message === "string"

/** `--completions <shell>`: the script, or the configured agent ids the scripts complete `--agent` with. */
const printCompletions = (shell: string) =>
  Effect.gen(function* () {
    if (shell === AGENT_IDS) {
      const { settings } = yield* OpenClawConfig
      yield* writeStdout(settings.agents.ids.map((id) => `${id}\n`).join(""))
      return 0
    }
    const script = completionScript(shell)
    if (script === undefined) {
      return yield* Effect.fail(new UsageError({ message: `No completion script for ${JSON.stringify(shell)}: use one of ${SHELLS.join(", ")}.\nTry: clawkeep --help` }))
    }
    yield* writeStdout(script)
    return 0
  }).pipe(Effect.provide(OpenClawConfig.layer))

/** Output that first erases the progress line, so the line never mixes with other text. */
const clearingFirst = (io: StdioShape, progress: LiveProgress): StdioShape => ({
  ...io,
  out: (text) => {
    progress.clear()
    io.out(text)
  },
  err: (text) => {
    progress.clear()
    io.err(text)
  }
})

/**
 * Runs the CLI on the arguments after the program name and returns the exit code. Known errors
 * print their message on stderr; @effect/cli's own parse errors have already been printed.
 */
export const runCli = (
  args: ReadonlyArray<string>
): Effect.Effect<number, never, Environment | SessionFs | Stdio | NodeContext.NodeContext> =>
  Effect.gen(function* () {
    const base = yield* Environment
    const io = yield* Stdio
    const parsed = parseArgv(args)
    const globals = Either.isRight(parsed) ? parsed.right.globals : undefined
    // `clawkeep --version` names no command but does not ask for help
    const programOnly = Either.isRight(parsed) && parsed.right.args.length === 0 && (globals!.version || globals!.completions !== undefined)
    const help = Either.isRight(parsed) && !programOnly ? helpRequest(parsed.right.args) : undefined
    if (help !== undefined) {
      // our own help (generated from the declaration tables): coloured only where colour is allowed
      yield* writeStdout(helpFor(help, VERSION, makePalette(colorEnabled(base.env, io.isTty === true, args))))
      return 0
    }
    if (globals?.version === true) {
      yield* writeStdout(`${VERSION}\n`)
      return 0
    }
    // as OpenClaw, every run but help and the version applies the .env files first, and their
    // warnings come before any other output, argument errors included (docs/env-files.md)
    const { environment, warnings } = loadEnvFiles(base, (yield* SessionFs).sync)
    for (const warning of warnings) yield* writeStderr(warning + "\n")
    const usageFailure = (message: string) =>
      writeStderr(paintUsage(message, makePalette(colorEnabled(environment.env, io.errIsTty === true))) + "\n").pipe(Effect.as(1))
    if (Either.isLeft(parsed)) return yield* usageFailure(parsed.left.message)
    const { args: normalized } = parsed.right
    const logLevel = globals!.logLevel === undefined ? LogLevel.None : parseLogLevel(globals!.logLevel)
    if (logLevel === undefined) return yield* usageFailure(invalidLogLevel(globals!.logLevel!))
    const completions = globals!.completions
    const progress = completions === undefined ? progressFor(io, environment.env, asksForJson(normalized)) : undefined
    const output = progress === undefined ? io : clearingFirst(io, progress)
    const run = completions === undefined ? cli(["node", "clawkeep", ...normalized]).pipe(Effect.as(0)) : printCompletions(completions)
    const startMs = yield* Clock.currentTimeMillis
    return yield* run.pipe(
      Effect.catchAll((error: unknown) =>
        isClawkeepError(error) ? writeStderr(error.message + "\n").pipe(Effect.as(1)) : Effect.succeed(1)
      ),
      Effect.provideService(Environment, environment),
      Effect.provideService(Progress, progress ?? silentProgress),
      Effect.provideService(Stdio, output),
      Effect.provide(Logger.replace(Logger.defaultLogger, stderrLogger(output.err, startMs))),
      Logger.withMinimumLogLevel(logLevel),
      Effect.ensuring(Effect.sync(() => progress?.dispose()))
    )
  })

export const MainLayer = Layer.mergeAll(NodeContext.layer, Environment.layer, Stdio.layer, NodeSessionFs.layer, GatewayProbe.live, Collector.live)
