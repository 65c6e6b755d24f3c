import * as Y from 'yjs'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import { byId, childrenOf, type ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE, newCardProps, type CardProps } from '../../shared/model/card'
import { placeNewCard, PLACED_BY_META_KEY } from '../../shared/model/slot-placement'
import type { ParticipantProfile, Role } from '../../shared/model/participant'
import { sectionAt, sectionKindOf } from '../../shared/model/sections'
import { readShapes, writeShapes } from '../../shared/model/shape-log'
import { readWriteRules } from '../../shared/rules/doc-rules'
import { writeBlock, type WriteBlock } from '../../shared/rules/write-rules'
import { randomId } from './random-id'
import { CARD_PHOTO_META_KEY, photoAssetRecord, photoShapeProps, type UploadedPhoto } from './card-photo'
import { RecordLog } from '../../shared/model/record-log'

export interface NewCard {
  text: string
  anonymous: boolean
  /** A photo already uploaded to the board: shown beside the card (see ./card-photo.ts). */
  photo?: UploadedPhoto
}

/** Why a card was not added: the section is gone, or the server would refuse the write. */
export type CardRefusal = 'no-section' | WriteBlock

/** Where in the board's history a card was written: the writing Yjs client and its clock then. */
export interface WritePosition {
  client: number
  clock: number
}

export type AddCardResult = { ok: true; id: string; write: WritePosition } | { ok: false; reason: CardRefusal }

/**
 * Adds a card to a section (or cluster) straight in the board's document, in the next free slot
 * of its grid; the canvas, the outline and the capture page all add cards through here. The card
 * records the session that placed it, which resolves a collision with a card someone else placed
 * at the same moment (see shared/model/slot-placement.ts). Nothing is written when the section no
 * longer exists or when a session with `role` may not write there (viewer, closed meeting, lock):
 * the result says why, for the page to tell the person instead of having the server refuse it.
 * A card with a photo gets the photo's image shape in the slot after its own, written together.
 *
 * An anonymous card is written as a Yjs client id used for nothing else: this session's own id is
 * also its presence id, which carries the person's name, so writing as it would tell everyone on
 * the board who wrote the card. The server binds the new id to this device like any other.
 */
export function addCard(
  doc: Y.Doc,
  containerId: string,
  card: NewCard,
  author: ParticipantProfile,
  role: Role,
  now = Date.now(),
): AddCardResult {
  const shapes = readShapes(doc)
  const shapesById = byId(shapes)
  const container = shapesById.get(containerId)
  if (!container) return { ok: false, reason: 'no-section' }
  const blocked = writeBlock(readWriteRules(doc), role, sectionAt(container, shapesById)?.id ?? null)
  if (blocked) return { ok: false, reason: blocked }
  const writer = card.anonymous ? freshClientId() : doc.clientID
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
    meta: { [PLACED_BY_META_KEY]: writer },
  }
  const writes: ShapeRecord[] = [record]
  let asset: ReturnType<typeof photoAssetRecord> | null = null
  let frame = placement.frameHeight === null ? container : { ...container, props: { ...container.props, h: placement.frameHeight } }
  if (card.photo) {
    asset = photoAssetRecord(`asset:${randomId()}`, card.photo)
    const image: ShapeRecord = {
      ...record,
      id: `shape:${randomId()}`,
      type: 'image',
      index: getIndexAbove(record.index as IndexKey),
      props: photoShapeProps(asset.id, card.photo, props.text),
      meta: {},
    }
    // The photo takes the next free slot, the card now counting as taken.
    const next = placeNewCard(frame, [...siblings, record])
    image.x = next.x
    image.y = next.y
    if (next.frameHeight !== null) frame = { ...frame, props: { ...frame.props, h: next.frameHeight } }
    record.meta[CARD_PHOTO_META_KEY] = image.id
    writes.push(image)
  }
  if (frame !== container) writes.push(frame)
  const write = { client: writer, clock: Y.getState(doc.store, writer) }
  writeAs(doc, writer, () =>
    doc.transact(() => {
      if (asset) putAsset(doc, asset)
      writeShapes(doc, writes)
    }),
  )
  return { ok: true, id: record.id, write }
}

/** Writes a new asset record into the record log (written whole: nobody else has it yet). */
function putAsset(doc: Y.Doc, asset: ReturnType<typeof photoAssetRecord>): void {
  const log = new RecordLog(doc)
  try {
    log.put([asset])
  } finally {
    log.dispose()
  }
}

/**
 * Runs `change` with the doc writing as `clientId`. Yjs takes each new item's id from
 * `doc.clientID` and the next clock from its store, so writing under a second id is safe as long
 * as this doc is the only one that ever uses it.
 */
function writeAs(doc: Y.Doc, clientId: number, change: () => void): void {
  const own = doc.clientID
  doc.clientID = clientId
  try {
    change()
  } finally {
    doc.clientID = own
  }
}

/** A fresh Yjs client id (an unsigned 32-bit number, as Yjs makes them). */
function freshClientId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!
}
