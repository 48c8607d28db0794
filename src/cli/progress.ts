/**
 * The CLI's progress display: one live line on stderr (`- Planning cleanup: main (1/3) · 4s`),
 * redrawn in place, erased before any other output and when the work ends. Only used when
 * stderr is a terminal and the command does not print JSON (`progressFor`); everywhere else the
 * programs report to the silent default of `Progress` (src/domain/progress.ts).
 *
 * Most long work runs synchronously (the store scan, the file operations of an apply), so the
 * line is drawn when a task starts and on its updates (at most every `minIntervalMs`), and a
 * timer refreshes the elapsed time while the event loop is free.
 */
import type { ProgressShape, ProgressTask } from "../domain/progress.js"

export interface LiveProgressOptions {
  /** Writes to the terminal (stderr), unbuffered. */
  readonly write: (text: string) => void
  /** Wall-clock milliseconds. */
  readonly now: () => number
  /** The terminal's width: the line is cut to fit, so it never wraps. */
  readonly columns: () => number
  /** Least time between two redraws caused by updates (default 100 ms). */
  readonly minIntervalMs?: number
  /** Redraw every this many ms while a task runs (elapsed time); 0: never (default 250 ms). */
  readonly refreshMs?: number
}

export interface LiveProgress extends ProgressShape {
  /** Erases the line if it is drawn (before other output); the next report draws it again. */
  readonly clear: () => void
  /** Erases the line and stops the refresh timer. */
  readonly dispose: () => void
}

interface Running {
  readonly label: string
  readonly total: number | undefined
  readonly startedAt: number
  done: number
}

const SPINNER = ["-", "\\", "|", "/"] as const

const count = (n: number): string => n.toLocaleString("en-US")

/** The text of a task's line (without the spinner). */
export const progressText = (task: { readonly label: string; readonly total: number | undefined; readonly done: number }, elapsedMs: number): string => {
  let text = task.label
  if (task.total !== undefined && task.total > 0) {
    const pct = Math.min(100, Math.floor((task.done / task.total) * 100))
    text += `: ${count(task.done)}/${count(task.total)} (${pct}%)`
  } else if (task.done > 0) {
    text += `: ${count(task.done)}`
  }
  if (elapsedMs >= 1000) text += ` · ${Math.floor(elapsedMs / 1000)}s`
  return text
}

export const liveProgress = (options: LiveProgressOptions): LiveProgress => {
  const minInterval = options.minIntervalMs ?? 100
  const refreshMs = options.refreshMs ?? 250
  const running: Array<Running> = []
  let drawn = false
  let lastDraw = 0
  let frame = 0
  let timer: ReturnType<typeof setInterval> | undefined

  const clear = (): void => {
    if (!drawn) return
    options.write("\r\u001b[K")
    drawn = false
  }
  const draw = (): void => {
    const task = running.at(-1)
    if (task === undefined) return clear()
    const now = options.now()
    const text = `${SPINNER[frame++ % SPINNER.length]} ${progressText(task, now - task.startedAt)}`
    const width = Math.max(10, options.columns() - 1)
    options.write(`\r${text.length > width ? text.slice(0, width - 1) + "…" : text}\u001b[K`)
    drawn = true
    lastDraw = now
  }
  const stopTimer = (): void => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }

  const start = (label: string, total?: number): ProgressTask => {
    const task: Running = { label, total, startedAt: options.now(), done: 0 }
    running.push(task)
    draw()
    if (refreshMs > 0 && timer === undefined) {
      timer = setInterval(draw, refreshMs)
      // never keeps the process alive
      timer.unref?.()
    }
    let ended = false
    return {
      update: (done) => {
        task.done = done
        if (running.at(-1) === task && options.now() - lastDraw >= minInterval) draw()
      },
      end: () => {
        if (ended) return
        ended = true
        running.splice(running.indexOf(task), 1)
        if (running.length > 0) return draw()
        stopTimer()
        clear()
      }
    }
  }

  return {
    start,
    clear,
    dispose: () => {
      running.length = 0
      stopTimer()
      clear()
    }
  }
}

/**
 * The live progress of a command, written through `io.err`, or undefined when none is shown:
 * stderr is not a terminal, or a dumb one, or the command prints JSON.
 */
export const progressFor = (
  io: { readonly err: (text: string) => void; readonly errIsTty?: boolean; readonly errColumns?: number },
  env: Readonly<Record<string, string | undefined>>,
  json: boolean,
  now: () => number = Date.now
): LiveProgress | undefined =>
  io.errIsTty !== true || json || env["TERM"] === "dumb"
    ? undefined
    : liveProgress({ write: io.err, now, columns: () => io.errColumns ?? 80 })
