import { afterEach, describe, expect, it } from 'vitest'
import { toRichText, type TLGeoShape, type TLShape } from 'tldraw'
import * as Y from 'yjs'
import { DocNetwork, seededRandom } from '../model/doc-network'
import { createPeer, docRecords, documentRecords, geoShape, plain, shapeId, textShape, type Peer } from './peers'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Peers on copies of one doc, wired through a network the test delivers by hand. */
function connectedPeers(count: number, random: () => number, setup?: (first: Peer) => void): { peers: Peer[]; network: DocNetwork } {
  const first = createPeer()
  setup?.(first)
  first.binding.flush()
  const peers = [first]
  for (let i = 1; i < count; i++) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(first.doc))
    peers.push(createPeer(doc))
  }
  const network = new DocNetwork(
    peers.map((peer) => peer.doc),
    random,
  )
  cleanups.push(() => {
    network.dispose()
    for (const peer of peers) peer.binding.dispose()
  })
  return { peers, network }
}

/** Delivers everything and lets every binding catch up until nobody has anything left to send. */
function settle(peers: Peer[], network: DocNetwork): void {
  for (let round = 0; round < 5; round++) {
    for (const peer of peers) peer.binding.flush()
    network.deliverAll()
    for (const peer of peers) peer.binding.flush()
  }
}

function shapeOf(peer: Peer, name: string): TLShape {
  return peer.store.get(shapeId(name)) as TLShape
}

function expectConverged(peers: Peer[], seed?: number): void {
  const expected = plain(documentRecords(peers[0]!.store))
  for (const peer of peers) {
    expect(plain(documentRecords(peer.store)), `store, seed ${seed}`).toEqual(expected)
    expect(plain(docRecords(peer.doc)), `doc, seed ${seed}`).toEqual(expected)
  }
}

describe('two people editing the same shape at once', () => {
  it.each([
    ['geo', geoShape('card', { x: 10, y: 20 }, { richText: toRichText('draft') })],
    ['text', textShape('card', { x: 10, y: 20 }, { richText: toRichText('draft') })],
  ])('one moves a %s shape while the other edits its text: both changes survive', (_type, shape) => {
    const { peers, network } = connectedPeers(2, seededRandom(1), (first) => first.store.put([shape]))
    const [mover, writer] = peers as [Peer, Peer]
    network.deliverAll()
    writer.binding.flush()
    expect(shapeOf(writer, 'card')).toBeDefined()

    mover.store.update(shape.id, (record) => ({ ...record, x: 300, y: 400 }))
    writer.store.update(shape.id, (record) => ({ ...record, props: { ...record.props, richText: toRichText('final text') } }) as TLShape)
    settle(peers, network)

    for (const peer of peers) {
      expect(shapeOf(peer, 'card')).toMatchObject({ x: 300, y: 400, props: { richText: toRichText('final text') } })
    }
    expectConverged(peers)
  })

  it('keeps both when a drag and typing go on over many frames with updates arriving late and out of order', () => {
    const random = seededRandom(7)
    const { peers, network } = connectedPeers(2, random, (first) => first.store.put([geoShape('card')]))
    const [mover, writer] = peers as [Peer, Peer]
    network.deliverAll()
    writer.binding.flush()

    for (let frame = 1; frame <= 60; frame++) {
      mover.store.update(shapeId('card'), (record) => ({ ...record, x: frame * 5, y: frame * 3 }))
      writer.store.update(shapeId('card'), (record) => ({
        ...(record as TLGeoShape),
        props: { ...(record as TLGeoShape).props, richText: toRichText('typed'.repeat(frame)) },
      }))
      // Each side writes its frame, then maybe receives some of the other's frames in any order.
      mover.binding.flush()
      writer.binding.flush()
      network.deliverSome(0.7)
    }
    settle(peers, network)

    for (const peer of peers) {
      expect(shapeOf(peer, 'card')).toMatchObject({ x: 300, y: 180, props: { richText: toRichText('typed'.repeat(60)) } })
    }
    expectConverged(peers)
  })

  it('keeps a remote edit that arrived just before a local move was written', () => {
    const { peers, network } = connectedPeers(2, seededRandom(3), (first) => first.store.put([geoShape('card')]))
    const [mover, writer] = peers as [Peer, Peer]
    network.deliverAll()
    writer.binding.flush()

    writer.store.update(shapeId('card'), (record) => ({ ...record, props: { ...(record as TLGeoShape).props, color: 'red' } }) as TLShape)
    writer.binding.flush()
    // The colour reaches the mover's doc, but its store has not caught up when the user moves the
    // card: the move is written on top of the doc's record, not over it with the stale colour.
    network.deliverAll()
    mover.store.update(shapeId('card'), (record) => ({ ...record, x: 99 }))
    mover.binding.flush()
    settle(peers, network)

    for (const peer of peers) expect(shapeOf(peer, 'card')).toMatchObject({ x: 99, props: { color: 'red' } })
    expectConverged(peers)
  })

  it('agrees on one value when both change the same field', () => {
    const { peers, network } = connectedPeers(2, seededRandom(5), (first) => first.store.put([geoShape('card')]))
    network.deliverAll()
    peers[1]!.binding.flush()
    peers[0]!.store.update(shapeId('card'), (record) => ({ ...record, x: 111 }))
    peers[1]!.store.update(shapeId('card'), (record) => ({ ...record, x: 222 }))
    settle(peers, network)
    expect([111, 222]).toContain(shapeOf(peers[0]!, 'card').x)
    expectConverged(peers)
  })

  it('brings a shape back everywhere when one deletes it while the other moves it', () => {
    const { peers, network } = connectedPeers(2, seededRandom(9), (first) => first.store.put([geoShape('card')]))
    network.deliverAll()
    peers[1]!.binding.flush()
    peers[0]!.store.remove([shapeId('card')])
    peers[1]!.store.update(shapeId('card'), (record) => ({ ...record, x: 50 }))
    settle(peers, network)
    for (const peer of peers) expect(shapeOf(peer, 'card')).toMatchObject({ x: 50 })
    expectConverged(peers)
  })
})

