/**
 * Every word the learning note prints, in both languages. The words it shares with the minutes (the
 * meeting's facts, the sections' names, the page numbers; the dates' words too) are the minutes'
 * own (shared/minutes/strings.ts), so a note and the minutes it is made of say the same.
 */
import { minutesStrings, type MinutesStrings } from '../../minutes/strings'
import type { MinutesLang } from '../../minutes/types'
import type { CommitmentStatus } from '../commitment-status'
import type { NotePart } from './types'

/** The words the note takes from the minutes. */
type MinutesWords = 'purpose' | 'cities' | 'date' | 'place' | 'anonymous' | 'timesIn' | 'pageOf'

export interface NoteStrings extends Pick<MinutesStrings, MinutesWords> {
  note: string
  meetings: string
  noMeetings: string
  meeting: string
  onsite: string
  remote: string
  noCity: string
  parts: Record<NotePart, string>
  committed: string
  nothing: string
  owner: string
  due: string
  status: string
  statuses: Record<CommitmentStatus, string>
  history: string
  csv: { city: string; part: string; text: string; meeting: string; date: string; author: string; owner: string; due: string; status: string; history: string }
}

/** What only the note says: its own words, and of its parts only the one the minutes have no section for. */
type OwnWords = Omit<NoteStrings, MinutesWords | 'parts'> & { asked: string }

const en: OwnWords = {
  note: 'Learning note',
  meetings: 'Meetings',
  noMeetings: 'No meetings yet.',
  meeting: 'Meeting',
  onsite: 'On site',
  remote: 'Remote',
  noCity: 'Without a city',
  asked: 'What was asked',
  committed: 'What was committed, and what became of it',
  nothing: 'Nothing.',
  owner: 'Who',
  due: 'due',
  status: 'Status',
  statuses: { open: 'open', inProgress: 'in progress', done: 'done', dropped: 'dropped' },
  history: 'History',
  csv: { city: 'city', part: 'part', text: 'text', meeting: 'meeting', date: 'date', author: 'author', owner: 'owner', due: 'due', status: 'status', history: 'history' },
}

const de: OwnWords = {
  note: 'Lernnotiz',
  meetings: 'Treffen',
  noMeetings: 'Noch keine Treffen.',
  meeting: 'Treffen',
  onsite: 'Vor Ort',
  remote: 'Aus der Ferne',
  noCity: 'Ohne Stadt',
  asked: 'Was gefragt wurde',
  committed: 'Was verabredet wurde, und was daraus wurde',
  nothing: 'Nichts.',
  owner: 'Wer',
  due: 'bis',
  status: 'Stand',
  statuses: { open: 'offen', inProgress: 'in Arbeit', done: 'erledigt', dropped: 'verworfen' },
  history: 'Verlauf',
  csv: { city: 'stadt', part: 'teil', text: 'text', meeting: 'treffen', date: 'datum', author: 'autor', owner: 'verantwortlich', due: 'bis', status: 'stand', history: 'verlauf' },
}

function withMinutesWords(lang: MinutesLang, { asked, ...own }: OwnWords): NoteStrings {
  const minutes = minutesStrings(lang)
  const { purpose, cities, date, place, anonymous, timesIn, pageOf, sections } = minutes
  return { ...own, purpose, cities, date, place, anonymous, timesIn, pageOf, parts: { asked, worked: sections.worked, notWorked: sections.notWorked, ideas: sections.ideas } }
}

const STRINGS: Record<MinutesLang, NoteStrings> = { en: withMinutesWords('en', en), de: withMinutesWords('de', de) }

export function noteStrings(lang: MinutesLang): NoteStrings {
  return STRINGS[lang]
}
