/**
 * Service endpoints.
 *   GET /api/config -> { tldrawLicenseKey: string | null }  (read at run time, so one client
 *                      build serves every deployment)
 *   GET /healthz    -> 200 { status: 'ok' } when storage answers, else 503 { error }
 */
import type { Logger } from '../log'
import { describeError } from '../log'
import type { BoardStorage } from '../storage/board-storage'
import { sendError, sendJson } from './respond'
import type { Router } from './router'

export interface ServiceApiOptions {
  storage: BoardStorage
  tldrawLicenseKey: string | null
  logger: Logger
}

export function registerServiceApi(router: Router, { storage, tldrawLicenseKey, logger }: ServiceApiOptions): void {
  router.get('/api/config', ({ res }) => {
    sendJson(res, 200, { tldrawLicenseKey })
  })

  router.get('/healthz', ({ res }) => {
    try {
      storage.check()
    } catch (error) {
      logger.error('health.storage_failed', { error: describeError(error) })
      sendError(res, 503, 'storage unavailable')
      return
    }
    sendJson(res, 200, { status: 'ok' })
  })
}
