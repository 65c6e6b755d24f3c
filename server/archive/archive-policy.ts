/**
 * Who may still change the document of an archived board.
 *
 * The server refuses every document update of an archived board that this policy does not allow:
 * only the facilitator's (roles by link); an allowed update that sets `meeting.archivedAt` to null
 * reopens the board (see MeetingArchive), as does `POST /api/boards/:id/reopen`.
 */
import type { ConnectionIdentity, Refusal } from '../hooks'

export interface ArchivedUpdateContext {
  readonly boardId: string
  readonly identity: ConnectionIdentity
  /** When the board was archived (ms since epoch). */
  readonly archivedAt: number
}

export function mayUpdateArchivedBoard(context: ArchivedUpdateContext): true | Refusal {
  if (context.identity.role === 'facilitator') return true
  return { refuse: `board ${context.boardId} is archived since ${new Date(context.archivedAt).toISOString()}; it is read-only` }
}
