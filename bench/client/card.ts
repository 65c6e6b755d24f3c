import type { ShapeRecord } from '../../shared/model/board-shapes'

/**
 * A card as tldraw stores it: a note shape record with its default props.
 * The benchmark writes whole records, as the real client does, so update
 * sizes match what a board in use sends.
 */
export interface CardRecord extends ShapeRecord {
  type: 'note'
  /** Only the latency marker (`bench`) is ever set. */
  meta: Record<string, string>
}

/** A new card with `text` on it. */
export function createCard(id: string, index: number, x: number, y: number, text: string): CardRecord {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x,
    y,
    rotation: 0,
    index: `a${index.toString(36)}`,
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: {
      color: 'yellow',
      richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      labelColor: 'black',
      growY: 0,
      fontSizeAdjustment: 1,
      url: '',
      scale: 1,
      textLastEditedBy: null,
    },
    meta: {},
  }
}

/** The card moved to (x, y), tagged with `marker` so observers can time the move. */
export function moveCard(card: CardRecord, x: number, y: number, marker: string): CardRecord {
  return { ...card, x, y, meta: { ...card.meta, bench: marker } }
}

/** The field paths a move changes, in the record log's notation. */
export const MOVE_CHANGES = ['x', 'y', 'meta.bench']
