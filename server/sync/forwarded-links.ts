/**
 * The owner's side of server links (docs/cluster.md, "Forwarding a connection"). A server that
 * forwards clients of a board this server owns opens one WebSocket here for the board, signed with
 * the cluster's secret (kind `link`), and multiplexes its clients over it (framing:
 * cluster/link-frames.ts). Each client's channel opens with its own signed identity and becomes a
 * `Connection` of its own (a `ChannelSocket` under it), which joins the room like any client: the
 * whole policy (role, client-id binding, quotas) applies to it with that identity, and what the
 * room says to it alone (sync answers, refusals, its close) goes on its channel.
 *
 * A room's broadcast reaches the link once, however many of its members the link carries: the room
 * hands every member the same framed buffer (ws-frames.ts), and a link sends each buffer once. The
 * forwarding server writes it to each of its joined clients. So the slow-reader guard of a client
 * is on that server, on the client's own socket; here the link has one guard of its own: a
 * forwarding server that does not read what it is sent loses the link (its clients reconnect).
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer, type RawData } from 'ws'
import { CloseCode } from '../../shared/protocol/close-codes'
import type { ClusterSigner } from '../cluster/cluster-signer'
import { readForwarding, readSignedFacts } from '../cluster/forwarded-request'
import { broadcastFrame, channelFrame, closeFrame, LinkFrameKind, readClose, readLinkFrame } from '../cluster/link-frames'
import type { ConnectionIdentity } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import type { ClientSocket, ClientSocketEvents } from './connection'

/** What the owner learns of a forwarded client when its channel opens. */
export interface ForwardedClient {
  identity: ConnectionIdentity
  /** The client's address as the forwarding server saw it (the key of per-address limits). */
  address: string
  /** The client said it holds no copy of the board (shared/protocol/sync-handshake.ts). */
  holdsNoCopy: boolean
}

/** The close code a channel's `close` frame carries when its connection was cut off without one. */
const NO_CLOSE_CODE = 1006
/** Dead forwarding servers (no pong) are dropped after one to two intervals. */
const HEARTBEAT_MS = 30_000
/** The bytes of a channel frame before the client's message (cluster/link-frames.ts). */
const FRAME_OVERHEAD = 5

export interface ForwardedLinksOptions {
  signer: ClusterSigner
  logger: Logger
  /** The largest message a client may send (the links' frames carry one each). */
  maxPayload: number
  /** Unsent bytes queued on a link before its forwarding server counts as too slow a reader. */
  maxBufferedBytes: number
  /** Joins a forwarded client's connection to the board's room (`SyncEndpoint.acceptForwarded`). */
  accept(socket: ClientSocket, boardId: string, client: ForwardedClient): void
}

/**
 * The server that opens a link, for `boardId`: undefined when `request` is no link, null when its
 * headers are not the cluster's or not for this board.
 */
export function readLinkOpening(signer: ClusterSigner, request: IncomingMessage, boardId: string): { server: string } | null | undefined {
  const facts = readForwarding(signer, 'link', request)
  if (!facts) return facts
  return facts.boardId === boardId && typeof facts.server === 'string' ? { server: facts.server } : null
}

/** The links into this server from the servers that forward clients to its rooms. */
export class ForwardedLinks {
  private readonly wss: WebSocketServer
  private readonly links = new Set<InboundLink>()
  private readonly heartbeat: NodeJS.Timeout
  private accepting = true

  constructor(private readonly options: ForwardedLinksOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload + FRAME_OVERHEAD, perMessageDeflate: false, clientTracking: false })
    this.wss.on('error', (error) => options.logger.error('cluster.link_server_error', { error: describeError(error) }))
    this.heartbeat = setInterval(() => {
      for (const link of this.links) link.heartbeat()
    }, HEARTBEAT_MS).unref()
  }

  /** Links open now. */
  get size(): number {
    return this.links.size
  }

  /** Takes over the upgrade request of a link (`readLinkOpening`) from server `from` for `boardId`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, boardId: string, from: string): void {
    if (!this.accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const link = new InboundLink(ws, boardId, from, this.options)
      this.links.add(link)
      ws.once('close', () => this.links.delete(link))
      this.options.logger.debug('cluster.link_opened', { board: boardId, from })
    })
  }

  /** From now on new links are refused (the server is shutting down). */
  stopAccepting(): void {
    this.accepting = false
  }

  /** Closes every link (its channels have been closed by then: the endpoint closes all connections). */
  close(): void {
    this.accepting = false
    clearInterval(this.heartbeat)
    for (const link of this.links) link.close()
    this.wss.close()
  }
}

/** One forwarding server's link for one board, and its clients' channels. */
class InboundLink {
  private readonly channels = new Map<number, ChannelSocket>()
  /** The last broadcast sent: each is sent once, not once per member of the room on this link. */
  private lastBroadcast: Buffer | null = null
  private answeredPing = true

