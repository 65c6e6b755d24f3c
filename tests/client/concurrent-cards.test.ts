import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { boxOf, childrenOf, overlaps, type ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE, CARD_SIZE } from '../../shared/model/card'
import { readShapes, writeShapes } from '../../shared/model/shape-log'
import { slotAt } from '../../shared/model/slot-grid'
import { questionMapLayout } from '../../shared/model/template'
import { addCard } from '../../client/board/card-writer'
import { writeSlotRepairs } from '../../client/board/slot-repairer'

const layout = questionMapLayout()
const questions = layout.sections.find((section) => section.kind === 'questions')!
const author = { name: 'Ana', whereabouts: 'onsite' as const, city: 'Leipzig' }

/** A board with the question-map sections, as every peer has it before the round starts. */
function boardWithSections(): Y.Doc {
  const doc = new Y.Doc()
  writeShapes(
    doc,
    layout.sections.map(
      (section): ShapeRecord => ({
        id: section.id,
        typeName: 'shape',
        type: 'frame',
        x: section.x,
        y: section.y,
        rotation: 0,
        index: 'a1',
        parentId: 'page:page',
        isLocked: false,
        opacity: 1,
        props: { w: section.w, h: section.h, name: section.kind, color: 'black' },
        meta: { section: section.kind },
      }),
    ),
  )
  return doc
}

function peersOf(origin: Y.Doc, count: number): Y.Doc[] {
  return Array.from({ length: count }, () => {
    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(origin))
    return peer
  })
}

/** Everyone receives everything everyone else has (the server's fan-out, in one step). */
function syncAll(peers: readonly Y.Doc[]) {
  const updates = peers.map((peer) => Y.encodeStateAsUpdate(peer))
  for (const peer of peers) for (const update of updates) Y.applyUpdate(peer, update)
}

/** Repair rounds as the peers run them, until nobody has anything left to write. */
function settle(peers: readonly Y.Doc[], present: readonly number[]): number {
  for (let round = 1; round <= 50; round++) {
    const written = peers.reduce((sum, peer) => sum + (present.includes(peer.clientID) ? writeSlotRepairs(peer, present) : 0), 0)
    syncAll(peers)
    if (written === 0) return round
  }
  throw new Error('slot repairs did not settle')
}

function cardsIn(doc: Y.Doc, sectionId: string): ShapeRecord[] {
  return childrenOf(sectionId, readShapes(doc)).filter((shape) => shape.type === CARD_SHAPE_TYPE)
}

function expectNoOverlap(cards: readonly ShapeRecord[]) {
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      expect(overlaps(boxOf(cards[i]!, CARD_SIZE), boxOf(cards[j]!, CARD_SIZE)), `${cards[i]!.id} on ${cards[j]!.id}`).toBe(false)
    }
  }
}

const snapshot = (doc: Y.Doc) =>
  readShapes(doc)
    .map((shape) => `${shape.id}@${shape.parentId}:${shape.x},${shape.y},${String(shape.props.h)}`)
    .sort()

describe('cards added at the same moment from different devices', () => {
  it('twenty people adding to one section in the same second end up in twenty different slots', () => {
    const peers = peersOf(boardWithSections(), 20)
    // Everyone adds before seeing anyone else's card: all of them pick the first cell.
    peers.forEach((peer, i) => addCard(peer, questions.id, { text: `card ${i}`, anonymous: false }, author, 1_000 + (i % 3)))
    syncAll(peers)
    expect(new Set(cardsIn(peers[0]!, questions.id).map((card) => `${card.x},${card.y}`)).size).toBe(1)

    settle(peers, peers.map((peer) => peer.clientID))

    const cards = cardsIn(peers[0]!, questions.id)
    expect(cards).toHaveLength(20)
    expectNoOverlap(cards)
    expect(cards.every((card) => slotAt(card.x, card.y) !== null)).toBe(true)
    // The section grew to hold them all, and every peer sees the very same board.
    const frame = readShapes(peers[0]!).find((shape) => shape.id === questions.id)!
    expect(Math.max(...cards.map((card) => card.y + CARD_SIZE.h))).toBeLessThanOrEqual(frame.props.h as number)
    for (const peer of peers.slice(1)) expect(snapshot(peer)).toEqual(snapshot(peers[0]!))
  })

  it('converges when several people add several cards each and others keep adding during the repairs', () => {
    const peers = peersOf(boardWithSections(), 5)
    const present = peers.map((peer) => peer.clientID)
    peers.forEach((peer, i) => {
      for (let n = 0; n < 4; n++) addCard(peer, questions.id, { text: `p${i} n${n}`, anonymous: false }, author, 2_000 + n)
    })
    syncAll(peers)
    // A first repair round goes out while two people add more cards, unaware of it.
    for (const peer of peers) writeSlotRepairs(peer, present)
    addCard(peers[1]!, questions.id, { text: 'late one', anonymous: true }, author, 3_000)
    addCard(peers[3]!, questions.id, { text: 'late two', anonymous: false }, author, 3_000)
    syncAll(peers)
    settle(peers, present)

    const cards = cardsIn(peers[4]!, questions.id)
    expect(cards).toHaveLength(22)
    expectNoOverlap(cards)
    for (const peer of peers.slice(1)) expect(snapshot(peer)).toEqual(snapshot(peers[0]!))
  })

  it('is repaired by someone else when the person who placed a card has left', () => {
    const peers = peersOf(boardWithSections(), 3)
    peers.forEach((peer, i) => addCard(peer, questions.id, { text: `card ${i}`, anonymous: false }, author, 5_000 + i))
    syncAll(peers)
    // The phone that placed the newest card went away before it could move it.
    const [first, second, gone] = peers as [Y.Doc, Y.Doc, Y.Doc]
    settle([first, second], [first.clientID, second.clientID])
    Y.applyUpdate(gone, Y.encodeStateAsUpdate(first))

    const cards = cardsIn(first, questions.id)
    expect(cards).toHaveLength(3)
    expectNoOverlap(cards)
    expect(snapshot(gone)).toEqual(snapshot(first))
  })

  it('keeps a card someone dragged by hand where it was put, and places new cards around it', () => {
    const [doc] = peersOf(boardWithSections(), 1) as [Y.Doc]
    const id = addCard(doc, questions.id, { text: 'moved by hand', anonymous: false }, author, 1)!
    const placed = readShapes(doc).find((shape) => shape.id === id)!
    writeShapes(doc, [{ ...placed, x: placed.x + 300, y: placed.y + 13 }])
    for (let i = 0; i < 4; i++) addCard(doc, questions.id, { text: `new ${i}`, anonymous: false }, author, 10 + i)
    expect(writeSlotRepairs(doc, [doc.clientID])).toBe(0)
    const cards = cardsIn(doc, questions.id)
    expect(cards.find((card) => card.id === id)).toMatchObject({ x: placed.x + 300, y: placed.y + 13 })
    expectNoOverlap(cards)
  })
})
