import { CARD_SHAPE_TYPE, CARD_SIZE, readCardProps, type CardProps } from './card'
import { byId, pagePosition, sizeOf, type Box, type ShapeRecord } from './board-shapes'
import { sectionFromFrame, sectionOf, type Section } from './sections'
import { clusterOf } from './cluster'

/**
 * The question map as text, in reading order: the sections top to bottom and left to right, and in
 * each section its cards and clusters in the same order. The outline panel (for keyboard and screen
 * reader use) and the minutes both read the board through this.
 */
export interface OutlineCard extends CardProps {
  id: string
}

export interface OutlineCluster {
  id: string
  label: string
  cards: OutlineCard[]
}

export type OutlineItem = { type: 'card'; card: OutlineCard } | { type: 'cluster'; cluster: OutlineCluster }

export interface OutlineSection extends Section {
  items: OutlineItem[]
  /** Cards in the section, clustered or not. */
  cardCount: number
}

export interface Outline {
  sections: OutlineSection[]
  /** Cards that sit in no section, in reading order. */
  elsewhere: OutlineItem[]
}

/**
 * Orders boxes like lines of text: into rows from the top (a box whose top is above the middle of
 * the row's first box belongs to that row), each row from the left.
 */
export function readingOrder<T>(items: readonly T[], boxOf: (item: T) => Box): T[] {
  const sorted = [...items].sort((a, b) => boxOf(a).y - boxOf(b).y || boxOf(a).x - boxOf(b).x)
  const rows: T[][] = []
  let rowBottom = -Infinity
  for (const item of sorted) {
    const box = boxOf(item)
    const row = rows[rows.length - 1]
    if (row && box.y < rowBottom) row.push(item)
    else {
      rows.push([item])
      rowBottom = box.y + box.h / 2
    }
  }
  return rows.flatMap((row) => row.sort((a, b) => boxOf(a).x - boxOf(b).x))
}

export function buildOutline(shapes: readonly ShapeRecord[]): Outline {
  const shapesById = byId(shapes)
  const pageBox = (shape: ShapeRecord): Box => ({ ...pagePosition(shape, shapesById), ...sizeOf(shape, CARD_SIZE) })
  const toCard = (shape: ShapeRecord): OutlineCard => ({ id: shape.id, ...readCardProps(shape.props) })

  // Every card goes into its section (or "elsewhere"), either alone or through its cluster.
  const blocksBySection = new Map<string | null, Map<string, { shape: ShapeRecord; cards: ShapeRecord[] }>>()
  for (const shape of shapes) {
    if (shape.type !== CARD_SHAPE_TYPE) continue
    const sectionId = sectionOf(shape, shapesById)?.id ?? null
    const cluster = clusterOf(shape, shapesById)
    const blockShape = cluster && sectionOf(cluster, shapesById)?.id === sectionId ? cluster : shape
    let blocks = blocksBySection.get(sectionId)
    if (!blocks) blocksBySection.set(sectionId, (blocks = new Map()))
    const block = blocks.get(blockShape.id)
    if (block) block.cards.push(shape)
    else blocks.set(blockShape.id, { shape: blockShape, cards: [shape] })
  }

  const itemsOf = (sectionId: string | null): OutlineItem[] => {
    const blocks = [...(blocksBySection.get(sectionId)?.values() ?? [])]
    return readingOrder(blocks, (block) => pageBox(block.shape)).map((block): OutlineItem => {
      if (block.shape.type === CARD_SHAPE_TYPE) return { type: 'card', card: toCard(block.shape) }
      const label = block.shape.props.name
      return {
        type: 'cluster',
        cluster: {
          id: block.shape.id,
          label: typeof label === 'string' ? label : '',
          cards: readingOrder(block.cards, pageBox).map(toCard),
        },
      }
    })
  }
  const countCards = (items: OutlineItem[]) =>
    items.reduce((count, item) => count + (item.type === 'card' ? 1 : item.cluster.cards.length), 0)

  const sectionFrames = shapes.filter((shape) => sectionFromFrame(shape))
  const sections = readingOrder(sectionFrames, pageBox).map((frame): OutlineSection => {
    const section = sectionFromFrame(frame) as Section
    const items = itemsOf(frame.id)
    return { ...section, items, cardCount: countCards(items) }
  })
  return { sections, elsewhere: itemsOf(null) }
}
