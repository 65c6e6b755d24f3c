/**
 * Service endpoints.
 *   GET /api/config -> { tldrawLicenseKey: string | null }  (read at run time, so one client
 *                      build serves every deployment)
 *   GET /healthz    -> 200 { status: 'ok' } when storage takes a real write (a row in the
 *                      database and, with SQLite, a file in DATA_DIR), else 503 { error } saying
 *                      which failed: a server on a full disk must not look healthy to its monitoring
 *   GET /readyz     -> 200 { status: 'ready', database: 'ok', redis: 'ok' | 'not configured' } when
 *                      the database answers and so does Redis (a PING) when `REDIS_URL` is set,
 *                      else 503 { error } naming what is unreachable: a load balancer sends this
 *                      server nobody until it is ready
 */
import { sendError, sendJson } from '../http/respond'
import type { Router } from '../http/router'
import type { Logger } from '../log'
import { describeError } from '../log'
import { StorageUnwritableError, type BoardStorage } from '../storage/board-storage'
import type { RedisConnection } from '../cluster/redis-connection'
import type { ServerFeature } from './feature'

export interface ServiceApiOptions {
  storage: BoardStorage
  /** The shared Redis, when the server has one. */
  redis: RedisConnection | null
  tldrawLicenseKey: string | null
  logger: Logger
}

export function serviceApiFeature(options: ServiceApiOptions): ServerFeature {
  return { registerRoutes: (router) => registerServiceApi(router, options) }
}

function registerServiceApi(router: Router, { storage, redis, tldrawLicenseKey, logger }: ServiceApiOptions): void {
  router.get('/api/config', ({ res }) => {
    sendJson(res, 200, { tldrawLicenseKey })
  })

  router.get('/healthz', async ({ res }) => {
    try {
      await storage.probeWrites()
    } catch (error) {
      const cause = error instanceof StorageUnwritableError ? describeError(error.cause) : undefined
      logger.error('health.storage_failed', { error: describeError(error), cause })
      sendError(res, 503, error instanceof StorageUnwritableError ? `storage unavailable: ${error.message}` : 'storage unavailable')
      return
    }
    sendJson(res, 200, { status: 'ok' })
  })

  router.get('/readyz', async ({ res }) => {
    const unreachable = async (part: string, check: () => Promise<void>): Promise<string | null> => {
      try {
        await check()
        return null
      } catch (error) {
        logger.warn('ready.unreachable', { part, error: describeError(error) })
        return part
      }
    }
    const failed = (
      await Promise.all([unreachable('database', () => storage.ping()), redis ? unreachable('Redis', () => redis.ping()) : null])
    ).filter((part) => part !== null)
    if (failed.length > 0) {
      sendError(res, 503, `not ready: ${failed.join(' and ')} unreachable`)
      return
    }
    sendJson(res, 200, { status: 'ready', database: 'ok', redis: redis ? 'ok' : 'not configured' })
  })
}
