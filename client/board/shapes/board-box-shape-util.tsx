import type { ReactNode } from 'react'
import { BaseBoxShapeUtil, HTMLContainer, type TLBaseBoxShape } from 'tldraw'
import { ShapeEnvironmentProvider, type ShapeEnvironment } from './shape-environment'

/**
 * What our box shapes (card, purpose) have in common: their view is HTML given the shape
 * environment wherever tldraw renders it, on the canvas or for an export (see shape-environment.tsx),
 * and their outline is a rounded rectangle.
 */
export abstract class BoardBoxShapeUtil<Shape extends TLBaseBoxShape> extends BaseBoxShapeUtil<Shape> {
  /** Set per open board with `configure`. */
  override options: { environment: ShapeEnvironment | null } = { environment: null }

  /** The corner radius of the outline, in page units. */
  protected abstract readonly cornerRadius: number

  /** The shape's view, rendered inside the environment. */
  protected abstract view(shape: Shape): ReactNode

  component(shape: Shape) {
    return (
      <HTMLContainer>
        <ShapeEnvironmentProvider environment={this.options.environment}>{this.view(shape)}</ShapeEnvironmentProvider>
      </HTMLContainer>
    )
  }

  getIndicatorPath(shape: Shape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, this.cornerRadius)
    return path
  }
}
