/**
 * A token bucket: allows bursts up to `capacity`, refilled at `ratePerSecond`.
 * Used per connection to cap messages and bytes per second.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt = performance.now()

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity
  }

  /** Takes `amount` tokens if available; returns false (taking nothing) otherwise. */
  take(amount: number): boolean {
    const now = performance.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond)
    this.updatedAt = now
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }
}
