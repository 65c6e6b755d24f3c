import { defaultBindingUtils, defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw'

/** Shapes of our own, in addition to tldraw's defaults. The store and the canvas must agree on them. */
export const customShapeUtils: TLAnyShapeUtilConstructor[] = []

export const storeSchemaOptions = {
  shapeUtils: [...defaultShapeUtils, ...customShapeUtils],
  bindingUtils: defaultBindingUtils,
}
