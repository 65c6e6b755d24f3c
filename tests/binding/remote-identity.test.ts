import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createPeer, geoShape, shapeId } from './peers'

describe('remote changes applied to the store', () => {
  it('keep the objects of fields they did not change, so tldraw does not re-render a moved shape content', () => {
    const a = createPeer()
    const b = createPeer()
    a.doc.on('update', (update, origin) => origin !== 'network' && Y.applyUpdate(b.doc, update, 'network'))
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), 'network')

    a.store.put([geoShape('card', { x: 0, meta: { placedBy: 1 } })])
    a.binding.flush()
    b.binding.flush()
    const before = b.store.get(shapeId('card'))!

    a.store.update(shapeId('card'), (shape) => ({ ...shape, x: 40 }))
    a.binding.flush()
    b.binding.flush()
    const after = b.store.get(shapeId('card'))!
    expect(after.x).toBe(40)
    expect(after.props).toBe(before.props)
    expect(after.meta).toBe(before.meta)

    a.store.put([geoShape('card', { x: 40, meta: { placedBy: 1 } }, { w: 300 })])
    a.binding.flush()
    b.binding.flush()
    const resized = b.store.get(shapeId('card'))!
    expect(resized.props).not.toBe(after.props)
    expect(resized.props).toMatchObject({ w: 300 })
    expect(resized.meta).toBe(before.meta)

    a.binding.dispose()
    b.binding.dispose()
  })
})
