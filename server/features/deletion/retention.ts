/**
 * The retention period (`RETENTION_DAYS`): a board whose meeting has been closed for longer is
 * deleted by the server itself (board-deletion.ts), so personal data is not kept beyond the time
 * the operator promised in their privacy notice. Off unless configured; open boards are never
 * deleted, and reopening a board stops its countdown (closing it again starts a new one).
 *
 * `deleteExpired` is the periodic job (app.ts runs it every `RETENTION_SWEEP_MS` and once at
 * start-up, so a server that was down catches up; of several servers one sweeps at a time); `deletesAt` tells the board info API the
 * date, so the facilitator sees it beforehand.
 */
import type { BoardSessions } from '../../hooks'
import type { BoardStorage } from '../../storage/board-storage'
import type { Logger } from '../../log'
import type { ArchiveStore } from '../archive/archive-store'
import type { BoardDeletion } from './board-deletion'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * How often the job looks for boards past the period. The period is counted in days, so a board
 * deleted up to an hour after its date is well within what the operator promised; a pass reads
 * only the closed boards' archive state, which costs next to nothing once an hour.
 */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000

/** The sweep's name among the storage's jobs (`runAlone`). */
const RETENTION_JOB = 'retention'

export interface RetentionOptions {
  /** Days a closed meeting's board is kept; null keeps boards for ever. */
  days: number | null
  archive: ArchiveStore
  deletion: BoardDeletion
  /** Where a sweep claims the job for itself (the storage the servers share). */
  jobs: Pick<BoardStorage, 'runAlone'>
  logger: Logger
  /** ms since epoch; injectable for tests. Default `Date.now`. */
  clock?: () => number
}

export class Retention {
  private readonly clock: () => number

  constructor(private readonly options: RetentionOptions) {
    this.clock = options.clock ?? Date.now
  }

  /** When the board will be deleted (ms since epoch), or null when it will not (open, or no period set). */
  async deletesAt(boardId: string): Promise<number | null> {
    const { days, archive } = this.options
    if (days === null) return null
    const { archivedAt } = await archive.state(boardId)
    return archivedAt === null ? null : archivedAt + days * DAY_MS
  }

  /**
   * Deletes every board past the period; resolves with their ids, or with null when another
   * server (or an earlier pass here) is sweeping now: with several servers one sweeps at a time
   * (`BoardStorage.runAlone`), the others skip the pass.
   */
  async deleteExpired(sessions: BoardSessions): Promise<string[] | null> {
    const swept = await this.options.jobs.runAlone(RETENTION_JOB, () => this.sweep(sessions))
    if (swept === null) this.options.logger.debug('retention.skipped', { reason: 'another server is sweeping' })
    return swept
  }

  private async sweep(sessions: BoardSessions): Promise<string[]> {
    const now = this.clock()
    const deleted: string[] = []
    for (const boardId of this.options.days === null ? [] : await this.options.archive.boardIds()) {
      const deletesAt = await this.deletesAt(boardId)
      if (deletesAt === null || deletesAt > now) continue
      if (await this.options.deletion.delete(boardId, sessions, 'retention')) deleted.push(boardId)
    }
    // `at` lets a test with its own clock wait for a pass that saw its time.
    const level = deleted.length > 0 ? 'info' : 'debug'
    this.options.logger[level]('retention.swept', { deleted: deleted.length, at: now })
    return deleted
  }
}
