/**
 *   GET /metrics -> the Prometheus exposition (server-metrics.ts), for the operator's monitoring only.
 *
 * Who may read it: with `METRICS_TOKEN` set, whoever sends `Authorization: Bearer <token>`, from
 * any address (a scraper outside the servers' network); without it, only requests from the
 * server's own machine or a private network (loopback, 10/8, 172.16/12, 192.168/16, fc00::/7),
 * where the monitoring of a self-hosted service runs. Behind a trusted proxy (`TRUST_PROXY`) the
 * address is the one the proxy saw, so the public internet reaching the server through the proxy
 * is refused even though the proxy itself connects from a private address.
 *
 * The figures say nothing about a person or a board (no board ids, no addresses), but they show
 * how busy the service is and when: not something to hand to whoever asks.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { BlockList, isIP } from 'node:net'
import { requestAddress } from '../http/client-address'
import { HttpError } from '../http/respond'
import type { Router } from '../http/router'
import type { ServerFeature } from '../features/feature'
import type { ServerMetrics } from './server-metrics'

export interface MetricsApiOptions {
  metrics: ServerMetrics
  /** The token a scraper sends; null: only the machine and private networks may read. */
  token: string | null
  trustProxy: boolean
}

/** Loopback and private networks: where an operator's monitoring scrapes from. */
const PRIVATE_NETWORKS = new BlockList()
PRIVATE_NETWORKS.addSubnet('127.0.0.0', 8, 'ipv4')
PRIVATE_NETWORKS.addSubnet('10.0.0.0', 8, 'ipv4')
PRIVATE_NETWORKS.addSubnet('172.16.0.0', 12, 'ipv4')
PRIVATE_NETWORKS.addSubnet('192.168.0.0', 16, 'ipv4')
PRIVATE_NETWORKS.addAddress('::1', 'ipv6')
PRIVATE_NETWORKS.addSubnet('fc00::', 7, 'ipv6')

export function metricsApiFeature(options: MetricsApiOptions): ServerFeature {
  const tokenDigest = options.token === null ? null : digest(options.token)
  return {
    registerRoutes(router: Router) {
      router.get('/metrics', async ({ req, res }) => {
        if (tokenDigest !== null) {
          const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
          // Digests have one length, so the comparison takes the same time wherever they differ.
          if (sent === undefined || !timingSafeEqual(digest(sent), tokenDigest)) {
            throw new HttpError(401, 'the metrics need their token (METRICS_TOKEN)', { 'WWW-Authenticate': 'Bearer realm="metrics"' })
          }
        } else if (!isPrivateAddress(requestAddress(req, options.trustProxy))) {
          throw new HttpError(403, 'the metrics are for the servers’ own network (or set METRICS_TOKEN)')
        }
        const text = await options.metrics.exposition()
        res.writeHead(200, { 'Content-Type': options.metrics.contentType, 'Cache-Control': 'no-store' })
        res.end(text)
      })
    },
  }
}

/** Whether `address` is on the machine itself or a private network. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  return family !== 0 && PRIVATE_NETWORKS.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
