import WebSocket from 'ws'
import type { Transport, TransportEvents } from './transport'

/** A transport on the `ws` library: every received frame is parsed and handed over as a message. */
export class WsTransport implements Transport {
  private readonly socket: WebSocket

  constructor(url: string, events: TransportEvents) {
    this.socket = new WebSocket(url, { perMessageDeflate: false })
    this.socket.on('open', () => events.open())
    this.socket.on('message', (data: Buffer) => events.message(data))
    this.socket.on('error', (error) => events.error(error))
    this.socket.on('close', (code) => events.close(code))
  }

  send(frame: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame)
  }

  close(): void {
    this.socket.close()
  }
}
