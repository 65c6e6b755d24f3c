import { createShapeId, type Editor, type TLShapeId } from 'tldraw'
import { SECTION_META_KEY } from '../../../shared/model/sections'
import { SECTION_SIZE } from '../../../shared/model/template'
import { SECTION_COLORS } from '../../../shared/model/section-style'

/** Room left between a new section and what is already on the page. */
const SPACING = 80

/**
 * Adds an empty section to the right of everything on the page and brings it into view. Renaming,
 * moving, resizing and deleting it are tldraw's own frame tools.
 */
export function addSection(editor: Editor, name: string): TLShapeId {
  const id = createShapeId()
  const bounds = editor.getCurrentPageBounds()
  editor.run(() => {
    editor.createShape({
      id,
      type: 'frame',
      x: bounds ? bounds.maxX + SPACING : 0,
      y: bounds ? bounds.minY : 0,
      props: { w: SECTION_SIZE.w, h: SECTION_SIZE.h, name, color: SECTION_COLORS.custom },
      meta: { [SECTION_META_KEY]: 'custom' },
    })
    editor.select(id)
  })
  editor.zoomToSelection({ animation: { duration: 200 } })
  return id
}
