/**
 * Who may close or reopen a board's meeting and read its archive state: the facilitator, by the
 * token of their link (`Authorization: Bearer <token>`). Those endpoints call this before doing
 * anything; it throws `HttpError(403, ...)` for a missing, wrong or non-facilitator token. (The
 * minutes, also the facilitator's, accept a download token too: server/roles/download-tokens.ts.)
 */
import type { IncomingMessage } from 'node:http'
import { requireRole } from '../features/access/board-access'
import type { BoardMetadata } from '../storage/board-storage'

export function requireFacilitator(request: IncomingMessage, board: BoardMetadata): void {
  requireRole(request, board, ['facilitator'])
}
