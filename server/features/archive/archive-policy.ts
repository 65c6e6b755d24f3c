/**
 * Who may still change the document of an archived board: the server refuses every document
 * update of an archived board that the write rules (shared/rules/write-rules.ts) do not allow on a
 * closed meeting: only the facilitator's. An allowed update that sets `meeting.archivedAt` to null
 * reopens the board (see MeetingArchive), as does `POST /api/boards/:id/reopen`.
 */
import { refusalReason } from '../../../shared/model/refusals'
import { closedMeetingBlock } from '../../../shared/rules/write-rules'
import type { ConnectionIdentity, UpdateRefusal } from '../../hooks'

export interface ArchivedUpdateContext {
  readonly boardId: string
  readonly identity: ConnectionIdentity
  /** When the board was archived (ms since epoch). */
  readonly archivedAt: number
}

export function mayUpdateArchivedBoard(context: ArchivedUpdateContext): true | UpdateRefusal {
  const blocked = closedMeetingBlock(true, context.identity.role)
  return blocked ? { refuse: refusalReason(blocked) } : true
}
