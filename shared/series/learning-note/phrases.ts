/** The lines every rendering of the learning note shares, as plain unescaped text (each renderer escapes). */
import { formatInstant, formatLocalDate } from '../../minutes/dates'
import { fill } from '../../minutes/strings'
import { noteStrings } from './strings'
import type { LearningNote, NoteCard, NoteCity, NoteCommitment } from './types'

export function noteTitle(note: LearningNote): string {
  return `${noteStrings(note.lang).note}: ${note.series.title}`
}

export function cityTitle(note: LearningNote, city: NoteCity): string {
  return city.city || noteStrings(note.lang).noCity
}

export function localDate(note: LearningNote, value: string): string {
  return value ? formatLocalDate(value, note.lang) : ''
}

/** "Stadtlabor Berlin, 12 June 2026 · Ada": where a card was written, and by whom. */
export function cardSource(note: LearningNote, card: NoteCard): string {
  const meeting = [card.meeting, localDate(note, card.startsAt)].filter(Boolean).join(', ')
  const who = card.anonymous ? noteStrings(note.lang).anonymous : (card.author ?? '')
  return [meeting, who].filter(Boolean).join(' · ')
}

/** "Bea · due 1 July 2026 · Stadtlabor Berlin · done" */
export function commitmentLine(note: LearningNote, commitment: NoteCommitment): string {
  const strings = noteStrings(note.lang)
  return [
    commitment.owner ?? '',
    commitment.due ? `${strings.due} ${localDate(note, commitment.due)}` : '',
    commitment.meeting,
    strings.statuses[commitment.status],
  ]
    .filter(Boolean)
    .join(' · ')
}

/** One entry of a commitment's history: "3 July 2026, 10:00: done – Sent to all three cities". */
export function historyLine(note: LearningNote, event: NoteCommitment['history'][number]): string {
  const status = noteStrings(note.lang).statuses[event.status]
  const when = event.at ? formatInstant(event.at, note.lang, note.timeZone) : ''
  return `${when}: ${status}${event.note ? ` – ${event.note}` : ''}`
}

export function meetingRow(note: LearningNote, meeting: LearningNote['meetings'][number]): string[] {
  return [localDate(note, meeting.startsAt), meeting.title, meeting.place, meeting.cities.join(', '), String(meeting.onsite), String(meeting.remote)]
}

export function meetingHeader(note: LearningNote): string[] {
  const s = noteStrings(note.lang)
  return [s.date, s.meeting, s.place, s.cities, s.onsite, s.remote]
}

export function timesIn(note: LearningNote): string {
  return fill(noteStrings(note.lang).timesIn, { zone: note.timeZone })
}
