import type * as Y from 'yjs'
import { shapesOf, type ShapeRecord } from './board-shapes'
import { changedFieldPaths, type FieldPath } from './field-paths'
import { readRecords, RecordLog } from './record-log'

/**
 * Shapes read from and written to a board's record log directly, without a tldraw store: the
 * capture page, slot repairs and the server work this way. A board with a canvas open picks such
 * writes up like any peer's (client/sync/tldraw/binding.ts validates them on the way in).
 */

/** Every shape on the board, folded from the record log. */
export function readShapes(doc: Y.Doc): ShapeRecord[] {
  return shapesOf(readRecords(doc).values())
}

/**
 * Writes whole shape records in one transaction, each as a change of just the fields that differ
 * from what the log holds now (a new record is written whole), so concurrent edits of other
 * fields of the same shape survive.
 */
export function writeShapes(doc: Y.Doc, shapes: readonly ShapeRecord[], origin: unknown = null): void {
  if (shapes.length === 0) return
  const log = new RecordLog<ShapeRecord>(doc)
  try {
    const changed = new Map<string, FieldPath[] | null>()
    for (const shape of shapes) {
      const current = log.get(shape.id)
      changed.set(shape.id, current ? changedFieldPaths(current, shape) : null)
    }
    log.put(shapes, changed, origin)
  } finally {
    log.dispose()
  }
}
