import { describe, expect, it } from 'vitest'
import { KeyedRateLimiter } from '../../server/limits/keyed-rate-limiter'

describe('KeyedRateLimiter', () => {
  it('allows each key its burst, then one take per interval', () => {
    let now = 1_000
    const limiter = new KeyedRateLimiter({ burst: 2, ratePerSecond: 1 }, () => now)
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(true)
    const refused = limiter.take('a')
    expect(refused).toEqual({ allowed: false, retryAfterMs: 1_000 })
    expect(limiter.take('b').allowed).toBe(true)
    now += 1_000
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(false)
  })

  it("allows a key's first take with a burst of 1 at any time of the clock (no float rounding refuses it)", () => {
    // Times like performance.now() gives, with fractions; some of them make now + interval - now
    // round above the interval.
    for (let i = 0; i < 2_000; i++) {
      const now = (i * 104_729.123_7) % 10_000_000
      const limiter = new KeyedRateLimiter({ burst: 1, ratePerSecond: 10 / 3600 }, () => now)
      expect(limiter.take('198.51.100.1').allowed).toBe(true)
      expect(limiter.take('198.51.100.1').allowed).toBe(false)
    }
  })
})
