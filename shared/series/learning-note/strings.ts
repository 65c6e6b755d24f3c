/** Every word the learning note prints, in both languages (the minutes' own table has the dates' words). */
import type { MinutesLang } from '../../minutes/types'
import type { CommitmentStatus } from '../commitment-status'
import type { NotePart } from './types'

export interface NoteStrings {
  note: string
  purpose: string
  cities: string
  meetings: string
  noMeetings: string
  date: string
  meeting: string
  place: string
  onsite: string
  remote: string
  noCity: string
  parts: Record<NotePart, string>
  committed: string
  nothing: string
  anonymous: string
  owner: string
  due: string
  status: string
  statuses: Record<CommitmentStatus, string>
  history: string
  timesIn: string
  pageOf: string
  csv: { city: string; part: string; text: string; meeting: string; date: string; author: string; owner: string; due: string; status: string; history: string }
}

const en: NoteStrings = {
  note: 'Learning note',
  purpose: 'Purpose',
  cities: 'Cities',
  meetings: 'Meetings',
  noMeetings: 'No meetings yet.',
  date: 'Date',
  meeting: 'Meeting',
  place: 'Place',
  onsite: 'On site',
  remote: 'Remote',
  noCity: 'Without a city',
  parts: { asked: 'What was asked', worked: 'What worked', notWorked: 'What did not work', ideas: 'Ideas' },
  committed: 'What was committed, and what became of it',
  nothing: 'Nothing.',
  anonymous: 'anonymous',
  owner: 'Who',
  due: 'due',
  status: 'Status',
  statuses: { open: 'open', inProgress: 'in progress', done: 'done', dropped: 'dropped' },
  history: 'History',
  timesIn: 'Times are in {zone}.',
  pageOf: 'Page {page} of {pages}',
  csv: { city: 'city', part: 'part', text: 'text', meeting: 'meeting', date: 'date', author: 'author', owner: 'owner', due: 'due', status: 'status', history: 'history' },
}

const de: NoteStrings = {
  note: 'Lernnotiz',
  purpose: 'Zweck',
  cities: 'Städte',
  meetings: 'Treffen',
  noMeetings: 'Noch keine Treffen.',
  date: 'Datum',
  meeting: 'Treffen',
  place: 'Ort',
  onsite: 'Vor Ort',
  remote: 'Aus der Ferne',
  noCity: 'Ohne Stadt',
  parts: { asked: 'Was gefragt wurde', worked: 'Was funktioniert hat', notWorked: 'Was nicht funktioniert hat', ideas: 'Ideen' },
  committed: 'Was verabredet wurde, und was daraus wurde',
  nothing: 'Nichts.',
  anonymous: 'anonym',
  owner: 'Wer',
  due: 'bis',
  status: 'Stand',
  statuses: { open: 'offen', inProgress: 'in Arbeit', done: 'erledigt', dropped: 'verworfen' },
  history: 'Verlauf',
  timesIn: 'Zeiten in {zone}.',
  pageOf: 'Seite {page} von {pages}',
  csv: { city: 'stadt', part: 'teil', text: 'text', meeting: 'treffen', date: 'datum', author: 'autor', owner: 'verantwortlich', due: 'bis', status: 'stand', history: 'verlauf' },
}

export function noteStrings(lang: MinutesLang): NoteStrings {
  return lang === 'de' ? de : en
}
