/** A card sent from this device, as the capture page lists it. */
export interface SentCard {
  id: string
  text: string
  sectionName: string
  at: number
  /** Written while offline: kept in this device's copy of the board until the connection returns. */
  queued: boolean
}

const key = (boardId: string) => `gatherboard.sent.${boardId}`

/** The cards this device sent to a board, newest first. */
export function readSentCards(boardId: string): SentCard[] {
  try {
    const list = JSON.parse(localStorage.getItem(key(boardId)) ?? '[]') as unknown
    return Array.isArray(list) ? (list as SentCard[]) : []
  } catch {
    return []
  }
}

export function writeSentCards(boardId: string, cards: readonly SentCard[]): void {
  localStorage.setItem(key(boardId), JSON.stringify(cards))
}
