/**
 * The sync socket's close codes, for the server that sends them and the clients that act on them.
 * The 44xx codes mirror HTTP 4xx and mean "do not come back with the same request": a standard
 * `WebsocketProvider` should not reconnect after them (ours does not, see `isFinalClose`); every
 * other code makes it reconnect with backoff.
 */
export const CloseCode = {
  /** The server is shutting down; clients reconnect to the next instance. */
  goingAway: 1001,
  /** A frame exceeded `maxPayload`; sent by `ws` itself before the frame is read. */
  messageTooBig: 1009,
  /**
   * The board's room moved to another server (this one lost its lease, or is shutting down and handed
   * it over); clients reconnect at once and land on the new owner (docs/cluster.md).
   */
  serviceRestart: 1012,
  /** The server failed (e.g. storage error); clients reconnect and re-sync. */
  internalError: 1011,
  /** The client sent a frame that does not follow the protocol. */
  malformed: 4400,
  /** The facilitator renewed the link this connection used; it no longer opens the board. */
  linkRenewed: 4401,
  /** No valid link, or a hook refused the connection. */
  forbidden: 4403,
  /** No board with this id exists. */
  unknownBoard: 4404,
  /** The facilitator (or the retention period) deleted the board while this connection was open. */
  boardDeleted: 4410,
  /** The client sent more messages or bytes per second than allowed; it may come back slower. */
  flood: 4429,
} as const

/** Whether a client should stay away after this close: every 44xx code but a flood. */
export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500 && code !== CloseCode.flood
}

/** Whether the board is not there (any more): the client shows that instead of the board. */
export function isGoneClose(code: number): boolean {
  return code === CloseCode.unknownBoard || code === CloseCode.boardDeleted
}

/** Whether the socket was closed because of the link it used (refused, or renewed since). */
export function isLinkClose(code: number): boolean {
  return code === CloseCode.forbidden || code === CloseCode.linkRenewed
}
