/**
 * Dates as readers of the minutes see them ("12 June 2026, 14:00" / "12. Juni 2026, 14:00").
 * Only the numbers come from `Intl` (for the time zone); the words come from our own table, so the
 * text is the same on every machine and golden tests can compare it exactly.
 */
import { minutesStrings } from './strings'
import type { MinutesLang } from './types'

interface DateParts {
  year: number
  month: number
  day: number
  /** Absent for a date without a time. */
  time?: { hour: number; minute: number }
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/

function formatParts(parts: DateParts, lang: MinutesLang): string {
  const month = minutesStrings(lang).months[parts.month - 1]
  const date = lang === 'de' ? `${parts.day}. ${month} ${parts.year}` : `${parts.day} ${month} ${parts.year}`
  if (!parts.time) return date
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date}, ${pad(parts.time.hour)}:${pad(parts.time.minute)}`
}

/**
 * A local date or date-time as entered ("2026-06-12T14:00", "2026-07-01") in words; anything that
 * is not such a date is returned as it was, so nothing a person typed is lost.
 */
export function formatLocalDate(value: string, lang: MinutesLang): string {
  const match = LOCAL_DATE_TIME.exec(value)
  if (!match) return value
  const [, y, mo, d, h, mi] = match
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > 31) return value
  const time = h === undefined ? undefined : { hour: Number(h), minute: Number(mi) }
  return formatParts({ year: Number(y), month, day, time }, lang)
}

/** An instant (ISO 8601 string) as date and time in `timeZone`. */
export function formatInstant(iso: string, lang: MinutesLang, timeZone: string): string {
  const numbers = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(numbers.find((p) => p.type === type)?.value ?? 0)
  return formatParts(
    { year: part('year'), month: part('month'), day: part('day'), time: { hour: part('hour'), minute: part('minute') } },
    lang,
  )
}

/** Whether `Intl` knows the IANA time zone `zone`. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** ms since epoch as ISO 8601 (UTC), or null for anything that is not a usable time. */
export function isoTime(ms: number | null | undefined): string | null {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null
}
