/**
 * Who may take a board's record (minutes) and close or reopen its meeting: the facilitator, by the
 * token of their link (`Authorization: Bearer <token>`, or `?k=<token>` for a plain download link).
 * Every records endpoint calls this before doing anything; it throws `HttpError(403, ...)` for a
 * missing, wrong or non-facilitator token.
 */
import type { IncomingMessage } from 'node:http'
import { requireRole } from '../roles/board-access'
import type { BoardMetadata } from '../storage/board-storage'

export function requireFacilitator(request: IncomingMessage, board: BoardMetadata): void {
  requireRole(request, board, ['facilitator'])
}
