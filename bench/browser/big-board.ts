import { getIndices, type TLFrameShape, type TLParentId, type TLRecord, type TLShapeId } from 'tldraw'
import type { CardShape, PurposeShape } from '../../client/board/shapes/card-shape'
import { SECTION_COLORS } from '../../shared/model/section-style'
import { CARD_SHAPE_TYPE, newCardProps } from '../../shared/model/card'
import { SECTION_META_KEY, TEMPLATE_SECTIONS } from '../../shared/model/sections'
import { frameSizeFor, slotOrigin } from '../../shared/model/slot-grid'
import { PURPOSE_SHAPE_TYPE, TEMPLATE_PURPOSE_ID, templateSectionId } from '../../shared/model/template'

/**
 * The big board of the client benchmark: the question map's five sections and its purpose, with
 * the cards spread evenly over the sections, each card on its own cell of the section's slot grid
 * (as people's cards land). The sections are widened so the whole map has about the viewport's
 * proportions: the board page zooms to fit on open, and at tldraw's smallest zoom (0.05) a
 * 1280 × 800 viewport shows 25,600 × 16,000 units, so all 2,000 cards are in view at once and none
 * is culled.
 */

export const PAGE_ID = 'page:page'

/** Room between sections, as in the template. */
const SPACING = 80
const PURPOSE_SIZE = { w: 920, h: 300 }

/** A card of the board and where it sits on the page (its frame's position plus its own). */
export interface PlacedCard {
  id: string
  frameX: number
  frameY: number
  /** Position inside the frame: the slot's corner. */
  x: number
  y: number
}

export interface BigBoard {
  /** Purpose, sections and cards, ready for a tldraw store (parents before children). */
  shapes: TLRecord[]
  cards: PlacedCard[]
}

/** Columns per section so that three sections side by side and two rows of them come out about 1.6:1. */
function columnsFor(cardsPerSection: number): number {
  return Math.max(3, Math.round(Math.sqrt(0.79 * cardsPerSection)))
}

const WORDS = [
  'bus', 'stop', 'bench', 'shade', 'trees', 'market', 'square', 'bike', 'lane', 'crossing', 'school', 'route',
  'library', 'hours', 'noise', 'night', 'lights', 'playground', 'water', 'fountain', 'river', 'path', 'parking',
  'delivery', 'ramp', 'stairs', 'elderly', 'teenagers', 'festival', 'garden', 'compost', 'heat', 'summer',
]

/** A card text of 3 to 30 words, the same for the same number on every run. */
function cardText(n: number): string {
  const length = 3 + ((n * 7919) % 28)
  const words = Array.from({ length }, (_, i) => WORDS[(n * 31 + i * 17) % WORDS.length]!)
  const text = words.join(' ')
  return `${text[0]!.toUpperCase()}${text.slice(1)}${n % 3 === 0 ? '?' : '.'}`
}

/** The board with `cardCount` cards (spread over the sections as evenly as they divide). */
export function buildBigBoard(cardCount: number, now = Date.UTC(2026, 5, 12, 14)): BigBoard {
  const perSection = Math.ceil(cardCount / TEMPLATE_SECTIONS.length)
  const columns = columnsFor(perSection)
  const section = frameSizeFor(columns, Math.ceil(perSection / columns))
  const totalW = 3 * section.w + 2 * SPACING
  const purposeY = section.h + SPACING
  const bottomY = purposeY + PURPOSE_SIZE.h + SPACING
  const bottomLeft = (totalW - (2 * section.w + SPACING)) / 2
  const places = [
    { x: 0, y: 0 },
    { x: section.w + SPACING, y: 0 },
    { x: 2 * (section.w + SPACING), y: 0 },
    { x: bottomLeft, y: bottomY },
    { x: bottomLeft + section.w + SPACING, y: bottomY },
  ]
  const topIndices = getIndices(TEMPLATE_SECTIONS.length + 1)
  const shapes: TLRecord[] = []
  const cards: PlacedCard[] = []
  const base = { typeName: 'shape', rotation: 0, isLocked: false, opacity: 1, parentId: PAGE_ID as TLParentId } as const

  const purpose: PurposeShape = {
    ...base,
    id: TEMPLATE_PURPOSE_ID as TLShapeId,
    type: PURPOSE_SHAPE_TYPE,
    index: topIndices[0]!,
    x: (totalW - PURPOSE_SIZE.w) / 2,
    y: purposeY,
    props: { ...PURPOSE_SIZE },
    meta: {},
  }
  shapes.push(purpose)

  let made = 0
  TEMPLATE_SECTIONS.forEach((kind, s) => {
    const frameId = templateSectionId(kind)
    const place = places[s]!
    const frame: TLFrameShape = {
      ...base,
      id: frameId as TLShapeId,
      type: 'frame',
      index: topIndices[s + 1]!,
      ...place,
      props: { w: section.w, h: section.h, name: '', color: SECTION_COLORS[kind] },
      meta: { [SECTION_META_KEY]: kind },
    }
    shapes.push(frame)
    const count = Math.min(perSection, cardCount - made)
    const indices = getIndices(count)
    for (let i = 0; i < count; i++) {
      const n = made + i
      const id = `shape:bench-card-${n}`
      const slot = slotOrigin({ col: i % columns, row: Math.floor(i / columns) })
      const anonymous = n % 5 === 0
      const card: CardShape = {
        ...base,
        id: id as TLShapeId,
        type: CARD_SHAPE_TYPE,
        parentId: frameId as TLShapeId,
        index: indices[i]!,
        ...slot,
        props: newCardProps({
          text: cardText(n),
          kind: kind === 'commitments' ? 'commitment' : 'note',
          authorName: `Person ${n % 97}`,
          authorCity: ['Ghent', 'Lyon', 'Tampere', 'Graz', 'Porto'][n % 5]!,
          anonymous,
          createdAt: now + n * 1000,
        }),
        meta: {},
      }
      shapes.push(card)
      cards.push({ id, frameX: place.x, frameY: place.y, ...slot })
    }
    made += count
  })
  return { shapes, cards }
}
