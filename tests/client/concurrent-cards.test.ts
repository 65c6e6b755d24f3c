import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { boxOf, childrenOf, overlaps, type ShapeRecord } from '../../shared/model/board-shapes'
import { CARD_SHAPE_TYPE, CARD_SIZE } from '../../shared/model/card'
import { readShapes, writeShapes } from '../../shared/model/shape-log'
import { slotAt } from '../../shared/model/slot-grid'
import { questionMapLayout } from '../../shared/model/template'
import { BOARD_LOCK, setLock } from '../../shared/model/locks'
import { writeMeeting } from '../../shared/model/meeting'
import type { Role } from '../../shared/model/participant'
import { addCard, type NewCard } from '../../client/question-map/card-writer'
import { startSlotRepairs, writeSlotRepairs, type RepairSession } from '../../client/question-map/slot-repairer'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

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

/** Copies of the board; with `clientIds`, the peers' Yjs client ids (which decide who repairs). */
function peersOf(origin: Y.Doc, count: number, clientIds?: readonly number[]): Y.Doc[] {
  return Array.from({ length: count }, (_, i) => {
    const peer = new Y.Doc()
    if (clientIds) peer.clientID = clientIds[i]!
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(origin))
    return peer
  })
}

/** A participant's card, added as the card writer of every page does. */
function add(peer: Y.Doc, card: NewCard, createdAt: number): string {
  const result = addCard(peer, questions.id, card, author, 'participant', createdAt)
  if (!result.ok) throw new Error(`card not added: ${result.reason}`)
  return result.id
}

/** The peers as present sessions taking part in the repairs, all with `role`. */
const sessionsOf = (peers: readonly Y.Doc[], role: Role = 'participant'): RepairSession[] =>
  peers.map((peer) => ({ clientId: peer.clientID, role }))

/** Everyone receives everything everyone else has (the server's fan-out, in one step). */
function syncAll(peers: readonly Y.Doc[]) {
  const updates = peers.map((peer) => Y.encodeStateAsUpdate(peer))
  for (const peer of peers) for (const update of updates) Y.applyUpdate(peer, update)
}

/** Repair rounds as the present peers run them, until nobody has anything left to write. */
function settle(peers: readonly Y.Doc[], present: readonly RepairSession[]): number {
  const takesPart = (peer: Y.Doc) => present.some((session) => session.clientId === peer.clientID)
  for (let round = 1; round <= 50; round++) {
    const written = peers.reduce((sum, peer) => sum + (takesPart(peer) ? writeSlotRepairs(peer, present) : 0), 0)
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
    peers.forEach((peer, i) => add(peer, { text: `card ${i}`, anonymous: false }, 1_000 + (i % 3)))
    syncAll(peers)
    expect(new Set(cardsIn(peers[0]!, questions.id).map((card) => `${card.x},${card.y}`)).size).toBe(1)

    settle(peers, sessionsOf(peers))

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
    const present = sessionsOf(peers)
    peers.forEach((peer, i) => {
      for (let n = 0; n < 4; n++) add(peer, { text: `p${i} n${n}`, anonymous: false }, 2_000 + n)
    })
    syncAll(peers)
    // A first repair round goes out while two people add more cards, unaware of it.
    for (const peer of peers) writeSlotRepairs(peer, present)
    add(peers[1]!, { text: 'late one', anonymous: true }, 3_000)
    add(peers[3]!, { text: 'late two', anonymous: false }, 3_000)
    syncAll(peers)
    settle(peers, present)

    const cards = cardsIn(peers[4]!, questions.id)
    expect(cards).toHaveLength(22)
    expectNoOverlap(cards)
    for (const peer of peers.slice(1)) expect(snapshot(peer)).toEqual(snapshot(peers[0]!))
  })

  it('is repaired by someone else when the person who placed a card has left', () => {
    const peers = peersOf(boardWithSections(), 3)
    peers.forEach((peer, i) => add(peer, { text: `card ${i}`, anonymous: false }, 5_000 + i))
    syncAll(peers)
    // The phone that placed the newest card went away before it could move it.
    const [first, second, gone] = peers as [Y.Doc, Y.Doc, Y.Doc]
    settle([first, second], sessionsOf([first, second]))
    Y.applyUpdate(gone, Y.encodeStateAsUpdate(first))

    const cards = cardsIn(first, questions.id)
    expect(cards).toHaveLength(3)
    expectNoOverlap(cards)
    expect(snapshot(gone)).toEqual(snapshot(first))
  })

  it('keeps a card someone dragged by hand where it was put, and places new cards around it', () => {
    const [doc] = peersOf(boardWithSections(), 1) as [Y.Doc]
    const id = add(doc, { text: 'moved by hand', anonymous: false }, 1)
    const placed = readShapes(doc).find((shape) => shape.id === id)!
    writeShapes(doc, [{ ...placed, x: placed.x + 300, y: placed.y + 13 }])
    for (let i = 0; i < 4; i++) add(doc, { text: `new ${i}`, anonymous: false }, 10 + i)
    expect(writeSlotRepairs(doc, sessionsOf([doc]))).toBe(0)
    const cards = cardsIn(doc, questions.id)
    expect(cards.find((card) => card.id === id)).toMatchObject({ x: placed.x + 300, y: placed.y + 13 })
    expectNoOverlap(cards)
  })
})

