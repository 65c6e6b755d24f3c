import type { Editor, TLShapeId } from 'tldraw'
import { sectionKindOf, type SectionKind } from '../../../shared/model/sections'

/** The kind of section a shape sits in on the canvas (through clusters), or null. */
export function sectionKindOfShape(editor: Editor, shapeId: TLShapeId): SectionKind | null {
  let parent = editor.getShape(editor.getShape(shapeId)?.parentId as TLShapeId)
  while (parent) {
    const kind = sectionKindOf(parent)
    if (kind) return kind
    parent = editor.getShape(parent.parentId as TLShapeId)
  }
  return null
}
