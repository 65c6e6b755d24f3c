/**
 * The owner registry in Redis: which server (its id) is reachable at which internal address, so
 * that a server can forward a connection to the owner of a room's lease. Each server keeps its own
 * entry alive (`<prefix>server:<id>`, with an expiry, refreshed every third of it); a server that
 * dies drops out of the registry within `ttlMs`, as its leases run out.
 */
import type { Logger } from '../log'
import { describeError } from '../log'
import type { RedisClient } from './lease'

export interface ServerRegistryOptions {
  serverId: string
  ttlMs: number
  prefix: string
  logger: Logger
}

export class ServerRegistry {
  private refresh: NodeJS.Timeout | null = null
  private announce: (() => void) | null = null

  constructor(
    private readonly redis: RedisClient,
    private readonly options: ServerRegistryOptions,
  ) {}

  /**
   * Enters this server at `address` (`http://host:port`, where the others reach it) and keeps the
   * entry alive, entering it again whenever the connection to Redis is back (outages are reported
   * by cluster/redis-connection.ts).
   */
  start(address: string): void {
    this.announce = () => {
      if (!this.redis.isReady) return
      this.redis.set(this.key(this.options.serverId), address, { PX: this.options.ttlMs }).catch((error: unknown) => {
        this.options.logger.warn('cluster.announce_failed', { error: describeError(error) })
      })
    }
    this.redis.on('ready', this.announce)
    this.announce()
    this.refresh = setInterval(this.announce, Math.max(100, Math.floor(this.options.ttlMs / 3))).unref()
  }

  /** Removes this server's entry (it is shutting down): nobody forwards to it any more. */
  async withdraw(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh)
    this.refresh = null
    if (this.announce) this.redis.off('ready', this.announce)
    this.announce = null
    await this.redis.del(this.key(this.options.serverId)).catch(() => {})
  }

  /** The internal address of a live server, or null when it has no entry (gone, or never there). */
  addressOf(serverId: string): Promise<string | null> {
    return this.redis.get(this.key(serverId))
  }

  private key(serverId: string): string {
    return `${this.options.prefix}server:${serverId}`
  }
}
