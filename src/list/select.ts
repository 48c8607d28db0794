/**
 * Newest-first selection (list §3 step 5). The reference orders by `(b.updatedAt ?? 0) −
 * (a.updatedAt ?? 0)`, stable. When every sort value is a finite number that comparator is a
 * total order and a bounded top-k (a heap of `limit` rows) gives exactly the stable sort's first
 * rows without sorting everything. Otherwise (values such as `"abc"`, `{}` or ±Infinity make the
 * comparator return NaN) the reference's own procedure is replayed so the order still matches.
 */

/** The number the reference's comparator subtracts: `updatedAt ?? 0` coerced by `-`. */
export const sortValue = (updatedAt: unknown): number => {
  const v = updatedAt ?? 0
  return typeof v === "number" ? v : +(v as number)
}

/** At or below this limit the reference selects by insertion, above it by a full sort. */
export const INSERTION_LIMIT = 200

interface Ranked<T> {
  readonly item: T
  readonly value: number
  readonly seq: number
}

/** `a` comes before `b`: newer first, then earlier in input order. */
const before = <T>(a: Ranked<T>, b: Ranked<T>): boolean => a.value > b.value || (a.value === b.value && a.seq < b.seq)

/** Bounded top-k for totally ordered values: a heap whose root is the worst kept row. */
const topK = <T>(ranked: ReadonlyArray<Ranked<T>>, k: number): Array<T> => {
  const heap: Array<Ranked<T>> = []
  // the root is the row that comes last
  const worse = (i: number, j: number) => before(heap[j]!, heap[i]!)
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!worse(i, p)) break
      ;[heap[i], heap[p]] = [heap[p]!, heap[i]!]
      i = p
    }
  }
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let w = i
      if (l < heap.length && worse(l, w)) w = l
      if (r < heap.length && worse(r, w)) w = r
      if (w === i) return
      ;[heap[i], heap[w]] = [heap[w]!, heap[i]!]
      i = w
    }
  }
  for (const r of ranked) {
    if (heap.length < k) {
      heap.push(r)
      up(heap.length - 1)
    } else if (before(r, heap[0]!)) {
      heap[0] = r
      down(0)
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : 1)).map((r) => r.item)
}

/** The reference's comparator on sort values. */
const compare = (a: number, b: number): number => b - a

/** The reference's procedure, step by step (used only when some comparison is NaN). */
const replayReference = <T>(ranked: ReadonlyArray<Ranked<T>>, limit: number | undefined): Array<T> => {
  if (limit === undefined || limit > INSERTION_LIMIT) {
    const sorted = [...ranked].sort((a, b) => compare(a.value, b.value))
    return (limit === undefined ? sorted : sorted.slice(0, limit)).map((r) => r.item)
  }
  const selected: Array<Ranked<T>> = []
  for (const row of ranked) {
    const insertAt = selected.findIndex((candidate) => compare(row.value, candidate.value) < 0)
    if (insertAt >= 0) {
      selected.splice(insertAt, 0, row)
      if (selected.length > limit) selected.pop()
    } else if (selected.length < limit) {
      selected.push(row)
    }
  }
  return selected.map((r) => r.item)
}

/**
 * The first `limit` rows newest first (all rows when `limit` is undefined), stable on ties.
 * `updatedAtOf` gives each item's raw `updatedAt`.
 */
export const selectNewest = <T>(
  items: ReadonlyArray<T>,
  updatedAtOf: (item: T) => unknown,
  limit: number | undefined
): Array<T> => {
  let total = true
  const ranked: Array<Ranked<T>> = new Array(items.length)
  for (let i = 0; i < items.length; i++) {
    const value = sortValue(updatedAtOf(items[i]!))
    if (!Number.isFinite(value)) total = false
    ranked[i] = { item: items[i]!, value, seq: i }
  }
  if (!total) return replayReference(ranked, limit)
  if (limit === undefined || limit >= ranked.length) {
    return ranked.sort((a, b) => (before(a, b) ? -1 : 1)).map((r) => r.item)
  }
  return topK(ranked, limit)
}
