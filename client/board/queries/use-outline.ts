import { useMemo } from 'react'
import { useValue, type Editor } from 'tldraw'
import type { ShapeRecord } from '../../../shared/model/board-shapes'
import { buildOutline, type Outline } from '../../../shared/model/outline'

/** The board's outline, rebuilt when any shape changes. */
export function useOutline(editor: Editor): Outline {
  const shapes = useValue('board shapes', () => editor.store.query.records('shape').get(), [editor])
  // tldraw's shape records are the plain records of the document.
  return useMemo(() => buildOutline(shapes as unknown as ShapeRecord[]), [shapes])
}
