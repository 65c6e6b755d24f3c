/**
 * The colours of sections and their cards, shared by the board's shapes (client/board/shapes/) and
 * the section pictures of the meeting PDF the server draws (shared/minutes/section-drawing.ts).
 */
import type { TLDefaultColorStyle } from '@tldraw/tlschema'
import type { SectionKind } from './sections'

/** Each kind of section has its own colour, so cards show where they belong even out of place. */
export const SECTION_COLORS: Record<SectionKind, TLDefaultColorStyle> = {
  questions: 'blue',
  worked: 'green',
  notWorked: 'red',
  ideas: 'orange',
  commitments: 'violet',
  custom: 'grey',
}

/** Card backgrounds per section kind: light tints that keep dark text above 7:1 contrast. */
export const CARD_TINTS: Record<SectionKind | 'none', string> = {
  questions: '#e3eefc',
  worked: '#e2f4e6',
  notWorked: '#fbe5e5',
  ideas: '#fdf0db',
  commitments: '#eee7fa',
  custom: '#eef0f3',
  none: '#fff8c9',
}
