/**
 * `startServer`: one HTTP server on one port that serves the API, the WebSocket sync endpoint,
 * tldraw's assets and the built client, wired to one storage.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { BoardSessions, ServerHooks, WriteQuotas } from './hooks'
import { registerAssetsApi } from './features/assets/assets-api'
import { BoardCreationGuard } from './features/boards/board-creation-guard'
import { registerBoardsApi } from './features/boards/boards-api'
import { clientAddress } from './http/client-address'
import { HttpError, sendError } from './http/respond'
import { Router } from './http/router'
import { registerServiceApi } from './features/service-api'
import { EVERY_RESPONSE_HEADERS, pageSecurityHeaders, type PageHeaders } from './http/security-headers'
import { registerStaticClient } from './http/static-client'
import { registerTldrawAssets } from './http/tldraw-assets'
import { createFacilitation, type Facilitation } from './facilitation'
import { KeyedRateLimiter } from './limits/keyed-rate-limiter'
import { DEFAULT_RATE_LIMITS, retryAfterSeconds } from './limits/rate-limits'
import { createLogger, describeError, type Logger } from './log'
import { createMeetingRecords, type MeetingRecords } from './records/meeting-records'
import { DEFAULT_WRITE_QUOTAS } from './features/access/board-access'
import { DownloadTokens, type DownloadTokenOptions } from './features/access/download-tokens'
import type { BoardStorage } from './storage/board-storage'
import { openSqliteStorage } from './storage/sqlite-storage'
import { DEFAULT_LIMITS, type ConnectionLimits } from './sync/connection'
import { SyncEndpoint, syncBoardId } from './sync/endpoint'
import { DEFAULT_COMPACTION, MemoryRoomStore, PersistentRoomStore, type CompactionPolicy } from './sync/room-store'
import { DEFAULT_ROOM_IDLE_MS, Rooms } from './sync/rooms'
import { Turns } from './sync/turns'

const MIB = 1024 * 1024
/** How often rooms expire silent awareness states and compact idle update logs. */
const MAINTENANCE_MS = 5_000

export interface ServerOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number
  /** Interface to listen on. Default '0.0.0.0'. */
  host?: string
  /** Directory for the SQLite database and uploaded assets (created when missing). */
  dataDir: string
  /** Largest WebSocket frame in bytes; bigger frames close the socket with 1009. Default 10 MiB. */
  maxPayload?: number
  /** Largest asset upload in bytes. Default 20 MiB. */
  maxAssetBytes?: number
  /** Most bytes all uploaded files of one board may take together. Default 500 MiB. */
  maxBoardAssetBytes?: number
  /** CSP `frame-ancestors` of the app's pages. Default `'none'` (no embedding). */
  frameAncestors?: string
  /** Take the client address from the last hop of `X-Forwarded-For`. Default false. */
  trustProxy?: boolean
  /** When set, `POST /api/boards` needs `Authorization: Bearer <secret>`. Default none. */
  createBoardSecret?: string | null
  /** The built client (`dist/client`); null or missing serves a 503 page that says to build. */
  staticDir?: string | null
  /** Handed to the client by `GET /api/config`. */
  tldrawLicenseKey?: string | null
  /** Origin used in board links; default: the request's Host header. */
  publicUrl?: string | null
  /**
   * How long a room stays loaded after its last connection left, so that a reconnect does not
   * load the board again; 0 unloads at once. Default `DEFAULT_ROOM_IDLE_MS` (30 s).
   */
  roomIdleMs?: number
  /** false keeps documents in memory only (benchmarks): nothing of a room survives its unload. */
  persistence?: boolean
  hooks?: ServerHooks
  logger?: Logger
  /** Per-connection flood limits (defaults in `DEFAULT_LIMITS`). */
  limits?: Partial<ConnectionLimits>
  /** When update logs are folded into snapshots (defaults in `DEFAULT_COMPACTION`). */
  compaction?: Partial<CompactionPolicy>
  /** What every role but the facilitator may write (defaults in `DEFAULT_WRITE_QUOTAS`). */
  quotas?: Partial<WriteQuotas>
  /** How long download tokens live and the clock they go by (default 60 s, `Date.now`; tests move it). */
  downloadTokens?: DownloadTokenOptions
  /** Per-address limits on board creation and sync connection attempts (`DEFAULT_RATE_LIMITS`). */
  boardsPerIpBurst?: number
  boardsPerIpPerHour?: number
  connectsPerIpBurst?: number
  connectsPerIpPerSecond?: number
}

