import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { LINK_TOKEN_PARAM } from '../../shared/model/roles'
import { waitFor } from '../util/wait'

/** A headless peer of a board: a Y.Doc synced with our server by y-websocket's own provider. */
export interface SyncPeer {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Disconnects and frees the doc. */
  close(): void
}

/**
 * Joins board `boardId` on the server at `origin` with a link token, as a browser does (the token
 * as the `k` query parameter of the socket), and resolves once the first sync has completed.
 */
export async function connectPeer(origin: string, boardId: string, token: string, timeoutMs = 30_000): Promise<SyncPeer> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/sync`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { [LINK_TOKEN_PARAM]: token },
    disableBc: true,
  })
  const close = () => {
    provider.destroy()
    doc.destroy()
  }
  if (!(await waitFor(() => provider.synced, timeoutMs, 10))) {
    close()
    throw new Error(`peer of board ${boardId} did not sync within ${timeoutMs} ms`)
  }
  return { doc, provider, close }
}

/**
 * Resolves once everything this peer wrote has left its socket (y-websocket has no acknowledgement;
 * the server stores an update before it relays it, and a second peer then proves it is there).
 */
export async function whenSent(peer: SyncPeer, timeoutMs = 30_000): Promise<void> {
  const socket = peer.provider.ws as unknown as { bufferedAmount: number } | null
  if (!(await waitFor(() => socket !== null && socket.bufferedAmount === 0, timeoutMs, 10))) {
    throw new Error('peer could not send its updates')
  }
}
