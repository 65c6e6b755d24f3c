/** What people send the series API, checked and bounded, or refused with a 400 saying what is wrong. */
import { MEETING_LIMITS } from '../../../shared/model/meeting'
import { HttpError } from '../../http/respond'

/** A typed text: trimmed and bounded; absent is "". */
export function cleanText(value: unknown, max: number, name: string): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new HttpError(400, `${name} must be text`)
  // eslint-disable-next-line no-control-regex -- control characters are dropped
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max)
}

/** A list of cities: each trimmed and bounded, empty and duplicate ones (case aside) dropped. */
export function cleanCities(value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.length > MEETING_LIMITS.cities) {
    throw new HttpError(400, `cities must be a list of at most ${MEETING_LIMITS.cities} names`)
  }
  const seen = new Set<string>()
  const cities: string[] = []
  for (const entry of value) {
    const city = cleanText(entry, MEETING_LIMITS.city, 'a city')
    if (city === '' || seen.has(city.toLowerCase())) continue
    seen.add(city.toLowerCase())
    cities.push(city)
  }
  return cities
}
