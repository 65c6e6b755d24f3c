import type * as Y from 'yjs'
import { shapesOf } from '../../shared/model/board-shapes'
import { buildOutline, type Outline } from '../../shared/model/outline'
import { RECORDS_ARRAY, readRecords } from '../../shared/model/record-log'
import { cardPhotoUrl } from '../question-map/card-photo'
import { useYjsValue } from '../sync/use-yjs-value'

export interface BoardCards extends Outline {
  /** The address of each card's photo, by card id, for the cards that have one. */
  photos: Record<string, string>
}

/** Every card of the board by section, in reading order (shared/model/outline.ts), with their photos. */
function readBoardCards(doc: Y.Doc): BoardCards {
  const records = readRecords(doc)
  const shapes = shapesOf(records.values())
  const photos: Record<string, string> = {}
  for (const shape of shapes) {
    const url = cardPhotoUrl(shape, records)
    if (url) photos[shape.id] = url
  }
  return { ...buildOutline(shapes), photos }
}

/** The board's cards read straight from its document, current after every change of the record log. */
export function useBoardCards(doc: Y.Doc): BoardCards {
  return useYjsValue(doc, [RECORDS_ARRAY], readBoardCards)
}
