import { T, type RecordProps, type TLShape } from 'tldraw'
import { CARD_SHAPE_TYPE, type CardProps } from '../../../shared/model/card'
import { PURPOSE_SHAPE_TYPE } from '../../../shared/model/template'

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [CARD_SHAPE_TYPE]: CardProps
    [PURPOSE_SHAPE_TYPE]: { w: number; h: number }
  }
}

export type CardShape = TLShape<typeof CARD_SHAPE_TYPE>
export type PurposeShape = TLShape<typeof PURPOSE_SHAPE_TYPE>

/** A due date: empty, or a calendar day as `<input type="date">` gives it. */
const dueDate = T.string.check((value) => {
  if (value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`Expected an ISO date or "", got ${value}`)
})

/**
 * The store validates every card against these, locally and from peers, so a card that does not
 * match `CardProps` (shared/model/card.ts) never reaches the canvas.
 */
export const cardShapeProps: RecordProps<CardShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  text: T.string,
  kind: T.literalEnum('note', 'commitment'),
  authorName: T.string,
  authorCity: T.string,
  anonymous: T.boolean,
  createdAt: T.number,
  owner: T.string,
  ownerCity: T.string,
  due: dueDate,
}

export const purposeShapeProps: RecordProps<PurposeShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
}
