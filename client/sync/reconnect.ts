/** Bounds of the reconnect delay, in milliseconds. */
export interface BackoffOptions {
  baseMs: number
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 10_000 }

/**
 * Delay before reconnect attempt number `attempt` (0-based): exponential growth with "full jitter",
 * a random point between the base and the exponential ceiling. Without jitter, every phone in a
 * park that lost the same Wi-Fi would knock on the server at the same instant when it returns.
 */
export function reconnectDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 16))
  return options.baseMs + random() * (ceiling - options.baseMs)
}
