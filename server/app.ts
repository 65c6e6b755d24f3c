/**
 * `startServer`: one HTTP server on one port that serves the API, the WebSocket sync endpoint,
 * tldraw's assets and the built client, wired to one storage. The transport (sync/) knows nothing
 * of roles, meetings or minutes: those are the features (features/), listed once below, whose
 * hooks it runs for every room and whose routes answer the API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { accessFeature } from './features/access/access'
import { BoardAccess, DEFAULT_WRITE_QUOTAS } from './features/access/board-access'
import { DownloadTokens, type DownloadTokenOptions } from './features/access/download-tokens'
import { joinCodeApiFeature } from './features/access/join-code-api'
import { archiveFeature } from './features/archive/archive'
import { ArchiveStore } from './features/archive/archive-store'
import { MeetingArchive } from './features/archive/meeting-archive'
import { assetsApiFeature } from './features/assets/assets-api'
import { attendanceFeature } from './features/attendance'
import { BoardDocs } from './features/board-docs'
import { BoardCreationGuard } from './features/boards/board-creation-guard'
import { boardsApiFeature } from './features/boards/boards-api'
import { BoardDeletion } from './features/deletion/board-deletion'
import { deletionFeature } from './features/deletion/deletion'
import { Retention, RETENTION_SWEEP_MS } from './features/deletion/retention'
import { composeHooks, type ServerFeature } from './features/feature'
import { minutesFeature } from './features/minutes/minutes'
import { myMeetingsFeature } from './features/my-meetings/my-meetings'
import { mySeriesFeature } from './features/my-meetings/my-series'
import { Ownership } from './features/my-meetings/ownership'
import { namedSnapshotsFeature } from './features/named-snapshots/named-snapshots'
import { publicPagesFeature } from './features/public-pages/public-pages'
import { SnapshotStore } from './features/named-snapshots/snapshot-store'
import { removeNamesFeature } from './features/remove-names/remove-names'
import { schemaUpkeepFeature } from './features/schema-upkeep'
import { serverClockFeature } from './features/server-clock'
import { CommitmentStatusBoards } from './features/series/commitment-status-boards'
import { commitmentsFeature } from './features/series/commitments-api'
import { learningNoteFeature } from './features/series/learning-note'
import { planNextFeature } from './features/series/plan-next'
import { searchFeature } from './features/series/search-api'
import { seriesApiFeature } from './features/series/series-api'
import { SeriesService } from './features/series/series-service'
import { serviceApiFeature } from './features/service-api'
import { FacilitatorSignIn } from './features/sign-in/facilitator-sign-in'
import { OidcProviderClient, type OidcSettings } from './features/sign-in/oidc-provider-client'
import { updatePolicyFeature } from './features/update-policy/update-policy'
import type { PublicPagesConfig } from './config'
import type { BoardSessions, ServerHooks, WriteQuotas } from './hooks'
import { clientAddress, setForwardedAddress } from './http/client-address'
import { HttpError, sendError } from './http/respond'
import { Router } from './http/router'
import { EVERY_RESPONSE_HEADERS, pageSecurityHeaders } from './http/security-headers'
import { CompressedBodies } from './http/compressed-bodies'
import { registerStaticClient } from './http/static-client'
import { registerTldrawAssets } from './http/tldraw-assets'
import { AddressLimits } from './limits/address-limits'
import { DEFAULT_RATE_LIMITS, retryAfterSeconds, type RateLimits } from './limits/rate-limits'
import { createLogger, describeError, type Logger } from './log'
import { meteredStorage } from './metrics/metered-storage'
import { metricsApiFeature } from './metrics/metrics-api'
import { ServerMetrics } from './metrics/server-metrics'
import { accountStorageOf, type AccountStorage } from './storage/account-storage'
import type { BoardStorage } from './storage/board-storage'
import { openSqliteAccountStorage } from './storage/sqlite-account-storage'
import { seriesStorageOf } from './storage/series-storage'
import { openStorage } from './storage/open-storage'
import { Cluster, type ClusterSettings } from './cluster/cluster'
import { openRedis, type RedisConnection } from './cluster/redis-connection'
import { OwnerForwarding } from './sync/owner-forwarding'
import { ForwardedLinks, readLinkOpening } from './sync/forwarded-links'
import { CloseCode } from '../shared/protocol/close-codes'
import { DEFAULT_LIMITS, type ConnectionLimits } from './sync/connection'
import { BoardQueue } from './sync/board-queue'
import { SyncEndpoint, syncBoardId } from './sync/endpoint'
import { DEFAULT_COMPACTION, MemoryRoomStore, PersistentRoomStore, type CompactionPolicy } from './sync/room-store'
import { DEFAULT_ROOM_IDLE_MS, Rooms } from './sync/rooms'
import { Turns } from './sync/turns'

const MIB = 1024 * 1024
/** How often rooms expire silent awareness states and compact idle update logs. */
const MAINTENANCE_MS = 5_000

