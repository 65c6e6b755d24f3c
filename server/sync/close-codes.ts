/**
 * WebSocket close codes the server uses. The 44xx codes mirror HTTP 4xx and tell a standard
 * `WebsocketProvider` not to reconnect; every other code makes it reconnect with backoff.
 */
export const CloseCode = {
  /** The server is shutting down; clients reconnect to the next instance. */
  goingAway: 1001,
  /** A frame exceeded `maxPayload`; sent by `ws` itself before the frame is read. */
  messageTooBig: 1009,
  /** The server failed (e.g. storage error); clients reconnect and re-sync. */
  internalError: 1011,
  /** The client sent a frame that does not follow the protocol. */
  malformed: 4400,
  /** A hook refused the connection. */
  forbidden: 4403,
  /** No board with this id exists. */
  unknownBoard: 4404,
  /** The client sent more messages or bytes per second than allowed. */
  flood: 4429,
} as const
