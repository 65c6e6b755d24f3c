/**
 * Forwarding a client's sync connection to the room's owner (docs/cluster.md). A server that
 * accepts a connection for a room another live server owns has already authenticated it (the link,
 * the hooks); it opens a WebSocket to the owner that carries the connection's identity and address,
 * signed with the cluster's secret, and from then on passes frames both ways unchanged. The owner
 * joins that socket to the room like any client and applies the whole policy to it with the
 * forwarded identity; the client cannot tell the difference.
 *
 * This server keeps guarding the client's own socket (flood limits, slow reader, heartbeat:
 * sync/connection.ts). When the owner's socket closes, the client's is closed with the same code,
 * or with 1012 when the owner went away without one (it died), so that the client reconnects
 * and lands on whichever server owns the room then. A paused owner does not close anything: the
 * links also watch the lease and close with 1012 once another server holds it (or nobody does).
 */
import type { IncomingMessage } from 'node:http'
import { WebSocket, type RawData } from 'ws'
import { CloseCode } from '../../shared/protocol/close-codes'
import { NO_COPY_PARAM } from '../../shared/protocol/sync-handshake'
import type { BoardSessions, ConnectionIdentity } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import type { ClusterSigner } from '../cluster/cluster-signer'
import { forwardingHeaders, readForwarding } from '../cluster/forwarded-request'
import type { RoomLeases } from '../cluster/lease'
import type { OwnedElsewhereError } from '../cluster/room-ownership'
import type { Connection, FrameReceiver } from './connection'
import type { ConnectionForwarding } from './endpoint'
import { closeConnectionsOfRole } from './rooms'

/** What the owner learns of a forwarded connection. */
export interface ForwardedClient {
  identity: ConnectionIdentity
  /** The client's address as the forwarding server saw it (the key of per-address limits). */
  address: string
}

/** Close codes that say nothing: the owner's socket broke (1006) or closed without a code (1005). */
const NO_CODE = new Set([1005, 1006])
const MOVED = 'the board moved to another server'

export interface SyncForwardingOptions {
  signer: ClusterSigner
  leases: RoomLeases
  logger: Logger
  /** How often the links check that their owner still holds the lease. */
  watchMs: number
  /** The client's address of a request (the key of per-address limits, http/client-address.ts). */
  clientAddress(request: IncomingMessage): string
}

/**
 * The connections forwarded from this server, as sessions: a link renewed or a board deleted
 * closes them here too (the owner closes its side as well; this is for the notices of the cluster).
 */
export class OwnerForwarding implements ConnectionForwarding, BoardSessions {
  /** Per board, the links to its owner. */
  private readonly links = new Map<string, Set<OwnerLink>>()
  private readonly watch: NodeJS.Timeout

  constructor(private readonly options: SyncForwardingOptions) {
    this.watch = setInterval(() => void this.checkOwners(), options.watchMs).unref()
  }

  /** Connects `connection` (authenticated, not joined to any room) to the owner named by `owner`. */
  forward(connection: Connection, owner: OwnedElsewhereError, request: IncomingMessage): void {
    const facts = { boardId: owner.boardId, identity: connection.identity, address: this.options.clientAddress(request) }
    const target = `${owner.address.replace(/^http/, 'ws')}/sync/${encodeURIComponent(owner.boardId)}${connection.holdsNoCopy ? `?${NO_COPY_PARAM}=1` : ''}`
    const upstream = new WebSocket(target, {
      headers: forwardingHeaders(this.options.signer, 'sync', facts),
      perMessageDeflate: false,
      // The owner is one of ours: a board's whole document comes in one frame.
      maxPayload: 0,
    })
    const link = new OwnerLink(connection, upstream, owner.owner)
    let links = this.links.get(owner.boardId)
    if (!links) this.links.set(owner.boardId, (links = new Set()))
    links.add(link)
    const forget = () => {
      links.delete(link)
      if (links.size === 0 && this.links.get(owner.boardId) === links) this.links.delete(owner.boardId)
    }
    upstream.on('error', (error) => {
      this.options.logger.warn('cluster.forward_failed', { board: owner.boardId, owner: owner.owner, conn: connection.id, error: describeError(error) })
    })
    upstream.once('close', (code, reason) => {
      forget()
      connection.close(NO_CODE.has(code) ? CloseCode.serviceRestart : code, NO_CODE.has(code) ? MOVED : reason.toString())
    })
    void connection.closed.then(() => {
      forget()
      link.close()
    })
    connection.relay(link)
    this.options.logger.debug('cluster.forwarded', { board: owner.boardId, owner: owner.owner, conn: connection.id })
  }

  closeRole(boardId: string, role: string, code: number, reason: string): number {
    return closeConnectionsOfRole(this.connectionsOf(boardId), role, code, reason)
  }

  async closeBoard(boardId: string, code: number, reason: string): Promise<void> {
    for (const connection of this.connectionsOf(boardId)) connection.close(code, reason)
  }

  /** Rooms are compacted by their owners. */
  async compactBoard(): Promise<boolean> {
    return false
  }

  stop(): void {
    clearInterval(this.watch)
  }

  /** The client connections forwarded from here for the board. */
  private connectionsOf(boardId: string): Connection[] {
    return [...(this.links.get(boardId) ?? [])].map((link) => link.client)
  }

  /** Closes the links whose owner no longer holds the board's lease (it was paused or is stuck). */
  private async checkOwners(): Promise<void> {
    for (const [boardId, links] of [...this.links]) {
      let holder
      try {
        holder = await this.options.leases.holder(boardId)
      } catch {
        return // Redis is down: nobody can take a room over, the owners keep theirs as long as they can.
      }
      for (const link of links) {
        if (holder?.owner !== link.owner) link.client.close(CloseCode.serviceRestart, MOVED)
      }
    }
  }
}

/**
 * The identity and address of a connection forwarded by another server of the cluster: undefined
 * when it was not forwarded, null when its headers are not the cluster's or not for `boardId`.
 */
export function readForwardedClient(signer: ClusterSigner, request: IncomingMessage, boardId: string): ForwardedClient | null | undefined {
  const facts = readForwarding(signer, 'sync', request)
  if (!facts) return facts
  const { identity, address } = facts as { identity?: Partial<ConnectionIdentity>; address?: unknown }
  if (facts.boardId !== boardId || typeof address !== 'string' || typeof identity?.role !== 'string') return null
  return { identity: identity as ConnectionIdentity, address }
}

/** The frames of one client on their way to the room's owner. */
class OwnerLink implements FrameReceiver {
  /** Frames that came before the owner's socket opened. */
  private pending: Uint8Array[] | null = []

  constructor(
    readonly client: Connection,
    private readonly upstream: WebSocket,
    /** The server the frames go to. */
    readonly owner: string,
  ) {
    upstream.once('open', () => {
      const pending = this.pending ?? []
      this.pending = null
      for (const frame of pending) upstream.send(frame)
    })
    upstream.on('message', (data: RawData) => client.send(data as Buffer))
  }

  receive(_connection: Connection, frame: Uint8Array): void {
    if (this.pending) this.pending.push(frame)
    else if (this.upstream.readyState === WebSocket.OPEN) this.upstream.send(frame)
  }

  close(): void {
    if (this.upstream.readyState === WebSocket.CONNECTING) this.upstream.terminate()
    else this.upstream.close()
  }
}
