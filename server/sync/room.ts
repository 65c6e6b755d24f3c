/**
 * A room: one board's live Y.Doc, the connections editing it and their awareness.
 *
 * Fan-out: document updates and awareness changes are queued as they arrive and handled once
 * per event-loop turn, together with every other room's (see turns.ts). The queued updates are
 * applied to the doc in one transaction, each inside its own try, so a corrupt update costs only
 * its sender its connection. Yjs encodes what that transaction really changed as one update; it
 * is appended to storage in the turn's write, and only once that is stored is it encoded as a
 * frame that every connection (senders included) receives as the same buffer. Changes server code
 * makes to the doc between turns go the same way, in the next turn. While a write is being stored
 * the room answers no sync request (they wait for the write): so anything a client has seen is
 * already durable, and storage, the room doc and the clients never disagree.
 *
 * Awareness is collapsed the same way: one frame with each client's latest state, at most every
 * `AWARENESS_INTERVAL_MS`, since cursors need no more. Once due it goes with the next turn that
 * sends a document update (one network write per client for both); alone, a timer sends it. While
 * updates are flowing that timer waits `AWARENESS_RIDE_WAIT_MS` longer, so that the awareness
 * rides on the next update instead of costing every member a write of its own. In a meeting where
 * everyone drags things, every client then receives about 30 awareness messages a second instead
 * of one with nearly every update, each of which its provider decodes and its board re-renders
 * presence for (W1 at 100 clients: 135 messages a second per client instead of 264).
 */
import * as Y from 'yjs'
import { refusalReason, type RefusalCode } from '../../shared/model/refusals'
import type { RoomView, ServerHooks, StoreDocumentContext } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import type { ServerMetrics } from '../metrics/server-metrics'
import { StaleFenceError, type BoardMetadata, type BoardWrite, type BoardWriteResult } from '../storage/board-storage'
import { RoomAwareness } from './awareness'
import { ClientIds } from './client-ids'
import { CloseCode } from '../../shared/protocol/close-codes'
import type { Connection } from './connection'
import { isUnreadable, readIncomingUpdate } from './incoming-update'
import {
  ProtocolError,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  readClientMessage,
} from './protocol'
import type { RoomStore } from './room-store'
import { TokenBucket } from '../limits/token-bucket'
import type { TurnParticipant, Turns } from './turns'
import { binaryFrames } from './ws-frames'

/** A room's awareness broadcasts are at most this often (about 30 per second). */
export const AWARENESS_INTERVAL_MS = 33
/** How much longer due awareness waits for a document update to go with, while updates are flowing. */
export const AWARENESS_RIDE_WAIT_MS = 16
/** `onPresence` sees a client id's state at most this often (its latest one). */
export const PRESENCE_HOOK_INTERVAL_MS = 1_000

const utf8 = new TextDecoder()
/** A state vector of no clients (their count, 0): what the step 1 of a client without a copy carries. */
const EMPTY_STATE_VECTOR = Uint8Array.of(0)

/** A connection's sync step 1 that waits until the room's doc is all stored. */
interface WaitingSyncRequest {
  connection: Connection
  stateVector: Uint8Array
}

/** When `onPresence` last saw a client id's state, and who published one since (null: nobody). */
interface PresenceRead {
  at: number
  pending: Connection | null
}

export interface RoomOptions {
  board: BoardMetadata
  store: RoomStore
  hooks: ServerHooks
  logger: Logger
  /** The server's turn scheduler, shared by all rooms. */
  turns: Turns
  /** Where the room counts the updates it applied and refused; default: nowhere. */
  counters?: RoomCounters
}

/** What a room counts for the server's metrics. */
export type RoomCounters = Pick<ServerMetrics, 'updatesApplied' | 'updateRefused'>

