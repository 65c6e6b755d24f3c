/**
 * A token bucket: allows bursts up to `capacity`, refilled at `ratePerSecond`. The server's one
 * rate-limiting algorithm: per connection for messages and bytes (sync/connection.ts), per device
 * for document update bytes (sync/room.ts), and per client address for board creation and sync
 * connection attempts (keyed-rate-limiter.ts).
 *
 * Times are milliseconds of `performance.now()` unless the caller passes its own clock's.
 */
export class TokenBucket {
  private tokens: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private updatedAt = performance.now(),
  ) {
    this.tokens = capacity
  }

  /** Takes `amount` tokens if available; returns false (taking nothing) otherwise. */
  take(amount: number, now = performance.now()): boolean {
    this.refill(now)
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }

  /** Gives back `amount` tokens taken for something that turned out not to count (never beyond capacity). */
  giveBack(amount: number, now = performance.now()): void {
    this.refill(now)
    this.tokens = Math.min(this.capacity, this.tokens + amount)
  }

  /** Milliseconds until `amount` tokens are there (0 when they are now). */
  waitMs(amount: number, now = performance.now()): number {
    this.refill(now)
    return Math.max(0, ((amount - this.tokens) / this.ratePerSecond) * 1000)
  }

  /** Whether the bucket is full again: then it is no different from a fresh one. */
  isFull(now = performance.now()): boolean {
    this.refill(now)
    return this.tokens >= this.capacity
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond)
    this.updatedAt = now
  }
}
