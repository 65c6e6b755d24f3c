import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { atom, type Atom } from '@tldraw/state'
import { reconnectDelay } from './reconnect'
import { isFinalClose } from '../../shared/protocol/close-codes'
import { LOCAL_KEYS, boardCopyDatabase } from '../session/storage-keys'
import { NO_COPY_PARAM } from '../../shared/protocol/sync-handshake'
import { EarlyOrNewSocket } from './early-socket'
import { syncServerUrl, syncSocketParams } from './sync-socket'

/** What the person sees about the link to the server. */
export type SyncStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; unsent: number }
  | { state: 'offline'; unsent: number }
  | { state: 'closed'; code: number; reason: string }


/**
 * One board's shared document and everything that keeps it alive: the local IndexedDB copy (so a
 * reload while offline still shows the board), the WebSocket link with jittered reconnects, and a
 * status signal with the number of local changes made since the last completed sync.
 */
export class BoardConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly local: IndexeddbPersistence
  readonly status: Atom<SyncStatus> = atom('sync status', { state: 'connecting' })

  private unsent = 0
  private attempt = 0
  private everConnected = false
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined
  private destroyed = false

  constructor(readonly boardId: string) {
    this.local = new IndexeddbPersistence(boardCopyDatabase(boardId), this.doc)
    this.provider = new WebsocketProvider(syncServerUrl(), boardId, this.doc, {
      // Cross-tab BroadcastChannel would let a tab look "synced" while the server never saw the change.
      disableBc: true,
      params: syncSocketParams(boardId),
      // The phone page's first socket was opened before its code arrived (early-socket.ts).
      WebSocketPolyfill: EarlyOrNewSocket,
      // 44xx closes are final (unknown board, refused link), except the flood guard: a person
      // whose phone replayed a burst of queued changes should come back after the backoff.
      shouldReconnect: (event) => !isFinalClose(event.code),
    })
    this.provider.on('status', this.onProviderStatus)
    this.provider.on('sync', this.onProviderSync)
    this.provider.on('connection-close', this.onConnectionClose)
    this.provider.on('closed', this.onTerminalClose)
    this.doc.on('update', this.onDocUpdate)
    addEventListener('offline', this.onBrowserOffline)
    addEventListener('online', this.onBrowserOnline)
    // A page opened without a network (reloaded in a park) hears no 'offline' event, and the
    // provider reports no disconnect for a socket that never opened: without this it would say
    // "Connecting…" until the network returns, instead of that the changes are kept here.
    if (!navigator.onLine) this.setStatus(this.disconnectedStatus())
  }

  /** Resolves once the IndexedDB copy has been read into the doc. */
  whenLocalLoaded(): Promise<unknown> {
    return this.local.whenSynced
  }

  /** Resolves when the first sync with the server has completed, or after `timeoutMs` (offline start). */
  whenServerSyncedOrTimeout(timeoutMs: number): Promise<boolean> {
    if (this.provider.synced) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.provider.off('sync', onSync)
        resolve(false)
      }, timeoutMs)
      const onSync = (synced: boolean) => {
        if (!synced) return
        clearTimeout(timer)
        this.provider.off('sync', onSync)
        resolve(true)
      }
      this.provider.on('sync', onSync)
    })
  }

  /** Drops this device's copy of the board (IndexedDB); the next connection starts from the server's. */
  async dropLocalCopy(): Promise<void> {
    localStorage.removeItem(LOCAL_KEYS.boardCopy(this.boardId))
    await this.local.clearData()
  }

  destroy(): void {
    this.destroyed = true
    clearTimeout(this.reconnectTimer)
    removeEventListener('offline', this.onBrowserOffline)
    removeEventListener('online', this.onBrowserOnline)
    this.doc.off('update', this.onDocUpdate)
    this.provider.destroy()
    void this.local.destroy()
    this.doc.destroy()
  }

  private setStatus(status: SyncStatus) {
    this.status.set(status)
  }

  private disconnectedStatus(): SyncStatus {
    return navigator.onLine
      ? { state: 'reconnecting', unsent: this.unsent }
      : { state: 'offline', unsent: this.unsent }
  }

  private readonly onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    // Changes from the server or from IndexedDB are not ours to send.
    if (origin === this.provider || origin === this.local) return
    if (this.provider.synced) return
    this.unsent++
    const current = this.status.get()
    if (current.state === 'reconnecting' || current.state === 'offline') this.setStatus(this.disconnectedStatus())
  }

  private readonly onProviderStatus = ({ status }: { status: string }) => {
    if (status === 'connected') this.everConnected = true
    if (status === 'disconnected') this.setStatus(this.disconnectedStatus())
    if (status === 'connecting' && !this.everConnected) this.setStatus({ state: 'connecting' })
  }

  private readonly onProviderSync = (synced: boolean) => {
    if (!synced) return
    // What the server sent is in the local copy now (or will be in a moment: it is only a hint).
    localStorage.setItem(LOCAL_KEYS.boardCopy(this.boardId), '1')
    delete this.provider.params[NO_COPY_PARAM]
    // Our sync step 2 answer carrying every offline change goes out before the server's step 2
    // reaches us, so at this point nothing local is still waiting.
    this.unsent = 0
    this.attempt = 0
    this.setStatus({ state: 'connected' })
  }

  /**
   * The provider's own backoff has no jitter; take reconnects over: make its pending retry a no-op
   * (it only connects while `shouldConnect` is set) and connect again after our jittered delay.
   * This runs inside the provider's close handling, so it must not call `disconnect()` (re-entry).
   */
  private readonly onConnectionClose = (event: CloseEvent | null) => {
    if (this.destroyed || (event && isFinalClose(event.code))) return
    this.provider.shouldConnect = false
    this.scheduleReconnect()
  }

  private readonly onTerminalClose = ({ code, reason }: { code: number; reason: string }) => {
    clearTimeout(this.reconnectTimer)
    this.setStatus({ state: 'closed', code, reason })
  }

  private scheduleReconnect() {
    clearTimeout(this.reconnectTimer)
    if (!navigator.onLine) return // 'online' will bring us back
    this.reconnectTimer = setTimeout(() => this.provider.connect(), reconnectDelay(this.attempt++))
  }

  private readonly onBrowserOffline = () => {
    clearTimeout(this.reconnectTimer)
    this.provider.disconnect()
    this.setStatus(this.disconnectedStatus())
  }

  private readonly onBrowserOnline = () => {
    if (this.status.get().state === 'closed') return
    clearTimeout(this.reconnectTimer)
    this.attempt = 0
    this.provider.connect()
  }
}
