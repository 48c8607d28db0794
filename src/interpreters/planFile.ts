/** Plan files (`--plan-out`, `--apply-plan`): apply plans saved and read through `SessionFs`. */
import { Effect, Either } from "effect"
import { PlanFileError } from "../domain/errors.js"
import { decodePlanFile, encodePlanFile } from "../maintenance/planSchema.js"
import type { ApplyPlan } from "../maintenance/types.js"
import { Environment } from "../store/environment.js"
import { errorCode, SessionFs } from "../store/sessionFs.js"
import * as path from "node:path"

/** Writes the apply plans of a run to `file` (replaced atomically, mode 0600: plans name sessions). */
export const writePlanFile = (file: string, plans: ReadonlyArray<ApplyPlan>): Effect.Effect<string, PlanFileError, SessionFs | Environment> =>
  Effect.gen(function* () {
    const env = yield* Environment
    const fs = yield* SessionFs
    const target = path.resolve(env.cwd, file)
    yield* fs.writeFileAtomic(target, encodePlanFile(plans), { mode: 0o600, tempPrefix: ".clawkeep-plan" }).pipe(
      Effect.mapError((e) => new PlanFileError({ path: target, message: `Could not write the plan file ${target}: ${e.message}` }))
    )
    return target
  })

/** Reads and checks a plan file; the error names the file and what is wrong with it. */
export const readPlanFile = (file: string): Effect.Effect<ReadonlyArray<ApplyPlan>, PlanFileError, SessionFs | Environment> =>
  Effect.gen(function* () {
    const env = yield* Environment
    const { sync: fs } = yield* SessionFs
    const source = path.resolve(env.cwd, file)
    let text: string
    try {
      text = fs.readText(source)
    } catch (error) {
      const why = errorCode(error) === "ENOENT" ? "no such file" : errorCode(error) === "EISDIR" ? "it is a directory" : String((error as Error).message ?? error)
      return yield* Effect.fail(new PlanFileError({ path: source, message: `Could not read the plan file ${source}: ${why}` }))
    }
    const decoded = decodePlanFile(text)
    if (Either.isLeft(decoded)) {
      return yield* Effect.fail(new PlanFileError({ path: source, message: `Invalid plan file ${source}: ${decoded.left.split("\n")[0]}` }))
    }
    return decoded.right
  })
