/**
 * The per-address limits (board creation, sync connection attempts, join code tries; see
 * rate-limits.ts) as every server keeps them: on its own (keyed-rate-limiter.ts), or, with the
 * servers' shared Redis (`REDIS_URL`), counted for all servers together, so that an address gets
 * the limit once and not once per server behind the load balancer.
 *
 * In Redis each address's bucket is one hash, updated by one Lua script (atomic, so two servers
 * taking at once cannot both take the last token) on Redis's own clock (`TIME`), so servers whose
 * clocks differ still agree. The key holds a digest of the address rather than the address (not
 * an anonymisation: IPv4 addresses are few enough to try them all), and expires when the bucket
 * would be full again, so Redis keeps nothing of an address that stopped for longer than that.
 *
 * When Redis does not answer (down, or slower than `REDIS_TIMEOUT_MS`), each server falls back to
 * counting on its own, and says so once in its log (and once when the shared count is back): a
 * limit per server is still a limit. Nothing is let through unlimited, and a take never fails.
 */
import { createHash } from 'node:crypto'
import type { RedisClient } from '../cluster/lease'
import { answerWithin } from '../cluster/redis-connection'
import type { Logger } from '../log'
import { describeError } from '../log'
import { KeyedRateLimiter, type KeyedRateLimit, type RateDecision } from './keyed-rate-limiter'

/** A per-address limit: take before the work, give back what turned out not to count. */
export interface AddressLimiter {
  /** Takes one token from `address`'s bucket, or says how long until one is there. */
  take(address: string): Promise<RateDecision>
  /** Gives back the token a take took (the join code limit counts failed tries only). */
  giveBack(address: string): Promise<void>
}

/** How long a take waits for Redis before counting locally instead. */
export const REDIS_TIMEOUT_MS = 500
/** While counting locally, how often a take asks Redis again (the others do not wait for it). */
const RETRY_REDIS_MS = 1_000

export interface AddressLimitsOptions {
  /** The servers' shared Redis; null: every server counts on its own. */
  redis: RedisClient | null
  /** Prefix of the keys (e.g. `gatherboard:`; tests use one of their own). */
  prefix: string
  logger: Logger
}

/**
 * KEYS: the bucket; ARGV: burst, tokens per second, amount (1 takes, -1 gives back).
 * Returns { 1 allowed | 0 refused, ms until a token is there }.
 */
const TAKE = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
if amount < 0 and not state[1] then return {1, 0} end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 1
local wait = 0
if tokens >= amount then tokens = tokens - amount else allowed = 0; wait = (amount - tokens) / rate * 1000 end
tokens = math.min(burst, tokens)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {allowed, math.ceil(wait)}`

/** Makes the server's per-address limiters, shared through Redis when it has one. */
export class AddressLimits {
  constructor(private readonly options: AddressLimitsOptions) {}

  /** The limiter of one limit, `name` naming it among the others in Redis (`connect`, `boards`, `join-codes`). */
  limiter(name: string, limit: KeyedRateLimit, now?: () => number): AddressLimiter {
    const local = new KeyedRateLimiter(limit, now)
    const { redis } = this.options
    if (redis === null) {
      return { take: async (address) => local.take(address), giveBack: async (address) => local.giveBack(address) }
    }
    return new SharedLimiter(redis, `${this.options.prefix}rate:${name}:`, limit, local, this.options.logger)
  }
}

class SharedLimiter implements AddressLimiter {
  /** Set while Redis does not answer: the local limiter counts meanwhile. */
  private fallenBack = false
  /** While fallen back: when (performance.now()) a take next asks Redis. */
  private retryAt = 0

  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly limit: KeyedRateLimit,
    private readonly local: KeyedRateLimiter,
    private readonly logger: Logger,
  ) {}

  async take(address: string): Promise<RateDecision> {
    const reply = await this.run(address, 1)
    if (reply === null) return this.local.take(address)
    const [allowed, waitMs] = reply
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: waitMs }
  }

  async giveBack(address: string): Promise<void> {
    if ((await this.run(address, -1)) === null) this.local.giveBack(address)
  }

  /** Runs the script; null when Redis did not answer in time (then the local limiter counts). */
  private async run(address: string, amount: 1 | -1): Promise<[number, number] | null> {
    // A Redis that hangs would otherwise cost every request the timeout.
    if (this.fallenBack && performance.now() < this.retryAt) return null
    try {
      const reply = await answerWithin(
        this.redis.eval(TAKE, {
          keys: [this.keyPrefix + digest(address)],
          arguments: [String(this.limit.burst), String(this.limit.ratePerSecond), String(amount)],
        }),
        REDIS_TIMEOUT_MS,
      )
      if (this.fallenBack) {
        this.fallenBack = false
        this.logger.info('rate_limit.shared_again', { limit: this.keyPrefix })
      }
      return reply as [number, number]
    } catch (error) {
      this.retryAt = performance.now() + RETRY_REDIS_MS
      if (!this.fallenBack) {
        this.fallenBack = true
        this.logger.warn('rate_limit.local_fallback', { limit: this.keyPrefix, error: describeError(error) })
      }
      return null
    }
  }
}

/** The address as Redis sees it: a digest, so that no address is kept in Redis. */
function digest(address: string): string {
  return createHash('sha256').update(address).digest('base64url').slice(0, 22)
}