export interface ServerStats {
  /** Rooms loaded or loading. */
  rooms: number
  /** Open WebSocket connections. */
  connections: number
}

export interface RunningServer {
  /** `http://host:port`, with `localhost` for a wildcard host. */
  url: string
  port: number
  stats(): ServerStats
  /**
   * Graceful stop: stops accepting, closes every client with 1001, stores every room (empty ones
   * at once, without waiting for their grace period) and closes storage. Safe to call more than once.
   */
  close(): Promise<void>
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger()
  const maxPayload = options.maxPayload ?? 10 * MIB
  const persistence = options.persistence ?? true
  const compaction = { ...DEFAULT_COMPACTION, ...options.compaction }
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  // A frame the server accepts must also fit into the flood budget.
  limits.byteBurst = Math.max(limits.byteBurst, maxPayload)

  const storage = openSqliteStorage({
    dataDir: path.resolve(options.dataDir),
    inMemory: !persistence,
    backgroundCheckpoints: { logger },
  })
  // Minutes and closing meetings: their routes, and hooks that keep archived boards read-only.
  // Short-lived tokens for plain download links; the minutes check them, facilitation issues them.
  const downloads = new DownloadTokens(options.downloadTokens)
  const records = createMeetingRecords({ storage, dataDir: path.resolve(options.dataDir), logger, downloads })
  // Roles by link, the per-message update policy, snapshots.
  const facilitation = createFacilitation({
    storage,
    dataDir: path.resolve(options.dataDir),
    logger,
    publicUrl: options.publicUrl ?? null,
    downloads,
    quotas: { ...DEFAULT_WRITE_QUOTAS, ...options.quotas },
  })
  const hooks = records.withHooks(facilitation.withHooks(options.hooks ?? {}))
  const rooms = new Rooms({
    createStore: (boardId) =>
      persistence ? new PersistentRoomStore(boardId, storage, compaction, logger) : new MemoryRoomStore(),
    hooks,
    logger,
    idleMs: options.roomIdleMs ?? DEFAULT_ROOM_IDLE_MS,
    // One storage transaction per event-loop turn for all rooms' appends.
    turns: new Turns(persistence ? (work) => storage.batch(work) : undefined),
  })
  const sync = new SyncEndpoint({ storage, rooms, hooks, logger, maxPayload, limits })
  const router = createRouter(storage, rooms, logger, {
    maxAssetBytes: options.maxAssetBytes ?? 20 * MIB,
    maxBoardAssetBytes: options.maxBoardAssetBytes ?? 500 * MIB,
    boardCreation: new BoardCreationGuard({
      secret: options.createBoardSecret ?? null,
      burst: options.boardsPerIpBurst ?? DEFAULT_RATE_LIMITS.boardsPerIpBurst,
      perHour: options.boardsPerIpPerHour ?? DEFAULT_RATE_LIMITS.boardsPerIpPerHour,
      trustProxy: options.trustProxy ?? false,
      logger,
    }),
    tldrawLicenseKey: options.tldrawLicenseKey ?? null,
    publicUrl: options.publicUrl ?? null,
    staticDir: options.staticDir ?? null,
    pagePolicy: pageSecurityHeaders(options.frameAncestors ?? "'none'"),
    records,
    facilitation,
  })

