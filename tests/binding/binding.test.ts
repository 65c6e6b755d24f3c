import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bindStoreToDoc } from '../../client/sync/tldraw/binding'
import { readBoardSchema } from '../../shared/model/board-meta'
import { readRecords } from '../../shared/model/record-log'
import { waitFor } from '../helpers/wait'
import { TLPOINTER_ID, type TLGeoShape } from 'tldraw'
import { createPeer, createStore, docRecords, documentRecords, geoShape, plain, shapeId } from './peers'

describe('bindStoreToDoc', () => {
  it('fills an empty doc with the store document records and its schema, never session or presence records', () => {
    const { store, doc, binding } = createPeer()
    expect(docRecords(doc).map((record) => record.id)).toEqual(['document:document', 'page:page'])
    expect(readBoardSchema(doc)).toEqual(store.schema.serialize())

    // Session records change all the time (camera, pointer, instance); none of it reaches the doc.
    store.put([{ ...store.get(TLPOINTER_ID)!, x: 10, y: 20 }])
    store.put([geoShape('a')])
    binding.flush()
    expect(docRecords(doc).map((record) => record.id)).toEqual(['document:document', 'page:page', 'shape:a'])
    binding.dispose()
  })

  it('loads a doc into a store, replacing the store document records', () => {
    const first = createPeer()
    first.store.put([geoShape('a', { x: 5 })])
    first.binding.flush()

    const store = createStore()
    store.put([geoShape('local-only')])
    const second = bindStoreToDoc(store, first.doc)
    expect(plain(documentRecords(store))).toEqual(plain(documentRecords(first.store)))
    expect(store.get(TLPOINTER_ID)).toBeDefined()
    second.dispose()
    first.binding.dispose()
  })

  it('does not apply its own writes back to its store', () => {
    const { store, binding } = createPeer()
    const remoteChanges: unknown[] = []
    store.listen((entry) => remoteChanges.push(entry), { source: 'remote' })
    store.put([geoShape('a')])
    binding.flush()
    store.update(shapeId('a'), (shape) => ({ ...shape, x: 42 }))
    binding.flush()
    expect(remoteChanges).toEqual([])
    binding.dispose()
  })

  it('writes one batch as one transaction and skips a change that is undone within the batch', () => {
    const { store, doc, binding } = createPeer()
    const updates: Uint8Array[] = []
    doc.on('update', (update) => updates.push(update))
    store.put([geoShape('a'), geoShape('b')])
    store.update(shapeId('a'), (shape) => ({ ...shape, x: 1 }))
    store.put([geoShape('c')])
    store.remove([shapeId('c')])
    binding.flush()
    expect(updates).toHaveLength(1)
    expect(docRecords(doc).map((record) => record.id)).toEqual(['document:document', 'page:page', 'shape:a', 'shape:b'])
    binding.dispose()
  })

  it('flushes by itself on the next tick in Node, where there are no animation frames', async () => {
    const a = createPeer(new Y.Doc(), {})
    const b = createPeer(new Y.Doc(), {})
    a.doc.on('update', (update, origin) => origin !== 'network' && Y.applyUpdate(b.doc, update, 'network'))
    b.doc.on('update', (update, origin) => origin !== 'network' && Y.applyUpdate(a.doc, update, 'network'))
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), 'network')

    a.store.put([geoShape('a', { x: 7 })])
    const arrived = await waitFor(() => b.store.get(shapeId('a')), { message: 'shape in the other store' })
    expect((arrived as TLGeoShape).x).toBe(7)
    a.binding.dispose()
    b.binding.dispose()
  })

  it('writes pending changes on dispose and nothing after', () => {
    const { store, doc, binding } = createPeer()
    store.put([geoShape('a')])
    binding.dispose()
    expect(readRecords(doc).has('shape:a')).toBe(true)
    const before = Y.encodeStateAsUpdate(doc)
    store.put([geoShape('b')])
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })
})
