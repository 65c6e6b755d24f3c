import type * as Y from 'yjs'
import type { ShapeRecord } from '../../shared/model/board-shapes'
import { RECORDS_ARRAY } from '../../shared/model/record-log'
import { readShapes } from '../../shared/model/shape-log'
import { useYjsValue } from '../sync/use-yjs-value'

/** The board's shapes read straight from its document (the record log), current after every change. */
export function useDocShapes(doc: Y.Doc): ShapeRecord[] {
  return useYjsValue(doc, [RECORDS_ARRAY], readShapes)
}
