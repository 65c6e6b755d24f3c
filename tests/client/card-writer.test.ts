/**
 * Adding a card checks what the server would refuse before writing (viewer, closed meeting,
 * locks), and the capture page can tell afterwards which of its cards the server never took; a
 * card with a photo brings tldraw's image shape and asset with it, beside the card.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CARD_SHAPE_TYPE, CARD_SIZE } from '../../shared/model/card'
import { overlaps, sizeOf, type ShapeRecord } from '../../shared/model/board-shapes'
import { boardStoreSchema } from '../../shared/model/tldraw-schema'
import { CARD_PHOTO_META_KEY } from '../../client/question-map/card-photo'
import { CLUSTER_META_KEY } from '../../shared/model/cluster'
import { BOARD_LOCK, setLock } from '../../shared/model/locks'
import { writeMeeting } from '../../shared/model/meeting'
import type { Role } from '../../shared/model/participant'
import { RecordLog } from '../../shared/model/record-log'
import { readShapes, writeShapes } from '../../shared/model/shape-log'
import { addCard } from '../../client/question-map/card-writer'
import { markRefusedCards, type SentCard } from '../../client/capture/sent-cards'
import { frame } from '../model/shape-fixtures'

const author = { name: 'Ana', whereabouts: 'onsite' as const, city: 'Leipzig' }
const lock = { by: 'Fran', at: 1 }

/** Two sections, the first with a cluster in it. */
function board(): Y.Doc {
  const doc = new Y.Doc()
  writeShapes(doc, [
    frame('shape:questions', { x: 0, y: 0, w: 1000, h: 700 }, { section: 'questions' }),
    frame('shape:ideas', { x: 1200, y: 0, w: 1000, h: 700 }, { section: 'ideas' }),
    frame('shape:cluster', { x: 24, y: 24, w: 600, h: 400 }, { [CLUSTER_META_KEY]: true }, 'shape:questions'),
  ])
  return doc
}

const cardCount = (doc: Y.Doc) => readShapes(doc).filter((shape) => shape.type === CARD_SHAPE_TYPE).length
const add = (doc: Y.Doc, containerId: string, role: Role = 'participant') => addCard(doc, containerId, { text: 'Hello', anonymous: false }, author, role, 1)

describe('adding a card where the server would refuse it', () => {
  it('adds it where the role may write', () => {
    const doc = board()
    expect(add(doc, 'shape:questions')).toMatchObject({ ok: true })
    expect(add(doc, 'shape:cluster')).toMatchObject({ ok: true })
    expect(cardCount(doc)).toBe(2)
  })

  it('writes nothing and says why: viewer, missing section, locked section (also through a cluster), locked board, closed meeting', () => {
    const doc = board()
    expect(add(doc, 'shape:questions', 'viewer')).toEqual({ ok: false, reason: 'read-only' })
    expect(add(doc, 'shape:gone')).toEqual({ ok: false, reason: 'no-section' })
    setLock(doc, 'shape:questions', lock)
    expect(add(doc, 'shape:questions')).toEqual({ ok: false, reason: 'locked-section' })
    expect(add(doc, 'shape:cluster')).toEqual({ ok: false, reason: 'locked-section' })
    expect(add(doc, 'shape:ideas')).toMatchObject({ ok: true })
    setLock(doc, BOARD_LOCK, lock)
    expect(add(doc, 'shape:ideas')).toEqual({ ok: false, reason: 'locked-board' })
    writeMeeting(doc, { archivedAt: 1 })
    expect(add(doc, 'shape:ideas')).toEqual({ ok: false, reason: 'archived' })
    expect(cardCount(doc)).toBe(1)
  })

  it('lets the facilitator add cards in spite of locks and a closed meeting', () => {
    const doc = board()
    setLock(doc, BOARD_LOCK, lock)
    setLock(doc, 'shape:questions', lock)
    writeMeeting(doc, { archivedAt: 1 })
    expect(add(doc, 'shape:questions', 'facilitator')).toMatchObject({ ok: true })
  })
})

describe('cards the server never took', () => {
  it('are the ones from the refused update on: those the server has stay sent, even when deleted since', () => {
    const phone = board()
    const server = new Y.Doc()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(phone))
    const sent: SentCard[] = []
    const send = (text: string) => {
      const result = addCard(phone, 'shape:questions', { text, anonymous: false }, author, 'participant', 1)
      if (!result.ok) throw new Error(result.reason)
      sent.unshift({ id: result.id, text, sectionName: 'Questions', at: 1, queued: true, write: result.write })
    }
    send('taken')
    Y.applyUpdate(server, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(server)))
    // Someone deletes the card that arrived; the server keeps knowing it took it.
    const log = new RecordLog(server)
    log.remove([sent[0]!.id])
    log.dispose()
    expect(cardCount(server)).toBe(0)
    send('refused')
    send('after the refused one')
    const legacy: SentCard = { id: 'shape:old', text: 'before positions were kept', sectionName: 'Questions', at: 0, queued: false }

    const marked = markRefusedCards([...sent, legacy], server, 'locked-section')
    expect(marked.map((card) => [card.text, card.refused ?? null, card.queued])).toEqual([
      ['after the refused one', 'locked-section', false],
      ['refused', 'locked-section', false],
      ['taken', null, false],
      ['before positions were kept', null, false],
    ])
  })
})

describe('a card with a photo', () => {
  const photo = { url: '/api/boards/board-1/assets/AAAAAAAAAAAAAAAAAAAAAA', width: 1600, height: 1200, mimeType: 'image/jpeg', bytes: 123_456 }

  it('gets tldraw\'s image shape and asset in the slot after it, named by the card, valid for the board schema', () => {
    const doc = board()
    const result = addCard(doc, 'shape:ideas', { text: 'The pond', anonymous: false, photo }, author, 'participant', 1)
    if (!result.ok) throw new Error(result.reason)
    const records = new RecordLog(doc)
    const card = records.get(result.id) as unknown as ShapeRecord
    const image = records.get(card.meta[CARD_PHOTO_META_KEY] as string) as unknown as ShapeRecord
    const asset = records.get(image.props.assetId as string) as unknown as { props: Record<string, unknown> }
    records.dispose()

    expect(image).toMatchObject({ type: 'image', parentId: 'shape:ideas', props: { w: 240, h: 180, altText: 'The pond' } })
    expect(asset).toMatchObject({ typeName: 'asset', type: 'image', props: { src: photo.url, w: 1600, h: 1200 } })
    expect(() => boardStoreSchema.types.shape.validate(image)).not.toThrow()
    expect(() => boardStoreSchema.types.asset.validate(asset)).not.toThrow()
    // Beside the card, not on it; and the next card keeps clear of both.
    const box = (shape: ShapeRecord) => ({ x: shape.x, y: shape.y, ...sizeOf(shape, CARD_SIZE) })
    expect(overlaps(box(card), box(image))).toBe(false)
    add(doc, 'shape:ideas')
    const inIdeas = readShapes(doc).filter((shape) => shape.parentId === 'shape:ideas')
    expect(inIdeas).toHaveLength(3)
    for (const a of inIdeas) for (const b of inIdeas) if (a !== b) expect(overlaps(box(a), box(b))).toBe(false)
  })

  it('writes no photo where the card is refused', () => {
    const doc = board()
    setLock(doc, 'shape:ideas', lock)
    expect(addCard(doc, 'shape:ideas', { text: '', anonymous: false, photo }, author, 'participant', 1)).toEqual({ ok: false, reason: 'locked-section' })
    expect(readShapes(doc).some((shape) => shape.type === 'image')).toBe(false)
  })
})
