/**
 * The registry of loaded rooms. A room is loaded when its first connection arrives (concurrent
 * first connections share one load). When its last connection leaves it stays loaded for
 * `idleMs` (the grace period), and a connection arriving within it reuses the loaded room; only
 * then is it unloaded, after its document is compacted a last time. Without the grace period a viewer
 * whose phone connects and drops in a loop (a flaky venue Wi-Fi, or someone doing it on purpose)
 * made the server read the whole board from storage and rebuild its doc on every connect: for a
 * 5 MB board the event loop did little else. Nothing is kept for boards nobody has been
 * connected to for longer than that.
 *
 * Shutdown (`drain`) does not wait for the grace periods: empty rooms are stored and unloaded
 * at once.
 */
import * as Y from 'yjs'
import type { BoardSessions, ServerHooks } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import type { BoardMetadata } from '../storage/board-storage'
import { CloseCode } from '../../shared/protocol/close-codes'
import type { Connection } from './connection'
import { Room, type RoomCounters } from './room'
import type { BoardQueue } from './board-queue'
import type { RoomStore } from './room-store'
import type { Turns } from './turns'

/**
 * How long an empty room stays loaded. Long enough to outlast a reconnect (a phone switching
 * networks, a page reload, the client's backoff of a few seconds), short enough that a server
 * with hundreds of boards opened once today does not hold them all in memory.
 */
export const DEFAULT_ROOM_IDLE_MS = 30_000

const NO_CONNECTIONS: ReadonlySet<Connection> = new Set()

export interface RoomsOptions {
  /**
   * Makes the store that links a room to storage; runs in the board's queue before the room loads.
   * Rejects (cluster/room-ownership.ts `OwnedElsewhereError`) when the room is another server's.
   */
  createStore(boardId: string): RoomStore | Promise<RoomStore>
  hooks: ServerHooks
  logger: Logger
  /** The turn scheduler all rooms share. */
  turns: Turns
  /**
   * A room loads (storage read and `onLoadDocument`) and unloads (its last turn and compaction)
   * as tasks of its board in this queue, so that server code changing the board
   * (features/board-docs.ts) does not interleave with either.
   */
  boardQueue: BoardQueue
  /** Where rooms count the updates they applied and refused (the server's metrics). */
  counters?: RoomCounters
  /** How long a room stays loaded after its last connection left; 0 unloads it at once. */
  idleMs?: number
}

interface RoomEntry {
  /** Connections joined or waiting for the load; the room may unload when there are none. */
  readonly users: Set<Connection>
  ready: Promise<Room>
  /** Set once loaded. */
  room: Room | null
  /** Set while the room is empty and waits out its grace period. */
  idleTimer: NodeJS.Timeout | null
}

export class Rooms implements BoardSessions {
  private readonly entries = new Map<string, RoomEntry>()
  private readonly unloads = new Set<Promise<void>>()
  /**
   * The server's own updates of boards whose room unloaded without storing them (the database was
   * gone), applied to the board's next room here: no client holds them to send them again.
   */
  private readonly carried = new Map<string, Uint8Array[]>()
  private readonly idleMs: number
  /** Set by `drain`: from then on empty rooms unload at once. */
  private draining = false

  constructor(private readonly options: RoomsOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_ROOM_IDLE_MS
  }

  /** Number of rooms loaded or loading (empty rooms in their grace period included). */
  get size(): number {
    return this.entries.size
  }

  /**
   * Joins `connection` to the room of `board` (loading it if needed) and attaches it, so that
   * its frames flow to the room from then on. Resolves with the room, or
   * with null when the connection closed while the room was loading. Rejects when loading fails.
   */
  async join(board: BoardMetadata, connection: Connection): Promise<Room | null> {
    let entry = this.entries.get(board.id)
    if (!entry) {
      const loading: RoomEntry = { users: new Set(), ready: this.load(board), room: null, idleTimer: null }
      this.entries.set(board.id, loading)
      loading.ready.then(
        (room) => {
          loading.room = room
        },
        () => {
          // A failed load is forgotten so that the next connection tries again.
          if (this.entries.get(board.id) === loading) this.entries.delete(board.id)
        },
      )
      entry = loading
    }
    // A room in its grace period is taken up again as it is.
    if (entry.idleTimer) {
      clearTimeout(entry.idleTimer)
      entry.idleTimer = null
    }
    entry.users.add(connection)
    let room: Room
    try {
      room = await entry.ready
    } catch (error) {
      entry.users.delete(connection)
      throw error
    }
    if (!connection.isOpen) {
      this.release(entry, room, connection)
      return null
    }
    // A room whose doc or storage failed is on its way out (its clients are being closed): one
    // joining now would be sent what storage may lack. It comes back to a fresh load.
    if (!room.reusable) {
      this.release(entry, room, connection)
      connection.fail(CloseCode.internalError, 'storage failure')
      return null
    }
    room.join(connection)
    connection.attach(room)
    return room
  }