export class Room implements RoomView, TurnParticipant {
  readonly boardId: string
  readonly board: BoardMetadata
  /** The live document. Changes made to it from server code are stored and broadcast too. */
  readonly doc: Y.Doc
  private readonly members = new Set<Connection>()
  private readonly awareness = new RoomAwareness()
  /** Which device each Yjs client id belongs to. */
  readonly clientIds: ClientIds
  /** Each quota-bound device's budget of update bytes (see `WriteQuotas`). */
  private readonly writeBudgets = new Map<string, TokenBucket>()
  /** Per awareness client id, for throttling `onPresence`. */
  private readonly presenceReads = new Map<number, PresenceRead>()
  /** Set while states wait for `onPresence` to be due again. */
  private presenceTimer: NodeJS.Timeout | null = null
  /** Connections asked this turn to send what they skipped (one sync step 1 each). */
  private readonly resyncAsked = new Set<Connection>()
  private readonly store: RoomStore
  private readonly hooks: ServerHooks
  private readonly logger: Logger
  private readonly turns: Turns
  private readonly counters: RoomCounters | null
  // Updates received this turn and who sent each (parallel arrays: no object per update).
  private queuedUpdates: Uint8Array[] = []
  private queuedSenders: Connection[] = []
  /**
   * Sync step 2 for a client with an empty document (every fresh page load): computed once and
   * shared by everyone joining until the document changes, so a join storm costs one encode.
   */
  private fullStateFrame: Uint8Array | null = null
  /** Updates the doc committed that no write has taken yet. */
  private unstored: Uint8Array[] = []
  /**
   * The updates server code made (not a client's, applied by the room): nobody else holds them,
   * so a turn that fails to store them queues them again (clients send theirs again themselves).
   */
  private readonly ownUpdates = new WeakSet<Uint8Array>()
  /** The updates of the write being stored, sent once it is (with the awareness frame). */
  private storing: Uint8Array[] = []
  /** The write being stored, for the store's bookkeeping once it is. */
  private pendingWrite: BoardWrite | null = null
  /** Sync requests that arrived while the doc held updates not yet stored. */
  private waitingSyncRequests: WaitingSyncRequest[] = []
  /** The doc's state vector when a connection was sent the document unasked, until its step 1. */
  private readonly sentUnasked = new WeakMap<Connection, Uint8Array>()
  /** Set while `applyTurn` runs: what it binds goes into its own write. */
  private applying = false
  /** `performance.now()` of the last awareness broadcast. */
  private awarenessSentAt = -Infinity
  /** `performance.now()` of the last broadcast of a document update. */
  private updateSentAt = -Infinity
  /** Set while awareness changes wait for `AWARENESS_INTERVAL_MS` to pass. */
  private awarenessTimer: NodeJS.Timeout | null = null
  private compactionScheduled = false
  private destroyed = false
  /** Set when Yjs failed on this doc; a broken doc is never stored. */
  private broken = false
  /** Set when an update could not be stored: the doc may hold changes storage lacks. */
  private storageFailed = false

  /** Loads the board's stored document into a new room. */
  static async open(options: RoomOptions): Promise<Room> {
    const doc = new Y.Doc()
    try {
      return new Room(options, doc, await options.store.load(doc))
    } catch (error) {
      doc.destroy()
      options.store.close()
      throw error
    }
  }

  private constructor(options: RoomOptions, doc: Y.Doc, owners: Map<number, string>) {
    this.board = options.board
    this.boardId = options.board.id
    this.store = options.store
    this.hooks = options.hooks
    this.logger = options.logger
    this.turns = options.turns
    this.counters = options.counters ?? null
    this.doc = doc
    this.clientIds = new ClientIds(owners, (clientId, device) => {
      this.store.bind(clientId, device)
      // Outside a turn (presence, the server's own id): the next turn stores it.
      if (!this.applying) this.turns.schedule(this)
    })
    this.clientIds.adopt(this.doc)
    // Registered after loading: stored content must not be appended again.
    this.doc.on('update', this.commit)
  }

  /**
   * Whether a connection arriving after everyone left may use this room as it is. Not after Yjs
   * or storage failed on it: the doc may then hold changes that storage lacks, and a client that
   * synced against it would never send them again; a fresh load from storage makes it send them.
   */
  get reusable(): boolean {
    return !this.broken && !this.storageFailed
  }

