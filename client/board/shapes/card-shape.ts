import type { TLShape } from 'tldraw'
import type { CardProps } from '../../../shared/model/card'
import type { PurposeProps } from '../../../shared/model/custom-shape-props'
import { CARD_SHAPE_TYPE } from '../../../shared/model/card'
import { PURPOSE_SHAPE_TYPE } from '../../../shared/model/template'

// The props validators are in shared/model/custom-shape-props.ts: the server builds the same schema.
declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [CARD_SHAPE_TYPE]: CardProps
    [PURPOSE_SHAPE_TYPE]: PurposeProps
  }
}

export type CardShape = TLShape<typeof CARD_SHAPE_TYPE>
export type PurposeShape = TLShape<typeof PURPOSE_SHAPE_TYPE>
