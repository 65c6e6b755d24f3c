/**
 * Several servers as one service (docs/cluster.md): with PostgreSQL and Redis shared, every room
 * is served by exactly one server at a time, its owner, which holds the room's lease. This module
 * puts the parts together for one server:
 *
 * - `ownership` (room-ownership.ts): the leases this server holds, renewed, and what happens when
 *   one is lost (the room's sockets close with 1012, its clients reconnect to the new owner);
 * - `leases` and `signer` for the transport, which forwards a connection whose room another server
 *   owns to it (sync/owner-forwarding.ts);
 * - `http` (http-forwarding.ts): requests that change a board go to its room's owner;
 * - `sessions`: the boards' connections on every server: what closes connections here (a link
 *   renewed, a board deleted) is sent as a notice (notices.ts) and done on the others too;
 * - `leave`: on shutdown the rooms' leases are given up and this server leaves the registry.
 */
import type { IncomingMessage } from 'node:http'
import type { BoardSessions } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import { CloseCode } from '../../shared/protocol/close-codes'
import { ClusterSigner } from './cluster-signer'
import { HttpForwarding } from './http-forwarding'
import { RoomLeases, type RedisClient } from './lease'
import { ClusterNotices, type Notice } from './notices'
import { RoomOwnership, type LeaseChange } from './room-ownership'
import { ServerRegistry } from './server-registry'

/** How long a lease lasts without renewal by default: how long a dead server's rooms wait for a new owner. */
export const DEFAULT_LEASE_TTL_MS = 5_000
/** The default prefix of the cluster's Redis keys. */
export const DEFAULT_CLUSTER_PREFIX = 'gatherboard:'

export interface ClusterSettings {
  /** This server's id, unique among the servers (`SERVER_ID`). */
  serverId: string
  /** The secret the servers sign forwarded connections and requests with (`CLUSTER_SECRET`). */
  secret: string
  /** Where the other servers reach this one (`CLUSTER_ADDRESS`); null: the address it listens on. */
  address: string | null
  /** Lease ttl (`LEASE_TTL_MS`); default `DEFAULT_LEASE_TTL_MS`. */
  leaseTtlMs?: number
  /** Prefix of every Redis key and channel (`REDIS_PREFIX`); default `DEFAULT_CLUSTER_PREFIX`. */
  prefix?: string
}

export interface ClusterOptions {
  settings: ClusterSettings
  redis: RedisClient
  logger: Logger
  /** The client's address of a request (the key of per-address limits, http/client-address.ts). */
  clientAddress(request: IncomingMessage): string
  /** Told every change of this server's leases (the metrics). */
  onLeaseChange?(change: LeaseChange): void
}

/** What this server keeps of the boards that the other servers' notices act on. */
export interface ServedHere {
  /** The rooms loaded here and their connections. */
  rooms: BoardSessions
  /** The connections forwarded from here to other servers' rooms. */
  forwarded: BoardSessions
  /** The cache of meetings' archive states (features/archive/archive-store.ts). */
  archive: { forget(boardId: string): void; reread(boardId: string): Promise<void> }
}

export class Cluster {
  readonly signer: ClusterSigner
  readonly leases: RoomLeases
  readonly ownership: RoomOwnership
  readonly http: HttpForwarding
  /** The boards' connections on every server (see above). */
  readonly sessions: BoardSessions
  /** How often a forwarded connection checks that its owner still holds the lease: half a ttl. */
  readonly watchMs: number
  private readonly registry: ServerRegistry
  private readonly notices: ClusterNotices
  private here: ServedHere | null = null

  constructor(private readonly options: ClusterOptions) {
    const { settings, redis, logger } = options
    const ttlMs = settings.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS
    const prefix = settings.prefix ?? DEFAULT_CLUSTER_PREFIX
    const serverId = settings.serverId
    this.signer = new ClusterSigner(settings.secret)
    const leases = (this.leases = new RoomLeases(redis, { serverId, ttlMs, prefix }))
    this.watchMs = Math.max(100, Math.floor(ttlMs / 2))
    this.registry = new ServerRegistry(redis, { serverId, ttlMs, prefix, logger })
    this.ownership = new RoomOwnership({
      leases,
      registry: this.registry,
      serverId,
      ttlMs,
      logger,
      onLost: (boardId) => void this.here?.rooms.closeBoard(boardId, CloseCode.serviceRestart, 'the board moved to another server'),
      ...(options.onLeaseChange ? { onChange: options.onLeaseChange } : {}),
    })
    this.http = new HttpForwarding({ signer: this.signer, leases, registry: this.registry, serverId, logger, clientAddress: options.clientAddress })
    this.notices = ClusterNotices.open(redis, { serverId, prefix, logger, onNotice: (notice) => this.act(notice) })
    this.sessions = {
      closeRole: (boardId, role, code, reason) => {
        const closed = this.closeRoleHere(boardId, role, code, reason)
        void this.notices.publish({ kind: 'close-role', boardId, role, code, reason })
        return closed
      },
      closeBoard: async (boardId, code, reason) => {
        await this.closeBoardHere(boardId, code, reason)
        await this.notices.publish({ kind: 'close-board', boardId, code, reason })
      },
      compactBoard: (boardId) => this.here?.rooms.compactBoard(boardId) ?? Promise.resolve(false),
    }
  }

  /** What the other servers' notices act on here. */
  serve(here: ServedHere): void {
    this.here = here
  }

  /** Enters this server in the registry once it listens at `listeningUrl`. */
  start(listeningUrl: string): void {
    this.registry.start(this.options.settings.address ?? listeningUrl)
  }

  /** A meeting's archive state changed here: the other servers read it again. */
  archiveChanged(boardId: string): void {
    void this.notices.publish({ kind: 'archive-changed', boardId })
  }

  /** Gives up every lease and leaves the registry (shutdown, after the rooms were stored). */
  async leave(): Promise<void> {
    await this.ownership.releaseAll()
    await this.registry.withdraw()
  }

  async close(): Promise<void> {
    this.ownership.stop()
    await this.registry.withdraw()
    await this.notices.close()
  }

  private act(notice: Notice): void {
    switch (notice.kind) {
      case 'close-role':
        this.closeRoleHere(notice.boardId, notice.role, notice.code, notice.reason)
        break
      case 'close-board':
        void this.closeBoardHere(notice.boardId, notice.code, notice.reason).then(() => this.here?.archive.forget(notice.boardId))
        break
      case 'archive-changed':
        this.here?.archive.reread(notice.boardId).catch((error: unknown) => {
          this.options.logger.warn('cluster.archive_reread_failed', { board: notice.boardId, error: describeError(error) })
        })
        break
    }
  }

  private closeRoleHere(boardId: string, role: string, code: number, reason: string): number {
    if (!this.here) return 0
    return this.here.rooms.closeRole(boardId, role, code, reason) + this.here.forwarded.closeRole(boardId, role, code, reason)
  }

  private async closeBoardHere(boardId: string, code: number, reason: string): Promise<void> {
    await Promise.all([this.here?.rooms.closeBoard(boardId, code, reason), this.here?.forwarded.closeBoard(boardId, code, reason)])
  }
}
