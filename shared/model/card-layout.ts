/**
 * How a card lays out its text and author line, as plain numbers (page units, no DOM): the card's
 * view on the canvas (client/board/shapes/card/, board.css) and the section pictures of the
 * meeting PDF the server draws (shared/minutes/section-drawing.ts) both follow these, so a card
 * in the record ends where it ends on the board. board.css repeats the sizes it needs as CSS.
 */
import type { CardProps } from './card'

/** The card's padding (board.css `.gb-card`). */
export const CARD_PADDING = { top: 14, x: 16, bottom: 10 } as const
/** The corner radius of a card's box. */
export const CARD_CORNER_RADIUS = 10
/** Text and author line colours (board.css `.gb-card`, `.gb-card .gb-byline`). */
export const CARD_INK = { text: '#1d2433', byline: '#333b4d', empty: '#4a5468' } as const

/** The author line's own size in page units (board.css). */
export const BYLINE_PAGE_PX = 15
/** The author line's room above it (`.gb-card .gb-byline`). */
export const BYLINE_GAP = 4
/** Line heights of the text and of the author line (board.css). */
export const TEXT_LINE_HEIGHT = 1.2
export const BYLINE_LINE_HEIGHT = 1.25

/**
 * Type size for a card's text: large for the short notes most cards are, smaller as the text grows,
 * so the whole text usually fits the fixed card and short cards read from the back of the room.
 */
export function cardFontSize(text: string): number {
  if (text.length <= 60) return 26
  if (text.length <= 120) return 21
  if (text.length <= 220) return 17
  return 14
}

/** Whether the card shows and asks for commitment details. */
export function isCommitment(props: Pick<CardProps, 'kind'>, sectionKind: string | null): boolean {
  return props.kind === 'commitment' || sectionKind === 'commitments'
}

/**
 * How many whole lines of text fit above the author line of a card `cardHeight` high, with text of
 * `textSize` and `bylineLines` lines of author line of `bylineSize` (page units; none for no author line).
 */
function linesThatFit(cardHeight: number, textSize: number, bylineSize: number, bylineLines: number): number {
  const byline = bylineLines > 0 ? BYLINE_GAP + bylineLines * bylineSize * BYLINE_LINE_HEIGHT : 0
  return Math.max(0, Math.floor((cardHeight - CARD_PADDING.top - CARD_PADDING.bottom - byline) / (textSize * TEXT_LINE_HEIGHT)))
}

/**
 * How a card of `cardHeight` lays out its text and author line (`bylineLines` of them: two for a
 * commitment's who and when): the text keeps at least one whole line, so when it would not, the
 * author line gives up its lines, the commitment's first (the text is what the card is about).
 * The canvas's clip (board.css) and the PDF's drawing use it; both are drawn before any layout
 * could be measured.
 */
export function cardLayout(cardHeight: number, textSize: number, bylineSize: number, bylineLines: number): { textLines: number; bylineLines: number } {
  let shown = bylineLines
  while (shown > 0 && linesThatFit(cardHeight, textSize, bylineSize, shown) < 1) shown--
  return { textLines: Math.max(1, linesThatFit(cardHeight, textSize, bylineSize, shown)), bylineLines: shown }
}
