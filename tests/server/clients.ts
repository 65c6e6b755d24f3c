/**
 * Real y-websocket clients for the server tests, plus a raw socket for sending bad frames.
 */
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { RecordLog } from '../../shared/model/record-log'
import { LINK_TOKEN_PARAM, VOTER_KEY_PARAM } from '../../shared/model/roles'
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
  const params = options.params ?? defaultParams(boardId)
  const provider = new WebsocketProvider(syncUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    // Each client is a device of its own, as every browser is (its Yjs client ids are bound to it).
    params: { [VOTER_KEY_PARAM]: randomVoterKey(), ...params },
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

function randomVoterKey(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url')
}

const TEXT_RECORD = 'text:t'

/**
 * Puts `text` in front of the text record, through the record log as a participant's client
 * writes content (participants may not write types outside the board's model, like `getText`).
 */
export function insertText(client: SyncClient, text: string): void {
  const log = new RecordLog(client.doc)
  log.put([{ id: TEXT_RECORD, value: text + recordTextOf(client) } as { id: string }])
  log.dispose()
}

/** What `insertText` wrote. */
export function recordTextOf(client: SyncClient): string {
  const log = new RecordLog(client.doc)
  const value = (log.get(TEXT_RECORD) as { value?: string } | undefined)?.value ?? ''
  log.dispose()
  return value
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

/** The HTTP status the server answers a WebSocket upgrade with (101 when it opens). */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.once('open', () => {
      socket.close()
      resolve(101)
    })
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0)
      socket.terminate()
    })
    socket.once('error', reject)
  })
}
