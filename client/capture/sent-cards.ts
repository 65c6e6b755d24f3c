import * as Y from 'yjs'
import type { WritePosition } from '../question-map/card-writer'
import { LOCAL_KEYS } from '../session/storage-keys'

/** A card sent from this device, as the capture page lists it. */
export interface SentCard {
  id: string
  text: string
  sectionName: string
  at: number
  /** Written while offline: kept in this device's copy of the board until the connection returns. */
  queued: boolean
  /** Lets the page tell, from the server's copy, whether the server ever took the card. */
  write?: WritePosition
  /** The server refused it: the refusal's code ("" for a reason without one). */
  refused?: string
}

/** The cards this device sent to a board, newest first. */
export function readSentCards(boardId: string): SentCard[] {
  try {
    const list = JSON.parse(localStorage.getItem(LOCAL_KEYS.sentCards(boardId)) ?? '[]') as unknown
    return Array.isArray(list) ? (list as SentCard[]) : []
  } catch {
    return []
  }
}

export function writeSentCards(boardId: string, cards: readonly SentCard[]): void {
  localStorage.setItem(LOCAL_KEYS.sentCards(boardId), JSON.stringify(cards))
}

/**
 * After this device dropped its copy and `doc` holds only what the server has: every card whose
 * write the server never took (its state for the writing client ends at or before the card) is
 * marked refused with `refusal`. A refused update takes every later change of its session with it,
 * so those cards are lost as well and are marked the same way. Nothing is waiting any more.
 */
export function markRefusedCards(cards: readonly SentCard[], doc: Y.Doc, refusal: string): SentCard[] {
  return cards.map((card) => {
    const lost = card.write !== undefined && card.refused === undefined && Y.getState(doc.store, card.write.client) <= card.write.clock
    return lost ? { ...card, queued: false, refused: refusal } : { ...card, queued: false }
  })
}
