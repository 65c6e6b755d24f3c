/**
 * A commitment's status on the meeting boards of its series: every card carried from the
 * commitment (shared/series/carried-card.ts) shows the status last reported, as stored in the
 * series' storage. The stored events are the truth; a board's cards are a view of them that is
 * brought up to date three ways:
 *
 * - when a status is reported, on every meeting board: here when this server owns the board's
 *   room or nobody does (the change takes the room as any change of server code does,
 *   features/board-docs.ts), and otherwise by the room's owner, asked with a signed request
 *   (cluster/http-forwarding.ts `sendToOwner`) to the internal route below: no board is ever
 *   written beside its owner;
 * - when a board's room loads, whoever loads it: a board whose owner could not be reached when
 *   the status was reported (dead, cut off, the room moving) shows it as soon as it is served again;
 * - each write shows what storage holds at that moment, read in the board's queue, so two reports
 *   arriving at once leave every board showing the later one, and a repeated write changes nothing.
 *
 * So nothing has to be remembered as pending: a board that missed a report is brought up to date
 * from the events the next time it loads (docs/cluster.md, "A commitment's status").
 */
import type { IncomingMessage } from 'node:http'
import type * as Y from 'yjs'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import { jsonEqual } from '../../../shared/model/json-equal'
import type { ShapeRecord } from '../../../shared/model/board-shapes'
import { readShapes, writeShapes } from '../../../shared/model/shape-log'
import { carriedCommitmentId, COMMITMENT_STATUS_META_KEY, type CommitmentStatusMeta } from '../../../shared/series/carried-card'
import type { StatusOnBoards } from '../../../shared/series/series-view'
import type { ServerHooks } from '../../hooks'
import { HttpError, sendJson } from '../../http/respond'
import type { Router } from '../../http/router'
import type { Logger } from '../../log'
import { describeError } from '../../log'
import type { SeriesStorage } from '../../storage/series-storage'
import type { BoardDocs } from '../board-docs'
import type { ServerFeature } from '../feature'

/** The origin of the server's own writes of a commitment's status into boards. */
export const COMMITMENT_STATUS_ORIGIN = Symbol('commitment status')

/** The internal route a board's owner shows the stored statuses on (under the board, so it is the owner's). */
export const statusesPath = (boardId: string): string => `/api/boards/${encodeURIComponent(boardId)}/commitment-statuses`

/** How this server reaches the owners of rooms it does not own (cluster/http-forwarding.ts). */
export interface BoardOwners {
  /**
   * POSTs `path` signed to the owner of the board's room: 'here' when no other live server owns
   * it, 'done' when the owner answered with success, 'unreachable' when it did not (or could not).
   * `request` is the client's, whose address the owner's limits count.
   */
  sendToOwner(boardId: string, path: string, request: IncomingMessage): Promise<'here' | 'done' | 'unreachable'>
  /** Whether `request` is another server's own request (signed by the cluster), not a client's. */
  sentByServer(request: IncomingMessage): boolean
}

/** The status each reported commitment shows, by commitment id (those nobody reported on are left out). */
type LatestStatuses = ReadonlyMap<string, CommitmentStatusMeta>

/** The cards carried from a commitment, with what they should show where it differs from what they do. */
function cardsToUpdate(doc: Y.Doc, latest: LatestStatuses): ShapeRecord[] {
  const changed: ShapeRecord[] = []
  for (const shape of readShapes(doc)) {
    if (shape.type !== CARD_SHAPE_TYPE) continue
    const id = carriedCommitmentId(shape.meta)
    const status = id === null ? undefined : latest.get(id)
    if (status && !jsonEqual(shape.meta[COMMITMENT_STATUS_META_KEY], status)) {
      changed.push({ ...shape, meta: { ...shape.meta, [COMMITMENT_STATUS_META_KEY]: status } })
    }
  }
  return changed
}

function carriesCommitments(doc: Y.Doc): boolean {
  return readShapes(doc).some((shape) => shape.type === CARD_SHAPE_TYPE && carriedCommitmentId(shape.meta) !== null)
}

