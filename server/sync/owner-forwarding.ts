/**
 * Forwarding clients' sync connections to their room's owner (docs/cluster.md). A server that
 * accepts a connection for a room another live server owns has already authenticated it (the link,
 * the hooks). It keeps one WebSocket to the owner per board, a link (signed with the cluster's
 * secret), and multiplexes its clients of that board over it, each on a channel that opens with
 * the client's identity and address, signed (framing: cluster/link-frames.ts; the owner's side:
 * forwarded-links.ts). The owner applies the whole policy to each channel with its identity; the
 * client cannot tell the difference.
 *
 * The owner sends a room's broadcast once over the link, and this server writes it to each of the
 * link's clients that have joined the room. So this server keeps guarding each client's own socket
 * (flood limits, slow reader, heartbeat: sync/connection.ts), and a slow client is dropped alone.
 * When the owner closes a channel, its client is closed with the same code; when the link breaks
 * (the owner died), every client on it is closed with 1012, so that each reconnects and lands on
 * whichever server owns the room then. A paused owner does not close anything: the links also
 * watch the lease and close with 1012 once another server holds it (or nobody does).
 */
import type { IncomingMessage } from 'node:http'
import { WebSocket, type RawData } from 'ws'
import { CloseCode } from '../../shared/protocol/close-codes'
import type { BoardSessions } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import type { ClusterSigner } from '../cluster/cluster-signer'
import { forwardingHeaders, signFacts } from '../cluster/forwarded-request'
import type { RoomLeases } from '../cluster/lease'
import { channelFrame, closeFrame, LinkFrameKind, readClose, readLinkFrame } from '../cluster/link-frames'
import type { OwnedElsewhereError } from '../cluster/room-ownership'
import type { Connection } from './connection'
import type { ConnectionForwarding } from './endpoint'
import type { ForwardedClient } from './forwarded-links'
import { closeConnectionsOfRole } from './rooms'

/** Close codes that say nothing: the link broke (1006) or closed without a code (1005). */
const NO_CODE = new Set([1005, 1006])
const MOVED = 'the board moved to another server'

export interface SyncForwardingOptions {
  /** This server's id, which the owner learns from the link's signed opening. */
  serverId: string
  signer: ClusterSigner
  leases: RoomLeases
  logger: Logger
  /** How often the links check that their owner still holds the lease. */
  watchMs: number
  /** The client's address of a request (the key of per-address limits, http/client-address.ts). */
  clientAddress(request: IncomingMessage): string
}

/**
 * The links from this server to the owners of the rooms it forwards clients to, and their
 * clients as sessions: a link renewed or a board deleted closes them here too (the owner closes
 * its side as well; this is for the notices of the cluster).
 */
export class OwnerForwarding implements ConnectionForwarding, BoardSessions {
  /** Per board, the links to its owner (one, unless the owner changed and the old link is still closing). */
  private readonly links = new Map<string, OwnerLink[]>()
  private readonly watch: NodeJS.Timeout

  constructor(private readonly options: SyncForwardingOptions) {
    this.watch = setInterval(() => void this.checkOwners(), options.watchMs).unref()
  }

  /** Links open (or opening) now. */
  get size(): number {
    let size = 0
    for (const links of this.links.values()) size += links.length
    return size
  }

  /** Connects `connection` (authenticated, not joined to any room) to the owner named by `owner`, on the board's link. */
  forward(connection: Connection, owner: OwnedElsewhereError, request: IncomingMessage): void {
    const client: ForwardedClient = { identity: connection.identity, address: this.options.clientAddress(request), holdsNoCopy: connection.holdsNoCopy }
    const opening = signFacts(this.options.signer, 'sync', { boardId: owner.boardId, ...client })
    this.linkTo(owner).add(connection, `${opening.encoded} ${opening.signature}`)
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

  /** Stops watching and closes the links that are left (their clients with 1012). */
  stop(): void {
    clearInterval(this.watch)
    for (const links of [...this.links.values()]) for (const link of links) link.fail(MOVED)
  }

  /** The board's link to this owner, opened if there is none. */
  private linkTo(owner: OwnedElsewhereError): OwnerLink {
    const links = this.links.get(owner.boardId) ?? []
    const open = links.find((link) => link.owner === owner.owner && link.address === owner.address && !link.isEnding)
    if (open) return open
    const headers = forwardingHeaders(this.options.signer, 'link', { boardId: owner.boardId, server: this.options.serverId })
    const upstream = new WebSocket(`${owner.address.replace(/^http/, 'ws')}/sync/${encodeURIComponent(owner.boardId)}`, {
      headers,
      perMessageDeflate: false,
      // The owner is one of ours: a board's whole document comes in one frame.
      maxPayload: 0,
    })
    const link = new OwnerLink(upstream, owner.boardId, owner.owner, owner.address, this.options.logger, () => {
      const remaining = (this.links.get(owner.boardId) ?? []).filter((other) => other !== link)
      if (remaining.length > 0) this.links.set(owner.boardId, remaining)
      else this.links.delete(owner.boardId)
    })
    this.links.set(owner.boardId, [...links, link])
    this.options.logger.debug('cluster.link_opening', { board: owner.boardId, owner: owner.owner })
    return link
  }

  /** The client connections forwarded from here for the board. */
  private connectionsOf(boardId: string): Connection[] {
    return (this.links.get(boardId) ?? []).flatMap((link) => link.clients)
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
        if (holder?.owner !== link.owner) link.fail(MOVED)
      }
    }
  }
}

