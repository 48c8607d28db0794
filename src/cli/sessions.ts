/** `clawkeep sessions` / `sessions list` (D1: alias): parse, provide layers, run, print. */
import { Command } from "@effect/cli"
import { Effect, Option } from "effect"
import { listSessions, type ListRequest } from "../list/program.js"
import { makePalette, colorEnabled } from "../render/colors.js"
import { renderListJson } from "../render/listJson.js"
import { renderListText } from "../render/listText.js"
import { OpenClawConfig } from "../store/config.js"
import { Environment } from "../store/environment.js"
import { SessionFs } from "../store/sessionFs.js"
import { directoryStoreWarning, missingStoreNote, unreadableStoreWarning } from "../store/storeFile.js"
import { LIST } from "./commandTable.js"
import { Stdio, writeStderr, writeStdout, writeStdoutLines } from "./io.js"
import { recoverFirst } from "./recovery.js"
import { inherit, sessionsCommand, sessionsOptions, type SessionsOptions } from "./sessionsCommand.js"

/** `--color` forces colour on, `--no-color` off; otherwise the environment decides. */
type ColorFlag = "on" | "off" | undefined

const colorFlagOf = (options: { readonly color: boolean; readonly noColor: boolean }): ColorFlag =>
  options.noColor ? "off" : options.color ? "on" : undefined

const runList = (request: ListRequest, json: boolean, colorFlag: ColorFlag) =>
  Effect.gen(function* () {
    yield* recoverFirst
    const result = yield* listSessions(request)
    const fs = yield* SessionFs
    for (const storePath of result.unreadableStores) {
      const info = yield* Effect.orElseSucceed(fs.stat(storePath), () => undefined)
      yield* writeStderr((info?.kind === "directory" ? directoryStoreWarning(storePath) : unreadableStoreWarning(storePath)) + "\n")
    }
    // a store named with --store that does not exist lists as empty: say so, it may be a typo
    if (request.store !== undefined) {
      for (const target of result.targets) {
        if ((yield* fs.lstatOrUndefined(target.storePath).pipe(Effect.orElseSucceed(() => null))) === undefined) {
          yield* writeStderr(missingStoreNote(target.storePath) + "\n")
        }
      }
    }
    if (json) {
      yield* writeStdout(renderListJson(result) + "\n")
      return
    }
    const env = yield* Environment
    const io = yield* Stdio
    const palette = makePalette(colorFlag === undefined ? colorEnabled(env.env, io.isTty === true) : colorFlag === "on")
    yield* writeStdoutLines(renderListText(result, palette))
  }).pipe(Effect.provide(OpenClawConfig.layer))

const requestOf = (options: SessionsOptions): ListRequest => ({
  store: Option.getOrUndefined(options.store),
  agent: Option.getOrUndefined(options.agent),
  allAgents: options.allAgents,
  discover: options.discover,
  active: Option.getOrUndefined(options.active),
  limit: Option.getOrUndefined(options.limit)
})

export const listHandler = (options: SessionsOptions) => runList(requestOf(options), options.json, colorFlagOf(options))

export const listCommand = Command.make("list", sessionsOptions, (options) =>
  Effect.flatMap(sessionsCommand, (parent) =>
    runList(
      {
        store: inherit(options.store, parent.store),
        agent: inherit(options.agent, parent.agent),
        allAgents: options.allAgents || parent.allAgents,
        discover: options.discover || parent.discover,
        active: inherit(options.active, parent.active),
        limit: inherit(options.limit, parent.limit)
      },
      options.json || parent.json,
      colorFlagOf(options)
    )
  )
).pipe(Command.withDescription(LIST.description))
