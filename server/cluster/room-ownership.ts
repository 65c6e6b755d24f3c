/**
 * Which rooms this server owns (docs/cluster.md): a room is served where its lease is held. A
 * server claims the lease before it loads a room or writes to a board without one, keeps it while
 * anything of it uses the room, and renews it every third of its ttl, well before it runs out.
 *
 * A lease is lost when a renewal finds it gone or another's (this server was paused past its
 * expiry), or when Redis has not confirmed it for so long that it may have run out: `onLost` then
 * tells the rooms to close that room's sockets (1012), so that its clients reconnect and land on
 * the new owner. Whatever the lost room still tries to write is refused by the database anyway
 * (its fence is stale).
 *
 * Callers claim a board inside its board queue (sync/board-queue.ts), where rooms load and server
 * code changes boards, so two claims of one board on one server never race.
 */
import type { Logger } from '../log'
import { describeError } from '../log'
import type { Lease, RoomLeases } from './lease'
import type { ServerRegistry } from './server-registry'

/** A claim of a board's room: the fence its writes carry, until it is released. */
export interface OwnedRoom {
  readonly fence: number
  /** This user of the room is done with it; the lease is given up when it was the last. */
  release(): void
  /**
   * The database refused a write with this claim's fence: it has seen `recorded`. The next claim
   * of the board draws a higher number (after a Redis restart the counters start again, lease.ts).
   */
  refused(recorded: number): void
}

/** The room is owned by another live server: connections and requests for it go there. */
export class OwnedElsewhereError extends Error {
  override name = 'OwnedElsewhereError'
  constructor(
    readonly boardId: string,
    readonly owner: string,
    /** The owner's internal address, `http://host:port`. */
    readonly address: string,
  ) {
    super(`board ${boardId} is served by server ${owner}`)
  }
}

export interface RoomOwnershipOptions {
  leases: RoomLeases
  registry: ServerRegistry
  serverId: string
  ttlMs: number
  logger: Logger
  /** The lease of a board's room was lost: its room must stop serving now. */
  onLost(boardId: string): void
  /** Told every change of a lease this server holds (the metrics count them). */
  onChange?(change: LeaseChange): void
}

/** What happened to a lease of this server. */
export type LeaseChange = 'acquired' | 'renewed' | 'lost' | 'released'

interface HeldLease {
  lease: Lease
  /** Users of the room (its loaded room, a change of server code in progress). */
  users: number
  /** Until when the lease is known to be ours: the start of its last confirmed renewal plus its ttl. */
  validUntil: number
}

export class RoomOwnership {
  private readonly held = new Map<string, HeldLease>()
  private readonly renewal: NodeJS.Timeout

  constructor(private readonly options: RoomOwnershipOptions) {
    this.renewal = setInterval(() => void this.renewAll(), Math.max(100, Math.floor(options.ttlMs / 3))).unref()
  }

  /** Boards whose rooms this server owns now. */
  get boards(): ReadonlySet<string> {
    return new Set(this.held.keys())
  }

  /** Whether this server holds the board's lease now. */
  owns(boardId: string): boolean {
    return this.held.has(boardId)
  }

  /**
   * Claims the board's room for this server. Rejects with `OwnedElsewhereError` when another live
   * server owns it. A lease whose holder is gone (not in the registry any more, or this server's own
   * from before a restart) is waited out, at most about two ttls.
   */
  async claim(boardId: string): Promise<OwnedRoom> {
    const deadline = Date.now() + 2 * this.options.ttlMs
    for (;;) {
      const held = this.held.get(boardId)
      if (held) {
        held.users++
        return this.handle(boardId, held)
      }
      const startedAt = Date.now()
      const lease = await this.options.leases.acquire(boardId)
      if (lease) {
        const acquired: HeldLease = { lease, users: 1, validUntil: startedAt + this.options.ttlMs }
        this.held.set(boardId, acquired)
        this.options.logger.info('cluster.lease_acquired', { board: boardId, fence: lease.fence })
        this.options.onChange?.('acquired')
        return this.handle(boardId, acquired)
      }
      const holder = await this.options.leases.holder(boardId)
      if (holder && holder.owner !== this.options.serverId) {
        const address = await this.options.registry.addressOf(holder.owner)
        if (address) throw new OwnedElsewhereError(boardId, holder.owner, address)
      }
      if (Date.now() > deadline) throw new Error(`the lease of board ${boardId} is held by a server that does not answer`)
      // Expired just now, or its holder is gone and it runs out soon.
      await delay(Math.max(50, Math.floor(this.options.ttlMs / 10)))
    }
  }

  /** Gives up every lease at once (shutdown, after the rooms were stored): other servers take over. */
  async releaseAll(): Promise<void> {
    clearInterval(this.renewal)
    const leases = [...this.held.values()].map((held) => held.lease)
    this.held.clear()
    await Promise.all(leases.map((lease) => this.giveUp(lease)))
  }

  /** Stops renewing (the server is stopping). */
  stop(): void {
    clearInterval(this.renewal)
  }

  private handle(boardId: string, held: HeldLease): OwnedRoom {
    let released = false
    return {
      fence: held.lease.fence,
      release: () => {
        if (released) return
        released = true
        if (this.held.get(boardId) !== held || --held.users > 0) return
        this.held.delete(boardId)
        void this.giveUp(held.lease)
      },
      refused: (recorded) => {
        this.options.leases.raiseFence(boardId, recorded).catch((error: unknown) => {
          this.options.logger.warn('cluster.fence_not_raised', { board: boardId, error: describeError(error) })
        })
      },
    }
  }

  private async giveUp(lease: Lease): Promise<void> {
    try {
      await this.options.leases.release(lease)
      this.options.logger.info('cluster.lease_released', { board: lease.boardId, fence: lease.fence })
      this.options.onChange?.('released')
    } catch (error) {
      // It runs out by itself within its ttl.
      this.options.logger.warn('cluster.lease_release_failed', { board: lease.boardId, error: describeError(error) })
    }
  }

  private async renewAll(): Promise<void> {
    await Promise.all([...this.held.entries()].map(([boardId, held]) => this.renew(boardId, held)))
  }

  private async renew(boardId: string, held: HeldLease): Promise<void> {
    const startedAt = Date.now()
    let renewed: boolean
    try {
      renewed = await this.options.leases.renew(held.lease)
    } catch (error) {
      // Redis did not answer: the lease still holds until `validUntil`. Stop serving a third of a
      // ttl before that, so that no other server can have taken over while this one still serves.
      if (Date.now() < held.validUntil - this.options.ttlMs / 3) return
      this.options.logger.warn('cluster.lease_unconfirmed', { board: boardId, error: describeError(error) })
      renewed = false
    }
    if (this.held.get(boardId) !== held) return
    if (renewed) {
      held.validUntil = startedAt + this.options.ttlMs
      this.options.onChange?.('renewed')
      return
    }
    this.held.delete(boardId)
    this.options.logger.warn('cluster.lease_lost', { board: boardId, fence: held.lease.fence })
    this.options.onChange?.('lost')
    this.options.onLost(boardId)
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
