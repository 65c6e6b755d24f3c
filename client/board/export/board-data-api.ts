/** The facilitator's GDPR actions on the server (server/features/deletion, server/features/remove-names). */
import { requestJson } from '../../session/api'

/** How many of each the server emptied of names. */
export interface RemovedNames {
  cards: number
  attendees: number
  snapshotAuthors: number
  namedSnapshots: number
  closings: number
}

export function removeNames(boardId: string): Promise<RemovedNames> {
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}/remove-names`, { method: 'POST' })
}

/** Deletes the board for good; `confirm` names it (its title or id), as the server requires. */
export function deleteBoard(boardId: string, confirm: string): Promise<{ deleted: string }> {
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}`, {
    method: 'DELETE',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ confirm }),
  })
}
