/** Closing and reopening the meeting on the server (see server/features/archive/archive.ts). */
import { requestJson } from '../../session/api'

export interface ArchiveState {
  archived: boolean
  archivedAt: string | null
  closures: { closedAt: string; reopenedAt: string | null }[]
}

export function closeMeeting(boardId: string): Promise<ArchiveState> {
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}/close`, { method: 'POST' })
}

export function reopenMeeting(boardId: string): Promise<ArchiveState> {
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}/reopen`, { method: 'POST' })
}
