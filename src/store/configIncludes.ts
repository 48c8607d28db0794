/**
 * `$include` resolution for OpenClaw configs. Placeholder: configs without `$include` pass
 * through unchanged.
 */
import { Either } from "effect"
import type { EnvironmentShape } from "./environment.js"

export const resolveIncludes = (
  value: unknown,
  _file: string,
  _env: EnvironmentShape
): Either.Either<unknown, ReadonlyArray<string>> => Either.right(value)