export interface CommitmentStatusBoardsOptions {
  storage: SeriesStorage
  docs: BoardDocs
  /** With several servers: the rooms' owners; null for one server (every board is this one's). */
  owners: BoardOwners | null
  logger: Logger
}

export class CommitmentStatusBoards implements ServerFeature {
  constructor(private readonly options: CommitmentStatusBoardsOptions) {}

  /** A board's room that loads shows what was reported while nobody served it. */
  readonly hooks: Required<Pick<ServerHooks, 'onLoadDocument'>> = {
    onLoadDocument: async ({ boardId, doc }) => {
      // Most boards carry no commitment: nothing to read from storage for them.
      if (!carriesCommitments(doc)) return
      try {
        const changed = cardsToUpdate(doc, await this.latestOf(boardId))
        writeShapes(doc, changed, COMMITMENT_STATUS_ORIGIN)
      } catch (error) {
        // The board opens all the same; its cards show the status at its next load or report.
        this.options.logger.warn('series.statuses_not_shown', { board: boardId, error: describeError(error) })
      }
    },
  }

  /** The internal route of a board's owner: show the stored statuses on the board (other servers only). */
  registerRoutes(router: Router): void {
    const owners = this.options.owners
    if (!owners) return
    router.post('/api/boards/:id/commitment-statuses', async ({ req, res, params }) => {
      if (!owners.sentByServer(req)) throw new HttpError(403, 'only the servers of the cluster ask this')
      await this.showHere(params.id!)
      sendJson(res, 200, { shown: true })
    })
  }

  /**
   * Brings every meeting board of the series up to date with the stored statuses, on each board's
   * owner. Never rejects for a board: one that could not be written counts as pending (it shows
   * the status when it loads next).
   */
  async showOnMeetings(seriesId: string, request: IncomingMessage): Promise<StatusOnBoards> {
    const meetings = await this.options.storage.meetingsOf(seriesId)
    const results = await Promise.all(meetings.map((meeting) => this.showOn(meeting.boardId, request)))
    return { shown: results.filter((shown) => shown).length, pending: results.filter((shown) => !shown).length }
  }

  /** Whether the board shows the stored statuses now (or is gone); false when that has to wait for its next load. */
  private async showOn(boardId: string, request: IncomingMessage): Promise<boolean> {
    try {
      const sent = this.options.owners ? await this.options.owners.sendToOwner(boardId, statusesPath(boardId), request) : 'here'
      if (sent === 'here') await this.showHere(boardId)
      return sent !== 'unreachable'
    } catch (error) {
      // Gone meanwhile: nothing to show it on.
      if (error instanceof HttpError && error.status === 404) return true
      this.options.logger.warn('series.status_pending', { board: boardId, error: describeError(error) })
      return false
    }
  }

  /** Writes the stored statuses into the board's carried cards here (this server owns the room or takes it). */
  private async showHere(boardId: string): Promise<void> {
    if (!(await this.options.docs.exists(boardId))) throw new HttpError(404, 'board not found')
    await this.options.docs.changeWith(
      boardId,
      COMMITMENT_STATUS_ORIGIN,
      () => this.latestOf(boardId),
      (doc, latest) => writeShapes(doc, cardsToUpdate(doc, latest), COMMITMENT_STATUS_ORIGIN),
    )
  }

  /** The last reported status of each commitment of the board's series. */
  private async latestOf(boardId: string): Promise<LatestStatuses> {
    const meeting = await this.options.storage.meetingOfBoard(boardId)
    const latest = new Map<string, CommitmentStatusMeta>()
    if (!meeting) return latest
    for (const commitment of await this.options.storage.commitmentsOf(meeting.seriesId)) {
      const last = commitment.history[commitment.history.length - 1]
      if (last) latest.set(commitment.id, { status: last.status, note: last.note, at: last.at })
    }
    return latest
  }
}