  /** The connections in this room (read-only view for hooks and stats). */
  get connections(): ReadonlySet<Connection> {
    return this.members
  }

  /**
   * Adds a connection and starts the sync handshake with it. A client that holds no copy gets the
   * whole document at once (shared/protocol/sync-handshake.ts), if all of it is stored: otherwise
   * its step 1 waits for the write as anyone's does.
   */
  join(connection: Connection): void {
    this.members.add(connection)
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    if (connection.holdsNoCopy && this.allStored) {
      connection.send(this.syncStep2For(EMPTY_STATE_VECTOR))
      this.sentUnasked.set(connection, Y.encodeStateVector(this.doc))
    }
    const present = this.awareness.encodePresent()
    if (present) connection.send(present)
  }

  /** Removes a connection and announces that its awareness states are gone. */
  leave(connection: Connection): void {
    // A discarded room's connections close after it: nothing of them is recorded any more.
    if (!this.members.delete(connection) || this.destroyed) return
    // A state published since the last read still counts (a profile changed just before leaving).
    for (const clientId of connection.awarenessClients) {
      if (this.presenceReads.get(clientId)?.pending) this.readPresence(connection, clientId, Date.now())
      this.presenceReads.delete(clientId)
    }
    if (this.awareness.remove(connection.awarenessClients, Date.now())) this.turns.schedule(this)
  }

  /** Handles one frame from a member. Throws `ProtocolError` for malformed frames. */
  receive(connection: Connection, frame: Uint8Array): void {
    const message = readClientMessage(frame)
    switch (message.type) {
      case 'sync-step1': {
        const stateVector = this.stateVectorToAnswer(connection, message.stateVector)
        if (this.allStored) {
          connection.send(this.syncStep2For(stateVector))
        } else {
          checkStateVector(stateVector)
          this.waitingSyncRequests.push({ connection, stateVector })
        }
        break
      }
      case 'update':
        this.queueUpdate(connection, message.update)
        break
      case 'awareness': {
        const now = Date.now()
        const result = this.awareness.apply(message.update, connection.awarenessClients, now, (clientId) =>
          this.clientIds.claim(clientId, connection.device),
        )
        if (result.refused) this.refuse(connection, result.refused, 'awareness')
        if (result.changed) this.turns.schedule(this)
        for (const clientId of result.published) this.presencePublished(connection, clientId, now)
        break
      }
      case 'query-awareness': {
        const present = this.awareness.encodePresent()
        if (present) connection.send(present)
        break
      }
      case 'auth':
        break
    }
  }

  /** Periodic housekeeping: expires silent awareness states, compacts idle logs, forgets departed presence. */
  maintain(now: number): void {
    for (const [clientId, read] of this.presenceReads) {
      if (!read.pending && now - read.at >= PRESENCE_HOOK_INTERVAL_MS && this.awareness.stateOf(clientId) === null) {
        this.presenceReads.delete(clientId)
      }
    }
    if (this.awareness.expire(now)) this.turns.schedule(this)
    if (this.store.idleCompactionDue(now)) this.scheduleCompaction('idle')
  }

  /** Applies the queued updates; returns what the room has to store now (their update, and what server code changed). */
  applyTurn(): BoardWrite | null {
    if (this.destroyed) return null
    this.applying = true
    try {
      if (this.queuedUpdates.length > 0) this.applyQueuedUpdates()
    } catch (error) {
      // Only Yjs itself failing gets here (bad updates are caught one by one). The doc's state
      // is unknown now, so it is never stored compacted: the room unloads, and its
      // clients reconnect and re-sync against a fresh load of the stored log.
      this.broken = true
      this.unstored = []
      this.logger.error('room.flush_failed', { board: this.boardId, error: describeError(error) })
      for (const connection of this.members) connection.fail(CloseCode.internalError, 'internal error')
      return null
    } finally {
      this.applying = false
    }
    this.storing = this.unstored
    this.unstored = []
    this.pendingWrite = this.store.takeWrite(this.storing)
    return this.pendingWrite
  }

