/**
 * Where a board's sync socket connects: the address y-websocket's provider opens
 * (`<server>/<board>?<params>`), written once for the provider (board-connection.ts) and for the
 * phone page's socket opened before the app has loaded (early-socket.ts).
 */
import { encodeQueryParams } from 'lib0/url'
import { syncParams } from '../session/link-access'
import { LOCAL_KEYS } from '../session/storage-keys'
import { NO_COPY_PARAM } from '../../shared/protocol/sync-handshake'

/** Whether this device keeps a copy of the board from an earlier sync (BoardConnection.dropLocalCopy). */
function hasLocalCopy(boardId: string): boolean {
  return localStorage.getItem(LOCAL_KEYS.boardCopy(boardId)) !== null
}

/** The sync server on this page's host. */
export function syncServerUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${location.host}/sync`
}

/**
 * The socket's query: the link token decides the role on the server (shared/model/roles.ts). A
 * device without a copy says so, and the server sends the board without waiting to be asked: a
 * round trip less on a first visit (shared/protocol/sync-handshake.ts).
 */
export function syncSocketParams(boardId: string): Record<string, string> {
  return hasLocalCopy(boardId) ? syncParams(boardId) : { ...syncParams(boardId), [NO_COPY_PARAM]: '1' }
}

/** The whole address, as y-websocket's provider makes it from the server, the board and the query. */
export function syncSocketUrl(boardId: string): string {
  return `${syncServerUrl()}/${boardId}?${encodeQueryParams(syncSocketParams(boardId))}`
}
