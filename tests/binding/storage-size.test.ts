import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocNetwork, seededRandom } from '../model/doc-network'
import { createPeer, documentRecords, geoShape, shapeId, type Peer } from './peers'

const SHAPES = 100
const MOVES = 10_000

/**
 * Why below 3: the doc keeps each record once (its live entry) plus per entry its id again and
 * the changed paths, and per gap between live entries one small range for the deleted writes in
 * between: a constant factor over the plain content (~45 kB here), whatever the number of edits.
 * A Y.Map per record with a key per field ends at 5 after the same moves, since every overwritten
 * value keeps a struct (docs/data-model.md).
 */
const MAX_RATIO = 3
/**
 * Ratio 3 alone would still let ~9 bytes per move through (one Y.Map holding whole records ends
 * at 2.75), so the size must also stay flat from the 1,000th move to the 10,000th.
 */
const MAX_GROWTH = 1.1

interface SizeRun {
  docBytes: number
  serverBytes: number
  contentBytes: number
  bytesAfterFirstThousand: number
}

/**
 * 100 shapes, then 10,000 moves of a random shape to a random place by random writers, each
 * writer's moves flushed every 1 to 10 moves as frames would. Every update also goes to a
 * "server" doc as it is sent; with several writers they receive each other's after every frame.
 */
function moveShapes(writerCount: number): SizeRun {
  const random = seededRandom(42)
  const first = new Y.Doc()
  const server = new Y.Doc()
  const writers: Peer[] = [createPeer(first)]
  writers[0]!.store.put(Array.from({ length: SHAPES }, (_, i) => geoShape(`s${i}`, { x: i * 120, y: 0 })))
  writers[0]!.binding.flush()
  for (let i = 1; i < writerCount; i++) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(first))
    writers.push(createPeer(doc))
  }
  const docs = writers.map((writer) => writer.doc)
  Y.applyUpdate(server, Y.encodeStateAsUpdate(first))
  const network = new DocNetwork([...docs, server], random)

  const nextFrame = writers.map(() => 1 + Math.floor(random() * 10))
  let bytesAfterFirstThousand = 0
  for (let move = 1; move <= MOVES; move++) {
    const w = Math.floor(random() * writerCount)
    const writer = writers[w]!
    const id = shapeId(`s${Math.floor(random() * SHAPES)}`)
    writer.store.update(id, (shape) => ({ ...shape, x: Math.round(random() * 1e5) / 100, y: Math.round(random() * 1e5) / 100 }))
    if (move >= nextFrame[w]! || move === MOVES) {
      writer.binding.flush()
      network.deliverAll()
      for (const other of writers) other.binding.flush()
      nextFrame[w] = move + 1 + Math.floor(random() * 10)
      if (move >= 1000 && bytesAfterFirstThousand === 0) bytesAfterFirstThousand = Y.encodeStateAsUpdate(first).byteLength
    }
  }
  for (const writer of writers) writer.binding.flush()
  network.deliverAll()

  const run = {
    docBytes: Y.encodeStateAsUpdate(first).byteLength,
    serverBytes: Y.encodeStateAsUpdate(server).byteLength,
    contentBytes: JSON.stringify(documentRecords(writers[0]!.store)).length,
    bytesAfterFirstThousand,
  }
  console.log(
    `record log, ${writerCount} writer(s), ${MOVES} moves of ${SHAPES} shapes: doc ${run.docBytes} B ` +
      `(${run.bytesAfterFirstThousand} B after 1,000 moves), server copy ${run.serverBytes} B, ` +
      `plain JSON ${run.contentBytes} B, ratio ${(run.docBytes / run.contentBytes).toFixed(2)}`,
  )
  network.dispose()
  for (const writer of writers) writer.binding.dispose()
  return run
}

it.each([1, 2])(`stores ${SHAPES} shapes after ${MOVES} moves by %i writer(s) in about their plain size, flat in the number of moves`, (writers) => {
  // Two writers matter: their frames interleave, and deleted entries only merge with neighbours
  // of the same writer, which is why the record log writes behind its own last entry.
  const run = moveShapes(writers)
  expect(run.serverBytes).toBe(run.docBytes)
  expect(run.docBytes / run.contentBytes).toBeLessThan(MAX_RATIO)
  expect(run.docBytes / run.bytesAfterFirstThousand).toBeLessThan(MAX_GROWTH)
})