describe('random editing', () => {
  const colors = ['black', 'blue', 'red', 'green', 'violet'] as const
  const fills = ['none', 'semi', 'solid', 'pattern'] as const
  const geos = ['rectangle', 'ellipse', 'triangle', 'diamond'] as const

  it.each([
    [2, 4000, 11],
    [3, 3000, 29],
  ])('%i stores converge after %i random operations with delayed, reordered delivery (seed %i)', (count, operations, seed) => {
    const random = seededRandom(seed)
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
    const { peers, network } = connectedPeers(count, random)
    let created = 0

    for (let step = 0; step < operations; step++) {
      const peer = pick(peers)
      const shapes = peer.store.allRecords().filter((record): record is TLGeoShape => record.typeName === 'shape')
      const roll = random()
      if (shapes.length < 3 || roll < 0.12) {
        created++
        peer.store.put([
          geoShape(`s${seed}-${created}`, { x: random() * 1000, y: random() * 1000 }, { color: pick(colors), geo: pick(geos) }),
        ])
      } else if (roll < 0.2) {
        peer.store.remove([pick(shapes).id])
      } else {
        const shape = pick(shapes)
        const edits: ((record: TLGeoShape) => TLGeoShape)[] = [
          (r) => ({ ...r, x: Math.round(random() * 1000), y: Math.round(random() * 1000) }),
          (r) => ({ ...r, rotation: random() * 6 }),
          (r) => ({ ...r, opacity: Math.round(random() * 10) / 10 }),
          (r) => ({ ...r, meta: { ...r.meta, note: `n${step}` } }),
          (r) => ({ ...r, props: { ...r.props, w: 10 + Math.round(random() * 300), h: 10 + Math.round(random() * 300) } }),
          (r) => ({ ...r, props: { ...r.props, color: pick(colors) } }),
          (r) => ({ ...r, props: { ...r.props, fill: pick(fills) } }),
          (r) => ({ ...r, props: { ...r.props, geo: pick(geos) } }),
          (r) => ({ ...r, props: { ...r.props, richText: toRichText(`text ${step}`) } }),
        ]
        // Sometimes several fields in one go, as a resize or a style change does.
        let next = pick(edits)(shape)
        if (random() < 0.3) next = pick(edits)(next)
        peer.store.put([next])
      }
      // Frames end at different moments on each peer; the network delivers whatever it likes.
      if (random() < 0.4) pick(peers).binding.flush()
      if (random() < 0.2) network.deliverSome()
    }
    settle(peers, network)

    const shapeCount = documentRecords(peers[0]!.store).filter((record) => record.typeName === 'shape').length
    expect(shapeCount).toBeGreaterThan(0)
    expectConverged(peers, seed)
  })
})
