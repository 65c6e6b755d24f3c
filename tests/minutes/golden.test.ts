/**
 * Golden tests: the fixture board's minutes must equal the files in golden/ byte for byte.
 * After a deliberate change of the minutes, regenerate them with
 *   UPDATE_GOLDEN=1 npx vitest run tests/minutes/golden.test.ts
 * and review the diff like code.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildMinutes } from '../../shared/minutes/build'
import { renderMinutes, type MinutesFormat } from '../../shared/minutes/formats'
import type { MinutesOptions } from '../../shared/minutes/types'
import { fixtureOptions, makeFixtureDoc } from './fixture'

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url))

function expectGolden(name: string, actual: string): void {
  const file = `${GOLDEN_DIR}${name}`
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual)
  if (!existsSync(file)) throw new Error(`golden/${name} is missing: run with UPDATE_GOLDEN=1 to create it`)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

const cases: { name: string; format: MinutesFormat; options: Partial<MinutesOptions> }[] = [
  { name: 'minutes.en.md', format: 'md', options: {} },
  { name: 'minutes.de.md', format: 'md', options: { lang: 'de' } },
  { name: 'minutes.en.no-names.md', format: 'md', options: { names: false } },
  { name: 'minutes.en.csv', format: 'csv', options: {} },
  { name: 'minutes.de.csv', format: 'csv', options: { lang: 'de' } },
]

describe('minutes of the fixture board', () => {
  for (const { name, format, options } of cases) {
    it(`match golden/${name}`, () => {
      expectGolden(name, renderMinutes(buildMinutes(makeFixtureDoc(), fixtureOptions(options)), format))
    })
  }

  it('are the same however often and from whichever copy of the document they are made', () => {
    const first = makeFixtureDoc()
    const copy = makeFixtureDoc()
    for (const format of ['md', 'html', 'csv', 'json'] as const) {
      expect(renderMinutes(buildMinutes(copy, fixtureOptions()), format)).toBe(
        renderMinutes(buildMinutes(first, fixtureOptions()), format),
      )
    }
  })
})
