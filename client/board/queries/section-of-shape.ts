import type { Editor, TLShape, TLShapeId } from 'tldraw'
import type { ShapeRecord } from '../../../shared/model/board-shapes'
import { sectionAt, sectionOf, type SectionKind } from '../../../shared/model/sections'

/**
 * "Which section is this shape in" on the canvas: the answer of shared/model/sections.ts, the one
 * the server judges writes by, looked up in the editor's store (reactive inside `useValue`).
 * tldraw's shape records are the plain records of the document.
 */
function editorShapes(editor: Editor): Pick<ReadonlyMap<string, ShapeRecord>, 'get'> {
  return { get: (id) => editor.getShape(id as TLShapeId) as unknown as ShapeRecord | undefined }
}

/** The kind of section a shape sits in on the canvas (through clusters), or null. */
export function sectionKindOfShape(editor: Editor, shapeId: TLShapeId): SectionKind | null {
  const shape = editor.getShape(shapeId)
  return shape ? (sectionOf(shape as unknown as ShapeRecord, editorShapes(editor))?.kind ?? null) : null
}

/** The section frame a shape is or sits in (its id), or null: what locks and voting rounds go by. */
export function sectionIdAt(editor: Editor, shape: TLShape): string | null {
  return sectionAt(shape as unknown as ShapeRecord, editorShapes(editor))?.id ?? null
}
