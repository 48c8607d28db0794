/** The `clawkeep` executable. */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Exit } from "effect"
import { preferQuickSqliteReaderStart } from "../store/sqliteGuard.js"
import { MainLayer, runCli } from "./main.js"

preferQuickSqliteReaderStart()

const program = runCli(process.argv.slice(2)).pipe(
  Effect.tap((code) => Effect.sync(() => void (process.exitCode = code))),
  Effect.provide(MainLayer)
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isFailure(exit)) {
      // known errors were printed and mapped to exit 1 by runCli; this is a defect or an interrupt
      if (!Exit.isInterrupted(exit)) process.stderr.write(`clawkeep: unexpected failure\n${Cause.pretty(exit.cause)}\n`)
      onExit(Exit.isInterrupted(exit) ? 130 : 2)
      return
    }
    onExit(exit.value as number)
  }
})
