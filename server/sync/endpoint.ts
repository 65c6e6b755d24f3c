/**
 * The WebSocket endpoint `/sync/:boardId`: upgrades HTTP requests, checks the board and the
 * `onAuthenticate` hook, joins the connection to its room, and keeps connections alive.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { isBoardId } from '../../shared/model/board-id'
import {
  DEFAULT_IDENTITY,
  isRefusal,
  type AuthenticateContext,
  type ConnectionIdentity,
  type Refusal,
  type ServerHooks,
} from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import { RepeatedLog } from '../log-repeats'
import type { BoardMetadata, BoardStorage } from '../storage/board-storage'
import { OwnedElsewhereError } from '../cluster/room-ownership'
import type { ForwardedClient } from './forwarded-links'
import { CloseCode } from '../../shared/protocol/close-codes'
import { NO_COPY_PARAM } from '../../shared/protocol/sync-handshake'
import { Connection, WebSocketClient, type ClientSocket, type ConnectionLimits } from './connection'
import { BoardGoneError } from './room-store'
import type { Rooms } from './rooms'

const SYNC_PATH = /^\/sync\/([^/?#]+)(?:[?#]|$)/
/** Dead peers (no pong) are dropped after one to two intervals. */
const HEARTBEAT_MS = 30_000
/** How long shutdown waits for clients to answer the close handshake. */
const SHUTDOWN_GRACE_MS = 2_000

export interface SyncEndpointOptions {
  storage: BoardStorage
  rooms: Rooms
  hooks: ServerHooks
  logger: Logger
  maxPayload: number
  limits: ConnectionLimits
  /**
   * With several servers (cluster/cluster.ts): takes a connection whose room another server owns
   * (the room's load rejected with `OwnedElsewhereError`) to that owner. None: one server.
   */
  forwarding?: ConnectionForwarding | null
}

/** How a connection arrived: from its client, or forwarded by another server of the cluster. */
interface Arrival {
  /** The client said it holds no copy of the board (shared/protocol/sync-handshake.ts). */
  holdsNoCopy: boolean
  /** Decides who the connection is (`onAuthenticate`, or the identity the forwarding server signed). */
  identify(board: BoardMetadata): Promise<ConnectionIdentity | Refusal>
  /** The client's upgrade request; null for a forwarded client, which is never forwarded again. */
  request: IncomingMessage | null
}

/** Passes an authenticated connection on to the server that owns its room. */
export interface ConnectionForwarding {
  forward(connection: Connection, owner: OwnedElsewhereError, request: IncomingMessage): void
}

/** The board id of a `/sync/:boardId` request path, or null for any other path. */
export function syncBoardId(url: string | undefined): string | null {
  const match = SYNC_PATH.exec(url ?? '')
  if (!match) return null
  try {
    return decodeURIComponent(match[1]!)
  } catch {
    return match[1]!
  }
}

export class SyncEndpoint {
  /** Every open connection, joined or not. */
  readonly connections = new Set<Connection>()
  private readonly wss: WebSocketServer
  private readonly heartbeat: NodeJS.Timeout
  /** Connections that could not be set up, one line per board and cause a window (clients retry while the database is down). */
  private readonly setupFailures: RepeatedLog
  private accepting = true