  /** Removes a joined connection from its room; an empty room unloads after the grace period. */
  leave(room: Room, connection: Connection): void {
    room.leave(connection)
    const entry = this.entries.get(room.boardId)
    if (entry) this.release(entry, room, connection)
  }

  /** The board's connections: those joined to its room and those waiting for it to load. */
  connectionsOf(boardId: string): ReadonlySet<Connection> {
    return this.entries.get(boardId)?.users ?? NO_CONNECTIONS
  }

  closeRole(boardId: string, role: string, code: number, reason: string): number {
    return closeConnectionsOfRole(this.connectionsOf(boardId), role, code, reason)
  }

  async closeBoard(boardId: string, code: number, reason: string): Promise<void> {
    this.carried.delete(boardId)
    const entry = this.entries.get(boardId)
    if (!entry) return
    // Forgotten first, so that neither the closes below nor the load finishing unload it the
    // usual way (which would store its document again).
    this.entries.delete(boardId)
    if (entry.idleTimer) clearTimeout(entry.idleTimer)
    for (const connection of entry.users) connection.close(code, reason)
    // At once when loaded: the caller deletes the board's rows right after this resolves. A room
    // still loading is queued behind the deletion (sync/board-queue.ts): waiting for it would wait
    // for ever, and it finds the board gone (`BoardGoneError`).
    if (entry.room) await entry.room.discard()
    else entry.ready.then((room) => room.discard(), () => {})
  }

  async compactBoard(boardId: string): Promise<boolean> {
    const room = this.entries.get(boardId)?.room
    if (!room) return false
    await room.compactNow()
    return true
  }

  /** Lets every loaded room do its periodic housekeeping (empty ones too: idle compaction). */
  maintain(now: number): void {
    for (const entry of this.entries.values()) entry.room?.maintain(now)
  }

  /**
   * Unloads every empty room at once (shutdown does not wait for grace periods) and resolves
   * when no room is loading or unloading any more (after all connections closed).
   */
  async drain(): Promise<void> {
    this.draining = true
    for (const entry of [...this.entries.values()]) {
      if (entry.idleTimer && entry.room) this.unload(entry, entry.room)
    }
    while (this.entries.size > 0 || this.unloads.size > 0) {
      const pending = [...this.unloads, ...[...this.entries.values()].map((entry) => entry.ready)]
      await Promise.allSettled(pending)
      // Rooms whose connections all closed are unloaded by `leave`; if some are still open the
      // caller has not closed them and waiting longer would not help.
      if (this.unloads.size === 0 && [...this.entries.values()].every((entry) => entry.users.size > 0)) return
    }
  }

  /**
   * For a server leaving a cluster: stores what every room has queued and drops the rooms, then
   * runs `released` (the leases are given up, so another server takes each room at once) and only
   * then closes the rooms' connections with 1012: their clients reconnect to the new owners, which
   * load everything from storage. What a client sends after its room's last write is not lost: it
   * was never acknowledged, and the client sends it again when it syncs with the new owner.
   */
  async handOver(released: () => Promise<void>): Promise<void> {
    this.draining = true
    const entries = [...this.entries.values()]
    this.entries.clear()
    await Promise.all(
      entries.map(async (entry) => {
        if (entry.idleTimer) clearTimeout(entry.idleTimer)
        const room = await entry.ready.catch(() => null)
        if (!room) return
        await room.stored().catch((error: unknown) => {
          this.options.logger.error('room.hand_over_not_stored', { board: room.boardId, error: describeError(error) })
        })
        await room.discard()
      }),
    )
    await released()
    for (const entry of entries) {
      for (const connection of entry.users) connection.close(CloseCode.serviceRestart, 'the server is restarting; the board moves to another one')
    }
  }

