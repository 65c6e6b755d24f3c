import { describe, expect, it } from 'vitest'
import { toRichText, type SerializedSchemaV2, type TLGeoShape, type TLRecord } from 'tldraw'
import * as Y from 'yjs'
import { BoardSchemaError, bindStoreToDoc, NewerSchemaError } from '../../client/sync/tldraw/binding'
import { readBoardSchema, writeBoardSchema } from '../../shared/model/board-meta'
import { readRecords, RecordLog } from '../../shared/model/record-log'
import { createPeer, createStore, documentRecords, geoShape, manualFrames, plain, shapeId } from './peers'

const currentSchema = createStore().schema.serialize() as SerializedSchemaV2
const GEO = 'com.tldraw.shape.geo'

function withSequences(sequences: Record<string, number>): SerializedSchemaV2 {
  return { ...currentSchema, sequences: { ...currentSchema.sequences, ...sequences } }
}

/** A board doc as some client wrote it: these records, stored under this schema. */
function boardDoc(records: readonly object[], schema: object | null): Y.Doc {
  const doc = new Y.Doc()
  const log = new RecordLog(doc)
  log.put(records as TLRecord[])
  log.dispose()
  if (schema) writeBoardSchema(doc, schema as SerializedSchemaV2)
  return doc
}

const baseRecords = documentRecords(createStore())

/**
 * A geo shape as tldraw wrote it at geo version 9, before `AddRichText` (10: plain `text` becomes
 * `richText`), `AddRichTextAttrs` (11: no change) and `AddFlipProps` (12: `flipX`/`flipY` added).
 */
function geoShapeAtVersion9(): object {
  const { props, ...shape } = geoShape('old', { x: 40, y: 50 }, { color: 'blue' })
  const { richText: _richText, flipX: _flipX, flipY: _flipY, ...olderProps } = props
  return { ...shape, props: { ...olderProps, text: 'Hello from an older board' } }
}

describe('schema handling', () => {
  it('the older-board fixture really is older than this tldraw', () => {
    expect(currentSchema.sequences[GEO]).toBeGreaterThanOrEqual(12)
  })

  it('migrates a board written by an older schema, writes the migrated records and our schema back', () => {
    const doc = boardDoc([...baseRecords, geoShapeAtVersion9()], withSequences({ [GEO]: 9 }))

    const { store, binding } = createPeer(doc)
    const migrated = store.get(shapeId('old')) as TLGeoShape
    expect(migrated).toMatchObject({ x: 40, y: 50, props: { color: 'blue', flipX: false, flipY: false } })
    expect(migrated.props.richText).toEqual(toRichText('Hello from an older board'))
    expect(migrated.props).not.toHaveProperty('text')

    expect(readBoardSchema(doc)).toEqual(currentSchema)
    expect(plain(readRecords(doc).get(shapeId('old')))).toEqual(plain(migrated))
    binding.dispose()

    // The next client finds a current board: it loads the same records and writes nothing.
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateAsUpdate(replica)
    const next = createPeer(replica)
    expect(plain(documentRecords(next.store))).toEqual(plain(documentRecords(store)))
    expect(Y.encodeStateAsUpdate(replica)).toEqual(before)
    next.binding.dispose()
  })

  it.each([
    ['a higher version of a known sequence', withSequences({ [GEO]: (currentSchema.sequences[GEO] ?? 0) + 1 })],
    ['a sequence this version does not know', withSequences({ 'com.tldraw.shape.hologram': 0 })],
    ['a later schema format', { ...currentSchema, schemaVersion: 3 }],
  ])('refuses a board with %s and leaves doc and store untouched', (_case, newer) => {
    const doc = boardDoc([...baseRecords, geoShape('future', { x: 1 })], newer)
    const bytes = Y.encodeStateAsUpdate(doc)
    const store = createStore()
    const storeBefore = plain(documentRecords(store))

    expect(() => bindStoreToDoc(store, doc, manualFrames)).toThrow(NewerSchemaError)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(bytes)
    expect(plain(documentRecords(store))).toEqual(storeBefore)

    // Nothing listens: later edits in the store don't reach the doc either.
    store.put([geoShape('late')])
    expect(Y.encodeStateAsUpdate(doc)).toEqual(bytes)
  })

  it('refuses a board that has records but no readable schema, without calling it newer', () => {
    for (const schema of [null, { schemaVersion: 2, sequences: 'garbage' }]) {
      const doc = boardDoc([...baseRecords, geoShape('a')], schema)
      const bytes = Y.encodeStateAsUpdate(doc)
      let error: unknown
      try {
        bindStoreToDoc(createStore(), doc, manualFrames)
      } catch (thrown) {
        error = thrown
      }
      expect(error).toBeInstanceOf(BoardSchemaError)
      expect(error).not.toBeInstanceOf(NewerSchemaError)
      expect(Y.encodeStateAsUpdate(doc)).toEqual(bytes)
    }
  })

  it('stops syncing and reports it when a newer client upgrades the board while we are on it', () => {
    const errors: NewerSchemaError[] = []
    const peer = createPeer(new Y.Doc(), { ...manualFrames, onNewerSchema: (error) => errors.push(error) })
    peer.store.put([geoShape('a')])
    peer.binding.flush()

    const newer = new Y.Doc()
    Y.applyUpdate(newer, Y.encodeStateAsUpdate(peer.doc))
    const upgrade = withSequences({ [GEO]: (currentSchema.sequences[GEO] ?? 0) + 1 })
    writeBoardSchema(newer, upgrade)
    const newerLog = new RecordLog(newer)
    newerLog.put([geoShape('a', { x: 500 })])
    newerLog.dispose()
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(newer, Y.encodeStateVector(peer.doc)))

    expect(errors).toHaveLength(1)
    expect(errors[0]!.storedSchema).toEqual(upgrade)
    const bytes = Y.encodeStateAsUpdate(peer.doc)
    peer.store.update(shapeId('a'), (shape) => ({ ...shape, y: 123 }))
    peer.binding.flush()
    expect(Y.encodeStateAsUpdate(peer.doc)).toEqual(bytes)
    // The newer client's record is not forced into this store either.
    expect(peer.store.get(shapeId('a'))).toMatchObject({ x: 0, y: 123 })
    peer.binding.dispose()
  })
})

describe('who writes the schema', () => {
  it('a session without writeSchema writes neither the schema nor migrated records, but loads them migrated', () => {
    const doc = boardDoc([...baseRecords, geoShapeAtVersion9()], withSequences({ [GEO]: 9 }))
    const bytes = Y.encodeStateAsUpdate(doc)
    const store = createStore()
    const binding = bindStoreToDoc(store, doc, { ...manualFrames, writeSchema: false })
    const migrated = store.get(shapeId('old')) as TLGeoShape
    expect(migrated.props.richText).toEqual(toRichText('Hello from an older board'))
    binding.flush()
    expect(Y.encodeStateAsUpdate(doc)).toEqual(bytes)
    binding.dispose()
  })

  it('a session without writeSchema writes no schema into a new board, a facilitator does', () => {
    const participantDoc = new Y.Doc()
    const bound = bindStoreToDoc(createStore(), participantDoc, { ...manualFrames, writeSchema: false })
    expect(readBoardSchema(participantDoc)).toBeNull()
    bound.dispose()
    const facilitatorDoc = new Y.Doc()
    const facilitator = bindStoreToDoc(createStore(), facilitatorDoc, { ...manualFrames, writeSchema: true })
    expect(readBoardSchema(facilitatorDoc)).toEqual(currentSchema)
    facilitator.dispose()
  })
})
