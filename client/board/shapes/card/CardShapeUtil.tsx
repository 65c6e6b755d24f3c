import { CARD_SHAPE_TYPE, EMPTY_CARD_PROPS } from '../../../../shared/model/card'
import { cardShapeMigrations, cardShapeProps } from '../../../../shared/model/custom-shape-props'
import type { CardShape } from '../card-shape'
import { CardView } from './CardView'
import { BoardBoxShapeUtil } from '../board-box-shape-util'

/** The question-map card: a fixed-size note with its author, readable from the back of the room. */
export class CardShapeUtil extends BoardBoxShapeUtil<CardShape> {
  static override type = CARD_SHAPE_TYPE
  static override props = cardShapeProps
  static override migrations = cardShapeMigrations
  protected readonly cornerRadius = 10

  getDefaultProps(): CardShape['props'] {
    return { ...EMPTY_CARD_PROPS }
  }

  // Every card has the grid's cell size, so slots stay slots.
  override canResize() {
    return false
  }

  override hideResizeHandles() {
    return true
  }

  override canEdit() {
    return true
  }

  override getText(shape: CardShape) {
    return shape.props.text
  }

  override getAriaDescriptor(shape: CardShape) {
    const { text, anonymous, authorName, authorCity } = shape.props
    const author = anonymous ? '' : [authorName, authorCity].filter(Boolean).join(', ')
    return author ? `${text} (${author})` : text
  }

  protected view(shape: CardShape) {
    return <CardView shape={shape} legibleType={this.options.environment?.legibleType ?? null} />
  }
}