  private load(board: BoardMetadata): Promise<Room> {
    const { hooks, logger, turns, boardQueue, counters } = this.options
    return boardQueue.run(board.id, async () => {
      const store = await this.options.createStore(board.id)
      const room = await Room.open({ board, store, hooks, logger, turns, ...(counters ? { counters } : {}) })
      this.applyCarried(room)
      try {
        await hooks.onLoadDocument?.({ boardId: board.id, board, doc: room.doc, stored: () => room.stored() })
      } catch (error) {
        logger.error('hook.load_document_failed', { board: board.id, error: describeError(error) })
        await room.unload().catch(() => {})
        throw error
      }
      logger.debug('room.loaded', { board: board.id })
      return room
    })
  }

  /**
   * Applies to a freshly loaded room the server's own changes its board's last room here could not
   * store, as server code's changes: stored by the room's first turn, before anyone is sent them.
   * Only when they continue the board's stored document: the server writes every board with one
   * client id, so if anything was written with it since (a change to the stored board, another
   * server's room), their clocks are taken by other content, and applying them would make this
   * doc differ from every other copy. They are dropped then.
   */
  private applyCarried(room: Room): void {
    const carried = this.carried.get(room.boardId)
    if (!carried) return
    this.carried.delete(room.boardId)
    const update = Y.mergeUpdates(carried)
    const serverId = room.doc.clientID
    const meta = Y.parseUpdateMeta(update)
    const from = meta.from.get(serverId)
    if (from !== undefined && from !== Y.getState(room.doc.store, serverId)) {
      this.options.logger.warn('room.own_changes_dropped', { board: room.boardId, reason: 'the board was written since' })
      return
    }
    // Yjs gives a doc a new client id when an update it applies advances the doc's own (someone
    // else writing as it). These are the server's own writes: applied under another id, not in them.
    let aside = serverId
    do aside = (aside + 1) >>> 0
    while (meta.to.has(aside))
    room.doc.clientID = aside
    try {
      Y.applyUpdate(room.doc, update, CARRIED_ORIGIN)
    } finally {
      room.doc.clientID = serverId
    }
  }

  /** Keeps what of the server's own changes the unloaded room could not store, for the board's next room. */
  private carryOwnUnstored(room: Room): void {
    const left = room.ownUnstored()
    if (left.length === 0) return
    this.carried.set(room.boardId, left)
    this.options.logger.warn('room.own_changes_kept', { board: room.boardId, updates: left.length })
  }

  private release(entry: RoomEntry, room: Room, connection: Connection): void {
    entry.users.delete(connection)
    if (entry.users.size > 0 || this.entries.get(room.boardId) !== entry) return
    // A room whose doc or storage failed is never reused: its clients must re-sync against a
    // fresh load of what storage really holds (they then send again what it lacks).
    if (this.idleMs === 0 || this.draining || !room.reusable) {
      this.unload(entry, room)
      return
    }
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = null
      if (entry.users.size === 0 && this.entries.get(room.boardId) === entry) this.unload(entry, room)
    }, this.idleMs)
    // Storage already holds every update (rooms append before they broadcast): a pending grace
    // period is no reason to keep the process alive.
    entry.idleTimer.unref()
  }

  /** Forgets the entry and stores and frees its room. */
  private unload(entry: RoomEntry, room: Room): void {
    if (entry.idleTimer) {
      clearTimeout(entry.idleTimer)
      entry.idleTimer = null
    }
    this.entries.delete(room.boardId)
    // In the board's queue: a connection arriving now loads a new room, after this one is stored.
    const unload = this.options.boardQueue
      .run(room.boardId, async () => {
        try {
          await room.unload()
        } finally {
          this.carryOwnUnstored(room)
        }
      })
      .then(() => this.options.logger.debug('room.unloaded', { board: room.boardId }))
      .catch((error: unknown) => {
        this.options.logger.error('room.unload_failed', { board: room.boardId, error: describeError(error) })
      })
      .finally(() => this.unloads.delete(unload))
    this.unloads.add(unload)
  }
}

/** Closes those of `connections` whose identity has `role`; returns how many. */
/** The origin of the server's own updates applied again to a board's next room. */
const CARRIED_ORIGIN = Symbol('carried over')

export function closeConnectionsOfRole(connections: Iterable<Connection>, role: string, code: number, reason: string): number {
  let closed = 0
  for (const connection of connections) {
    if (connection.identity.role !== role) continue
    connection.close(code, reason)
    closed++
  }
  return closed
}
