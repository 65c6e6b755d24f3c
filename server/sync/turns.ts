/**
 * The server's event-loop turns: every room with something queued (document updates, awareness
 * changes) is handled once at the end of the turn, all rooms together.
 *
 * A turn runs in two phases. First each room applies its queued updates, and the updates this
 * commits are appended to storage inside one transaction for the whole turn: with many small
 * meetings most turns touch several rooms, and one commit for all of them writes each database
 * page once instead of once per room. Only when that transaction has committed does the second
 * phase send anything, so whatever a client receives is already durable.
 *
 * `setImmediate` runs after all socket reads of the current poll phase, so a turn collects every
 * message that arrived in it.
 *
 * Background work (compacting a room's log) is deferred, one task per event-loop iteration: when
 * many rooms cross their threshold in the same turn, their compactions are spread out with the
 * network polled between them, instead of running back to back while every room waits.
 */

/** What the scheduler needs from a room. */
export interface TurnParticipant {
  /** Applies what was queued; its storage appends join the turn's transaction. */
  applyTurn(): void
  /** Sends what the turn produced. */
  sendTurn(): void
  /** The turn's transaction failed: nothing the room applied in it is stored. */
  turnNotStored(error: unknown): void
}

/** Runs `work` so that the storage appends it makes are committed together (or not at all). */
export type StorageTransaction = (work: () => void) => void

export class Turns {
  private readonly due = new Set<TurnParticipant>()
  private scheduled = false
  private readonly deferred: (() => void)[] = []

  /** @param transaction groups a turn's appends; without persistence, just calls `work`. */
  constructor(private readonly transaction: StorageTransaction = (work) => work()) {}

  /** Handles `room` at the end of the current turn (once, however often it is called). */
  schedule(room: TurnParticipant): void {
    this.due.add(room)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(this.run)
  }

  /** Handles `room` right away, in a turn of its own (e.g. before it unloads). */
  runNow(room: TurnParticipant): void {
    this.due.delete(room)
    this.runTurn([room])
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
    const rooms = [...this.due]
    this.due.clear()
    this.runTurn(rooms)
  }

  private runTurn(rooms: readonly TurnParticipant[]): void {
    try {
      this.transaction(() => {
        for (const room of rooms) room.applyTurn()
      })
    } catch (error) {
      for (const room of rooms) room.turnNotStored(error)
    }
    for (const room of rooms) room.sendTurn()
  }
}
