import type * as Y from 'yjs'
import { readRecords } from '../model/record-log'

/** Every tldraw record of the board, read once through the record log (never the raw array). */
export function boardRecords(doc: Y.Doc): unknown[] {
  return [...readRecords(doc).values()]
}
