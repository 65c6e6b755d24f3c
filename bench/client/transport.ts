/** What a transport reports to the client that owns it. */
export interface TransportEvents {
  /** The WebSocket handshake completed; frames may be sent. */
  open(): void
  /** One complete binary message from the server (only while the transport delivers messages). */
  message(data: Buffer): void
  /** The connection failed (a close follows when it had been open). */
  error(error: Error): void
  /** The connection ended; `code` is the close code (1006 when the socket ended without one). */
  close(code: number): void
}

/**
 * A client's WebSocket connection as the benchmark clients use it: send binary
 * frames, close, and hear about messages and closes through `TransportEvents`.
 */
export interface Transport {
  /** Sends one binary message if the connection is open; dropped otherwise, as ws does for a closed socket. */
  send(frame: Uint8Array): void
  /** Starts the closing handshake; later closes are expected. */
  close(): void
}
