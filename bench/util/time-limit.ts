/** Thrown by `withTimeLimit` when the work did not settle within its bound. */
export class TimeLimitExceeded extends Error {
  override name = 'TimeLimitExceeded'
  constructor(readonly limitMs: number) {
    super(`did not finish within ${limitMs / 1000} s`)
  }
}

/**
 * Settles as `work()` does, or rejects with `TimeLimitExceeded` once `limitMs` has passed without
 * it settling; `abandon` runs first then, to stop what the work left running (a hung server child,
 * the load's timers). A promise cannot be cancelled: whatever the work still awaits stays pending,
 * and its later rejection (once `abandon` killed what it waited for) is swallowed here, not left
 * unhandled.
 */
export function withTimeLimit<T>(limitMs: number, work: () => Promise<T>, abandon: () => Promise<void> | void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      Promise.resolve()
        .then(abandon)
        .then(
          () => reject(new TimeLimitExceeded(limitMs)),
          (error: unknown) => reject(error),
        )
    }, limitMs)
    // Started inside a promise chain, so a work that throws at once rejects like any other.
    Promise.resolve().then(work).then(
      (value) => {
        if (timedOut) return
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        if (timedOut) return
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
