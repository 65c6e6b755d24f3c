/**
 * Log lines that would repeat in a flood, collapsed: while the database is down every client's
 * reconnect fails the same way, and a line for each would bury everything else in the log (and
 * fill the disk). The first occurrence of a key is logged at once, as it is; repeats within the
 * window are only counted, and when the window ends with repeats, one line says how many
 * (`repeats=<n> window_ms=<ms>`, with the fields of the last one) and a new window begins; a
 * window without repeats ends quietly, so the next occurrence is logged at once again.
 */
import type { LogFields, Logger } from './log'

/** How long repeats of a line are counted before one line reports them. */
export const REPEAT_WINDOW_MS = 10_000

interface Window {
  repeats: number
  /** The fields of the last repeat, which the report carries. */
  last: LogFields | undefined
}

export class RepeatedLog {
  private readonly windows = new Map<string, Window>()

  constructor(
    private readonly logger: Logger,
    private readonly level: 'warn' | 'error',
    private readonly event: string,
    private readonly windowMs = REPEAT_WINDOW_MS,
  ) {}

  /** Logs the event with `fields`, or counts it when `key` (what makes two lines the same) was logged within the window. */
  log(key: string, fields?: LogFields): void {
    const open = this.windows.get(key)
    if (open) {
      open.repeats++
      open.last = fields
      return
    }
    this.logger[this.level](this.event, fields)
    this.open(key)
  }

  private open(key: string): void {
    const window: Window = { repeats: 0, last: undefined }
    this.windows.set(key, window)
    setTimeout(() => {
      this.windows.delete(key)
      if (window.repeats === 0) return
      this.logger[this.level](this.event, { ...window.last, repeats: window.repeats, window_ms: this.windowMs })
      this.open(key)
    }, this.windowMs).unref()
  }
}