  /** The turn's write is stored (or there was none): sends its updates and, when due, the awareness changes. */
  sendTurn(result: BoardWriteResult | null): void {
    const write = this.pendingWrite
    this.pendingWrite = null
    const updates = this.storing
    this.storing = []
    if (this.destroyed) return
    if (write && result) this.store.written(write, result)
    const messages = updates.map((update) => encodeUpdate(update))
    const awareness = this.takeAwarenessIfDue(messages.length > 0)
    if (messages.length > 0) this.updateSentAt = performance.now()
    // Due awareness goes with the update: still one network write per client.
    if (awareness) messages.push(awareness)
    if (messages.length > 0) this.broadcast(...messages)
    if (this.unstored.length === 0) this.answerWaitingSyncRequests()
    if (this.store.compactionDue) this.scheduleCompaction('compaction')
  }

  /**
   * The turn's write failed: nothing of it may be sent. The server's own updates in it are
   * queued again, first (a later turn, at the latest the unload's, stores them once the database
   * is back; `ownUnstored` hands on what is left then), unless the room moved to another server.
   */
  turnNotStored(error: unknown): void {
    this.pendingWrite = null
    if (!(error instanceof StaleFenceError)) this.unstored = [...this.storing.filter((update) => this.ownUpdates.has(update)), ...this.unstored]
    this.storing = []
    this.waitingSyncRequests = []
    if (!this.destroyed) this.failStorage(error)
  }

  /**
   * After `unload`: the updates server code made that could not be stored (the database was
   * still gone), for the board's next room to apply (sync/rooms.ts). Empty when all were stored.
   */
  ownUnstored(): Uint8Array[] {
    return this.unstored.filter((update) => this.ownUpdates.has(update))
  }

  /** Resolves once every change made to the doc so far is stored; rejects when storing failed. */
  async stored(): Promise<void> {
    await this.turns.runNow(this)
    if (this.storageFailed) throw new Error(`the changes to board ${this.boardId} could not be stored`)
  }