describe('who repairs: only sessions whose writes the server takes', () => {
  /** Changes written by `peer` itself since `before` (its own Yjs clock moved on). */
  const wroteSince = (peer: Y.Doc, before: number) => Y.getState(peer.store, peer.clientID) > before

  it('is announced with the role a session writes with, and not at all by a viewer', () => {
    const announced = (role: Role) => {
      const doc = new Y.Doc()
      const awareness = new Awareness(doc)
      const stop = startSlotRepairs(doc, awareness, role, () => false)
      const field: unknown = awareness.getLocalState()?.[AWARENESS_FIELDS.slotRepair]
      stop()
      awareness.destroy()
      doc.destroy()
      return field
    }
    expect([announced('facilitator'), announced('participant'), announced('viewer')]).toEqual(['facilitator', 'participant', undefined])
  })

  it('leaves no repair to a viewer, even when it is the present session with the lowest client id', () => {
    // The viewer has the lowest id; the phone that placed the colliding card has gone.
    const [viewer, stays, gone] = peersOf(boardWithSections(), 3, [10, 20, 30]) as [Y.Doc, Y.Doc, Y.Doc]
    add(stays, { text: 'first', anonymous: false }, 1)
    add(gone, { text: 'second', anonymous: false }, 2)
    syncAll([viewer, stays, gone])
    expect(new Set(cardsIn(stays, questions.id).map((card) => `${card.x},${card.y}`)).size).toBe(1)

    const present: RepairSession[] = [
      { clientId: viewer.clientID, role: 'viewer' },
      { clientId: stays.clientID, role: 'participant' },
    ]
    settle([viewer, stays], present)

    expectNoOverlap(cardsIn(stays, questions.id))
    expect(snapshot(viewer)).toEqual(snapshot(stays))
    expect(Y.getState(viewer.store, viewer.clientID)).toBe(0)
  })

  it.each([
    ['a locked section', (doc: Y.Doc) => setLock(doc, questions.id, { by: 'Fran', at: 1 })],
    ['a locked board', (doc: Y.Doc) => setLock(doc, BOARD_LOCK, { by: 'Fran', at: 1 })],
    ['a closed meeting', (doc: Y.Doc) => writeMeeting(doc, { archivedAt: 1 })],
  ])('in %s, leaves repairs to the facilitator, not to the participants who placed the cards', (_, close) => {
    const [first, second, facilitator] = peersOf(boardWithSections(), 3, [10, 20, 30]) as [Y.Doc, Y.Doc, Y.Doc]
    add(first, { text: 'first', anonymous: false }, 1)
    add(second, { text: 'second', anonymous: false }, 2)
    close(facilitator)
    syncAll([first, second, facilitator])
    const clocks = [first, second].map((peer) => Y.getState(peer.store, peer.clientID))
    const participants = sessionsOf([first, second])

    // Only participants present: their writes would be refused, so nobody writes and the cards wait.
    expect(settle([first, second], participants)).toBe(1)
    expect(new Set(cardsIn(first, questions.id).map((card) => `${card.x},${card.y}`)).size).toBe(1)

    // The facilitator comes: they repair, with the highest client id and having placed nothing.
    settle([first, second, facilitator], [...participants, { clientId: facilitator.clientID, role: 'facilitator' }])
    expectNoOverlap(cardsIn(first, questions.id))
    expect(snapshot(first)).toEqual(snapshot(facilitator))
    expect([first, second].map((peer, i) => wroteSince(peer, clocks[i]!))).toEqual([false, false])
  })
})
