/**
 * The server's event-loop turns: every room with something queued (document updates, awareness
 * changes, changes server code made to its doc) is handled once at the end of the turn, all
 * rooms together.
 *
 * A turn runs in three steps. First each room applies its queued updates and says what it has to
 * store; then the writes of all rooms are stored in one storage call (one transaction: with many
 * small meetings most turns touch several rooms, and one commit for all of them writes each
 * database page once instead of once per room); only when that has resolved does each room send
 * anything, so whatever a client receives is already durable.
 *
 * Each room is a serial queue of turns: while its write is being stored the room is busy, takes
 * part in no other turn (what arrives meanwhile stays queued in it) and is scheduled again once
 * the write has settled. Other rooms are not held up: their turns run and store beside it. A
 * storage that resolves at once (SQLite) finishes the whole turn within the same event-loop
 * iteration, a microtask later.
 *
 * `setImmediate` runs after all socket reads of the current poll phase, so a turn collects every
 * message that arrived in it.
 *
 * Background work (compacting a room's log) is deferred, one task per event-loop iteration: when
 * many rooms cross their threshold in the same turn, their compactions are spread out with the
 * network polled between them, instead of running back to back while every room waits.
 */
import type { BoardWrite, BoardWriteResult } from '../storage/board-storage'

/** What the scheduler needs from a room. */
export interface TurnParticipant {
  /** Applies what was queued; returns what the room has to store now, or null for nothing. */
  applyTurn(): BoardWrite | null
  /** The room's write was stored (`result`; null when it had none): sends what the turn produced. */
  sendTurn(result: BoardWriteResult | null): void
  /** The room's write failed: nothing of it is stored, and none of it may be sent. */
  turnNotStored(error: unknown): void
}

/** Stores the writes of one turn together (or none of them); one result per write. */
export type StoreTurn = (writes: readonly BoardWrite[]) => Promise<BoardWriteResult[]>

export class Turns {
  private readonly due = new Set<TurnParticipant>()
  /** Rooms whose write is being stored, each with the end of that turn. */
  private readonly busy = new Map<TurnParticipant, Promise<void>>()
  private scheduled = false
  private readonly deferred: (() => void)[] = []

  /** @param store stores a turn's writes; without persistence no room has any. */
  constructor(private readonly store: StoreTurn = () => Promise.reject(new Error('this server stores nothing'))) {}

  /** Handles `room` at the end of the current turn (once, however often it is called). */
  schedule(room: TurnParticipant): void {
    this.due.add(room)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(this.run)
  }

  /**
   * Handles `room` in a turn of its own once its current one (if any) has ended (before it
   * unloads, before a change server code made must be stored); resolves when that turn has ended.
   */
  async runNow(room: TurnParticipant): Promise<void> {
    await this.settled(room)
    this.due.delete(room)
    await this.runTurn([room])
  }

  /** Resolves once the room's write on its way (if any) has settled. */
  async settled(room: TurnParticipant): Promise<void> {
    for (let current = this.busy.get(room); current; current = this.busy.get(room)) await current
  }

  /** Runs `task` after the current turn, in an event-loop iteration of its own. */
  defer(task: () => void): void {
    this.deferred.push(task)
    if (this.deferred.length === 1) setImmediate(this.runDeferred)
  }

  private readonly runDeferred = (): void => {
    const task = this.deferred.shift()!
    try {
      task()
    } finally {
      // Scheduled from inside an immediate, the next one waits for the next iteration's poll.
      if (this.deferred.length > 0) setImmediate(this.runDeferred)
    }
  }

  private readonly run = (): void => {
    this.scheduled = false
    // A busy room stays due: it is scheduled again when its write has settled.
    const rooms = [...this.due].filter((room) => !this.busy.has(room))
    for (const room of rooms) this.due.delete(room)
    if (rooms.length > 0) void this.runTurn(rooms)
  }

  private runTurn(rooms: readonly TurnParticipant[]): Promise<void> {
    const writing: TurnParticipant[] = []
    const writes: BoardWrite[] = []
    for (const room of rooms) {
      const write = room.applyTurn()
      if (write) {
        writing.push(room)
        writes.push(write)
      } else {
        room.sendTurn(null)
      }
    }
    if (writes.length === 0) return Promise.resolve()
    const turn = this.storeAndSend(writing, writes)
    for (const room of writing) this.busy.set(room, turn)
    return turn
  }

  private async storeAndSend(rooms: readonly TurnParticipant[], writes: readonly BoardWrite[]): Promise<void> {
    let results: BoardWriteResult[] | null = null
    let failure: unknown = null
    try {
      results = await this.store(writes)
    } catch (error) {
      failure = error
    }
    for (const room of rooms) this.busy.delete(room)
    for (const [i, room] of rooms.entries()) {
      const result = results?.[i]
      if (result && !result.refused) room.sendTurn(result)
      else room.turnNotStored(result?.refused ?? failure)
    }
    // What arrived while they were busy.
    if (rooms.some((room) => this.due.has(room)) && !this.scheduled) {
      this.scheduled = true
      setImmediate(this.run)
    }
  }
}