  constructor(private readonly options: SyncEndpointOptions) {
    // No compression: it costs CPU per message and per receiver, and Yjs updates are compact.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload,
      perMessageDeflate: false,
      clientTracking: false,
    })
    this.wss.on('error', (error) => options.logger.error('sync.server_error', { error: describeError(error) }))
    this.setupFailures = new RepeatedLog(options.logger, 'error', 'connection.setup_failed')
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) connection.heartbeat()
    }, HEARTBEAT_MS).unref()
  }

  /** Takes over an HTTP upgrade request for `boardId` (see `syncBoardId`). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, boardId: string): void {
    socket.on('error', (error) => this.options.logger.debug('sync.upgrade_socket_error', { error: describeError(error) }))
    if (!this.accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const { hooks } = this.options
      void this.accept(new WebSocketClient(ws), boardId, {
        holdsNoCopy: queryHas(request, NO_COPY_PARAM),
        identify: (board) => authenticate(hooks, { boardId, board, request }),
        request,
      })
    })
  }

  /**
   * Takes a client another server of the cluster forwarded (its channel on a link,
   * forwarded-links.ts), with the identity that server decided and signed.
   */
  acceptForwarded(socket: ClientSocket, boardId: string, client: ForwardedClient): void {
    if (!this.accepting) {
      socket.close(CloseCode.serviceRestart, 'the server is restarting; the board moves to another one')
      return
    }
    void this.accept(socket, boardId, { holdsNoCopy: client.holdsNoCopy, identify: () => Promise.resolve(client.identity), request: null })
  }

  /** From now on upgrade requests are answered 503 (the server is shutting down). */
  stopAccepting(): void {
    this.accepting = false
  }

  /** Stops accepting, closes every connection with `code` (default 1001) and waits until they are closed. */
  async close(code: number = CloseCode.goingAway): Promise<void> {
    this.accepting = false
    clearInterval(this.heartbeat)
    const closed = [...this.connections].map((connection) => connection.closed)
    for (const connection of this.connections) connection.close(code, 'server shutting down')
    await Promise.race([Promise.all(closed), delay(SHUTDOWN_GRACE_MS)])
    for (const connection of this.connections) connection.terminate()
    await Promise.all(closed)
    this.wss.close()
  }

  private async accept(socket: ClientSocket, boardId: string, arrival: Arrival): Promise<void> {
    const { storage, rooms, logger, limits, forwarding } = this.options
    const connection = new Connection(socket, boardId, {
      limits,
      logger,
      holdsNoCopy: arrival.holdsNoCopy,
      onClose: (closed) => {
        this.connections.delete(closed)
        if (closed.room) rooms.leave(closed.room, closed)
        logger.debug('connection.left', { board: boardId, conn: closed.id })
      },
    })
    this.connections.add(connection)
    try {
      const board = isBoardId(boardId) ? await storage.getBoard(boardId) : null
      if (!board) {
        connection.fail(CloseCode.unknownBoard, 'unknown board')
        return
      }
      const identity = await arrival.identify(board)
      if (isRefusal(identity)) {
        connection.fail(CloseCode.forbidden, identity.refuse)
        return
      }
      if (!connection.isOpen) return
      connection.identity = identity
      if (!(await rooms.join(board, connection))) return
      logger.debug('connection.joined', { board: boardId, conn: connection.id, role: identity.role, forwarded: arrival.request === null })
    } catch (error) {
      if (error instanceof BoardGoneError) {
        connection.fail(CloseCode.unknownBoard, 'unknown board')
        return
      }
      if (error instanceof OwnedElsewhereError) {
        // A forwarded connection is not forwarded again: the room moved on meanwhile, and the client
        // starts over (1012) with whichever server owns it then.
        if (forwarding && arrival.request) forwarding.forward(connection, error, arrival.request)
        else connection.close(CloseCode.serviceRestart, 'the board moved to another server')
        return
      }
      const cause = describeError(error)
      this.setupFailures.log(`${boardId} ${cause}`, { board: boardId, conn: connection.id, error: cause })
      connection.fail(CloseCode.internalError, 'board unavailable')
    }
  }
}

/** Runs `onAuthenticate`; a thrown error counts as a refusal. */
async function authenticate(hooks: ServerHooks, context: AuthenticateContext): Promise<ConnectionIdentity | Refusal> {
  if (!hooks.onAuthenticate) return DEFAULT_IDENTITY
  try {
    return await hooks.onAuthenticate(context)
  } catch (error) {
    return { refuse: error instanceof Error ? error.message : 'refused' }
  }
}

/** Whether the request's address has the query parameter `name`. */
function queryHas(request: IncomingMessage, name: string): boolean {
  try {
    return new URL(request.url ?? '/', 'http://localhost').searchParams.has(name)
  } catch {
    return false
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
