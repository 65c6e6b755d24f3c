import type { ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE, EMPTY_CARD_PROPS } from '../../shared/model/card'

/** Plain shape records for model tests, with tldraw's base fields filled in. */
export function shape(partial: Partial<ShapeRecord> & Pick<ShapeRecord, 'id' | 'type'>): ShapeRecord {
  return {
    typeName: 'shape',
    x: 0,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: {},
    meta: {},
    ...partial,
  }
}

export function frame(id: string, box: { x: number; y: number; w: number; h: number }, meta: Record<string, unknown> = {}, parentId = 'page:page', name = ''): ShapeRecord {
  return shape({ id, type: 'frame', x: box.x, y: box.y, parentId, props: { w: box.w, h: box.h, name, color: 'black' }, meta })
}

export function card(id: string, parentId: string, x: number, y: number, props: Record<string, unknown> = {}): ShapeRecord {
  return shape({ id, type: CARD_SHAPE_TYPE, parentId, x, y, props: { ...EMPTY_CARD_PROPS, ...props } })
}
