/**
 * One client's connection: guards it (flood limits, malformed frames, slow reader, dead peer)
 * and hands its frames to the room. Whatever a client sends, only its own socket is closed.
 *
 * Under it is the client's own WebSocket (`WebSocketClient`) or, on a room's owner, the client's
 * channel on the link from the server that forwards it (forwarded-links.ts).
 */
import type { Socket } from 'node:net'
import { WebSocket, type RawData } from 'ws'
import { DEFAULT_IDENTITY, type BoardConnection, type ConnectionIdentity } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import { CloseCode } from '../../shared/protocol/close-codes'
import { ProtocolError } from './protocol'
import type { Room } from './room'
import { TokenBucket } from '../limits/token-bucket'

export interface ConnectionLimits {
  /** Sustained messages per second a client may send. */
  messagesPerSecond: number
  /** Messages a client may send in a burst. */
  messageBurst: number
  /** Sustained bytes per second a client may send. */
  bytesPerSecond: number
  /** Bytes a client may send in a burst (at least the largest allowed frame). */
  byteBurst: number
  /** Unsent bytes queued for a client before it is dropped as too slow a reader. */
  maxBufferedBytes: number
}

/**
 * Generous for people: tldraw sends roughly one update and one awareness message per pointer
 * move (~120/s while drawing); a reconnect after offline work sends one large step 2.
 */
export const DEFAULT_LIMITS: ConnectionLimits = {
  messagesPerSecond: 500,
  messageBurst: 2_000,
  bytesPerSecond: 8 * 1024 * 1024,
  byteBurst: 32 * 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
}

/** A peer whose close handshake does not finish in this time is cut off. */
const CLOSE_GRACE_MS = 2_000
/** Close reasons are limited to 123 bytes by the protocol. */
const MAX_REASON_LENGTH = 120

let nextConnectionId = 1

/** What a `ClientSocket` tells its connection. */
export interface ClientSocketEvents {
  message(data: Buffer, isBinary: boolean): void
  pong(): void
  error(error: Error): void
  /** Once, when the socket has closed. */
  close(): void
}

/** What a connection speaks through: the client's WebSocket, or its channel on a server link. */
export interface ClientSocket {
  /** Open: messages can be sent and arrive. */
  readonly isOpen: boolean
  /** Closed for good (not merely closing). */
  readonly isClosed: boolean
  /** Unsent bytes queued for this client alone. */
  readonly bufferedAmount: number
  listen(events: ClientSocketEvents): void
  send(message: Uint8Array): void
  /** Sends a room's broadcast, framed once for all its members (ws-frames.ts). */
  sendFramed(frames: Buffer): void
  close(code: number, reason: string): void
  terminate(): void
  ping(): void
  /** The connection has joined its room (broadcasts are for it from now on). */
  joined(): void
}

/** A client's own WebSocket (ws). */
export class WebSocketClient implements ClientSocket {
  constructor(private readonly socket: WebSocket) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  get isClosed(): boolean {
    return this.socket.readyState === WebSocket.CLOSED
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount
  }

  listen(events: ClientSocketEvents): void {
    // With the default binaryType ws delivers one Buffer per message.
    this.socket.on('message', (data: RawData, isBinary: boolean) => events.message(data as Buffer, isBinary))
    this.socket.on('pong', () => events.pong())
    this.socket.on('error', (error) => events.error(error))
    this.socket.once('close', () => events.close())
  }

  send(message: Uint8Array): void {
    this.socket.send(message)
  }

  /**
   * One write to the TCP socket under ws (its `_socket`, not public API). Safe because ws writes
   * each of its own frames whole and, with compression off, never holds any back, so frames
   * cannot interleave.
   */
  sendFramed(frames: Buffer): void {
    ;(this.socket as unknown as { _socket: Socket })._socket.write(frames)
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason)
  }

  terminate(): void {
    this.socket.terminate()
  }

  ping(): void {
    this.socket.ping()
  }

  joined(): void {}
}

/**
 * Where a connection's frames go: its room, or, on a server that does not own the room, its
 * channel on the link to the owner (owner-forwarding.ts).
 */
export interface FrameReceiver {
  /** Handles one frame; throws `ProtocolError` for a malformed one. */
  receive(connection: Connection, frame: Uint8Array): void
}

export interface ConnectionOptions {
  limits: ConnectionLimits
  logger: Logger
  /** Called once, when the socket has closed. */
  onClose(connection: Connection): void
  /** The client said it holds no copy of the board (shared/protocol/sync-handshake.ts). */
  holdsNoCopy?: boolean
}

export class Connection implements BoardConnection {
  /** A process-unique number for log lines. */
  readonly id = nextConnectionId++
  /** Set by `onAuthenticate` before the connection joins its room. */
  identity: ConnectionIdentity = DEFAULT_IDENTITY
  /** Awareness client ids this connection speaks for; removed from the room when it leaves. */
  readonly awarenessClients = new Set<number>()
  /** Resolves once the socket has closed. */
  readonly closed: Promise<void>
  /** The client said it holds no copy of the board: the room sends it the document unasked. */
  readonly holdsNoCopy: boolean
  private currentRoom: Room | null = null
  private receiver: FrameReceiver | null = null
  /** Frames that arrived before the room was ready (the provider speaks first). */
  private backlog: Uint8Array[] | null = []
  private closing = false
  private answeredPing = true
  private resolveClosed!: () => void
  private readonly messageBudget: TokenBucket
  private readonly byteBudget: TokenBucket

