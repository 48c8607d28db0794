/**
 * `--active` and `--limit` as the reference parses them (docs/list.md#validation).
 */
import { Either } from "effect"
import { UsageError } from "../domain/errors.js"

export const DEFAULT_LIMIT = 100

export const ACTIVE_ERROR = "--active must be a positive number of minutes, for example --active 30."
export const LIMIT_ERROR = '--limit must be a positive integer or "all", for example --limit 25.'

/** `parseInt(value, 10)`; must be > 0. Undefined when the option is absent. */
export const parseActive = (value: string | undefined): Either.Either<number | undefined, UsageError> => {
  if (value === undefined) return Either.right(undefined)
  const parsed = Number.parseInt(value, 10)
  if (Number.isNaN(parsed) || parsed <= 0) return Either.left(new UsageError({ message: ACTIVE_ERROR }))
  return Either.right(parsed)
}

/** Absent → 100; `all` (any case) → undefined (no limit); else `^\d+$` and > 0. */
export const parseLimit = (value: string | undefined): Either.Either<number | undefined, UsageError> => {
  if (value === undefined) return Either.right(DEFAULT_LIMIT)
  const trimmed = value.trim()
  if (trimmed.toLowerCase() === "all") return Either.right(undefined)
  if (!/^\d+$/.test(trimmed)) return Either.left(new UsageError({ message: LIMIT_ERROR }))
  const parsed = Number.parseInt(trimmed, 10)
  return parsed > 0 ? Either.right(parsed) : Either.left(new UsageError({ message: LIMIT_ERROR }))
}
