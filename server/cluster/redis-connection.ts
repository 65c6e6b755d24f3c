/**
 * The connection to the Redis the servers share (`REDIS_URL`), with node-redis (`redis`, the
 * client Redis recommends for new code; docs/cluster.md). It reconnects by itself with a short
 * backoff; while it is down, commands fail at once instead of queueing, so that the readiness
 * check answers "not ready" instead of hanging.
 */
import { createClient } from 'redis'
import type { RedisClient } from './lease'
import type { Logger } from '../log'
import { describeError } from '../log'

/** The longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2_000
/** The readiness check's limit: a Redis that holds the connection but answers nothing is not ready. */
const PING_TIMEOUT_MS = 2_000

export interface RedisConnection {
  /**
   * The client itself, for the leases, the owner registry and the notices of a cluster and the shared
   * rate limits; its commands fail at once while it is not connected.
   */
  readonly client: RedisClient
  /** Resolves when Redis answers a PING; rejects when it does not (not connected, or an error). */
  ping(): Promise<void>
  close(): Promise<void>
}

/** Connects in the background (a server starts while Redis is still down, and is not ready until it is up). */
export function openRedis(url: string, logger: Logger): RedisConnection {
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS) },
  })
  let reported = false
  client.on('error', (error: unknown) => {
    // Once per outage: a reconnect loop would otherwise log every few seconds.
    if (reported) return
    reported = true
    logger.warn('redis.unavailable', { error: describeError(error) })
  })
  client.on('ready', () => {
    if (reported) logger.info('redis.available')
    reported = false
  })
  // Failures are the error events above; the client keeps trying.
  client.connect().catch(() => {})
  return {
    client,
    async ping() {
      if (!client.isReady) throw new Error('not connected')
      await answerWithin(client.ping(), PING_TIMEOUT_MS)
    },
    async close() {
      // Waits for replies still due when connected; stops the reconnecting otherwise.
      if (client.isReady) await client.close()
      else client.destroy()
    },
  }
}

/**
 * `reply`, or a rejection once `timeoutMs` has passed without it: a Redis that keeps the
 * connection open but answers nothing (a partition, a frozen machine) must not hold a request.
 */
export async function answerWithin<T>(reply: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      reply,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis gave no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
