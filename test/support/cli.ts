/**
 * Runs the clawkeep CLI in-process against a scratch environment, with a pinned clock, and
 * captures stdout, stderr and the exit code.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Effect, Layer } from "effect"
import { fixedClock } from "../../src/testing.js"
import { Stdio } from "../../src/cli/io.js"
import { runCli } from "../../src/cli/main.js"
import { Environment } from "../../src/store/environment.js"
import { NodeSessionFs } from "../../src/store/nodeFs.js"
import type { SessionFs } from "../../src/store/sessionFs.js"

export interface RunOptions {
  readonly env?: Record<string, string | undefined>
  readonly cwd?: string
  /** Pinned epoch ms for the command's clock. */
  readonly nowMs?: number
  /** The file system the command runs on (default: the live layer, the real disk). */
  readonly fs?: Layer.Layer<SessionFs>
  /** Pretend stdout (and stderr) is a terminal; default: not. */
  readonly tty?: boolean
}

export interface RunResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export { fixedClock }

export const runClawkeep = async (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<RunResult> => {
  const stdio = Stdio.memory(options.tty === true ? { isTty: true, errIsTty: true } : {})
  const cwd = options.cwd ?? process.cwd()
  const env = { ...(options.env ?? {}) }
  const layer = Layer.mergeAll(
    NodeContext.layer,
    options.fs ?? NodeSessionFs.layer,
    stdio.layer,
    Environment.make({ env, cwd, osHomedir: env["HOME"] ?? cwd })
  )
  let program = runCli(args).pipe(Effect.provide(layer))
  if (options.nowMs !== undefined) program = program.pipe(Effect.withClock(fixedClock(options.nowMs)))
  const code = await Effect.runPromise(program)
  return { code, stdout: stdio.buffers.stdout, stderr: stdio.buffers.stderr }
}
