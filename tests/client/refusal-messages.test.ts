/**
 * Every refusal code the server can send (shared/model/refusals.ts; the server's update hooks can
 * only refuse with a reason made from one, see `UpdateRefusal`) is known to the client and
 * explained in both languages, never as "the server did not accept your change".
 */
import { describe, expect, it } from 'vitest'
import de from '../../client/i18n/de.json'
import en from '../../client/i18n/en.json'
import { refusalMessageKey } from '../../client/sync/refusals'
import { REFUSAL_CODES, refusalCodeOf, refusalReason } from '../../shared/model/refusals'

describe('refusal codes', () => {
  it.each(REFUSAL_CODES)('%s reaches the client as itself, with its own text in English and German', (code) => {
    expect(refusalCodeOf(refusalReason(code))).toBe(code)
    const key = refusalMessageKey(refusalCodeOf(refusalReason(code)))
    expect(key).toBe(`refused.${code}`)
    for (const messages of [en, de] as Record<string, string>[]) {
      expect(messages[key], `${key}`).toBeTruthy()
      expect(messages[key]).not.toBe(messages['refused.unknown'])
    }
  })

  it('reads a reason without one of our codes as unknown', () => {
    expect(refusalMessageKey(refusalCodeOf('permission denied'))).toBe('refused.unknown')
    expect(refusalMessageKey(refusalCodeOf('archived-ish: no'))).toBe('refused.unknown')
  })
})
