import { CARD_SIZE } from './card'
import { overlaps, type Box } from './board-shapes'

/**
 * The grid cards are laid out on inside a frame (a section or a cluster), in the frame's own
 * coordinates. Cells are one card big; the number of columns follows the frame's width, so a
 * facilitator who widens a section gets more columns without any card moving.
 */
export const SLOT_GRID = {
  padding: 24,
  /** Between columns. */
  gapX: 16,
  /** Between rows: room for the label of a cluster frame, which tldraw draws above the frame. */
  gapY: 40,
  cellW: CARD_SIZE.w,
  cellH: CARD_SIZE.h,
} as const

/** A cell of the grid: column and row, counted from the top-left. */
export interface Slot {
  col: number
  row: number
}

export function columnsFor(frameWidth: number): number {
  const { padding, gapX, cellW } = SLOT_GRID
  return Math.max(1, Math.floor((frameWidth - 2 * padding + gapX) / (cellW + gapX)))
}

/** The top-left corner of a cell. */
export function slotOrigin({ col, row }: Slot): { x: number; y: number } {
  const { padding, gapX, gapY, cellW, cellH } = SLOT_GRID
  return { x: padding + col * (cellW + gapX), y: padding + row * (cellH + gapY) }
}

/** The cell whose corner a shape sits exactly on, or null when it sits anywhere else. */
export function slotAt(x: number, y: number): Slot | null {
  const { padding, gapX, gapY, cellW, cellH } = SLOT_GRID
  const col = Math.round((x - padding) / (cellW + gapX))
  const row = Math.round((y - padding) / (cellH + gapY))
  if (col < 0 || row < 0) return null
  const origin = slotOrigin({ col, row })
  return Math.abs(origin.x - x) < 0.01 && Math.abs(origin.y - y) < 0.01 ? { col, row } : null
}

/** Size of a frame that holds `columns` × `rows` cells. */
export function frameSizeFor(columns: number, rows: number): { w: number; h: number } {
  const { padding, gapX, gapY, cellW, cellH } = SLOT_GRID
  return {
    w: 2 * padding + columns * cellW + (columns - 1) * gapX,
    h: 2 * padding + rows * cellH + (rows - 1) * gapY,
  }
}

/** Height a frame needs so that `box` (in the frame's coordinates) is inside it with padding below. */
export function heightToHold(box: Box): number {
  return box.y + box.h + SLOT_GRID.padding
}

/**
 * The first place, in reading order (row by row, left to right), where a block of `size` can sit
 * with its corner on a cell corner without overlapping any of `occupied`. Blocks wider than the
 * frame still start in column 0. Rows below the frame's bottom count as free: the frame grows.
 */
export function firstFreePlace(frameWidth: number, occupied: readonly Box[], size: { w: number; h: number }): Slot & { x: number; y: number } {
  const columns = columnsFor(frameWidth)
  // A block starting on a cell corner covers every column that starts before its right edge.
  const span = Math.max(1, Math.ceil(size.w / (SLOT_GRID.cellW + SLOT_GRID.gapX)))
  const lastStartColumn = Math.max(0, columns - span)
  // Past the lowest occupant every cell is free, so the search always ends.
  const lowest = occupied.reduce((bottom, box) => Math.max(bottom, box.y + box.h), 0)
  for (let row = 0; ; row++) {
    for (let col = 0; col <= lastStartColumn; col++) {
      const origin = slotOrigin({ col, row })
      const candidate = { x: origin.x, y: origin.y, w: size.w, h: size.h }
      if (!occupied.some((box) => overlaps(box, candidate))) return { col, row, ...origin }
      if (origin.y > lowest) return { col, row, ...origin }
    }
  }
}