/** Per-address limits on board creation, sync connection attempts and join codes default to `DEFAULT_RATE_LIMITS`. */
export interface ServerOptions extends Partial<RateLimits> {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number
  /** Interface to listen on. Default '0.0.0.0'. */
  host?: string
  /** Directory for the SQLite database and uploaded assets (created when missing; unused with `databaseUrl`). */
  dataDir: string
  /** PostgreSQL (`postgres://…`) to keep everything in instead of SQLite; default none (SQLite). */
  databaseUrl?: string | null
  /** The PostgreSQL schema of the tables (created when missing); default the connection's own. */
  databaseSchema?: string | null
  /** Redis the servers share (`redis://…`): `/readyz` checks it answers; default none. */
  redisUrl?: string | null
  /**
   * Serve as one of several servers sharing `databaseUrl` and `redisUrl` (both needed): each room
   * is served by the server holding its lease, the others forward to it (docs/cluster.md).
   * Default none: one server.
   */
  cluster?: ClusterSettings | null
  /** Prefix of this installation's keys in Redis (the shared rate limits). Default `gatherboard:`. */
  redisKeyPrefix?: string
  /** The bearer token `GET /metrics` needs; null or missing: only the machine and private networks may read it. */
  metricsToken?: string | null
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
  /**
   * A storage to run on instead of the one the settings above open (an embedder's own backend of
   * the contract, storage/board-storage.ts); the server closes it when it stops.
   */
  storage?: BoardStorage
  /**
   * The caller's own hooks (an embedder's, tests'): they run after the features' load and presence
   * hooks and before the update policy; an `onAuthenticate` here replaces the links.
   */
  hooks?: ServerHooks
  logger?: Logger
  /** Per-connection flood limits (defaults in `DEFAULT_LIMITS`). */
  limits?: Partial<ConnectionLimits>
  /** When update logs are folded into the compacted document (defaults in `DEFAULT_COMPACTION`). */
  compaction?: Partial<CompactionPolicy>
  /** What every role but the facilitator may write (defaults in `DEFAULT_WRITE_QUOTAS`). */
  quotas?: Partial<WriteQuotas>
  /** How long download tokens live and the clock they go by (default 60 s, `Date.now`; tests move it). */
  downloadTokens?: DownloadTokenOptions
  /** Most bytes of files compressed on the fly kept in memory (default `DEFAULT_COMPRESSED_CACHE_BYTES`, 16 MiB). */
  compressedCacheBytes?: number
  /** Days a closed meeting's board is kept before the server deletes it; null (default) keeps it. */
  retentionDays?: number | null
  /** How often the retention job runs (default `RETENTION_SWEEP_MS`, an hour; tests run it often). */
  retentionSweepMs?: number
  /**
   * The operator's settings of the public pages (accessibility statement, privacy notice,
   * imprint); `dir` defaults to `<dataDir>/pages`, the rest to unset.
   */
  publicPages?: Partial<PublicPagesConfig>
  /** Facilitators' sign-in through OpenID Connect; null or missing: none (board creation as `createBoardSecret` says). */
  oidc?: OidcSettings | null
  /** ms since epoch for closing meetings and the retention period (default `Date.now`; tests move it). */
  clock?: () => number
}

export interface ServerStats {
  /** Rooms loaded or loading. */
  rooms: number
  /** Open WebSocket connections. */
  connections: number
  /** Bytes of files compressed on the fly held in memory (at most `compressedCacheBytes`). */
  compressedCacheBytes: number
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

