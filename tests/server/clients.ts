/**
 * Real y-websocket clients for the server tests, plus a raw socket for sending bad frames.
 */
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { LINK_TOKEN_PARAM } from '../../shared/model/roles'
import { tokenOf } from '../helpers/server'
import { waitFor } from '../helpers/wait'

export interface SyncClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the provider has completed its first sync with the server. */
  synced(): Promise<void>
  destroy(): void
}

/** Query parameters for a board's socket: the facilitator's token when the test created the board. */
function defaultParams(boardId: string): Record<string, string> {
  const token = tokenOf(boardId)
  return token ? { [LINK_TOKEN_PARAM]: token } : {}
}

/**
 * An unmodified `WebsocketProvider`. The BroadcastChannel shortcut is off: in one Node process
 * it would let two providers sync without the server, and the server is what is under test.
 * Without `params` it connects with the facilitator's link of a board made by `createBoard`.
 */
export function connectClient(
  syncUrl: string,
  boardId: string,
  options: { params?: Record<string, string>; doc?: Y.Doc } = {},
): SyncClient {
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(syncUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.params ?? defaultParams(boardId),
  })
  return {
    doc,
    provider,
    synced: async () => {
      await waitFor(() => provider.synced, { message: `provider for ${boardId} to sync` })
    },
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Connects a client and waits for its first sync (`params` as for `connectClient`). */
export async function connectSynced(syncUrl: string, boardId: string, params?: Record<string, string>): Promise<SyncClient> {
  const client = connectClient(syncUrl, boardId, params ? { params } : {})
  await client.synced()
  return client
}

/** Text of `doc.getText('t')`, the shared type the tests write to. */
export function textOf(client: SyncClient): string {
  return client.doc.getText('t').toString()
}

export interface CloseEvent {
  code: number
  reason: string
}

/**
 * A plain `ws` socket to `/sync/:boardId`, for frames no provider would send; with the facilitator's
 * link of a board made by `createBoard` unless `params` says otherwise.
 */
export async function openRawSocket(
  syncUrl: string,
  boardId: string,
  params: Record<string, string> = defaultParams(boardId),
): Promise<{ socket: WebSocket; closed: Promise<CloseEvent> }> {
  const query = new URLSearchParams(params).toString()
  const socket = new WebSocket(`${syncUrl}/${boardId}${query ? `?${query}` : ''}`)
  const closed = new Promise<CloseEvent>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  // A server that drops us mid-send shows up as an error; the close event carries the verdict.
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('close', () => reject(new Error('socket closed before it opened')))
  })
  return { socket, closed }
}
