/**
 * Who may still change the document of an archived board.
 *
 * The server refuses every document update of an archived board that this policy does not allow:
 * only the facilitator's (roles by link); an allowed update that sets `meeting.archivedAt` to null
 * reopens the board (see MeetingArchive), as does `POST /api/boards/:id/reopen`.
 */
import { refusalReason } from '../../shared/model/refusals'
import type { ConnectionIdentity, Refusal } from '../hooks'

export interface ArchivedUpdateContext {
  readonly boardId: string
  readonly identity: ConnectionIdentity
  /** When the board was archived (ms since epoch). */
  readonly archivedAt: number
}

export function mayUpdateArchivedBoard(context: ArchivedUpdateContext): true | Refusal {
  if (context.identity.role === 'facilitator') return true
  return { refuse: refusalReason('archived') }
}
