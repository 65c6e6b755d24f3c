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

/** The card props a new card starts with, before the person's text and profile are filled in. */
export const EMPTY_CARD_PROPS: CardProps = {
  ...CARD_SIZE,
  text: '',
  kind: 'note',
  authorName: '',
  authorCity: '',
  anonymous: false,
  createdAt: 0,
  owner: '',
  ownerCity: '',
  due: '',
}

/**
 * Reads card props from stored data, filling anything missing or malformed with the empty value,
 * so a reader (the outline, the minutes) never trips over a card written by an older version.
 */
export function readCardProps(props: Record<string, unknown>): CardProps {
  const text = (key: keyof CardProps) => (typeof props[key] === 'string' ? (props[key] as string) : '')
  const number = (key: keyof CardProps, fallback: number) => (typeof props[key] === 'number' ? (props[key] as number) : fallback)
  return {
    w: number('w', CARD_SIZE.w),
    h: number('h', CARD_SIZE.h),
    text: text('text'),
    kind: props.kind === 'commitment' ? 'commitment' : 'note',
    authorName: text('authorName'),
    authorCity: text('authorCity'),
    anonymous: props.anonymous === true,
    createdAt: number('createdAt', 0),
    owner: text('owner'),
    ownerCity: text('ownerCity'),
    due: text('due'),
  }
}

/** What a person gives a new card: the text and kind, who wrote it (unless anonymous) and when. */
export type NewCardInput = Pick<CardProps, 'text' | 'kind' | 'authorName' | 'authorCity' | 'anonymous' | 'createdAt'>

/** What a person typed, made into valid card props: trimmed, bounded, author left out when anonymous. */
export function newCardProps(input: NewCardInput): CardProps {
  const clip = (value: string, max: number) => value.trim().slice(0, max)
  return {
    ...EMPTY_CARD_PROPS,
    text: clip(input.text, CARD_LIMITS.text),
    kind: input.kind,
    authorName: input.anonymous ? '' : clip(input.authorName, CARD_LIMITS.name),
    authorCity: input.anonymous ? '' : clip(input.authorCity, CARD_LIMITS.city),
    anonymous: input.anonymous,
    createdAt: input.createdAt,
  }
}
