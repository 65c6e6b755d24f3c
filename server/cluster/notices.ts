/**
 * Notices between the servers of a cluster, over Redis pub/sub (docs/cluster.md): what one server
 * did to a board that the others must act on for the connections and caches they hold.
 *
 * Pub/sub delivers to the servers subscribed at that moment and keeps nothing: a server that was
 * disconnected from Redis misses notices. That is acceptable for these: each also takes effect
 * through the database (a renewed link's token no longer opens the board, a deleted board's rows
 * are gone, the archive state is read afresh whenever a room loads), the notice only makes it
 * immediate for connections already open.
 */
import type { Logger } from '../log'
import { describeError } from '../log'
import type { RedisClient } from './lease'

export type Notice =
  /** Close the board's connections of `role` (its link was renewed). */
  | { kind: 'close-role'; boardId: string; role: string; code: number; reason: string }
  /** Close all the board's connections and drop its room (it was deleted); forget what is cached of it. */
  | { kind: 'close-board'; boardId: string; code: number; reason: string }
  /** The meeting was closed or reopened: its archive state is read again. */
  | { kind: 'archive-changed'; boardId: string }

interface Envelope {
  /** The server that sent it (it has acted already and ignores its own notices). */
  from: string
  notice: Notice
}

export interface ClusterNoticesOptions {
  serverId: string
  prefix: string
  logger: Logger
  /** Called for every notice another server sent. */
  onNotice(notice: Notice): void
}

export class ClusterNotices {
  private readonly channel: string

  /** @param subscriber a connection of its own: a subscribed Redis connection runs no other commands */
  private constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly options: ClusterNoticesOptions,
  ) {
    this.channel = `${options.prefix}notices`
  }

  /**
   * Subscribes to the cluster's channel on a duplicate of `redis`'s connection, in the background
   * (node-redis subscribes again by itself after a reconnect).
   */
  static open(redis: RedisClient, options: ClusterNoticesOptions): ClusterNotices {
    const subscriber = redis.duplicate()
    subscriber.on('error', () => {}) // The main connection reports outages (redis-connection.ts).
    const notices = new ClusterNotices(redis, subscriber, options)
    subscriber
      .connect()
      .then(() => subscriber.subscribe(notices.channel, notices.receive))
      .catch((error: unknown) => options.logger.warn('cluster.notices_unavailable', { error: describeError(error) }))
    return notices
  }

  /** Tells the other servers; a failure is logged (the change stands, see above). */
  async publish(notice: Notice): Promise<void> {
    const envelope: Envelope = { from: this.options.serverId, notice }
    try {
      await this.publisher.publish(this.channel, JSON.stringify(envelope))
    } catch (error) {
      this.options.logger.warn('cluster.notice_not_sent', { kind: notice.kind, board: notice.boardId, error: describeError(error) })
    }
  }

  async close(): Promise<void> {
    if (this.subscriber.isReady) await this.subscriber.close()
    else this.subscriber.destroy()
  }

  private readonly receive = (message: string): void => {
    const envelope = parseEnvelope(message)
    if (!envelope) {
      this.options.logger.warn('cluster.notice_unreadable')
      return
    }
    if (envelope.from === this.options.serverId) return
    try {
      this.options.onNotice(envelope.notice)
    } catch (error) {
      this.options.logger.error('cluster.notice_failed', { kind: envelope.notice.kind, error: describeError(error) })
    }
  }
}

/** The envelope in `message`, or null when it is not one this version knows. */
function parseEnvelope(message: string): Envelope | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(message)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  const { from, notice } = parsed as { from?: unknown; notice?: Partial<Record<string, unknown>> }
  if (typeof from !== 'string' || typeof notice !== 'object' || notice === null || typeof notice.boardId !== 'string') return null
  const { boardId, code, reason, role } = notice
  const closing = Number.isInteger(code) && (code as number) >= 1000 && (code as number) < 5000 && typeof reason === 'string'
  switch (notice.kind) {
    case 'close-role':
      return closing && typeof role === 'string'
        ? { from, notice: { kind: 'close-role', boardId, role, code: code as number, reason: reason as string } }
        : null
    case 'close-board':
      return closing ? { from, notice: { kind: 'close-board', boardId, code: code as number, reason: reason as string } } : null
    case 'archive-changed':
      return { from, notice: { kind: 'archive-changed', boardId } }
    default:
      return null
  }
}
