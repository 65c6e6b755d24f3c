import { describe, expect, it } from 'vitest'
import { createTLStore, type TLRecord } from 'tldraw'
import { storeSchemaOptions } from '../../client/board/tldraw/board-schema'
import { CARD_SHAPE_TYPE } from '../../shared/model/card'
import { PURPOSE_SHAPE_TYPE } from '../../shared/model/template'
import { BUNDLED_BOARD_SCHEMA, recordsInBundledSchema } from '../../shared/model/tldraw-schema'
import { shape } from './shape-fixtures'

/**
 * A card and a purpose exactly as the first release stored them: every prop spelled out here, not
 * taken from today's defaults, so that a prop added later without a migration step
 * (shared/model/custom-shape-props.ts) makes these records fail to open.
 */
const FIRST_RELEASE_CARD = shape({
  id: 'shape:first-card',
  type: CARD_SHAPE_TYPE,
  x: 40,
  y: 60,
  props: {
    w: 280,
    h: 180,
    text: 'Wie habt ihr die Anwohner erreicht?',
    kind: 'note',
    authorName: 'Ayşe',
    authorCity: 'Wiesbaden',
    anonymous: false,
    createdAt: 1_764_000_000_000,
    owner: '',
    ownerCity: '',
    due: '',
  },
})
const FIRST_RELEASE_PURPOSE = shape({ id: 'shape:first-purpose', type: PURPOSE_SHAPE_TYPE, props: { w: 640, h: 240 } })
const PAGE = { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} }

/** The schema the first release wrote: our shapes at version 0, tldraw's as bundled then. */
const FIRST_RELEASE_SCHEMA = {
  ...BUNDLED_BOARD_SCHEMA,
  sequences: { ...BUNDLED_BOARD_SCHEMA.sequences, [`com.tldraw.shape.${CARD_SHAPE_TYPE}`]: 0, [`com.tldraw.shape.${PURPOSE_SHAPE_TYPE}`]: 0 },
}

describe('our shapes stored by the first release', () => {
  const stored = [PAGE, FIRST_RELEASE_CARD, FIRST_RELEASE_PURPOSE]

  it('migrate to this version and pass its validation (the server path)', () => {
    const result = recordsInBundledSchema(FIRST_RELEASE_SCHEMA, stored)
    if (!result.ok) throw new Error(result.reason)
    const store = createTLStore({ ...storeSchemaOptions })
    for (const record of result.records) {
      expect(() => store.schema.validateRecord(store, record as unknown as TLRecord, 'initialize', null)).not.toThrow()
    }
    expect(result.records.map((record) => record.id).sort()).toEqual(stored.map((record) => record.id).sort())
  })

  it('open in the client store with their text (the browser path)', () => {
    const store = createTLStore({
      ...storeSchemaOptions,
      snapshot: { schema: FIRST_RELEASE_SCHEMA, store: Object.fromEntries(stored.map((record) => [record.id, record])) } as never,
    })
    const card = store.get(FIRST_RELEASE_CARD.id as TLRecord['id']) as { props: { text: string } } | undefined
    expect(card?.props.text).toBe('Wie habt ihr die Anwohner erreicht?')
    expect(store.get(FIRST_RELEASE_PURPOSE.id as TLRecord['id'])).toBeDefined()
  })
})
