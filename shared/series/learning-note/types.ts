/**
 * The learning note of a series as data: what `buildLearningNote` computes from the meetings'
 * minutes and the commitments, and what every format (Markdown, HTML, CSV, PDF) renders. Plain
 * JSON values, times as ISO 8601 strings in UTC.
 */
import type { Minutes, MinutesLang } from '../../minutes/types'
import type { CityAliases } from '../cities'
import type { CommitmentStatus } from '../commitment-status'
import type { CommitmentView, SeriesMeetingView } from '../series-view'

export interface NoteCard {
  text: string
  meeting: string
  /** The meeting's date as entered, or "". */
  startsAt: string
  /** Null when anonymous or names are left out. */
  author: string | null
  anonymous: boolean
}

export interface NoteCommitment {
  what: string
  /** Null when names are left out. */
  owner: string | null
  meeting: string
  startsAt: string
  due: string
  status: CommitmentStatus
  history: { at: string; status: CommitmentStatus; note: string }[]
}

/** The kinds of what a city learned, in the order the note tells them. */
export const NOTE_PARTS = ['asked', 'worked', 'notWorked', 'ideas'] as const
export type NotePart = (typeof NOTE_PARTS)[number]

export interface NoteCity {
  /** In the series' spelling; "" for cards without a city (anonymous ones among them). */
  city: string
  parts: Record<NotePart, NoteCard[]>
  committed: NoteCommitment[]
}

export type NoteMeeting = Pick<SeriesMeetingView, 'title' | 'startsAt' | 'place' | 'cities' | 'total' | 'onsite' | 'remote'>

export interface LearningNote {
  format: 'gatherboard-learning-note'
  version: 1
  lang: MinutesLang
  timeZone: string
  series: { title: string; purpose: string; cities: string[] }
  meetings: NoteMeeting[]
  cities: NoteCity[]
}

/** What the note is made from. */
export interface LearningNoteInput {
  series: { title: string; purpose: string; cities: string[]; aliases: CityAliases }
  /** In meeting order; `carried`: the ids of cards carried from an earlier meeting (told there, not again). */
  meetings: { minutes: Minutes; carried: ReadonlySet<string> }[]
  /** The series' commitments (with names; `names: false` leaves them out). */
  commitments: readonly CommitmentView[]
}

export interface LearningNoteOptions {
  lang: MinutesLang
  names: boolean
  timeZone: string
}
