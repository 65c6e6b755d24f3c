/**
 * The server's clock, for clients to measure their offset to it (NTP-style: the request's send and
 * receive times around the server's reading), so a shared countdown shows the same on every screen.
 *   GET /api/time -> 200 { now } (ms since epoch), never cached
 */
import { sendJson } from '../http/respond'
import type { ServerFeature } from './feature'

export function serverClockFeature(): ServerFeature {
  return {
    registerRoutes(router) {
      router.get('/api/time', ({ res }) => sendJson(res, 200, { now: Date.now() }))
    },
  }
}
