import { describe, expect, it } from 'vitest'
import { createTLStore } from 'tldraw'
import { storeSchemaOptions } from '../../client/board/tldraw/board-schema'
import { CARD_SHAPE_TYPE } from '../../shared/model/card'
import { BUNDLED_BOARD_SCHEMA, isAcceptableBoardSchema, recordsInBundledSchema } from '../../shared/model/tldraw-schema'
import { shape } from './shape-fixtures'

const GEO = 'com.tldraw.shape.geo'
const CARD = `com.tldraw.shape.${CARD_SHAPE_TYPE}`
const bundledGeo = BUNDLED_BOARD_SCHEMA.sequences[GEO]!

function withSequences(sequences: Record<string, number>) {
  return { ...BUNDLED_BOARD_SCHEMA, sequences: { ...BUNDLED_BOARD_SCHEMA.sequences, ...sequences } }
}

describe('the bundled board schema', () => {
  it('is exactly what the client store serializes, so server and client cannot drift', () => {
    const clientSchema = createTLStore({ ...storeSchemaOptions }).schema.serialize()
    expect(BUNDLED_BOARD_SCHEMA).toEqual(clientSchema)
    // Our own shapes are part of it (the comparison would also hold if both lacked them).
    expect(Object.keys(BUNDLED_BOARD_SCHEMA.sequences)).toContain(CARD)
  })

  it('accepts itself and older versions of known sequences', () => {
    expect(isAcceptableBoardSchema(BUNDLED_BOARD_SCHEMA)).toBe(true)
    expect(isAcceptableBoardSchema(JSON.parse(JSON.stringify(BUNDLED_BOARD_SCHEMA)))).toBe(true)
    expect(isAcceptableBoardSchema(withSequences({ [GEO]: 9 }))).toBe(true)
    const { [GEO]: _geo, ...withoutGeo } = BUNDLED_BOARD_SCHEMA.sequences
    expect(isAcceptableBoardSchema({ schemaVersion: 2, sequences: withoutGeo })).toBe(true)
  })

  it.each([
    ['a newer version of a known sequence', withSequences({ [GEO]: bundledGeo + 1 })],
    ['an unknown sequence', withSequences({ 'com.tldraw.shape.hologram': 0 })],
    ['a later schema format', { ...BUNDLED_BOARD_SCHEMA, schemaVersion: 3 }],
    ['the old format 1', { schemaVersion: 1, storeVersion: 4, recordVersions: {} }],
    ['a version that is not a whole number', withSequences({ [GEO]: 1.5 })],
    ['a negative version', withSequences({ [GEO]: -1 })],
    ['a version as text', { ...BUNDLED_BOARD_SCHEMA, sequences: { ...BUNDLED_BOARD_SCHEMA.sequences, [GEO]: '3' } }],
    ['sequences that are no object', { schemaVersion: 2, sequences: [1, 2] }],
    ['an extra key', { ...BUNDLED_BOARD_SCHEMA, note: 'hi' }],
    ['an inherited name as sequence', withSequences({ toString: 0 })],
    ['null', null],
    ['a string', 'schema'],
  ])('refuses %s', (_case, value) => {
    expect(isAcceptableBoardSchema(value)).toBe(false)
  })

  it('migrates records of an older schema and keeps records of a vandalised one as they are', () => {
    const oldGeo = shape({ id: 'shape:old', type: 'geo', props: { geo: 'rectangle', w: 10, h: 10, text: 'old', color: 'black' } })
    const migrated = recordsInBundledSchema(withSequences({ [GEO]: 9 }), [oldGeo])
    expect(migrated).toMatchObject({ ok: true, from: 'older' })
    const props = (migrated.ok ? migrated.records[0] : undefined) as unknown as { props: Record<string, unknown> }
    expect(props.props).not.toHaveProperty('text')
    expect(props.props).toHaveProperty('richText')

    const newer = recordsInBundledSchema(withSequences({ [GEO]: bundledGeo + 1 }), [oldGeo])
    expect(newer).toEqual({ ok: true, from: 'missing-or-unacceptable', records: [oldGeo] })
    expect(recordsInBundledSchema(BUNDLED_BOARD_SCHEMA, [oldGeo])).toEqual({ ok: true, from: 'current', records: [oldGeo] })
  })
})
