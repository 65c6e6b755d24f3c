/** A card shape record as the board's record log holds it, for tests that write cards from a plain Yjs client. */
import { newCardProps } from '../../shared/model/card'

export function cardRecord(options: {
  id: string
  parentId: string
  x: number
  y: number
  index?: string
  props: Parameters<typeof newCardProps>[0]
}): { id: string } & Record<string, unknown> {
  return {
    id: options.id,
    typeName: 'shape',
    type: 'gb-card',
    parentId: options.parentId,
    x: options.x,
    y: options.y,
    rotation: 0,
    index: options.index ?? 'a9',
    isLocked: false,
    opacity: 1,
    props: newCardProps(options.props),
    meta: {},
  }
}
