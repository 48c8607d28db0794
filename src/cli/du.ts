/** `clawkeep sessions du`: parse, measure every target (read-only), print. */
import { Command } from "@effect/cli"
import { Effect, Either, Option } from "effect"
import { parseTop } from "../domain/du.js"
import { diskUsage } from "../interpreters/du.js"
import { colorEnabled, makePalette } from "../render/colors.js"
import { renderDuJson, renderDuText } from "../render/du.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment } from "../store/environment.js"
import { SessionFs } from "../store/sessionFs.js"
import { directoryStoreWarning, unreadableStoreWarning } from "../store/storeFile.js"
import { DU, optionsOf } from "./commandTable.js"
import { Stdio, writeStderr, writeStdout } from "./io.js"
import { recoverFirst } from "./recovery.js"
import { inherit, sessionsCommand } from "./sessionsCommand.js"

export const duOptions = optionsOf(DU.options)

export const duCommand = Command.make("du", duOptions, (options) =>
  Effect.gen(function* () {
    const parent = yield* sessionsCommand
    yield* recoverFirst
    const top = yield* Either.match(parseTop(Option.getOrUndefined(options.top)), { onLeft: Effect.fail, onRight: Effect.succeed })
    const run = yield* diskUsage({
      store: inherit(options.store, parent.store),
      agent: inherit(options.agent, parent.agent),
      allAgents: options.allAgents || parent.allAgents,
      discover: options.discover || parent.discover,
      top
    }).pipe(Effect.provide(OpenClawConfig.layer))
    const fs = yield* SessionFs
    for (const store of run.stores) {
      if (store.storeStatus !== "invalid") continue
      const storePath = store.target.storePath
      const info = yield* Effect.orElseSucceed(fs.stat(storePath), () => undefined)
      yield* writeStderr((info?.kind === "directory" ? directoryStoreWarning(storePath) : unreadableStoreWarning(storePath)) + "\n")
    }
    if (options.json || parent.json) {
      yield* writeStdout(renderDuJson(run))
      return
    }
    const env = yield* Environment
    const io = yield* Stdio
    yield* writeStdout(renderDuText(run, makePalette(colorEnabled(env.env, io.isTty === true))))
  })
).pipe(Command.withDescription(DU.description))
