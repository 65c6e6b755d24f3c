import { describe, expect, it } from 'vitest'
import { changedFieldPaths, withFieldsFrom } from '../../shared/model/field-paths'
import { jsonEqual } from '../../shared/model/json-equal'

const shape = {
  id: 'shape:a',
  x: 1,
  y: 2,
  props: { w: 10, h: 20, richText: { type: 'doc', content: [] } },
  meta: { 'tag.color': 'red' },
}

describe('changedFieldPaths', () => {
  it('names top-level keys and single keys inside props and meta', () => {
    const after = { ...shape, x: 5, props: { ...shape.props, w: 11 }, meta: { 'tag.color': 'blue' } }
    expect(changedFieldPaths(shape, after).sort()).toEqual(['meta.tag.color', 'props.w', 'x'])
  })

  it('compares by value, so a copied but equal nested value is no change', () => {
    const after = { ...shape, props: { ...shape.props, richText: { type: 'doc', content: [] } } }
    expect(changedFieldPaths(shape, after)).toEqual([])
  })

  it('reports keys that appear or disappear', () => {
    const { y: _y, ...withoutY } = shape
    expect(changedFieldPaths(shape, { ...withoutY, opacity: 1 }).sort()).toEqual(['opacity', 'y'])
    expect(changedFieldPaths(shape, { ...shape, props: { w: 10, h: 20 } })).toEqual(['props.richText'])
  })

  it('treats props as a whole when it is not an object on one side', () => {
    expect(changedFieldPaths(shape, { ...shape, props: null })).toEqual(['props'])
  })
})

describe('withFieldsFrom', () => {
  it('copies only the listed fields and leaves the inputs alone', () => {
    const source = { ...shape, x: 100, y: 200, props: { ...shape.props, w: 99, h: 98 } }
    const frozenBase = structuredClone(shape)
    const result = withFieldsFrom(shape, source, ['x', 'props.w'])
    expect(result).toEqual({ ...shape, x: 100, props: { ...shape.props, w: 99 } })
    expect(shape).toEqual(frozenBase)
    expect(result.props).not.toBe(shape.props)
  })

  it('removes fields the source no longer has', () => {
    const source = { ...shape, props: { w: 10, h: 20 }, meta: {} }
    const result = withFieldsFrom(shape, source, ['props.richText', 'meta.tag.color'])
    expect(result.props).toEqual({ w: 10, h: 20 })
    expect(result.meta).toEqual({})
  })

  it('round-trips with changedFieldPaths', () => {
    const after = { ...shape, y: 9, props: { ...shape.props, h: 1 }, meta: {} }
    expect(withFieldsFrom(shape, after, changedFieldPaths(shape, after))).toEqual(after)
  })
})

describe('jsonEqual', () => {
  it('ignores key order and undefined-valued keys, not array order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true)
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true)
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
    expect(jsonEqual({ a: null }, { a: undefined })).toBe(false)
    expect(jsonEqual({ a: [] }, { a: {} })).toBe(false)
  })
})
