import { CARD_SIZE } from './card'
import { FRAME_SHAPE_TYPE, boxOf, type ShapeRecord } from './board-shapes'
import { columnsFor, firstFreePlace, frameSizeFor, heightToHold, slotOrigin, SLOT_GRID } from './slot-grid'

/**
 * A cluster groups cards under a short label: a tldraw frame with `meta.cluster = true` inside a
 * section, the label being the frame's name. Being a frame, it is moved, renamed and deleted like
 * any frame, cards can be dragged in and out of it, and the cards' section is still found by
 * walking up their parents (see `sectionOf`).
 */
export const CLUSTER_META_KEY = 'cluster'

export const CLUSTER_LABEL_MAX = 60

export function isCluster(shape: Pick<ShapeRecord, 'type' | 'meta'>): boolean {
  return shape.type === FRAME_SHAPE_TYPE && shape.meta[CLUSTER_META_KEY] === true
}

/** The cluster a shape sits in directly, or null. */
export function clusterOf(shape: ShapeRecord, shapes: Map<string, ShapeRecord>): ShapeRecord | null {
  const parent = shapes.get(shape.parentId)
  return parent && isCluster(parent) ? parent : null
}

/** What clustering does to the board: one new frame, the cards moved into it, maybe a taller section. */
export interface ClusterPlan {
  /** Where the new cluster frame goes (its parent's coordinates) and how big it is. */
  frame: { parentId: string; x: number; y: number; w: number; h: number }
  /** Each card's new place inside the cluster frame, in the order given. */
  cards: { id: string; x: number; y: number }[]
  /** New height of the containing section, or null when it fits. */
  containerHeight: number | null
}

/** A cluster frame for `count` cards with at most `maxColumns` columns: its size and each card's place in it. */
export function clusterLayout(count: number, maxColumns: number): { w: number; h: number; slots: { x: number; y: number }[] } {
  const columns = Math.max(1, Math.min(count, maxColumns))
  const rows = Math.max(1, Math.ceil(count / columns))
  return {
    ...frameSizeFor(columns, rows),
    slots: Array.from({ length: count }, (_, i) => slotOrigin({ col: i % columns, row: Math.floor(i / columns) })),
  }
}

/**
 * Lays out a new cluster of `cards` (in reading order) inside `container` (the section of the first
 * card): as many columns as fit into the section, the cluster placed in the first free place of the
 * section's grid once the cards have left their cells.
 */
export function planCluster(container: ShapeRecord, siblings: readonly ShapeRecord[], cards: readonly ShapeRecord[]): ClusterPlan {
  const containerWidth = typeof container.props.w === 'number' ? container.props.w : 0
  const layout = clusterLayout(cards.length, columnsFor(containerWidth - 2 * SLOT_GRID.padding))
  const size = { w: layout.w, h: layout.h }

  const leaving = new Set(cards.map((card) => card.id))
  const occupied = siblings.filter((shape) => !leaving.has(shape.id)).map((shape) => boxOf(shape, CARD_SIZE))
  const place = firstFreePlace(containerWidth, occupied, size)
  const needed = heightToHold({ x: place.x, y: place.y, ...size })
  const containerHeight = typeof container.props.h === 'number' ? container.props.h : 0

  return {
    frame: { parentId: container.id, x: place.x, y: place.y, ...size },
    cards: cards.map((card, i) => ({ id: card.id, x: layout.slots[i]!.x, y: layout.slots[i]!.y })),
    containerHeight: needed > containerHeight ? needed : null,
  }
}
