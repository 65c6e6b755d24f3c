import type { Editor, TLShapePartial } from 'tldraw'
import type { SectionKind } from '../../../shared/model/sections'
import { SECTION_META_KEY } from '../../../shared/model/sections'
import { PURPOSE_SHAPE_TYPE, questionMapLayout } from '../../../shared/model/template'
import { SECTION_COLORS } from '../../../shared/model/section-style'

/**
 * Lays the question map out on the current page: purpose in the middle, the sections around it,
 * named in the creator's language. Shapes that already exist (same fixed ids) are left as they
 * are, so running it twice changes nothing.
 */
export function layOutQuestionMap(editor: Editor, sectionName: (kind: SectionKind) => string): void {
  const layout = questionMapLayout()
  const shapes: TLShapePartial[] = [
    {
      id: layout.purpose.id as TLShapePartial['id'],
      type: PURPOSE_SHAPE_TYPE,
      x: layout.purpose.x,
      y: layout.purpose.y,
      props: { w: layout.purpose.w, h: layout.purpose.h },
    },
    ...layout.sections.map(
      (section): TLShapePartial => ({
        id: section.id as TLShapePartial['id'],
        type: 'frame',
        x: section.x,
        y: section.y,
        props: { w: section.w, h: section.h, name: sectionName(section.kind), color: SECTION_COLORS[section.kind] },
        meta: { [SECTION_META_KEY]: section.kind },
      }),
    ),
  ]
  const missing = shapes.filter((shape) => !editor.getShape(shape.id))
  if (missing.length === 0) return
  editor.run(() => editor.createShapes(missing))
}
