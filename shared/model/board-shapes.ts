/**
 * Shapes of a board as plain data, the way they sit in the record log: enough of tldraw's shape
 * record for the question-map logic (sections, slots, clusters, outline) to run on the client, on
 * the capture page and on the server alike, without importing tldraw.
 */
export interface ShapeRecord {
  id: string
  typeName: 'shape'
  type: string
  /** Position relative to the parent (a page or a frame), top-left corner. */
  x: number
  y: number
  rotation: number
  /** Fractional index: z-order among siblings. */
  index: string
  /** A page id (`page:…`) or the id of the parent shape (`shape:…`). */
  parentId: string
  isLocked: boolean
  opacity: number
  props: Record<string, unknown>
  meta: Record<string, unknown>
}

export const FRAME_SHAPE_TYPE = 'frame'

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** Picks the shapes out of any list of records (the record log also holds pages, bindings, assets…). */
export function shapesOf(records: Iterable<unknown>): ShapeRecord[] {
  const out: ShapeRecord[] = []
  for (const record of records) {
    if (!record || typeof record !== 'object') continue
    const r = record as Partial<ShapeRecord>
    if (
      r.typeName === 'shape' &&
      typeof r.id === 'string' &&
      typeof r.type === 'string' &&
      typeof r.parentId === 'string' &&
      typeof r.x === 'number' &&
      typeof r.y === 'number' &&
      r.props &&
      typeof r.props === 'object'
    ) {
      out.push({ ...r, meta: r.meta && typeof r.meta === 'object' ? r.meta : {} } as ShapeRecord)
    }
  }
  return out
}

export function byId(shapes: Iterable<ShapeRecord>): Map<string, ShapeRecord> {
  const map = new Map<string, ShapeRecord>()
  for (const shape of shapes) map.set(shape.id, shape)
  return map
}

export function childrenOf(parentId: string, shapes: Iterable<ShapeRecord>): ShapeRecord[] {
  const out: ShapeRecord[] = []
  for (const shape of shapes) if (shape.parentId === parentId) out.push(shape)
  return out
}

/**
 * The size a shape takes up. Shapes with `w`/`h` props (frames, cards, geo, images) have it;
 * for the others (text, drawings, notes) one card's size is assumed, which is what the slot grid
 * needs to stay clear of them.
 */
export function sizeOf(shape: ShapeRecord, fallback: { w: number; h: number }): { w: number; h: number } {
  const { w, h } = shape.props
  return {
    w: typeof w === 'number' && w > 0 ? w : fallback.w,
    h: typeof h === 'number' && h > 0 ? h : fallback.h,
  }
}

/** The shape's box in its parent's coordinates (rotation is ignored: cards and frames are upright). */
export function boxOf(shape: ShapeRecord, fallback: { w: number; h: number }): Box {
  return { x: shape.x, y: shape.y, ...sizeOf(shape, fallback) }
}

/** Where the shape's top-left corner is on the page: its offset summed up through its parents. */
export function pagePosition(shape: ShapeRecord, shapes: Map<string, ShapeRecord>): { x: number; y: number } {
  let x = shape.x
  let y = shape.y
  const seen = new Set([shape.id])
  let parent = shapes.get(shape.parentId)
  while (parent && !seen.has(parent.id)) {
    seen.add(parent.id)
    x += parent.x
    y += parent.y
    parent = shapes.get(parent.parentId)
  }
  return { x, y }
}

/** Whether two boxes share some area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  const epsilon = 0.5
  return a.x < b.x + b.w - epsilon && b.x < a.x + a.w - epsilon && a.y < b.y + b.h - epsilon && b.y < a.y + a.h - epsilon
}
