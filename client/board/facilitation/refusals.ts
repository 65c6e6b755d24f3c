/**
 * What happens on this device when the server refuses one of its changes (a section locked a
 * moment before, a voting round just closed…).
 *
 * The server does not apply a refused update, so this device's copy now holds a change nobody else
 * has, and Yjs would keep every later change of this session waiting behind it. So after telling
 * the person why, the page drops its local copy and loads the board again from the server: only the
 * refused change (and anything typed in the same instant) is lost. A second refusal soon after does
 * not reload again (a loop helps nobody); the message then stays.
 */
import * as decoding from 'lib0/decoding'
import type { WebsocketProvider } from 'y-websocket'
import type { BoardConnection } from '../../sync/board-connection'

/** y-websocket message type of the auth sub-protocol, and its "permission denied" kind. */
const MESSAGE_AUTH = 2
const PERMISSION_DENIED = 0
/** No second reload within this time. */
const RELOAD_GUARD_MS = 60_000
const reloadedKey = (boardId: string) => `gatherboard.reloadedAfterRefusal.${boardId}`

type AuthHandler = WebsocketProvider['messageHandlers'][number]

/** Calls `onRefused` with the server's reason for every refused update; returns the undo. */
export function watchRefusals(provider: WebsocketProvider, onRefused: (reason: string) => void): () => void {
  const previous = provider.messageHandlers[MESSAGE_AUTH]
  const handler: AuthHandler = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === PERMISSION_DENIED) onRefused(decoding.readVarString(decoder))
  }
  provider.messageHandlers[MESSAGE_AUTH] = handler
  return () => {
    if (provider.messageHandlers[MESSAGE_AUTH] === handler && previous) provider.messageHandlers[MESSAGE_AUTH] = previous
  }
}

/** Whether this page may reload the board from the server now (not done in the last minute). */
export function mayReloadAfterRefusal(boardId: string): boolean {
  const last = Number(sessionStorage.getItem(reloadedKey(boardId)) ?? 0)
  return Date.now() - last > RELOAD_GUARD_MS
}

/** Drops this device's copy of the board and loads it again from the server. */
export async function reloadFromServer(connection: BoardConnection): Promise<void> {
  sessionStorage.setItem(reloadedKey(connection.boardId), String(Date.now()))
  await connection.local.clearData()
  location.reload()
}
