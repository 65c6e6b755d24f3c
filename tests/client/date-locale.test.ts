/** The reader's region decides how dates are written; the interface language only chooses among them. */
import { describe, expect, it } from 'vitest'
import { dateLocale } from '../../client/ui/format-day'

describe('dateLocale', () => {
  it('takes the browser’s own tag for the chosen language', () => {
    expect(dateLocale('en', ['de-DE', 'en-IE'])).toBe('en-IE')
    expect(dateLocale('de', ['de-AT', 'en-US'])).toBe('de-AT')
    expect(dateLocale('en', ['EN-us'])).toBe('EN-us')
  })

  it('writes English the European way when the browser names no region for it', () => {
    expect(dateLocale('en', ['de-DE', 'en'])).toBe('en-GB')
    expect(dateLocale('de', [])).toBe('de-DE')
    const twoPm = new Date(2026, 5, 12, 14, 0)
    expect(new Intl.DateTimeFormat(dateLocale('en', ['de']), { dateStyle: 'medium', timeStyle: 'short' }).format(twoPm)).toBe('12 Jun 2026, 14:00')
  })
})
