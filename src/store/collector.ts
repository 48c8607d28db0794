/**
 * A full garbage collection where a run's phases meet: once the plans are made, before apply
 * starts. A service whose default does nothing (a library call never collects in its host's
 * process); the CLI provides `Collector.live`.
 *
 * Why: V8 sizes the old generation from what is live at its first full collection, which in a
 * cleanup comes early in the store's scan, with little live yet; it then lets the heap grow to
 * about four times that before collecting again. Everything the scan and the planning threw away
 * since (most of what they allocated) is still held when apply starts, and apply's own
 * allocations take the heap to that limit. Collecting once at the boundary starts apply from
 * what the plans actually keep: an apply of 100 000 rows then peaks some 20 MB lower
 * (docs/performance.md). The collection itself takes a few tens of milliseconds.
 */
import { Context, Layer } from "effect"
import * as v8 from "node:v8"
import * as vm from "node:vm"

export interface CollectorShape {
  /** Collects all garbage now (or does nothing). Never fails. */
  readonly betweenPhases: () => void
}

const noCollection: CollectorShape = { betweenPhases: () => {} }

/**
 * V8's `gc` function: the process's own when it runs with `--expose-gc`, else one from a new
 * context made while the flag is set (and unset right after: nothing else sees it). Null when
 * neither can be had; a run then just does without.
 */
let gcFunction: (() => void) | null | undefined
const fullGc = (): (() => void) | null => {
  if (gcFunction !== undefined) return gcFunction
  const own = (globalThis as { gc?: unknown }).gc
  if (typeof own === "function") return (gcFunction = () => own())
  try {
    v8.setFlagsFromString("--expose-gc")
    const made: unknown = vm.runInNewContext("gc")
    gcFunction = typeof made === "function" ? () => made() : null
  } catch {
    gcFunction = null
  } finally {
    v8.setFlagsFromString("--no-expose-gc")
  }
  return gcFunction
}

const liveCollector: CollectorShape = {
  betweenPhases: () => {
    try {
      fullGc()?.()
    } catch {
      // a collection is only ever an optimisation
    }
  }
}

export class Collector extends Context.Reference<Collector>()("clawkeep/Collector", { defaultValue: () => noCollection }) {
  /** Collects between phases (the CLI). */
  static readonly live: Layer.Layer<Collector> = Layer.succeed(Collector, liveCollector)
}
