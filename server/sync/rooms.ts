/**
 * The registry of loaded rooms. A room is loaded when its first connection arrives (concurrent
 * first connections share one load) and unloaded as soon as its last connection leaves, after
 * its final snapshot is written. Nothing is kept for boards nobody is connected to.
 */
import type { ServerHooks } from '../hooks'
import type { Logger } from '../log'
import { describeError } from '../log'
import type { BoardMetadata } from '../storage/board-storage'
import type { Connection } from './connection'
import { Room } from './room'
import type { RoomStore } from './room-store'
import type { Turns } from './turns'

export interface RoomsOptions {
  /** Makes the store that links a room to storage. */
  createStore(boardId: string): RoomStore
  hooks: ServerHooks
  logger: Logger
  /** The turn scheduler all rooms share. */
  turns: Turns
}

interface RoomEntry {
  /** Connections joined or waiting for the load; the room unloads when this drops to 0. */
  users: number
  ready: Promise<Room>
  /** Set once loaded. */
  room: Room | null
}

export class Rooms {
  private readonly entries = new Map<string, RoomEntry>()
  private readonly unloads = new Set<Promise<void>>()

  constructor(private readonly options: RoomsOptions) {}

  /** Number of rooms loaded or loading. */
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
      const loading: RoomEntry = { users: 0, ready: this.load(board), room: null }
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
    entry.users++
    let room: Room
    try {
      room = await entry.ready
    } catch (error) {
      entry.users--
      throw error
    }
    if (!connection.isOpen) {
      this.release(entry, room)
      return null
    }
    room.join(connection)
    connection.attach(room)
    return room
  }

  /** Removes a joined connection from its room; unloads the room when it was the last one. */
  leave(room: Room, connection: Connection): void {
    room.leave(connection)
    const entry = this.entries.get(room.boardId)
    if (entry) this.release(entry, room)
  }

  /** Lets every loaded room do its periodic housekeeping. */
  maintain(now: number): void {
    for (const entry of this.entries.values()) entry.room?.maintain(now)
  }

  /** Resolves when no room is loading or unloading any more (after all connections closed). */
  async drain(): Promise<void> {
    while (this.entries.size > 0 || this.unloads.size > 0) {
      const pending = [...this.unloads, ...[...this.entries.values()].map((entry) => entry.ready)]
      await Promise.allSettled(pending)
      // Rooms whose connections all closed are unloaded by `leave`; if some are still open the
      // caller has not closed them and waiting longer would not help.
      if (this.unloads.size === 0 && [...this.entries.values()].every((entry) => entry.users > 0)) return
    }
  }

  private async load(board: BoardMetadata): Promise<Room> {
    const { hooks, logger, turns } = this.options
    const room = new Room({ board, store: this.options.createStore(board.id), hooks, logger, turns })
    try {
      await hooks.onLoadDocument?.({ boardId: board.id, board, doc: room.doc })
    } catch (error) {
      logger.error('hook.load_document_failed', { board: board.id, error: describeError(error) })
      await room.unload().catch(() => {})
      throw error
    }
    logger.debug('room.loaded', { board: board.id })
    return room
  }

  private release(entry: RoomEntry, room: Room): void {
    entry.users--
    if (entry.users > 0 || this.entries.get(room.boardId) !== entry) return
    this.entries.delete(room.boardId)
    const unload = room
      .unload()
      .then(() => this.options.logger.debug('room.unloaded', { board: room.boardId }))
      .catch((error: unknown) => {
        this.options.logger.error('room.unload_failed', { board: room.boardId, error: describeError(error) })
      })
      .finally(() => this.unloads.delete(unload))
    this.unloads.add(unload)
  }
}
