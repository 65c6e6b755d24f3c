/**
 * Service endpoints.
 *   GET /api/config -> { tldrawLicenseKey: string | null }  (read at run time, so one client
 *                      build serves every deployment)
 *   GET /healthz    -> 200 { status: 'ok' } when storage takes a real write (a row in the
 *                      database and a file in DATA_DIR), else 503 { error } saying which failed:
 *                      a server on a full disk must not look healthy to its monitoring
 */
import { sendError, sendJson } from '../http/respond'
import type { Router } from '../http/router'
import type { Logger } from '../log'
import { describeError } from '../log'
import { StorageUnwritableError, type BoardStorage } from '../storage/board-storage'
import type { ServerFeature } from './feature'

export interface ServiceApiOptions {
  storage: BoardStorage
  tldrawLicenseKey: string | null
  logger: Logger
}

export function serviceApiFeature(options: ServiceApiOptions): ServerFeature {
  return { registerRoutes: (router) => registerServiceApi(router, options) }
}

function registerServiceApi(router: Router, { storage, tldrawLicenseKey, logger }: ServiceApiOptions): void {
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
}
