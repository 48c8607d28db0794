/**
 * The collection between a run's phases: the CLI's layer collects (a full collection happens),
 * without leaving V8's `gc` function to anything else; the default collects nothing.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { PerformanceObserver, constants } from "node:perf_hooks"
import * as vm from "node:vm"
import { Collector } from "../../src/store/collector.js"

/** The kinds of the collections that happen while `f` runs (and shortly after: they are reported asynchronously). */
const collectionsDuring = async (f: () => void): Promise<ReadonlyArray<number>> => {
  const kinds: Array<number> = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) kinds.push((entry as unknown as { readonly detail: { readonly kind: number } }).detail.kind)
  })
  observer.observe({ entryTypes: ["gc"] })
  f()
  await new Promise((resolve) => setTimeout(resolve, 50))
  observer.disconnect()
  return kinds
}

describe("Collector", () => {
  it("the live one makes a full collection, and no new context gets a gc function from it", async () => {
    const live = await Effect.runPromise(Effect.provide(Collector, Collector.live))
    const kinds = await collectionsDuring(() => live.betweenPhases())
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR)
    // (unless the tests themselves run with --expose-gc)
    if (typeof (globalThis as { gc?: unknown }).gc !== "function") expect(vm.runInNewContext("typeof gc")).toBe("undefined")
    // again: the same function, still collecting
    expect(await collectionsDuring(() => live.betweenPhases())).toContain(constants.NODE_PERFORMANCE_GC_MAJOR)
  })

  it("the default (a library call) collects nothing", async () => {
    const none = await Effect.runPromise(Collector)
    const kinds = await collectionsDuring(() => none.betweenPhases())
    expect(kinds).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR)
  })
})
