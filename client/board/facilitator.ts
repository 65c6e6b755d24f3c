import { currentRole } from './facilitation/board-access'

/** Whether this device opened the board with the facilitator's link (roles by link). */
export function isFacilitator(boardId: string): boolean {
  return currentRole(boardId) === 'facilitator'
}