  // The gauges read the rooms and connections when Prometheus scrapes, long after they exist.
  const metrics: ServerMetrics = new ServerMetrics({
    rooms: (): number => rooms.size,
    connections: (): number => sync.connections.size,
    serverLinks: () => ({ in: links?.size ?? 0, out: forwarding?.size ?? 0 }),
  })
  const openedStorage =
    options.storage ??
    (await openStorage({
      dataDir: path.resolve(options.dataDir),
      databaseUrl: options.databaseUrl ?? null,
      databaseSchema: options.databaseSchema ?? null,
      inMemory: !persistence,
      background: true,
      logger,
    }))
  const storage = meteredStorage(openedStorage, metrics)
  // Accounts live beside the boards: in PostgreSQL's schema, or in SQLite's file in the data directory.
  // A server on an embedder's storage keeps them in memory when it has no sign-in: nobody signs in there.
  const accounts =
    accountStorageOf(storage) ??
    openSqliteAccountStorage({
      dataDir: path.resolve(options.dataDir),
      inMemory: !persistence || (options.storage !== undefined && !options.oidc),
    })
  // Before anything reads the files: what a crash during a deletion left of a board goes now.
  const orphans = await storage.removeOrphanFiles()
  if (orphans.length > 0) logger.info('storage.orphan_files_removed', { boards: orphans.length })
  // Room loads and the features' changes to boards without a room, one at a time per board.
  const boardQueue = new BoardQueue()
  const redis = options.redisUrl ? openRedis(options.redisUrl, logger) : null
  const cluster = options.cluster ? openCluster(options, redis, metrics, logger) : null
  // Counted for all servers together in the shared Redis, when there is one.
  const addressLimits = new AddressLimits({ redis: redis?.client ?? null, prefix: options.redisKeyPrefix ?? 'gatherboard:', logger })
  const { features, retention, archive } = serverFeatures(
    options,
    { storage, accounts, redis, boardQueue, metrics, limits: addressLimits, cluster },
    logger,
  )
  const hooks = composeHooks(features)
  const rooms = new Rooms({
    createStore: async (boardId) => {
      if (!persistence) return new MemoryRoomStore()
      // With several servers a room is served where its lease is held (rejects when that is another server).
      const owned = cluster ? await cluster.ownership.claim(boardId) : null
      return new PersistentRoomStore(boardId, storage, compaction, logger, owned)
    },
    hooks,
    logger,
    idleMs: options.roomIdleMs ?? DEFAULT_ROOM_IDLE_MS,
    // One storage transaction per event-loop turn for all rooms' appends.
    turns: new Turns(persistence ? (writes) => storage.appendUpdates(writes) : undefined),
    boardQueue,
    counters: metrics,
  })
  const trustProxy = options.trustProxy ?? false
  const forwarding = cluster
    ? new OwnerForwarding({
        serverId: options.cluster!.serverId,
        signer: cluster.signer,
        leases: cluster.leases,
        logger,
        watchMs: cluster.watchMs,
        clientAddress: (request) => clientAddress(request, trustProxy),
      })
    : null
  if (cluster && forwarding) cluster.serve({ rooms, forwarded: forwarding, archive })
  const sessions = cluster?.sessions ?? rooms
  const sync = new SyncEndpoint({ storage, rooms, hooks, logger, maxPayload, limits, forwarding })
  // The owner's side: the links other servers forward their clients of this server's rooms on.
  const links = cluster
    ? new ForwardedLinks({
        signer: cluster.signer,
        logger,
        maxPayload,
        maxBufferedBytes: limits.maxBufferedBytes,
        accept: (socket, boardId, client) => sync.acceptForwarded(socket, boardId, client),
      })
    : null
  const compressed = new CompressedBodies(options.compressedCacheBytes)
  const router = createRouter(features, sessions, compressed, options)

