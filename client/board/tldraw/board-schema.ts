import { defaultBindingUtils, defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw'
import { CardShapeUtil } from '../shapes/card/CardShapeUtil'
import { PurposeShapeUtil } from '../shapes/purpose/PurposeShapeUtil'
import type { ShapeEnvironment } from '../shapes/shape-environment'

/** Shapes of our own, in addition to tldraw's defaults. The store and the canvas must agree on them. */
const customShapeUtils: TLAnyShapeUtilConstructor[] = [CardShapeUtil, PurposeShapeUtil]

/** Our shapes for the canvas of one open board: the same types, with what their views need. */
export function boardShapeUtils(environment: ShapeEnvironment): TLAnyShapeUtilConstructor[] {
  return [CardShapeUtil.configure({ environment }), PurposeShapeUtil.configure({ environment })]
}

export const storeSchemaOptions = {
  shapeUtils: [...defaultShapeUtils, ...customShapeUtils],
  bindingUtils: defaultBindingUtils,
}