  const server = createServer((req, res) => void handleRequest(router, logger, req, res))
  const connectLimiter = new KeyedRateLimiter({
    burst: options.connectsPerIpBurst ?? DEFAULT_RATE_LIMITS.connectsPerIpBurst,
    ratePerSecond: options.connectsPerIpPerSecond ?? DEFAULT_RATE_LIMITS.connectsPerIpPerSecond,
  })
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {})
    const boardId = syncBoardId(req.url)
    if (boardId === null) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    // Before anything else: each accepted attempt may load a whole board from storage.
    const decision = connectLimiter.take(clientAddress(req, options.trustProxy ?? false))
    if (!decision.allowed) {
      logger.warn('sync.connect_rate_limited', { board: boardId })
      const body = JSON.stringify({ error: 'too many connection attempts from your network; retrying shortly' })
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfterSeconds(decision.retryAfterMs)}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      )
      return
    }
    sync.handleUpgrade(req, socket, head, boardId)
  })
  const maintenance = setInterval(() => rooms.maintain(Date.now()), MAINTENANCE_MS).unref()

  try {
    await listen(server, options.port ?? 8080, options.host ?? '0.0.0.0')
  } catch (error) {
    clearInterval(maintenance)
    await storage.close()
    throw error
  }
  const { port, address } = server.address() as AddressInfo
  const wildcard = address === '0.0.0.0' || address === '::'
  const url = `http://${wildcard ? 'localhost' : address.includes(':') ? `[${address}]` : address}:${port}`

  let closing: Promise<void> | null = null
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    await sync.close()
    await rooms.drain()
    clearInterval(maintenance)
    const storageClosed = storage.close()
    server.closeAllConnections()
    await Promise.all([stopped, storageClosed])
    logger.info('server.stopped', { url })
  }

  return {
    url,
    port,
    stats: () => ({ rooms: rooms.size, connections: sync.connections.size }),
    close: () => (closing ??= close()),
  }
}

interface HttpOptions {
  maxAssetBytes: number
  maxBoardAssetBytes: number
  boardCreation: BoardCreationGuard
  tldrawLicenseKey: string | null
  publicUrl: string | null
  staticDir: string | null
  /** Security headers of the app's HTML pages. */
  pagePolicy: PageHeaders
  records: MeetingRecords
  facilitation: Facilitation
}

function createRouter(storage: BoardStorage, sessions: BoardSessions, logger: Logger, options: HttpOptions): Router {
  const router = new Router()
  registerBoardsApi(router, {
    storage,
    publicUrl: options.publicUrl,
    logger,
    access: options.facilitation.access,
    creation: options.boardCreation,
  })
  registerAssetsApi(router, {
    storage,
    maxAssetBytes: options.maxAssetBytes,
    maxBoardAssetBytes: options.maxBoardAssetBytes,
    logger,
  })
  registerServiceApi(router, { storage, tldrawLicenseKey: options.tldrawLicenseKey, logger })
  options.records.registerRoutes(router)
  options.facilitation.registerRoutes(router, sessions)
  const unknownApi = (): never => {
    throw new HttpError(404, 'no such API endpoint')
  }
  router.get('/api/*', unknownApi).post('/api/*', unknownApi)
  router.get('/sync/*', () => {
    throw new HttpError(426, 'this endpoint speaks WebSocket', { Upgrade: 'websocket' })
  })
  registerTldrawAssets(router)
  registerStaticClient(router, options.staticDir === null ? null : path.resolve(options.staticDir), options.pagePolicy)
  return router
}

async function handleRequest(router: Router, logger: Logger, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(EVERY_RESPONSE_HEADERS)) res.setHeader(name, value)
  let url: URL
  try {
    url = new URL(req.url ?? '/', 'http://localhost')
  } catch {
    sendError(res, 400, 'malformed URL')
    return
  }
  const match = router.match(req.method ?? 'GET', url.pathname)
  try {
    if (match.kind === 'found') await match.handler({ req, res, url, params: match.params })
    else if (match.kind === 'method-not-allowed') throw new HttpError(405, 'method not allowed', { Allow: match.allow.join(', ') })
    else throw new HttpError(404, 'not found')
  } catch (error) {
    if (!(error instanceof HttpError)) {
      logger.error('http.handler_failed', { method: req.method, path: url.pathname, error: describeError(error) })
    }
    if (res.headersSent) {
      res.destroy()
      return
    }
    // Read and drop whatever body is left so the error response is not cut off by a reset.
    if (!req.complete) req.resume()
    if (error instanceof HttpError) sendError(res, error.status, error.message, error.headers)
    else sendError(res, 500, 'internal server error')
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