  const server = createServer((req, res) => void handleRequest(router, logger, req, res, cluster))
  const connectLimiter = addressLimits.limiter('connect', {
    burst: options.connectsPerIpBurst ?? DEFAULT_RATE_LIMITS.connectsPerIpBurst,
    ratePerSecond: options.connectsPerIpPerSecond ?? DEFAULT_RATE_LIMITS.connectsPerIpPerSecond,
  })
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', () => {})
    const boardId = syncBoardId(req.url)
    if (boardId === null) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    // Another server's link for the board's forwarded clients: they were counted there, and each
    // is the owner's to serve as that server says (signed, per client).
    const link = cluster ? readLinkOpening(cluster.signer, req, boardId) : undefined
    if (link === null) {
      logger.warn('cluster.forward_refused', { board: boardId })
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    if (link && links) {
      links.handleUpgrade(req, socket, head, boardId, link.server)
      return
    }
    // Before anything else: each accepted attempt may load a whole board from storage.
    const decision = await connectLimiter.take(clientAddress(req, options.trustProxy ?? false))
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
  }
  server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head))
  const maintenance = setInterval(() => rooms.maintain(Date.now()), MAINTENANCE_MS).unref()
  const deleteExpired = () => {
    retention.deleteExpired(sessions).catch((error: unknown) => {
      logger.error('retention.failed', { error: describeError(error) })
    })
  }
  const retentionJob = setInterval(deleteExpired, options.retentionSweepMs ?? RETENTION_SWEEP_MS).unref()

  try {
    await listen(server, options.port ?? 8080, options.host ?? '0.0.0.0')
  } catch (error) {
    clearInterval(maintenance)
    clearInterval(retentionJob)
    await cluster?.close()
    await Promise.all([storage.close(), accounts.close(), redis?.close()])
    throw error
  }
  deleteExpired()
  const { port, address } = server.address() as AddressInfo
  const wildcard = address === '0.0.0.0' || address === '::'
  const url = `http://${wildcard ? 'localhost' : address.includes(':') ? `[${address}]` : address}:${port}`
  cluster?.start(url)

  let closing: Promise<void> | null = null
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    if (cluster) {
      // Hand the rooms over: everything stored, the leases given up, then the clients told to
      // reconnect (1012), to the servers that take the rooms over (docs/cluster.md).
      sync.stopAccepting()
      links?.stopAccepting()
      await rooms.handOver(() => cluster.leave())
      await sync.close(CloseCode.serviceRestart)
      links?.close()
    } else {
      await sync.close()
    }
    await rooms.drain()
    clearInterval(maintenance)
    clearInterval(retentionJob)
    forwarding?.stop()
    await cluster?.close()
    const storageClosed = Promise.all([storage.close(), accounts.close(), redis?.close()])
    server.closeAllConnections()
    await Promise.all([stopped, storageClosed])
    logger.info('server.stopped', { url })
  }

  return {
    url,
    port,
    stats: () => ({ rooms: rooms.size, connections: sync.connections.size, compressedCacheBytes: compressed.cachedBytes }),
    close: () => (closing ??= close()),
  }
}

/**
 * Every feature of the server, in the order their hooks run (see features/feature.ts). Their
 * routes do not overlap, so the order does not matter to them.
 */
