/**
 * A scanned store's rows as the rules read them (`Rows`): each `[key, entry]` pair is made when
 * it is read, from the row's key and its planning projection (or a handle on it, made then too),
 * and dropped after. A plan keeps
 * row numbers (a view and the views its filters make), not an object per row.
 */
import type { Row, Rows } from "../maintenance/rows.js"

/** What a view reads rows from: row numbers `0 … count − 1`, in store order. */
export interface RowSource {
  readonly count: number
  key(row: number): string
  entry(row: number): unknown
}

class RowIterator implements Iterator<Row> {
  private i = 0
  constructor(private readonly view: RowView) {}
  next(): IteratorResult<Row> {
    const view = this.view
    if (this.i >= view.length) return { done: true, value: undefined }
    return { done: false, value: view.at(this.i++) }
  }
}

export class RowView implements Rows {
  /** `rows`: the row numbers in the view, in order (every row of the source when absent). */
  constructor(
    private readonly source: RowSource,
    private readonly rows?: Int32Array
  ) {}

  get length(): number {
    return this.rows === undefined ? this.source.count : this.rows.length
  }

  /** The row number of the view's `i`th row. */
  rowNumber(i: number): number {
    return this.rows === undefined ? i : this.rows[i]!
  }

  /** The view's `i`th row, made now. */
  at(i: number): Row {
    const row = this.rowNumber(i)
    return [this.source.key(row), this.source.entry(row)]
  }

  /** The view's `i`th row's key (no entry made). */
  keyAt(i: number): string {
    return this.source.key(this.rowNumber(i))
  }

  [Symbol.iterator](): Iterator<Row> {
    return new RowIterator(this)
  }

  filter(predicate: (row: Row) => boolean): RowView {
    const n = this.length
    const kept = new Int32Array(n)
    let count = 0
    for (let i = 0; i < n; i++) if (predicate(this.at(i))) kept[count++] = this.rowNumber(i)
    // (a filter that keeps every row gives the same rows: the view itself)
    if (count === n) return this
    return new RowView(this.source, kept.slice(0, count))
  }

  map<T>(f: (row: Row, index: number) => T): Array<T> {
    const n = this.length
    const out: Array<T> = new Array(n)
    for (let i = 0; i < n; i++) out[i] = f(this.at(i), i)
    return out
  }

  forEach(f: (row: Row, index: number) => void): void {
    const n = this.length
    for (let i = 0; i < n; i++) f(this.at(i), i)
  }
}
