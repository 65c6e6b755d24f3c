/**
 * A card on the question map: the `gb-card` tldraw shape. This file holds its props as plain data
 * (no tldraw import) so the server can read cards from a stored board for the minutes; the
 * client's CardShapeUtil validates exactly these props.
 */
export const CARD_SHAPE_TYPE = 'gb-card'

export type CardKind = 'note' | 'commitment'

export interface CardProps {
  w: number
  h: number
  /** What the person wrote. Plain text; rendered escaped everywhere. */
  text: string
  kind: CardKind
  /** Empty when the card was posted anonymously. */
  authorName: string
  /** City or organisation of the author; empty when anonymous. */
  authorCity: string
  anonymous: boolean
  /** When the card was made (ms since epoch). */
  createdAt: number
  /** Commitments only ('' otherwise): who will do it, for which city, by when (ISO date). */
  owner: string
  ownerCity: string
  due: string
}

export const CARD_LIMITS = { text: 500, name: 60, city: 80 } as const

export const CARD_SIZE = { w: 280, h: 180 } as const
