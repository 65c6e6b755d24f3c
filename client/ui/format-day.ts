/**
 * Dates as the reader writes them. The interface has two languages, but the order of day and month
 * and the 12- or 24-hour clock belong to the reader's region: an English-reading browser in
 * Britain, Ireland or Germany gets "12 Jun 2026, 14:00", not the American order. Without a hint from
 * the browser, English is written the European way, as the minutes are.
 */
const DEFAULT_REGION: Readonly<Record<string, string>> = { en: 'en-GB', de: 'de-DE' }

/** The browser's own locale tag for `language` when it has one, else that language's default. */
export function dateLocale(language: string, preferred: readonly string[] = globalThis.navigator?.languages ?? []): string {
  const own = preferred.find((tag) => tag.toLowerCase().startsWith(`${language.toLowerCase()}-`))
  return own ?? DEFAULT_REGION[language] ?? language
}

/** A calendar day ("2026-06-12") as people of `locale` write it; the raw text if it is no date. */
export function formatDay(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return day
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return new Intl.DateTimeFormat(dateLocale(locale), { day: 'numeric', month: 'short', year: 'numeric' }).format(date)
}

/** A local date-time ("2026-06-12T14:00") in `locale`'s words; the raw text if it is none. */
export function formatDateTime(value: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value)
  if (!match) return value
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]))
  return new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

/** A moment (ms since the epoch) in short form, in the browser's time zone. */
export function formatMoment(at: number, locale: string): string {
  return new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'short', timeStyle: 'short' }).format(at)
}