  /**
   * Handles what is queued, compacts the document a last time and frees it. Call when the last
   * connection has left (and its grace period is over); resolves when `onStoreDocument` has finished.
   */
  async unload(): Promise<void> {
    await this.turns.runNow(this)
    const stored = this.compact('unload')
    this.destroyed = true
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer)
    if (this.presenceTimer) clearTimeout(this.presenceTimer)
    this.doc.off('update', this.commit)
    try {
      await stored
    } finally {
      this.doc.destroy()
      this.store.close()
    }
  }

  /**
   * Frees the room without storing anything of it, for a board that is being deleted: what is
   * queued is dropped and no compaction runs. Its connections are the caller's to close. Resolves
   * once the write it had on its way (if any) has settled: from then on it writes nothing.
   */
  async discard(): Promise<void> {
    this.destroyed = true
    this.queuedUpdates = []
    this.queuedSenders = []
    this.unstored = []
    this.waitingSyncRequests = []
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer)
    if (this.presenceTimer) clearTimeout(this.presenceTimer)
    this.doc.off('update', this.commit)
    this.doc.destroy()
    await this.turns.settled(this)
    this.store.close()
  }

  /** Handles what is queued and compacts the document now (if its log has anything since the last time). */
  async compactNow(): Promise<void> {
    if (this.destroyed) return
    await this.turns.runNow(this)
    await this.compact('requested')
  }

  private queueUpdate(connection: Connection, update: Uint8Array): void {
    if (this.broken) return
    // An empty update (the sync step 2 of every client with nothing new) changes nothing; it
    // skips the policy too, so that read-only clients are not refused for merely connecting.
    if (update.length === 2 && update[0] === 0 && update[1] === 0) return
    // The cheap quotas before anything is decoded: a flood of large updates costs only this.
    const quotas = connection.identity.quotas
    if (quotas) {
      if (update.length > quotas.maxUpdateBytes) return this.refuse(connection, 'update-too-large', `${update.length} bytes`)
      if (!this.writeBudget(connection.device, quotas).take(update.length)) {
        return this.refuse(connection, 'too-fast', `${update.length} bytes`)
      }
    }
    this.queuedUpdates.push(update)
    this.queuedSenders.push(connection)
    this.turns.schedule(this)
  }

  private applyQueuedUpdates(): void {
    // Even updates that integrate nothing yet (missing dependencies) change the full state.
    this.fullStateFrame = null
    const updates = this.queuedUpdates
    const senders = this.queuedSenders
    this.queuedUpdates = []
    this.queuedSenders = []
    const rejected: Connection[] = []
    let applied = 0
    // One transaction: Yjs emits a single 'update' (handled by `commit`) for the whole turn.
    // The room itself is the origin, which tells `commit` that `sendTurn` sends the frame.
    Y.transact(this.doc, () => {
      for (let i = 0; i < updates.length; i++) {
        // A sender that has closed since still counts: what it sent before closing is its change.
        const sender = senders[i]!
        const admitted = this.admit(sender, updates[i]!)
        if (admitted === null) continue
        try {
          Y.applyUpdate(this.doc, admitted)
          applied++
        } catch {
          rejected.push(sender)
        }
      }
    }, this)
    this.counters?.updatesApplied(applied)
    this.resyncAsked.clear()
    for (const connection of rejected) connection.fail(CloseCode.malformed, 'invalid document update')
  }

  /**
   * Decides one queued update against the doc as it is now (inside the turn's transaction, so
   * earlier updates of the turn are in it): what Yjs will integrate, whose client ids it writes
   * as, the quotas, then the hooks. Returns the bytes to apply, or null (refused, or nothing new).
   */
  private admit(connection: Connection, update: Uint8Array): Uint8Array | null {
    const incoming = readIncomingUpdate(this.doc, update)
    if (isUnreadable(incoming)) {
      // Bytes that are no Yjs update at all are a broken client, as any malformed frame is.
      if (incoming.problem === 'malformed') {
        connection.fail(CloseCode.malformed, 'invalid document update')
        return null
      }
      this.refuse(connection, incoming.problem, incoming.detail)
      // An honest provider sends updates made while its sync step 2 was on the way before it; the
      // step 1 makes it send everything the server lacks.
      if (incoming.problem === 'out-of-order') this.askForMissing(connection)
      return null
    }
    if (incoming.empty) return null
    const device = connection.device
    for (const clientId of incoming.clients) {
      if (!this.clientIds.mayUse(clientId, device)) {
        this.refuse(connection, 'not-your-client', `client id ${clientId}`)
        return null
      }
    }
    const quotas = connection.identity.quotas
    if (quotas && incoming.items.length > 0) {
      if (incoming.items.length > quotas.maxUpdateStructs) {
        this.refuse(connection, 'update-too-large', `${incoming.items.length} structs`)
        return null
      }
      if (this.store.storedBytes + incoming.sentBytes > quotas.maxBoardBytes) {
        this.refuse(connection, 'board-full', `${this.store.storedBytes} bytes stored`)
        return null
      }
    }
    const verdict = this.hooks.beforeApplyUpdate?.({ connection, room: this, update: incoming }) ?? true
    if (verdict !== true) {
      this.logger.info('room.update_refused', { board: this.boardId, conn: connection.id, reason: verdict.refuse })
      this.counters?.updateRefused(verdict.refuse)
      connection.send(encodePermissionDenied(verdict.refuse))
      return null
    }
    for (const clientId of incoming.clients) this.clientIds.claim(clientId, device)
    return incoming.bytes
  }

  /**
   * A connection published a state for `clientId`: `onPresence` sees it now, or (read less than
   * `PRESENCE_HOOK_INTERVAL_MS` ago) once that time is up, with the latest state then.
   */
  private presencePublished(connection: Connection, clientId: number, now: number): void {
    if (!this.hooks.onPresence) return
    const read = this.presenceReads.get(clientId)
    if (!read || now - read.at >= PRESENCE_HOOK_INTERVAL_MS) return this.readPresence(connection, clientId, now)
    read.pending = connection
    this.presenceTimer ??= setTimeout(this.readDuePresence, read.at + PRESENCE_HOOK_INTERVAL_MS - now)
  }

  /** Hands `onPresence` every waiting state that is due, and waits again for the rest. */
  private readonly readDuePresence = (): void => {
    this.presenceTimer = null
    if (this.destroyed) return
    const now = Date.now()
    let next = Infinity
    for (const [clientId, read] of this.presenceReads) {
      if (!read.pending) continue
      const due = read.at + PRESENCE_HOOK_INTERVAL_MS
      if (due <= now) this.readPresence(read.pending, clientId, now)
      else next = Math.min(next, due)
    }
    if (next !== Infinity) this.presenceTimer = setTimeout(this.readDuePresence, next - now)
  }

  private readPresence(connection: Connection, clientId: number, now: number): void {
    this.presenceReads.set(clientId, { at: now, pending: null })
    const json = this.awareness.stateOf(clientId)
    // A broken doc is never written (see applyTurn).
    if (!json || !this.hooks.onPresence || this.broken || this.destroyed) return
    let state: unknown
    try {
      state = JSON.parse(utf8.decode(json))
    } catch {
      return // relayed as it is; not ours to read
    }
    if (typeof state !== 'object' || state === null || Array.isArray(state)) return
    try {
      this.hooks.onPresence({ connection, room: this, clientId, state: state as Record<string, unknown> })
    } catch (error) {
      this.logger.error('hook.presence_failed', { board: this.boardId, conn: connection.id, error: describeError(error) })
    }
  }

  /** Tells the connection its update was refused, with the code, and logs it. */
  private refuse(connection: Connection, code: RefusalCode, detail: string): void {
    this.logger.info('room.update_refused', { board: this.boardId, conn: connection.id, reason: code, detail })
    this.counters?.updateRefused(code)
    connection.send(encodePermissionDenied(refusalReason(code)))
  }

  private askForMissing(connection: Connection): void {
    if (this.resyncAsked.has(connection)) return
    this.resyncAsked.add(connection)
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
  }

  private writeBudget(device: string, quotas: { bytesPerSecond: number; burstBytes: number }): TokenBucket {
    let budget = this.writeBudgets.get(device)
    if (!budget) this.writeBudgets.set(device, (budget = new TokenBucket(quotas.bytesPerSecond, quotas.burstBytes)))
    return budget
  }

  /**
   * Every change of the doc lands here; the turn stores it and then broadcasts it. A change from
   * outside a turn (server code, a hook) gets a turn of its own.
   */
  private readonly commit = (update: Uint8Array, origin: unknown): void => {
    this.fullStateFrame = null
    this.unstored.push(update)
    if (origin === this) return
    this.ownUpdates.add(update)
    this.turns.schedule(this)
  }

  /** Answers the sync requests that waited for the doc to be stored. */
  private answerWaitingSyncRequests(): void {
    const waiting = this.waitingSyncRequests
    this.waitingSyncRequests = []
    for (const { connection, stateVector } of waiting) {
      if (!connection.isOpen) continue
      try {
        connection.send(this.syncStep2For(stateVector))
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error
        connection.fail(CloseCode.malformed, error.message)
      }
    }
  }

  /** Sends the messages to every member, framed for the network once for all of them. */
  private broadcast(...messages: Uint8Array[]): void {
    if (this.members.size === 0) return
    const frames = binaryFrames(messages)
    for (const connection of this.members) connection.sendFramed(frames)
  }

  /** Whether every change of the doc is stored (the room answers sync requests only then). */
  private get allStored(): boolean {
    return this.unstored.length === 0 && this.storing.length === 0
  }

  /**
   * The state vector to answer a connection's sync step 1 against: its own, unless it is empty and
   * the connection was sent the document unasked (`join`). The client sent its step 1 before that
   * arrived; it lacks only what changed since, and that is broadcast to it anyway: answering
   * against what was sent keeps the whole document from going out twice.
   */
  private stateVectorToAnswer(connection: Connection, stateVector: Uint8Array): Uint8Array {
    const sent = this.sentUnasked.get(connection)
    this.sentUnasked.delete(connection)
    return sent !== undefined && isEmptyStateVector(stateVector) ? sent : stateVector
  }

  private syncStep2For(stateVector: Uint8Array): Uint8Array {
    if (isEmptyStateVector(stateVector)) return (this.fullStateFrame ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)))
    try {
      return encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector))
    } catch {
      throw invalidStateVector()
    }
  }

  /**
   * The waiting awareness changes, if they go out now: once `AWARENESS_INTERVAL_MS` has passed since
   * the last awareness broadcast, with a document update at once, alone after the ride wait while
   * updates are flowing (see the top of this file); else a timer brings them.
   */
  private takeAwarenessIfDue(withUpdate: boolean): Uint8Array | null {
    if (!this.awareness.hasChanges) return null
    const now = performance.now()
    const due = this.awarenessSentAt + AWARENESS_INTERVAL_MS
    const updatesFlowing = now - this.updateSentAt < AWARENESS_INTERVAL_MS
    const alone = updatesFlowing ? due + AWARENESS_RIDE_WAIT_MS : due
    if (now < (withUpdate ? due : alone)) {
      this.awarenessTimer ??= setTimeout(() => {
        this.awarenessTimer = null
        this.turns.schedule(this)
      }, alone - now)
      return null
    }
    this.awarenessSentAt = now
    return this.awareness.takeChanges()
  }

  /** Compaction is deferred (see turns.ts): it never delays a broadcast, nor do many pile up in one go. */
  private scheduleCompaction(reason: Exclude<StoreDocumentContext['reason'], 'unload'>): void {
    if (this.compactionScheduled) return
    this.compactionScheduled = true
    this.turns.defer(() => {
      this.compactionScheduled = false
      if (!this.destroyed) void this.compact(reason)
    })
  }

  /** Compacts the document if the log has pending updates; resolves when `onStoreDocument` is done. */
  private async compact(reason: StoreDocumentContext['reason']): Promise<void> {
    if (this.broken) return
    let written: boolean
    try {
      written = await this.store.compact(this.doc)
    } catch (error) {
      this.logger.error('room.compaction_failed', { board: this.boardId, reason, error: describeError(error) })
      return
    }
    if (!written) return
    this.logger.debug('room.compacted', { board: this.boardId, reason })
    try {
      await this.hooks.onStoreDocument?.({ boardId: this.boardId, board: this.board, doc: this.doc, reason })
    } catch (error) {
      this.logger.error('hook.store_document_failed', { board: this.boardId, error: describeError(error) })
    }
  }

  /**
   * An update could not be stored, so it must not be broadcast. The room's clients are closed
   * (1011, or 1012 when the database refused this server's fence); they keep their changes and
   * send them again when they reconnect and re-sync.
   */
  private failStorage(error: unknown): void {
    this.storageFailed = true
    if (error instanceof StaleFenceError) {
      // Another server owns the room now (this one was paused past its lease): the clients go there.
      this.logger.warn('room.fence_refused', { board: this.boardId, fence: error.fence, recorded: error.recorded })
      this.store.fenceRefused(error.recorded)
      for (const connection of this.members) connection.close(CloseCode.serviceRestart, 'the board moved to another server')
      return
    }
    this.logger.error('room.append_failed', { board: this.boardId, error: describeError(error) })
    for (const connection of this.members) connection.fail(CloseCode.internalError, 'storage failure')
  }
}

function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0
}

/** Throws `ProtocolError` when a sync step 1's state vector is none, as answering it would. */
function checkStateVector(stateVector: Uint8Array): void {
  try {
    Y.decodeStateVector(stateVector)
  } catch {
    throw invalidStateVector()
  }
}

function invalidStateVector(): ProtocolError {
  return new ProtocolError('invalid state vector in sync step 1')
}