/** A forwarded client on a link: its connection here, and whether the owner has joined it to the room. */
interface LinkChannel {
  readonly client: Connection
  joined: boolean
}

/** The link to a board's owner and the channels of this server's clients on it. */
class OwnerLink {
  private readonly channels = new Map<number, LinkChannel>()
  private nextChannel = 1
  /** Frames that came before the owner's socket opened. */
  private pending: Buffer[] | null = []
  private ending = false

  constructor(
    private readonly upstream: WebSocket,
    private readonly boardId: string,
    /** The server the link goes to, and its address. */
    readonly owner: string,
    readonly address: string,
    private readonly logger: Logger,
    /** Called once, when the link starts to close: it takes no more clients. */
    private readonly onEnd: () => void,
  ) {
    upstream.once('open', () => {
      const pending = this.pending ?? []
      this.pending = null
      for (const frame of pending) upstream.send(frame)
    })
    upstream.on('message', (data: RawData) => this.receive(data as Buffer))
    upstream.on('error', (error) => {
      logger.warn('cluster.forward_failed', { board: boardId, owner, error: describeError(error) })
    })
    upstream.once('close', (code, reason) => {
      this.end()
      // The owner closes each channel before the link; what is left was cut off.
      this.closeClients(NO_CODE.has(code) ? MOVED : reason.toString() || MOVED)
    })
  }

  /** Set once the link closes: new clients go on a new one. */
  get isEnding(): boolean {
    return this.ending
  }

  get clients(): Connection[] {
    return [...this.channels.values()].map((channel) => channel.client)
  }

  /** Opens a channel for `client` with its signed opening, and passes its frames on from now on. */
  add(client: Connection, opening: string): void {
    const id = this.nextChannel++
    this.channels.set(id, { client, joined: false })
    this.send(channelFrame(LinkFrameKind.open, id, Buffer.from(opening)))
    client.relay({ receive: (_connection, frame) => this.send(channelFrame(LinkFrameKind.message, id, frame)) })
    void client.closed.then(() => this.clientClosed(id))
  }

  /** Closes every client with 1012 and the link (the owner is gone or no longer the owner). */
  fail(reason: string): void {
    this.closeClients(reason)
    this.close()
  }

  private closeClients(reason: string): void {
    const channels = [...this.channels.values()]
    this.channels.clear()
    for (const { client } of channels) client.close(CloseCode.serviceRestart, reason)
  }

  private clientClosed(id: number): void {
    // A channel the owner closed is gone already; one that closed here tells the owner.
    if (this.channels.delete(id)) this.send(closeFrame(id, 1000, 'the client left'))
    if (this.channels.size === 0) this.close()
  }

  private close(): void {
    this.end()
    if (this.upstream.readyState === WebSocket.CONNECTING) this.upstream.terminate()
    else this.upstream.close(1000)
  }

  private end(): void {
    if (this.ending) return
    this.ending = true
    this.onEnd()
  }

  private send(frame: Buffer): void {
    if (this.pending) this.pending.push(frame)
    else if (this.upstream.readyState === WebSocket.OPEN) this.upstream.send(frame)
  }

  private receive(data: Buffer): void {
    const frame = readLinkFrame(data)
    if (frame === null) {
      this.logger.warn('cluster.link_malformed', { board: this.boardId, owner: this.owner })
      return
    }
    if (frame.kind === LinkFrameKind.broadcast) {
      for (const channel of this.channels.values()) if (channel.joined) channel.client.sendFramed(frame.payload)
      return
    }
    const channel = this.channels.get(frame.channel)
    if (!channel) return // closed here meanwhile
    switch (frame.kind) {
      case LinkFrameKind.message:
        channel.client.send(frame.payload)
        break
      case LinkFrameKind.joined:
        channel.joined = true
        break
      case LinkFrameKind.close: {
        const close = readClose(frame.payload)
        this.channels.delete(frame.channel)
        if (close && isSendableCloseCode(close.code)) channel.client.close(close.code, close.reason)
        else channel.client.close(CloseCode.serviceRestart, MOVED)
        break
      }
    }
  }
}

/**
 * Whether a WebSocket close frame may carry `code` (RFC 6455 §7.4): not 1005 and 1006 (which say
 * that none came: the channel was cut off), nor a reserved or unassigned one, which ws would
 * refuse to send.
 */
function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)
}
