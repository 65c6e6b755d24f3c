import type { Editor, TLShapePartial } from 'tldraw'
import { SECTION_META_KEY } from '../../../shared/model/sections'
import type { CarryOverPlan } from '../../../shared/series/carry-over'
import { carryOverLayout } from '../../../shared/series/carried-card'
import { SECTION_COLORS } from '../../../shared/model/section-style'

/**
 * Lays out what carries over from the last meeting of a series (shared/series/carried-card.ts):
 * the "Since last time" section left of the questions, and the carried cards in it and in the
 * template's questions and ideas, which grow to hold them. Shapes that exist (fixed ids) are left
 * as they are, so running it twice changes nothing.
 */
export function layOutCarryOver(editor: Editor, plan: CarryOverPlan, sinceLastTimeName: string): void {
  const layout = carryOverLayout(plan)
  const frames: TLShapePartial[] = layout.sinceLastTime
    ? [
        {
          id: layout.sinceLastTime.id as TLShapePartial['id'],
          type: 'frame',
          x: layout.sinceLastTime.x,
          y: layout.sinceLastTime.y,
          props: { w: layout.sinceLastTime.w, h: layout.sinceLastTime.h, name: sinceLastTimeName, color: SECTION_COLORS.custom },
          meta: { [SECTION_META_KEY]: 'custom' },
        },
      ]
    : []
  const cards: TLShapePartial[] = layout.cards.map((card) => ({
    id: card.id as TLShapePartial['id'],
    type: card.type,
    parentId: card.parentId as TLShapePartial['parentId'],
    x: card.x,
    y: card.y,
    props: { ...card.props },
    meta: card.meta as TLShapePartial['meta'],
  }))
  const missing = [...frames, ...cards].filter((shape) => !editor.getShape(shape.id))
  const grown = Object.entries(layout.heights).flatMap(([id, h]): TLShapePartial[] => {
    const frame = editor.getShape(id as TLShapePartial['id'])
    return frame?.type === 'frame' && frame.props.h < h ? [{ id: frame.id, type: 'frame', props: { h } }] : []
  })
  if (missing.length === 0 && grown.length === 0) return
  editor.run(() => {
    editor.updateShapes(grown)
    editor.createShapes(missing)
  })
}
