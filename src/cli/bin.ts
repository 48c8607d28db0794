/** The `clawkeep` executable. */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Exit } from "effect"
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
      process.stderr.write(`clawkeep: unexpected failure\n`)
      onExit(2)
      return
    }
    onExit(exit.value as number)
  }
})