function serverFeatures(
  options: ServerOptions,
  {
    storage,
    accounts,
    redis,
    boardQueue,
    metrics,
    limits,
    cluster,
  }: {
    storage: BoardStorage
    accounts: AccountStorage
    redis: RedisConnection | null
    boardQueue: BoardQueue
    metrics: ServerMetrics
    limits: AddressLimits
    cluster: Cluster | null
  },
  logger: Logger,
): { features: ServerFeature[]; retention: Retention; archive: ArchiveStore } {
  const publicUrl = options.publicUrl ?? null
  // One view of the boards' documents for every feature that reads or changes them.
  const docs = new BoardDocs(storage, boardQueue, cluster?.ownership ?? null)
  const access = new BoardAccess({ storage, logger, quotas: { ...DEFAULT_WRITE_QUOTAS, ...options.quotas } })
  // Short-lived tokens for plain download links: the access feature issues them, the minutes check them.
  const downloads = new DownloadTokens(options.downloadTokens)
  const clock = options.clock ?? Date.now
  const archiveStore = new ArchiveStore(storage, cluster ? (boardId) => cluster.archiveChanged(boardId) : undefined)
  const archive = new MeetingArchive({ docs, store: archiveStore, logger, clock })
  const snapshots = new SnapshotStore(storage)
  const deletion = new BoardDeletion({ storage, boardQueue, archive: archiveStore, accounts, logger })
  const signIn = new FacilitatorSignIn({
    provider: options.oidc ? new OidcProviderClient(options.oidc) : null,
    accounts,
    publicUrl,
    logger,
    clock,
  })
  const retention = new Retention({ days: options.retentionDays ?? null, archive: archiveStore, deletion, jobs: storage, logger, clock })
  // Who may open a board without its link: only with sign-in, whose client secret seals the tokens.
  const ownership = options.oidc ? new Ownership(accounts, options.oidc.clientSecret, 'board') : null
  const seriesOwnership = options.oidc ? new Ownership(accounts, options.oidc.clientSecret, 'series') : null
  // An embedder's own `onAuthenticate` replaces the links (it decides identities itself); the
  // update policy then still restricts the roles it knows ('participant', 'viewer').
  const embedder = options.hooks ?? {}
  const creation = new BoardCreationGuard({
    secret: options.createBoardSecret ?? null,
    burst: options.boardsPerIpBurst ?? DEFAULT_RATE_LIMITS.boardsPerIpBurst,
    perHour: options.boardsPerIpPerHour ?? DEFAULT_RATE_LIMITS.boardsPerIpPerHour,
    trustProxy: options.trustProxy ?? false,
    signIn,
    limits,
    logger,
  })
  const uploads = {
    storage,
    maxAssetBytes: options.maxAssetBytes ?? 20 * MIB,
    maxBoardAssetBytes: options.maxBoardAssetBytes ?? 500 * MIB,
    logger,
  }
  // Meeting series live beside the boards where the storage keeps them (SQLite, PostgreSQL); they
  // share the boards' creation limit: planning a meeting creates a board.
  const seriesStorage = seriesStorageOf(storage)
  if (!seriesStorage) logger.info('series.unavailable', { reason: 'this storage keeps no meeting series' })
  const series = seriesStorage ? new SeriesService({ storage: seriesStorage, docs, publicUrl, clock }) : null
  // A commitment's status on the meetings' cards, written by each board's owner (with several servers).
  const statusBoards = seriesStorage ? new CommitmentStatusBoards({ storage: seriesStorage, docs, owners: cluster?.http ?? null, logger }) : null
  const features: ServerFeature[] = [
    // First: the load hooks after it read and change documents through it.
    docs,
    accessFeature({
      storage,
      access,
      downloads,
      publicUrl,
      authenticates: !embedder.onAuthenticate,
      onFacilitatorRenewed: (boardId, token) => ownership?.keep(boardId, token) ?? Promise.resolve(),
    }),
    // Before the update policy, so that a change to a closed meeting is refused as `archived`.
    archiveFeature({ storage, archive }),
    attendanceFeature({ isArchived: (boardId) => archive.loadedState(boardId).archivedAt !== null, logger }),
    // On load, before anyone is joined, so that every client finds the bundled schema.
    schemaUpkeepFeature(logger),
    { hooks: embedder },
    updatePolicyFeature(),
    signIn,
    boardsApiFeature({
      storage,
      ownership,
      access,
      publicUrl,
      logger,
      deletesAt: (boardId) => retention.deletesAt(boardId),
      creation,
    }),
    joinCodeApiFeature({
      storage,
      logger,
      triesPerMinute: options.joinCodeTriesPerMinute ?? DEFAULT_RATE_LIMITS.joinCodeTriesPerMinute,
      trustProxy: options.trustProxy ?? false,
      limits,
    }),
    assetsApiFeature(uploads),
    minutesFeature({ docs, downloads }),
    namedSnapshotsFeature({ docs, store: snapshots, logger }),
    removeNamesFeature({ docs, snapshots, archive, logger }),
    deletionFeature({ docs, deletion }),
    ...(ownership
      ? [
          myMeetingsFeature({
            signIn,
            accounts,
            ownership,
            docs,
            access,
            archive,
            deletesAt: (boardId) => retention.deletesAt(boardId),
            publicUrl,
            logger,
          }),
        ]
      : []),
    ...(series && statusBoards
      ? [
          seriesApiFeature(series, { creation, ownership: seriesOwnership }),
          planNextFeature(series, { access, creation, ownership }),
          statusBoards,
          commitmentsFeature(series, uploads, statusBoards),
          searchFeature(series),
          learningNoteFeature(series),
          ...(seriesOwnership ? [mySeriesFeature({ signIn, accounts, ownership: seriesOwnership, series, publicUrl, logger, clock })] : []),
        ]
      : []),
    serverClockFeature(),
    publicPagesFeature(
      {
        dir: options.publicPages?.dir ?? path.join(path.resolve(options.dataDir), 'pages'),
        imprintUrl: options.publicPages?.imprintUrl ?? null,
        operatorName: options.publicPages?.operatorName ?? null,
        accessibilityContact: options.publicPages?.accessibilityContact ?? null,
        privacyContact: options.publicPages?.privacyContact ?? null,
        retentionDays: options.retentionDays ?? null,
        signIn: signIn.enabled,
      },
      logger,
    ),
    serviceApiFeature({ storage, redis, tldrawLicenseKey: options.tldrawLicenseKey ?? null, logger }),
    metricsApiFeature({ metrics, token: options.metricsToken ?? null, trustProxy: options.trustProxy ?? false }),
  ]
  return { features, retention, archive: archiveStore }
}

