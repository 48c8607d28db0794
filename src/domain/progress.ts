/**
 * Progress of long work (planning and applying a cleanup of a large store, listing many rows,
 * exporting a large transcript), reported to a service from the context. Its default is silent:
 * library users and tests get no output unless they provide one. The CLI provides a live line on
 * stderr when stderr is a terminal (`src/cli/progress.ts`).
 *
 * Programs report in few places: a phase per store (`inPhase`), and, in a loop that can take
 * seconds, a task whose `update` is cheap enough to call every few thousand iterations.
 */
import { Context, Effect } from "effect"

export interface ProgressTask {
  /** Units done so far, of the task's `total` when it has one. */
  readonly update: (done: number) => void
  /** The task is over, whether it succeeded or not. */
  readonly end: () => void
}

export interface ProgressShape {
  /** Starts a task: what is being done, and how many units it has when that is known. */
  readonly start: (label: string, total?: number) => ProgressTask
}

const silentTask: ProgressTask = { update: () => undefined, end: () => undefined }

/** Reports nothing (the default). */
export const silentProgress: ProgressShape = { start: () => silentTask }

export class Progress extends Context.Reference<Progress>()("clawkeep/Progress", { defaultValue: (): ProgressShape => silentProgress }) {}

/** Runs `use` with a task of the `Progress` in context, ended however `use` ends. */
export const withProgressTask = <A, E, R>(
  label: string,
  total: number | undefined,
  use: (task: ProgressTask) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.acquireUseRelease(
    Effect.map(Progress, (progress) => progress.start(label, total)),
    use,
    (task) => Effect.sync(() => task.end())
  )

/** Runs `effect` as one phase of work (`Planning main (1/3)`), shown while it runs. */
export const inPhase =
  (label: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    withProgressTask(label, undefined, () => effect)
