import { useMemo } from 'react'
import { useValue, type Editor } from 'tldraw'
import { sectionFromFrame, type Section } from '../../../shared/model/sections'
import type { ShapeRecord } from '../../../shared/model/board-shapes'

/** The sections (section frames) on the current page, top to bottom, left to right. */
export function useSections(editor: Editor): Section[] {
  // As text, so that moving a card (which re-runs this) re-renders nothing.
  const json = useValue(
    'sections',
    () =>
      JSON.stringify(
        editor
          .getCurrentPageShapes()
          .filter((shape) => shape.type === 'frame')
          .sort((a, b) => a.y - b.y || a.x - b.x)
          .map((shape) => sectionFromFrame(shape as unknown as ShapeRecord))
          .filter((section): section is Section => section !== null),
      ),
    [editor],
  )
  return useMemo(() => JSON.parse(json) as Section[], [json])
}