  constructor(
    private readonly ws: WebSocket,
    private readonly boardId: string,
    private readonly from: string,
    private readonly options: ForwardedLinksOptions,
  ) {
    ws.on('message', (data: RawData) => this.receive(data as Buffer))
    ws.on('pong', () => {
      this.answeredPing = true
    })
    ws.on('error', (error) => options.logger.warn('cluster.link_error', { board: boardId, from, error: describeError(error) }))
    ws.once('close', () => {
      for (const channel of [...this.channels.values()]) channel.ended()
    })
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  /** Sends one link frame; drops the link when its forwarding server does not keep up reading. */
  send(frame: Buffer): void {
    if (!this.isOpen) return
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.options.logger.warn('cluster.link_too_slow', { board: this.boardId, from: this.from, buffered: this.ws.bufferedAmount })
      this.ws.terminate()
      return
    }
    this.ws.send(frame)
  }

  /** Sends a room's broadcast, once per buffer (see `lastBroadcast`). */
  broadcast(frames: Buffer): void {
    if (frames === this.lastBroadcast) return
    this.lastBroadcast = frames
    this.send(broadcastFrame(frames))
  }

  forget(channel: number): void {
    this.channels.delete(channel)
  }

  heartbeat(): void {
    if (!this.answeredPing) {
      this.options.logger.info('cluster.link_timed_out', { board: this.boardId, from: this.from })
      this.ws.terminate()
      return
    }
    this.answeredPing = false
    if (this.isOpen) this.ws.ping()
  }

  close(): void {
    this.ws.close(CloseCode.serviceRestart, 'the server is restarting')
  }

  private receive(data: Buffer): void {
    const frame = readLinkFrame(data)
    if (frame === null || frame.kind === LinkFrameKind.broadcast || frame.kind === LinkFrameKind.joined) {
      this.options.logger.warn('cluster.link_malformed', { board: this.boardId, from: this.from })
      return
    }
    switch (frame.kind) {
      case LinkFrameKind.open:
        this.open(frame.channel, frame.payload)
        break
      case LinkFrameKind.message:
        this.channels.get(frame.channel)?.deliver(frame.payload)
        break
      case LinkFrameKind.close:
        // The client left (or its socket was closed on the forwarding server): nothing goes back.
        if (readClose(frame.payload)) this.channels.get(frame.channel)?.ended()
        break
    }
  }

  /** Opens a channel for a client whose identity the forwarding server signed; refuses one without a valid signature. */
  private open(channel: number, payload: Buffer): void {
    if (this.channels.has(channel)) return
    const client = forwardedClient(this.options.signer, payload.toString('utf8'), this.boardId)
    if (!client) {
      this.options.logger.warn('cluster.forward_refused', { board: this.boardId, from: this.from })
      this.send(closeFrame(channel, CloseCode.forbidden, 'forwarded without the cluster signature'))
      return
    }
    const socket = new ChannelSocket(this, channel)
    this.channels.set(channel, socket)
    this.options.accept(socket, this.boardId, client)
  }
}

/** The identity in a channel's `open` payload ("<facts> <signature>"), if signed and for `boardId`. */
function forwardedClient(signer: ClusterSigner, opening: string, boardId: string): ForwardedClient | null {
  const [encoded, signature, ...rest] = opening.split(' ')
  if (!encoded || !signature || rest.length > 0) return null
  const facts = readSignedFacts(signer, 'sync', { encoded, signature })
  if (!facts) return null
  const { identity, address, holdsNoCopy } = facts as { identity?: Partial<ConnectionIdentity>; address?: unknown; holdsNoCopy?: unknown }
  if (facts.boardId !== boardId || typeof address !== 'string' || typeof identity?.role !== 'string') return null
  return { identity: identity as ConnectionIdentity, address, holdsNoCopy: holdsNoCopy === true }
}

/** A forwarded client's channel on a link, as the socket of its `Connection` here. */
class ChannelSocket implements ClientSocket {
  private events: ClientSocketEvents | null = null
  private closed = false

  constructor(
    private readonly link: InboundLink,
    private readonly channel: number,
  ) {}

  get isOpen(): boolean {
    return !this.closed && this.link.isOpen
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Nothing of its own: the link's buffer is the link's to guard (see `InboundLink.send`). */
  get bufferedAmount(): number {
    return 0
  }

  listen(events: ClientSocketEvents): void {
    this.events = events
  }

  send(message: Uint8Array): void {
    this.link.send(channelFrame(LinkFrameKind.message, this.channel, message))
  }

  sendFramed(frames: Buffer): void {
    this.link.broadcast(frames)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.link.send(closeFrame(this.channel, code, reason))
    this.ended()
  }

  terminate(): void {
    this.close(NO_CLOSE_CODE, '')
  }

  /** The link is watched as a whole (`InboundLink.heartbeat`): a channel answers for itself. */
  ping(): void {
    this.events?.pong()
  }

  joined(): void {
    this.link.send(channelFrame(LinkFrameKind.joined, this.channel))
  }

  /** A client message arrived on the channel. */
  deliver(message: Buffer): void {
    if (!this.closed) this.events?.message(message, true)
  }

  /** The channel is over (closed here, by the forwarding server, or with the link). */
  ended(): void {
    if (this.closed) return
    this.closed = true
    this.link.forget(this.channel)
    // After the caller's work, as a WebSocket's close event comes: rooms iterate their members while closing them.
    queueMicrotask(() => this.events?.close())
  }
}
