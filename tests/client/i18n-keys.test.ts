import { describe, expect, it } from 'vitest'
import de from '../../client/i18n/de.json'
import en from '../../client/i18n/en.json'
import { translate } from '../../client/i18n/messages'
import { pluralKey } from '../../client/i18n/plural'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

describe('the translation files', () => {
  it('have exactly the same keys in German and English', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort())
  })

  it('use the same placeholders in both languages', () => {
    const differing = Object.keys(en).filter(
      (key) => JSON.stringify(placeholders(en[key as keyof typeof en])) !== JSON.stringify(placeholders(de[key as keyof typeof de])),
    )
    expect(differing).toEqual([])
  })

  it('have no empty texts', () => {
    const empty = [...Object.entries(en), ...Object.entries(de)].filter(([, text]) => !text.trim()).map(([key]) => key)
    expect(empty).toEqual([])
  })

  it('have both forms of every counted text', () => {
    const counted = Object.keys(en).filter((key) => key.endsWith('.one') || key.endsWith('.other'))
    for (const key of counted) {
      const base = key.replace(/\.(one|other)$/, '')
      expect(Object.keys(en), base).toEqual(expect.arrayContaining([`${base}.one`, `${base}.other`]))
    }
  })

  it('pick the counted form by the language\'s plural rules', () => {
    expect(translate('en', pluralKey('en', 'participants.onsite', 1), { count: 1 })).toBe('1 on site')
    expect(translate('de', pluralKey('de', 'outline.cards', 1), { count: 1 })).toBe('1 Karte')
    expect(translate('de', pluralKey('de', 'outline.cards', 0), { count: 0 })).toBe('0 Karten')
  })

  it('name the template sections as the issue asks', () => {
    expect([de['section.questions'], de['section.worked'], de['section.notWorked'], de['section.ideas'], de['section.commitments']]).toEqual([
      'Fragen',
      'Was hat funktioniert',
      'Was hat nicht funktioniert',
      'Ideen',
      'Verabredungen',
    ])
  })
})
