import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import type { ShapeRecord } from '../../shared/model/board-shapes'
import { readShapes } from '../../shared/model/shape-log'

const cache = new WeakMap<Y.Doc, ShapeRecord[]>()

/** The board's shapes read straight from its document, current after every change. */
export function useDocShapes(doc: Y.Doc): ShapeRecord[] {
  return useSyncExternalStore(
    (onChange) => {
      const onUpdate = () => {
        cache.delete(doc)
        onChange()
      }
      doc.on('update', onUpdate)
      return () => doc.off('update', onUpdate)
    },
    () => {
      const cached = cache.get(doc)
      if (cached) return cached
      const shapes = readShapes(doc)
      cache.set(doc, shapes)
      return shapes
    },
  )
}
