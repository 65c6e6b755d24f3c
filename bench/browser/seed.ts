import { createTLStore, DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type IndexKey, type TLPageId } from 'tldraw'
import { storeSchemaOptions } from '../../client/board/tldraw/board-schema'
import { writeBoardSchema } from '../../shared/model/board-meta'
import { writeMeeting } from '../../shared/model/meeting'
import { readRecords, RecordLog } from '../../shared/model/record-log'
import type { Role } from '../../shared/model/roles'
import { buildBigBoard, PAGE_ID, type PlacedCard } from './big-board'
import { connectPeer, whenSent } from './sync-peer'

/** A stored board with its cards, as `POST /api/boards` made it and the seeding filled it. */
export interface SeededBoard {
  id: string
  /** The links people open (`/b/<id>#k=<token>`), per role. */
  links: Record<'facilitator' | 'participant' | 'viewer', string>
  tokens: Record<Role, string>
  cards: PlacedCard[]
}

/**
 * Creates a board through the API and fills it as a board with `cardCount` cards would have been
 * filled by people: the records go through a real tldraw store with our shape utils (so tldraw
 * validates every one and the schema is the app's), then into the record log with that schema, as
 * the binding writes a new board (client/sync/tldraw/binding.ts), synced through the server with the
 * facilitator's link. Resolves once a second peer, joining afresh, sees every card on the server.
 */
export async function seedBigBoard(origin: string, cardCount: number): Promise<SeededBoard> {
  const response = await fetch(`${origin}/api/boards`, { method: 'POST' })
  if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`)
  const created = (await response.json()) as Omit<SeededBoard, 'cards'>
  const board = buildBigBoard(cardCount)

  const writer = await connectPeer(origin, created.id, created.tokens.facilitator)
  try {
    const store = createTLStore(storeSchemaOptions)
    store.put([
      DocumentRecordType.create({ id: TLDOCUMENT_ID }),
      PageRecordType.create({ id: PAGE_ID as TLPageId, name: 'Page 1', index: 'a1' as IndexKey }),
    ])
    store.put(board.shapes)
    const log = new RecordLog(writer.doc)
    writer.doc.transact(() => {
      log.put(store.allRecords().filter((record) => store.scopedTypes.document.has(record.typeName)))
      writeBoardSchema(writer.doc, store.schema.serialize())
    })
    log.dispose()
    writeMeeting(writer.doc, {
      title: 'Benchmark: a big question map',
      purpose: 'How does the board keep up when everyone has had their say?',
      laidOutAt: Date.now(),
    })
    await whenSent(writer)
  } finally {
    writer.close()
  }

  const reader = await connectPeer(origin, created.id, created.tokens.participant)
  try {
    const stored = readRecords(reader.doc)
    const missing = board.cards.filter((card) => !stored.has(card.id)).length
    if (missing > 0) throw new Error(`the server holds ${cardCount - missing} of ${cardCount} seeded cards`)
  } finally {
    reader.close()
  }
  return { ...created, cards: board.cards }
}
