import { Effect, Layer } from "effect"
import { Environment, type EnvironmentShape } from "../../src/store/environment.js"
import { NodeSessionFs } from "../../src/store/nodeFs.js"
import type { SessionFs } from "../../src/store/sessionFs.js"

/** Runs an effect that needs the file system on the real disk (the live layer). */
export const live = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, SessionFs>> =>
  Effect.provide(effect, NodeSessionFs.layer)

/** Runs an effect in a fixed environment on the real disk. */
export const inEnv = <A, E, R>(env: EnvironmentShape, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, SessionFs | Environment>> =>
  Effect.provide(effect, Layer.merge(NodeSessionFs.layer, Environment.make(env)))
