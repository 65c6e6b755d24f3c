import { isoTime } from '../../minutes/dates'
import type { MinutesCard } from '../../minutes/types'
import { canonicalCity, cityKey } from '../cities'
import { NOTE_PARTS, type LearningNote, type LearningNoteInput, type LearningNoteOptions, type NoteCard, type NoteCity, type NotePart } from './types'

const PART_OF_SECTION: Readonly<Record<string, NotePart>> = { questions: 'asked', worked: 'worked', notWorked: 'notWorked', ideas: 'ideas' }

/**
 * The learning note of a series: its meetings, then by city what was asked, what worked, what did
 * not, the ideas, and what was committed with what became of it. Cities in the series' order, then
 * others alphabetically, cards without a city last. Pure: the same input gives the same note.
 */
export function buildLearningNote(input: LearningNoteInput, options: LearningNoteOptions): LearningNote {
  const { series } = input
  const city = (name: string) => canonicalCity(name, series.cities, series.aliases)
  const cities = new Map<string, NoteCity>()
  const cityOf = (name: string): NoteCity => {
    const key = city(name)
    let entry = cities.get(key)
    if (!entry) cities.set(key, (entry = { city: key, parts: { asked: [], worked: [], notWorked: [], ideas: [] }, committed: [] }))
    return entry
  }
  const noteCard = (card: MinutesCard, meeting: { title: string; startsAt: string }): NoteCard => ({
    text: card.text,
    meeting: meeting.title,
    startsAt: meeting.startsAt,
    author: card.anonymous || !options.names ? null : card.author,
    anonymous: card.anonymous,
  })
  for (const { minutes, carried } of input.meetings) {
    for (const section of minutes.sections) {
      const part = PART_OF_SECTION[section.kind]
      if (!part) continue
      for (const card of section.cards) {
        if (card.kind === 'commitment' || carried.has(card.id)) continue
        cityOf(card.anonymous ? '' : (card.city ?? '')).parts[part].push(noteCard(card, minutes.meeting))
      }
    }
  }
  for (const commitment of input.commitments) {
    cityOf(commitment.city).committed.push({
      what: commitment.what,
      owner: options.names ? commitment.owner : null,
      meeting: commitment.meeting,
      startsAt: commitment.startsAt,
      due: commitment.due,
      status: commitment.status,
      history: commitment.history.map((event) => ({ at: isoTime(event.at) ?? '', status: event.status, note: event.note })),
    })
  }
  const rank = (name: string) => {
    const listed = series.cities.findIndex((member) => cityKey(member) === cityKey(name))
    return name === '' ? Number.MAX_SAFE_INTEGER : listed >= 0 ? listed : series.cities.length
  }
  const ordered = [...cities.values()]
    .filter((entry) => entry.committed.length > 0 || NOTE_PARTS.some((part) => entry.parts[part].length > 0))
    .sort((a, b) => rank(a.city) - rank(b.city) || a.city.localeCompare(b.city, options.lang))
  return {
    format: 'gatherboard-learning-note',
    version: 1,
    lang: options.lang,
    timeZone: options.timeZone,
    series: { title: series.title, purpose: series.purpose, cities: series.cities },
    meetings: input.meetings.map(({ minutes }) => ({
      title: minutes.meeting.title,
      startsAt: minutes.meeting.startsAt,
      place: minutes.meeting.place,
      cities: [...new Set(minutes.meeting.cities.map(city))],
      total: minutes.participants.total,
      onsite: minutes.participants.onsite,
      remote: minutes.participants.remote,
    })),
    cities: ordered,
  }
}
