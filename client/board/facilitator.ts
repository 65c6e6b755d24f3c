/**
 * Who facilitates a board, until role links exist (issue 4): the device that created it,
 * remembered in localStorage per board.
 */
const key = (boardId: string) => `gatherboard.facilitator.${boardId}`

export function markFacilitator(boardId: string): void {
  localStorage.setItem(key(boardId), '1')
}

export function isFacilitator(boardId: string): boolean {
  return localStorage.getItem(key(boardId)) === '1'
}
