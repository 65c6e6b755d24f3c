import { BaseBoxShapeUtil, HTMLContainer } from 'tldraw'
import { CARD_SHAPE_TYPE, EMPTY_CARD_PROPS } from '../../../../shared/model/card'
import { cardShapeMigrations, cardShapeProps } from '../../../../shared/model/custom-shape-props'
import type { CardShape } from '../card-shape'
import { CardView } from './CardView'
import { ShapeEnvironmentProvider, type ShapeEnvironment } from '../shape-environment'

/** The question-map card: a fixed-size note with its author, readable from the back of the room. */
export class CardShapeUtil extends BaseBoxShapeUtil<CardShape> {
  static override type = CARD_SHAPE_TYPE
  static override props = cardShapeProps
  static override migrations = cardShapeMigrations

  /** Set per open board with `configure` (see shape-environment.tsx: exports render outside the page). */
  override options: { environment: ShapeEnvironment | null } = { environment: null }

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

  component(shape: CardShape) {
    return (
      <HTMLContainer>
        <ShapeEnvironmentProvider environment={this.options.environment}>
          <CardView shape={shape} legibleType={this.options.environment?.legibleType ?? null} />
        </ShapeEnvironmentProvider>
      </HTMLContainer>
    )
  }

  getIndicatorPath(shape: CardShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 10)
    return path
  }
}
