/**
 * A token bucket (token-bucket.ts) per key (a client address). A key's bucket is dropped once it
 * is full again, since a fresh one is the same, so the map only holds the keys active in the last
 * `burst / rate` and is swept of the others; a hard cap bounds it even against a flood of distinct
 * addresses.
 */
import { TokenBucket } from './token-bucket'

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
  /** Key -> its bucket, in the order of last use (for the cap). */
  private readonly buckets = new Map<string, TokenBucket>()
  /** How often full buckets are swept: about when one token comes back, at least every second. */
  private readonly sweepEveryMs: number
  private nextSweepAt = 0

  constructor(
    private readonly limit: KeyedRateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sweepEveryMs = Math.max(1000 / limit.ratePerSecond, 1000)
  }

  /** Takes one token from `key`'s bucket, or says how long until one is there. */
  take(key: string): RateDecision {
    const now = this.now()
    this.sweep(now)
    const bucket = this.buckets.get(key) ?? new TokenBucket(this.limit.ratePerSecond, this.limit.burst, now)
    if (!bucket.take(1, now)) return { allowed: false, retryAfterMs: bucket.waitMs(1, now) }
    // Re-inserted at the end, so the map's order is the order of last use (for the cap).
    this.buckets.delete(key)
    this.buckets.set(key, bucket)
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!)
    return { allowed: true }
  }

  /**
   * Gives back the token `take` took from `key` for a request that turned out not to count (the
   * join code limit counts failed tries only). A key no longer held has a full bucket already.
   */
  giveBack(key: string): void {
    this.buckets.get(key)?.giveBack(1, this.now())
  }

  /** Forgets the keys whose buckets are full again, at most once per `sweepEveryMs`. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return
    this.nextSweepAt = now + this.sweepEveryMs
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key)
  }
}
