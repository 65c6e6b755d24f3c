/**
 * The phone page's sync socket, opened by a tiny script of its own while the page's code is still
 * on its way (client/capture/connect-early.ts), and handed to the board's provider once that code
 * runs. On mobile data the socket's handshake and the board the server sends a device without a
 * copy then arrive alongside the code instead of after it (bench/README.md, "Phones on mobile data").
 *
 * The provider (y-websocket) takes it through its `WebSocketPolyfill` option: `EarlyOrNewSocket`
 * answers the first connection to the same address with the early socket, wrapped so that what
 * the provider expects of a new socket holds: its open handler runs (at once when the socket is
 * already open), then the messages that arrived before it, in order, then the rest as they come.
 * Any other address, a later connection, or an early socket that closed meanwhile gets a new socket.
 */
import { syncSocketUrl } from './sync-socket'

interface EarlySocket {
  url: string
  socket: WebSocket
  /** What arrived before the provider took the socket. */
  held: MessageEvent[]
}

let waiting: EarlySocket | null = null

/** Opens the board's sync socket now, for the provider to take later (once). */
export function openEarlySocket(boardId: string): void {
  const url = syncSocketUrl(boardId)
  const socket = new WebSocket(url)
  socket.binaryType = 'arraybuffer'
  const early: EarlySocket = { url, socket, held: [] }
  socket.onmessage = (event) => early.held.push(event)
  waiting = early
}

/** The early socket for `url` if one is waiting and still usable; it is handed out once. */
function takeEarlySocket(url: string): EarlySocket | null {
  const early = waiting
  if (!early || early.url !== url) return null
  waiting = null
  const usable = early.socket.readyState === WebSocket.CONNECTING || early.socket.readyState === WebSocket.OPEN
  if (!usable) return null
  return early
}

type Handler<E extends Event> = ((event: E) => void) | null

/** The early socket as y-websocket's provider uses a new one (only the members it uses). */
class HandedOverSocket {
  private messageHandler: Handler<MessageEvent> = null
  private replayed = false

  constructor(private readonly early: EarlySocket) {
    early.socket.onmessage = (event) => {
      if (this.replayed) this.messageHandler?.(event)
      else early.held.push(event)
    }
  }

  /** The provider compares `readyState` with the socket's own `OPEN` before it sends. */
  readonly OPEN = WebSocket.OPEN

  get readyState(): number {
    return this.early.socket.readyState
  }

  set binaryType(type: BinaryType) {
    this.early.socket.binaryType = type
  }

  set onmessage(handler: Handler<MessageEvent>) {
    this.messageHandler = handler
  }

  set onerror(handler: Handler<Event>) {
    this.early.socket.onerror = handler
  }

  set onclose(handler: Handler<CloseEvent>) {
    this.early.socket.onclose = handler
  }

  /** The provider sets this last; an early socket may have opened long before. */
  set onopen(handler: Handler<Event>) {
    if (!handler) {
      this.early.socket.onopen = null
      return
    }
    const opened = (event: Event) => {
      handler(event)
      this.replayed = true
      for (const message of this.early.held.splice(0)) this.messageHandler?.(message)
    }
    if (this.early.socket.readyState === WebSocket.OPEN) queueMicrotask(() => opened(new Event('open')))
    else this.early.socket.onopen = opened
  }

  send(data: Uint8Array): void {
    this.early.socket.send(data)
  }

  close(code?: number, reason?: string): void {
    this.early.socket.close(code, reason)
  }
}

/**
 * A WebSocket constructor for y-websocket's provider: the early socket for the address when one is
 * waiting, else a new WebSocket. (A constructor may return another object than `this`; the
 * provider only calls it with `new`.)
 */
export const EarlyOrNewSocket = function EarlyOrNewSocket(url: string, protocols?: string | string[]) {
  const early = takeEarlySocket(url)
  return early ? new HandedOverSocket(early) : new WebSocket(url, protocols)
} as unknown as typeof WebSocket
