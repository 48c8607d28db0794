/**
 * Newest-first selection (docs/list.md#selection). The reference orders by `(b.updatedAt ?? 0) −
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

/** `a` comes before `b`: newer first, then earlier in input order (indices are input order). */
const before = (values: ArrayLike<number>, a: number, b: number): boolean => {
  const va = values[a]!
  const vb = values[b]!
  return va > vb || (va === vb && a < b)
}

/** Bounded top-k for totally ordered values: a heap whose root is the worst kept index. */
const topK = (values: ArrayLike<number>, k: number): Array<number> => {
  const heap: Array<number> = []
  // the root is the index that comes last
  const worse = (i: number, j: number) => before(values, heap[j]!, heap[i]!)
  const swap = (i: number, j: number) => {
    const t = heap[i]!
    heap[i] = heap[j]!
    heap[j] = t
  }
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!worse(i, p)) break
      swap(i, p)
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
      swap(i, w)
      i = w
    }
  }
  for (let index = 0; index < values.length; index++) {
    if (heap.length < k) {
      heap.push(index)
      up(heap.length - 1)
    } else if (before(values, index, heap[0]!)) {
      heap[0] = index
      down(0)
    }
  }
  return heap.sort((a, b) => (before(values, a, b) ? -1 : 1))
}

/** The reference's comparator on sort values. */
const compare = (a: number, b: number): number => b - a

/** The reference's procedure, step by step (used only when some comparison is NaN). */
const replayReference = (values: ArrayLike<number>, limit: number | undefined): Array<number> => {
  const indices = Array.from({ length: values.length }, (_, i) => i)
  if (limit === undefined || limit > INSERTION_LIMIT) {
    const sorted = indices.sort((a, b) => compare(values[a]!, values[b]!))
    return limit === undefined ? sorted : sorted.slice(0, limit)
  }
  const selected: Array<number> = []
  for (const row of indices) {
    const insertAt = selected.findIndex((candidate) => compare(values[row]!, values[candidate]!) < 0)
    if (insertAt >= 0) {
      selected.splice(insertAt, 0, row)
      if (selected.length > limit) selected.pop()
    } else if (selected.length < limit) {
      selected.push(row)
    }
  }
  return selected
}

/**
 * Indices of the first `limit` values newest first (all when `limit` is undefined), stable on
 * ties. `values[i]` is the sort value (`sortValue`) of the i-th row in input order.
 */
export const selectNewestIndices = (values: ArrayLike<number>, limit: number | undefined): Array<number> => {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) return replayReference(values, limit)
  }
  if (limit === undefined || limit >= values.length) {
    return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => (before(values, a, b) ? -1 : 1))
  }
  return topK(values, limit)
}