  constructor(
    private readonly socket: ClientSocket,
    readonly boardId: string,
    private readonly options: ConnectionOptions,
  ) {
    const { limits } = options
    this.holdsNoCopy = options.holdsNoCopy ?? false
    this.messageBudget = new TokenBucket(limits.messagesPerSecond, limits.messageBurst)
    this.byteBudget = new TokenBucket(limits.bytesPerSecond, limits.byteBurst)
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve
    })
    socket.listen({ message: this.onMessage, pong: this.onPong, error: this.onError, close: this.onSocketClose })
  }

  /** The device this connection speaks for (Yjs client ids belong to devices). */
  get device(): string {
    return this.identity.device ?? `connection:${this.id}`
  }

  /** The room once joined; null while authenticating or loading. */
  get room(): Room | null {
    return this.currentRoom
  }

  /** False once the connection is closing or closed: nothing more is read from it. */
  get isOpen(): boolean {
    return !this.closing && this.socket.isOpen
  }

  /** Starts handing frames to `room`, beginning with those that arrived while it was loading. */
  attach(room: Room): void {
    this.currentRoom = room
    this.socket.joined()
    this.relay(room)
  }

  /** Starts handing frames to `receiver` (the room, or the link to its owner), beginning with those that arrived before. */
  relay(receiver: FrameReceiver): void {
    this.receiver = receiver
    const backlog = this.backlog ?? []
    this.backlog = null
    for (const frame of backlog) {
      if (this.closing) return
      this.handle(receiver, frame)
    }
  }

  /** Sends a message; drops a client that cannot keep up instead of buffering without limit. */
  send(message: Uint8Array): void {
    if (this.readyToSend()) this.socket.send(message)
  }

  /**
   * Sends messages framed by `binaryFrames` (ws-frames.ts): a room passes the same buffer to each
   * of its members, written as it is to a client's socket (and once to a server link, whatever
   * the number of its clients in the room).
   */
  sendFramed(frames: Buffer): void {
    if (this.readyToSend()) this.socket.sendFramed(frames)
  }

  /** Whether the socket is open and its reader keeps up; closes it when it does not. */
  private readyToSend(): boolean {
    if (!this.socket.isOpen) return false
    if (this.socket.bufferedAmount <= this.options.limits.maxBufferedBytes) return true
    this.options.logger.warn('connection.too_slow', {
      board: this.boardId,
      conn: this.id,
      buffered: this.socket.bufferedAmount,
    })
    this.terminate()
    return false
  }

  /** Closes the connection because of something the client did (or a server failure), with a log line. */
  fail(code: number, reason: string): void {
    if (this.closing) return
    this.options.logger.warn('connection.closed', { board: this.boardId, conn: this.id, code, reason })
    this.close(code, reason)
  }

  /** Closes the connection; a peer that does not answer the close handshake is cut off. */
  close(code: number, reason: string): void {
    if (this.closing) return
    this.closing = true
    this.backlog = null
    if (this.socket.isClosed) return
    this.socket.close(code, reason.slice(0, MAX_REASON_LENGTH))
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref()
  }

  /** Drops the connection without a close handshake. */
  terminate(): void {
    this.closing = true
    this.socket.terminate()
  }

  /** Called by the heartbeat: pings the peer, or cuts it off if it missed the previous ping. */
  heartbeat(): void {
    if (this.closing) return
    if (!this.answeredPing) {
      this.options.logger.info('connection.timed_out', { board: this.boardId, conn: this.id })
      this.terminate()
      return
    }
    this.answeredPing = false
    this.socket.ping()
  }

  private readonly onMessage = (frame: Buffer, isBinary: boolean): void => {
    if (this.closing) return
    if (!this.messageBudget.take(1) || !this.byteBudget.take(frame.length)) {
      this.fail(CloseCode.flood, 'too many messages')
      return
    }
    if (!isBinary) {
      this.fail(CloseCode.malformed, 'text frames are not part of the protocol')
      return
    }
    if (this.receiver === null) {
      // Bounded by the byte budget above.
      this.backlog?.push(frame)
      return
    }
    this.handle(this.receiver, frame)
  }

  private handle(receiver: FrameReceiver, frame: Uint8Array): void {
    try {
      receiver.receive(this, frame)
    } catch (error) {
      if (error instanceof ProtocolError) {
        this.fail(CloseCode.malformed, error.message)
      } else {
        this.options.logger.error('connection.handler_failed', {
          board: this.boardId,
          conn: this.id,
          error: describeError(error),
        })
        this.fail(CloseCode.internalError, 'internal error')
      }
    }
  }

  private readonly onPong = (): void => {
    this.answeredPing = true
  }

  private readonly onError = (error: Error): void => {
    // ws reports protocol violations (e.g. a frame over maxPayload: close 1009) here and then
    // closes the socket itself; the 'close' handler does the rest.
    this.options.logger.warn('connection.error', { board: this.boardId, conn: this.id, error: describeError(error) })
  }

  private readonly onSocketClose = (): void => {
    this.closing = true
    this.backlog = null
    this.options.onClose(this)
    this.resolveClosed()
  }
}
