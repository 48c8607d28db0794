/**
 * A plan's rows: every row of the store, in store order, with its action and the reason in
 * words. A plan built from a snapshot keeps them as columns (an action code and a reason number
 * per row, the keys and entries left where the snapshot has them); a row object is made only
 * when someone reads that row. A plan read from a file, or made by hand, lists its rows.
 */
import type { Rows } from "./rows.js"
import type { PlannedRow, RowAction, RowPlan } from "./types.js"

/** Every action, by its code in a plan's columns. */
export const ROW_ACTIONS: ReadonlyArray<RowAction> = [
  "keep",
  "prune-missing",
  "retire-dm-scope",
  "prune-stale",
  "cap-overflow",
  "evict-budget",
  "prune-selected"
]

const ACTION_CODE: ReadonlyMap<RowAction, number> = new Map(ROW_ACTIONS.map((a, i) => [a, i]))

/** The code of `action` in a plan's columns. */
const actionCode = (action: RowAction): number => ACTION_CODE.get(action)!

/** A plan's rows: read one (`at`), walk them, or ask for actions only (no row object made). */
export abstract class PlanRows<R extends PlannedRow = PlannedRow> implements Iterable<R> {
  abstract readonly length: number
  /** The `i`th row (made now for rows kept as columns). */
  abstract at(i: number): R
  /** The action of the `i`th row. */
  abstract action(i: number): RowAction
  /** The key of the `i`th row (no row object made for rows kept as columns). */
  abstract key(i: number): string

  *[Symbol.iterator](): Iterator<R> {
    for (let i = 0; i < this.length; i++) yield this.at(i)
  }

  /** How many rows have each action (one pass, no row made). */
  actionCounts(): Record<RowAction, number> {
    const counts: Record<RowAction, number> = { keep: 0, "prune-missing": 0, "retire-dm-scope": 0, "prune-stale": 0, "cap-overflow": 0, "evict-budget": 0, "prune-selected": 0 }
    for (let i = 0; i < this.length; i++) counts[this.action(i)]++
    return counts
  }

  /** Whether any row has one of `actions` (no row made). */
  hasAction(...actions: ReadonlyArray<RowAction>): boolean {
    for (let i = 0; i < this.length; i++) if (actions.includes(this.action(i))) return true
    return false
  }

  /** The rows with one of `actions`, in order. */
  withAction(...actions: ReadonlyArray<RowAction>): Array<R> {
    const out: Array<R> = []
    for (let i = 0; i < this.length; i++) if (actions.includes(this.action(i))) out.push(this.at(i))
    return out
  }

  /** The rows without `action`, in order. */
  without(action: RowAction): Array<R> {
    const out: Array<R> = []
    for (let i = 0; i < this.length; i++) if (this.action(i) !== action) out.push(this.at(i))
    return out
  }

  map<T>(f: (row: R, index: number) => T): Array<T> {
    const out: Array<T> = new Array(this.length)
    for (let i = 0; i < this.length; i++) out[i] = f(this.at(i), i)
    return out
  }

  /** The rows as a list (for a saved plan, a test, a sort). */
  toArray(): Array<R> {
    return this.map((r) => r)
  }
}

/** Rows given as a list: a plan read from a file, a prune's plan, a plan made by hand. */
class ListedRows<R extends PlannedRow> extends PlanRows<R> {
  constructor(private readonly rows: ReadonlyArray<R>) {
    super()
  }
  get length(): number {
    return this.rows.length
  }
  at(i: number): R {
    return this.rows[i]!
  }
  action(i: number): RowAction {
    return this.rows[i]!.action
  }
  key(i: number): string {
    return this.rows[i]!.key
  }
}

export const listedRows = <R extends PlannedRow>(rows: ReadonlyArray<R>): PlanRows<R> => new ListedRows(rows)

/**
 * The rows of a plan over the snapshot's rows `source` (read again for each row asked): an
 * action code and a reason number per row, the reasons' texts once each.
 */
class ColumnRows<R extends PlannedRow> extends PlanRows<R> {
  constructor(
    private readonly source: Rows,
    private readonly actions: Uint8Array,
    private readonly reasons: Uint32Array,
    private readonly texts: ReadonlyArray<string>,
    private readonly withEntry: boolean
  ) {
    super()
  }
  get length(): number {
    return this.actions.length
  }
  at(i: number): R {
    const [key, entry] = this.source.at(i)!
    const action = ROW_ACTIONS[this.actions[i]!]!
    const reason = this.texts[this.reasons[i]!]!
    // (the same shapes, in the same key order, as the rows of a listed plan)
    const row: PlannedRow | RowPlan = this.withEntry ? { key, entry, action, reason } : { key, action, reason }
    return row as R
  }
  action(i: number): RowAction {
    return ROW_ACTIONS[this.actions[i]!]!
  }
  key(i: number): string {
    return this.source.keyAt?.(i) ?? this.source.at(i)![0]
  }
}

/**
 * Builds the columns of a plan's rows: `set(i, action, reason)` for every row of `source`, in
 * order, then `done()`. Reasons repeat (a few texts for many rows): each text is kept once.
 */
export const columnRows = <R extends PlannedRow>(source: Rows, withEntry: boolean) => {
  const actions = new Uint8Array(source.length)
  const reasons = new Uint32Array(source.length)
  const texts: Array<string> = []
  const numbers = new Map<string, number>()
  return {
    set: (i: number, action: RowAction, reason: string): void => {
      let n = numbers.get(reason)
      if (n === undefined) {
        n = texts.length
        texts.push(reason)
        numbers.set(reason, n)
      }
      actions[i] = actionCode(action)
      reasons[i] = n
    },
    done: (): PlanRows<R> => new ColumnRows<R>(source, actions, reasons, texts, withEntry)
  }
}
