/**
 * Deleting a board, irreversibly, whoever asks (the facilitator, or the retention period): its
 * connections are closed with `CloseCode.boardDeleted` and its room dropped unstored, then storage
 * removes its rows and files (storage/board-storage.ts `deleteBoard`), its owners and shares go
 * (storage/account-storage.ts), and the features forget what they cached of it. From then on its links and API answer 404 and its socket 4404.
 *
 * The log line names the board id and why, nothing of its content or people.
 */
import { CloseCode } from '../../../shared/protocol/close-codes'
import type { BoardSessions } from '../../hooks'
import type { Logger } from '../../log'
import type { AccountStorage } from '../../storage/account-storage'
import type { BoardStorage } from '../../storage/board-storage'
import type { BoardQueue } from '../../sync/board-queue'
import type { ArchiveStore } from '../archive/archive-store'

/** Why a board is deleted, for the log. */
export type DeletionCause = 'facilitator' | 'retention'

/** What the board's open connections are told (the client shows its own page for the code). */
const BOARD_DELETED = 'the board was deleted'

export interface BoardDeletionOptions {
  storage: BoardStorage
  /** The queue rooms load and unload in (sync/board-queue.ts): a deletion runs there, in one go. */
  boardQueue: BoardQueue
  /** Caches the state of closed meetings per board. */
  archive: ArchiveStore
  /** Who owns the board and with whom it is shared. */
  accounts: AccountStorage
  logger: Logger
}

export class BoardDeletion {
  constructor(private readonly options: BoardDeletionOptions) {}

  /** Deletes the board; resolves with whether it existed. */
  async delete(boardId: string, sessions: BoardSessions, cause: DeletionCause): Promise<boolean> {
    const { storage, archive, accounts, logger, boardQueue } = this.options
    const existed = await boardQueue.run(boardId, async () => {
      // Before the rows go: a room left running would store its document again.
      await sessions.closeBoard(boardId, CloseCode.boardDeleted, BOARD_DELETED)
      return storage.deleteBoard(boardId)
    })
    // After the files are gone, so that nothing reads the archive state back into the cache.
    archive.forget(boardId)
    await accounts.forget('board', boardId)
    if (existed) logger.info('board.deleted', { board: boardId, cause })
    return existed
  }
}
