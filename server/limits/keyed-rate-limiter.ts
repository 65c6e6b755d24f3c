/**
 * A token bucket per key (a client address), kept as one number per key: the time at which that
 * key's bucket will be full again (the "generic cell rate algorithm"). A key whose bucket is full
 * holds no state, so the map only has the keys active in the last `burst / rate` and is swept of
 * the others; a hard cap bounds it even against a flood of distinct addresses.
 */

export interface KeyedRateLimit {
  /** Requests a key may make at once. */
  burst: number
  /** Requests per second refilled after the burst. */
  ratePerSecond: number
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number }

/** Keys kept at most; beyond it the longest-held key is dropped (its bucket starts full again). */
const MAX_KEYS = 100_000

export class KeyedRateLimiter {
  /** Key -> when its bucket is full again (ms, `now()`'s clock). */
  private readonly fullAt = new Map<string, number>()
  private readonly intervalMs: number
  private readonly toleranceMs: number
  private nextSweepAt = 0

  constructor(
    limit: KeyedRateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = 1000 / limit.ratePerSecond
    this.toleranceMs = limit.burst * this.intervalMs
  }

  /** Takes one token from `key`'s bucket, or says how long until one is there. */
  take(key: string): RateDecision {
    const now = this.now()
    this.sweep(now)
    const base = Math.max(this.fullAt.get(key) ?? now, now)
    // How much of the burst is in use, compared before adding the interval: `(now + interval) - now`
    // can come out a hair above `interval` in floating point, which refused a key's very first take
    // when the burst is 1.
    const used = base - now
    if (used > this.toleranceMs - this.intervalMs) return { allowed: false, retryAfterMs: used + this.intervalMs - this.toleranceMs }
    const next = base + this.intervalMs
    // Re-inserted at the end, so the map's order is the order of last use (for the cap).
    this.fullAt.delete(key)
    this.fullAt.set(key, next)
    if (this.fullAt.size > MAX_KEYS) this.fullAt.delete(this.fullAt.keys().next().value!)
    return { allowed: true }
  }

  /** Keys currently holding state. */
  get size(): number {
    return this.fullAt.size
  }

  /** Forgets the keys whose buckets are full again, at most once per interval. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return
    this.nextSweepAt = now + Math.max(this.intervalMs, 1000)
    for (const [key, fullAt] of this.fullAt) if (fullAt <= now) this.fullAt.delete(key)
  }
}
