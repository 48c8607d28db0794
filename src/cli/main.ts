/**
 * Wires the command tree, the argv normalisation, the layers and the exit codes.
 */
import { Command } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Either, Layer } from "effect"
import type { ClawkeepError } from "../domain/errors.js"
import { loadEnvFiles } from "../store/envFiles.js"
import { Environment } from "../store/environment.js"
import { GatewayProbe } from "../store/gateway.js"
import { NodeSessionFs } from "../store/nodeFs.js"
import { SessionFs } from "../store/sessionFs.js"
import { helpRequest, normalizeArgv } from "./argv.js"
import { cleanupCommand } from "./cleanup.js"
import { duCommand } from "./du.js"
import { ROOT_DESCRIPTION } from "./commandTable.js"
import { exportTrajectoryCommand } from "./exportTrajectory.js"
import { helpFor } from "./help.js"
import { colorEnabled, makePalette, type Palette } from "../render/colors.js"
import { Stdio, writeStderr, writeStdout } from "./io.js"
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

/**
 * Runs the CLI on the arguments after the program name and returns the exit code. Known errors
 * print their message on stderr; @effect/cli's own parse errors have already been printed.
 */
export const runCli = (
  args: ReadonlyArray<string>
): Effect.Effect<number, never, Environment | SessionFs | Stdio | NodeContext.NodeContext> =>
  Effect.gen(function* () {
    const normalized = normalizeArgv(args)
    const help = Either.isRight(normalized) ? helpRequest(normalized.right) : undefined
    if (help !== undefined) {
      // our own help (generated from the declaration tables): coloured only where colour is allowed
      const env = yield* Environment
      const io = yield* Stdio
      yield* writeStdout(helpFor(help, VERSION, makePalette(colorEnabled(env.env, io.isTty === true, args))))
      return 0
    }
    // as OpenClaw, every run but help and the version applies the .env files first (docs/env-files.md)
    const base = yield* Environment
    const version = Either.isRight(normalized) && normalized.right[0] === "--version"
    const { environment, warnings } = version ? { environment: base, warnings: [] } : loadEnvFiles(base, (yield* SessionFs).sync)
    for (const warning of warnings) yield* writeStderr(warning + "\n")
    if (Either.isLeft(normalized)) {
      const io = yield* Stdio
      yield* writeStderr(paintUsage(normalized.left.message, makePalette(colorEnabled(environment.env, io.errIsTty === true))) + "\n")
      return 1
    }
    return yield* cli(["node", "clawkeep", ...normalized.right]).pipe(
      Effect.as(0),
      Effect.catchAll((error: unknown) =>
        isClawkeepError(error) ? writeStderr(error.message + "\n").pipe(Effect.as(1)) : Effect.succeed(1)
      ),
      Effect.provideService(Environment, environment)
    )
  })

export const MainLayer = Layer.mergeAll(NodeContext.layer, Environment.layer, Stdio.layer, NodeSessionFs.layer, GatewayProbe.live)
