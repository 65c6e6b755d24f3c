/**
 * Closing a meeting: the board becomes a read-only archive, with an archived copy of its document
 * and its minutes stored next to it; reopening makes it editable again (the stored closings stay).
 *
 * The server-side flag (`ArchiveStore`) is the truth; `meeting.archivedAt` in the document mirrors
 * it so every client can show that the board is archived and since when. While the flag is set the
 * update hook refuses document updates (unless `mayUpdateArchivedBoard` allows them). A client
 * changing `archivedAt` itself is undone, with one exception: an update the policy allowed on an
 * archived board (only the facilitator's, archive-policy.ts) that clears `archivedAt` reopens the board.
 */
import * as Y from 'yjs'
import { MINUTES_FORMATS } from '../../../shared/minutes/formats'
import { MINUTES_LANGS } from '../../../shared/minutes/types'
import { meetingMap, readMeeting, writeMeeting } from '../../../shared/model/meeting'
import type { ServerHooks } from '../../hooks'
import { describeError, type Logger } from '../../log'
import { BoardQueue } from '../../sync/board-queue'
import type { BoardDocs } from '../board-docs'
import { localTimeZone, renderBoardMinutes } from '../minutes/minutes-export'
import { mayUpdateArchivedBoard } from './archive-policy'
import { closureFolder, type ArchiveState, type ArchiveStore } from './archive-store'

/** The archived copy's file in a closing's folder (see archive-store.ts). */
const ARCHIVED_COPY_FILE = 'snapshot.yjs'

/** Marks the archive's own document changes, so that its observer does not answer itself. */
export const ARCHIVE_ORIGIN = Symbol('meeting archive')

export interface MeetingArchiveOptions {
  docs: BoardDocs
  store: ArchiveStore
  logger: Logger
  /** ms since epoch; injectable for tests. Default `Date.now`. */
  clock?: () => number
}

export class MeetingArchive {
  private readonly docs: BoardDocs
  private readonly store: ArchiveStore
  private readonly logger: Logger
  private readonly clock: () => number
  /** Closing and reopening, one at a time per board: each reads the state it changes. */
  private readonly changes = new BoardQueue()

  constructor(options: MeetingArchiveOptions) {
    this.docs = options.docs
    this.store = options.store
    this.logger = options.logger
    this.clock = options.clock ?? Date.now
  }

  state(boardId: string): Promise<ArchiveState> {
    return this.store.state(boardId)
  }

  /** The state of a loaded room's board (see `ArchiveStore.loadedState`). */
  loadedState(boardId: string): ArchiveState {
    return this.store.loadedState(boardId)
  }

  /**
   * Archives the board: sets the flag (from now on updates are refused), writes `archivedAt` into
   * the document, and stores the archived copy and the minutes. Closing a closed board changes
   * nothing.
   */
  close(boardId: string): Promise<ArchiveState> {
    return this.changes.run(boardId, async () => {
      const current = await this.store.state(boardId)
      if (current.archivedAt !== null) return current
      const closedAt = this.clock()
      const folder = closureFolder(closedAt)
      const state: ArchiveState = { archivedAt: closedAt, closures: [...current.closures, { closedAt, reopenedAt: null, folder }] }
      await this.store.setState(boardId, state)
      await this.docs.change(boardId, ARCHIVE_ORIGIN, (doc) => writeMeeting(doc, { archivedAt: closedAt }))
      await this.store.saveClosure(boardId, folder, await this.docs.read(boardId, (doc) => closingFiles(doc, boardId)))
      this.logger.info('board.archived', { board: boardId, folder })
      return state
    })
  }

  /** Makes an archived board editable again. Reopening an open board changes nothing. */
  reopen(boardId: string): Promise<ArchiveState> {
    return this.changes.run(boardId, async () => {
      const current = await this.store.state(boardId)
      if (current.archivedAt === null) return current
      const reopenedAt = this.clock()
      const state: ArchiveState = {
        archivedAt: null,
        closures: current.closures.map((closure, i) =>
          i === current.closures.length - 1 ? { ...closure, reopenedAt } : closure,
        ),
      }
      await this.store.setState(boardId, state)
      await this.docs.change(boardId, ARCHIVE_ORIGIN, (doc) => writeMeeting(doc, { archivedAt: null }))
      this.logger.info('board.reopened', { board: boardId })
      return state
    })
  }

  /**
   * Applies `change` to the archived copy of every closing of the board and stores that copy again
   * with its minutes made anew from it (removing names). Returns how many closings it rewrote.
   */
  async rewriteClosures(boardId: string, change: (doc: Y.Doc) => void): Promise<number> {
    let rewritten = 0
    for (const { folder } of (await this.store.state(boardId)).closures) {
      const copy = await this.store.readClosureFile(boardId, folder, ARCHIVED_COPY_FILE)
      if (!copy) continue
      const doc = new Y.Doc()
      try {
        Y.applyUpdate(doc, copy)
        change(doc)
        await this.store.saveClosure(boardId, folder, closingFiles(doc, boardId))
      } finally {
        doc.destroy()
      }
      rewritten++
    }
    return rewritten
  }

  readonly hooks: Required<Pick<ServerHooks, 'onLoadDocument' | 'beforeApplyUpdate'>> = {
    onLoadDocument: async ({ boardId, doc }) => {
      // Read here, so that the hooks below find it (`loadedState`) while the room is loaded.
      await this.store.state(boardId)
      // The flag wins over whatever the document says (e.g. after a crash between the two writes).
      this.mirrorFlag(boardId, doc)
      meetingMap(doc).observe((event) => {
        if (event.transaction.origin !== ARCHIVE_ORIGIN && event.keysChanged.has('archivedAt')) {
          this.followClientChange(boardId, doc)
        }
      })
    },
    beforeApplyUpdate: ({ connection, room }) => {
      const { archivedAt } = this.store.loadedState(room.boardId)
      if (archivedAt === null) return true
      return mayUpdateArchivedBoard({ boardId: room.boardId, identity: connection.identity, archivedAt })
    },
  }

  private followClientChange(boardId: string, doc: Y.Doc): void {
    const { archivedAt } = this.store.loadedState(boardId)
    // Only an update the archive policy let through can get here while the board is archived.
    if (archivedAt === null || readMeeting(doc).archivedAt !== null) return this.mirrorFlag(boardId, doc)
    this.reopen(boardId).catch((error: unknown) => {
      this.logger.error('board.reopen_failed', { board: boardId, error: describeError(error) })
    })
  }

  private mirrorFlag(boardId: string, doc: Y.Doc): void {
    const { archivedAt } = this.store.loadedState(boardId)
    if (readMeeting(doc).archivedAt !== archivedAt) writeMeeting(doc, { archivedAt }, ARCHIVE_ORIGIN)
  }
}

/** What is kept of a closing: the archived copy of the document and its minutes in every format and language. */
function closingFiles(doc: Y.Doc, boardId: string): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = { [ARCHIVED_COPY_FILE]: Y.encodeStateAsUpdate(doc) }
  const timeZone = localTimeZone()
  for (const lang of MINUTES_LANGS) {
    for (const format of MINUTES_FORMATS) {
      files[`minutes-${lang}.${format}`] = renderBoardMinutes(doc, boardId, { format, lang, names: true, timeZone }).body
    }
  }
  return files
}
