/**
 * Who may still change the document of an archived board.
 *
 * The server refuses every document update of an archived board that this policy does not allow.
 * Until roles exist nobody may: reopening goes through `POST /api/boards/:id/reopen`. Issue 4
 * (roles by link) lets the facilitator through here (`identity.role === 'facilitator'`); an
 * allowed update that sets `meeting.archivedAt` to null then reopens the board (see MeetingArchive).
 */
import type { ConnectionIdentity, Refusal } from '../hooks'

export interface ArchivedUpdateContext {
  readonly boardId: string
  readonly identity: ConnectionIdentity
  /** When the board was archived (ms since epoch). */
  readonly archivedAt: number
}

export function mayUpdateArchivedBoard(context: ArchivedUpdateContext): true | Refusal {
  return { refuse: `board ${context.boardId} is archived since ${new Date(context.archivedAt).toISOString()}; it is read-only` }
}
