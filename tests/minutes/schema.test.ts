/** The JSON minutes validate against their published schema, and the schema is strict enough to mean something. */
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildMinutes } from '../../shared/minutes/build'
import { toJson } from '../../shared/minutes/json'
import schema from '../../shared/minutes/minutes.schema.json'
import { fixtureOptions, makeFixtureDoc } from './fixture'

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema)

function errorsOf(value: unknown): string {
  return validate(value) ? '' : JSON.stringify(validate.errors, null, 2)
}

describe('minutes.schema.json', () => {
  it('accepts the fixture board in both languages, with and without names', () => {
    for (const options of [{}, { lang: 'de' as const }, { names: false }, { votes: null, snapshots: [] }]) {
      expect(errorsOf(JSON.parse(toJson(buildMinutes(makeFixtureDoc(), fixtureOptions(options)))))).toBe('')
    }
  })

  it('accepts an empty board with no options', () => {
    expect(errorsOf(JSON.parse(toJson(buildMinutes(new Y.Doc(), { lang: 'en' }))))).toBe('')
  })

  it('refuses minutes that break it', () => {
    const good = JSON.parse(toJson(buildMinutes(makeFixtureDoc(), fixtureOptions())))
    const broken = [
      { ...good, version: 2 },
      { ...good, lang: 'fr' },
      { ...good, extra: true },
      { ...good, generatedAt: '12.06.2026' },
      { ...good, sections: [{ ...good.sections[0], cards: [{ ...good.sections[0].cards[0], votes: -1 }] }] },
      { ...good, participants: { ...good.participants, groups: [{ ...good.participants.groups[0], role: 'king' }] } },
    ]
    for (const minutes of broken) expect(validate(minutes)).toBe(false)
  })
})
