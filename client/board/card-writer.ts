import type * as Y from 'yjs'
import { getIndexAbove, type IndexKey } from 'tldraw'
import { childrenOf, type ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE, newCardProps, type CardProps } from '../../shared/model/card'
import { placeNewCard, PLACED_BY_META_KEY } from '../../shared/model/slot-placement'
import type { ParticipantProfile } from '../../shared/model/participant'
import { sectionKindOf } from '../../shared/model/sections'
import { readShapes, writeShapes } from '../../shared/model/shape-log'
import { randomId } from './random-id'

export interface NewCard {
  text: string
  anonymous: boolean
}

/**
 * Adds a card to a section (or cluster) straight in the board's document, in the next free slot
 * of its grid; the canvas, the outline and the capture page all add cards through here. The card
 * records the session that placed it, which resolves a collision with a card someone else placed
 * at the same moment (see shared/model/slot-placement.ts). Returns the new card's id, or null when
 * the section no longer exists.
 */
export function addCard(doc: Y.Doc, containerId: string, card: NewCard, author: ParticipantProfile, now = Date.now()): string | null {
  const shapes = readShapes(doc)
  const container = shapes.find((shape) => shape.id === containerId)
  if (!container) return null
  const siblings = childrenOf(containerId, shapes)
  const placement = placeNewCard(container, siblings)
  const topIndex = siblings.reduce<string | null>((top, shape) => (top === null || shape.index > top ? shape.index : top), null)
  const props: CardProps = newCardProps({
    text: card.text,
    kind: sectionKindOf(container) === 'commitments' ? 'commitment' : 'note',
    authorName: author.name,
    authorCity: author.city,
    anonymous: card.anonymous,
    createdAt: now,
  })
  const record: ShapeRecord = {
    id: `shape:${randomId()}`,
    typeName: 'shape',
    type: CARD_SHAPE_TYPE,
    x: placement.x,
    y: placement.y,
    rotation: 0,
    index: getIndexAbove(topIndex as IndexKey | null),
    parentId: containerId,
    isLocked: false,
    opacity: 1,
    props: { ...props },
    meta: { [PLACED_BY_META_KEY]: doc.clientID },
  }
  const writes: ShapeRecord[] = [record]
  if (placement.frameHeight !== null) writes.push({ ...container, props: { ...container.props, h: placement.frameHeight } })
  writeShapes(doc, writes)
  return record.id
}
