/**
 * Polling instead of sleeping: tests wait for a condition, never for a fixed time.
 */

export interface WaitOptions {
  /** Give up after this many milliseconds. Default 10 000. */
  timeout?: number
  /** Poll every this many milliseconds. Default 10. */
  interval?: number
  /** Describes what was awaited, for the timeout error. */
  message?: string
}

/**
 * Resolves with the first truthy value `condition` returns; rejects when `timeout` passes first.
 * A condition that throws is treated as "not yet" (the last error is reported on timeout).
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeout = 10_000, interval = 10, message = 'condition' } = options
  const deadline = Date.now() + timeout
  let lastError: unknown
  for (;;) {
    try {
      const value = await condition()
      if (value) return value as NonNullable<T>
      lastError = null
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : ''
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${cause}`)
    }
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}