/** The cluster part of a server that shares its storage and Redis with others (`options.cluster`). */
function openCluster(options: ServerOptions, redis: RedisConnection | null, metrics: ServerMetrics, logger: Logger): Cluster {
  if (!redis || !options.databaseUrl) throw new Error('several servers share PostgreSQL and Redis: set both databaseUrl and redisUrl')
  const trustProxy = options.trustProxy ?? false
  return new Cluster({
    settings: options.cluster!,
    redis: redis.client,
    logger,
    clientAddress: (request) => clientAddress(request, trustProxy),
    onLeaseChange: (change) => metrics.leaseChanged(change),
  })
}

/** The features' routes, then what none of them answers: unknown API paths, tldraw's assets, the built client. */
function createRouter(
  features: readonly ServerFeature[],
  sessions: BoardSessions,
  compressed: CompressedBodies,
  options: ServerOptions,
): Router {
  const router = new Router()
  for (const feature of features) feature.registerRoutes?.(router, sessions)
  const unknownApi = (): never => {
    throw new HttpError(404, 'no such API endpoint')
  }
  router.get('/api/*', unknownApi).post('/api/*', unknownApi)
  router.get('/sync/*', () => {
    throw new HttpError(426, 'this endpoint speaks WebSocket', { Upgrade: 'websocket' })
  })
  registerTldrawAssets(router, compressed)
  const staticDir = options.staticDir ?? null
  const pageHeaders = pageSecurityHeaders(options.frameAncestors ?? "'none'")
  registerStaticClient(router, staticDir === null ? null : path.resolve(staticDir), pageHeaders, compressed)
  return router
}

async function handleRequest(router: Router, logger: Logger, req: IncomingMessage, res: ServerResponse, cluster: Cluster | null): Promise<void> {
  for (const [name, value] of Object.entries(EVERY_RESPONSE_HEADERS)) res.setHeader(name, value)
  if (cluster && (await forwardedElsewhere(cluster, logger, req, res))) return
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

/**
 * With several servers: passes a request that changes a board to its room's owner, and takes the
 * client's address of one another server forwarded. True when it was answered (passed on, or refused).
 */
async function forwardedElsewhere(cluster: Cluster, logger: Logger, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const address = cluster.http.forwardedAddress(req)
  if (address === null) {
    logger.warn('cluster.forward_refused', { path: req.url })
    sendError(res, 403, 'forwarded without the cluster signature')
    return true
  }
  if (address !== undefined) {
    setForwardedAddress(req, address)
    return false
  }
  try {
    return await cluster.http.forward(req, res)
  } catch (error) {
    // Redis unreachable: answered here; a change to a board then fails on its claim of the lease.
    logger.warn('cluster.owner_unknown', { path: req.url, error: describeError(error) })
    return false
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
