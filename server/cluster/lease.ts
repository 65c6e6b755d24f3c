/**
 * Room ownership leases in Redis, with fencing numbers (docs/cluster.md): a server owns a board's
 * room while it holds the board's lease, renews it well before it runs out, and releases it when it
 * lets the room go. A server that dies (or is paused) stops renewing, so its lease expires within
 * `ttlMs` and another server can take the room over.
 *
 * Each acquisition draws a fencing number from a per-board counter (INCR), which only grows. The
 * owner writes with it (storage `BoardWrite.fence`), and the database refuses writes whose number
 * is lower than one it has seen: a paused server that wakes up after its lease was taken over
 * writes with an old number and is refused, even before it notices that it lost the lease.
 *
 * Every step is one Lua script, so it is atomic in Redis: acquiring checks that nobody holds the
 * lease, draws the number and sets the lease with its expiry; renewing and releasing act only on
 * the caller's own lease (owner and number), never on a successor's.
 */
import type { createClient } from 'redis'

/** The client the leases run on (the servers' shared Redis, cluster/redis-connection.ts). */
export type RedisClient = ReturnType<typeof createClient>

/** A lease a server holds on a board's room. */
export interface Lease {
  readonly boardId: string
  /** The server that holds it. */
  readonly owner: string
  /** Its fencing number: higher than every earlier lease's of the board. */
  readonly fence: number
}

export interface RoomLeasesOptions {
  /** This server's id, unique among the servers (it names the owner in Redis). */
  serverId: string
  /** How long a lease lasts without renewal. A few seconds: that is how long a dead owner's rooms wait. */
  ttlMs: number
  /** Prefix of every key, e.g. `gatherboard:` (tests use one of their own). */
  prefix: string
}

/** KEYS: lease, fence counter; ARGV: owner, ttl ms. Returns the fence, or nil when the lease is held. */
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return nil end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. fence, 'PX', ARGV[2])
return fence`

/** KEYS: lease; ARGV: owner and fence as stored, ttl ms. Returns 1 when renewed, 0 when it is not the caller's. */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`

/** KEYS: lease; ARGV: owner and fence as stored. Returns 1 when released, 0 when it is not the caller's. */
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`

/** KEYS: fence counter; ARGV: the lowest value it may have. Raises it to that when it is lower. */
const RAISE_FENCE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1`

export class RoomLeases {
  constructor(
    private readonly redis: RedisClient,
    private readonly options: RoomLeasesOptions,
  ) {
    if (/\s/.test(options.serverId) || options.serverId === '') throw new Error('a server id has no spaces and is not empty')
  }

  /** Takes the board's lease for this server; null when another server (or this one) holds it. */
  async acquire(boardId: string): Promise<Lease | null> {
    const fence = await this.redis.eval(ACQUIRE, {
      keys: [this.leaseKey(boardId), this.fenceKey(boardId)],
      arguments: [this.options.serverId, String(this.options.ttlMs)],
    })
    return fence === null ? null : { boardId, owner: this.options.serverId, fence: Number(fence) }
  }

  /** Extends the lease by `ttlMs` from now; false when it has expired or is another's now (the room is lost). */
  async renew(lease: Lease): Promise<boolean> {
    const renewed = await this.redis.eval(RENEW, { keys: [this.leaseKey(lease.boardId)], arguments: [stored(lease), String(this.options.ttlMs)] })
    return renewed === 1
  }

  /** Gives the lease up, so another server may take the room at once; false when it was no longer this one's. */
  async release(lease: Lease): Promise<boolean> {
    return (await this.redis.eval(RELEASE, { keys: [this.leaseKey(lease.boardId)], arguments: [stored(lease)] })) === 1
  }

  /**
   * Makes the board's next fencing number higher than `recorded` (the highest the database has
   * seen). Redis keeps nothing across a restart, so its counters start again at 1 while the
   * database remembers higher numbers: without this every new owner would be refused until the
   * counter had caught up, one claim at a time.
   */
  async raiseFence(boardId: string, recorded: number): Promise<void> {
    await this.redis.eval(RAISE_FENCE, { keys: [this.fenceKey(boardId)], arguments: [String(recorded)] })
  }

  /** Who holds the board's lease now, or null. */
  async holder(boardId: string): Promise<Lease | null> {
    const value = await this.redis.get(this.leaseKey(boardId))
    if (value === null) return null
    const [owner, fence] = value.split(' ')
    return { boardId, owner: owner!, fence: Number(fence) }
  }

  private leaseKey(boardId: string): string {
    return `${this.options.prefix}lease:${boardId}`
  }

  private fenceKey(boardId: string): string {
    return `${this.options.prefix}fence:${boardId}`
  }
}

/** The lease's value in Redis: owner and fence. */
function stored(lease: Lease): string {
  return `${lease.owner} ${lease.fence}`
}
