/**
 * Who may take a board's record (minutes) and close or reopen its meeting.
 *
 * Until roles exist, knowing the board's id is enough, as it is for editing the board. Issue 4
 * (roles by link) checks the facilitator's token here, e.g. from the request's `Authorization`
 * header or query, and throws `HttpError(403, ...)` when it is missing or wrong. Every records
 * endpoint calls this before doing anything.
 */
import type { IncomingMessage } from 'node:http'
import type { BoardMetadata } from '../storage/board-storage'

export function requireFacilitator(_request: IncomingMessage, _board: BoardMetadata): void {
  // Open default: the board id was the proof.
}
