import { defaultBindingUtils, defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw'
import { CardShapeUtil } from '../shapes/card/CardShapeUtil'
import { PurposeShapeUtil } from '../shapes/purpose/PurposeShapeUtil'

/** Shapes of our own, in addition to tldraw's defaults. The store and the canvas must agree on them. */
export const customShapeUtils: TLAnyShapeUtilConstructor[] = [CardShapeUtil, PurposeShapeUtil]

export const storeSchemaOptions = {
  shapeUtils: [...defaultShapeUtils, ...customShapeUtils],
  bindingUtils: defaultBindingUtils,
}
