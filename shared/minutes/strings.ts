/**
 * Every word the minutes print, in both languages. The minutes are made on the server too, so they
 * have their own small table instead of the client's i18n files.
 */
import type { Role, Whereabouts } from '../model/participant'
import type { MinutesLang, MinutesSectionKind } from './types'

export interface MinutesStrings {
  minutes: string
  untitled: string
  purpose: string
  date: string
  place: string
  cities: string
  archived: string
  open: string
  status: string
  participants: string
  /** "{total} people: {onsite} on site, {remote} remote" */
  participantCount: string
  /** The same for one person, who is not "1 people". */
  oneParticipant: string
  noParticipants: string
  role: string
  city: string
  whereabouts: string
  count: string
  names: string
  roles: Record<Role, string>
  where: Record<Whereabouts, string>
  sections: Record<MinutesSectionKind, string>
  noCards: string
  anonymous: string
  /** "{count} votes" */
  votes: string
  oneVote: string
  /** "Ranked by the voting round revealed on {date}." */
  rankedBy: string
  cluster: string
  /** Heading of the commitments table. */
  commitments: string
  noCommitments: string
  what: string
  who: string
  due: string
  snapshots: string
  noSnapshots: string
  snapshotName: string
  takenAt: string
  takenBy: string
  /** "Made on {date}." */
  generated: string
  /** "Times are in {zone}." */
  timesIn: string
  board: string
  /** "Page {page} of {pages}", at the foot of every PDF page. */
  pageOf: string
  months: readonly string[]
  /** Column names of the CSV file. */
  csv: {
    section: string
    sectionKind: string
    position: string
    cluster: string
    text: string
    kind: string
    author: string
    city: string
    anonymous: string
    votes: string
    owner: string
    ownerCity: string
    due: string
    createdAt: string
    cardId: string
  }
  yes: string
  no: string
  cardKinds: { note: string; commitment: string }
  /** A card's own lines in the PDF's section pictures, as the board's card shows them (client i18n `card.*`). */
  card: {
    empty: string
    /** "{name}, {city}" */
    byWithCity: string
    owner: string
    ownerWithCity: string
    ownerNone: string
    /** "by {date}" */
    due: string
  }
}

const en: MinutesStrings = {
  minutes: 'Minutes',
  untitled: 'Untitled meeting',
  purpose: 'Purpose',
  date: 'Date',
  place: 'Place',
  cities: 'Cities',
  archived: 'Closed and archived on {date}',
  open: 'Open',
  status: 'Status',
  participants: 'Participants',
  participantCount: '{total} people: {onsite} on site, {remote} remote',
  oneParticipant: '1 person: {onsite} on site, {remote} remote',
  noParticipants: 'Nobody has joined the board.',
  role: 'Role',
  city: 'City',
  whereabouts: 'On site / remote',
  count: 'Count',
  names: 'Names',
  roles: { facilitator: 'Facilitator', participant: 'Participant', viewer: 'Viewer' },
  where: { onsite: 'on site', remote: 'remote' },
  sections: {
    questions: 'Questions',
    worked: 'What worked',
    notWorked: 'What did not work',
    ideas: 'Ideas',
    commitments: 'Commitments',
    custom: 'Section',
    other: 'Elsewhere on the board',
  },
  noCards: 'No cards.',
  anonymous: 'anonymous',
  votes: '{count} votes',
  oneVote: '1 vote',
  rankedBy: 'Ranked by the voting round revealed on {date}.',
  cluster: 'Cluster',
  commitments: 'Who does what by when',
  noCommitments: 'No commitments.',
  what: 'What',
  who: 'Who',
  due: 'Due',
  snapshots: 'Snapshots',
  noSnapshots: 'No named snapshots.',
  snapshotName: 'Name',
  takenAt: 'Taken',
  takenBy: 'By',
  generated: 'Made on {date}.',
  timesIn: 'Times are in {zone}.',
  board: 'Board',
  pageOf: 'Page {page} of {pages}',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  csv: {
    section: 'section',
    sectionKind: 'section_kind',
    position: 'position',
    cluster: 'cluster',
    text: 'text',
    kind: 'kind',
    author: 'author',
    city: 'city',
    anonymous: 'anonymous',
    votes: 'votes',
    owner: 'owner',
    ownerCity: 'owner_city',
    due: 'due',
    createdAt: 'created_at',
    cardId: 'card_id',
  },
  yes: 'yes',
  no: 'no',
  cardKinds: { note: 'note', commitment: 'commitment' },
  card: { empty: '(empty card)', byWithCity: '{name}, {city}', owner: 'Who: {owner}', ownerWithCity: 'Who: {owner}, {city}', ownerNone: 'Who: not decided yet', due: 'by {date}' },
}

const de: MinutesStrings = {
  minutes: 'Protokoll',
  untitled: 'Treffen ohne Titel',
  purpose: 'Zweck',
  date: 'Datum',
  place: 'Ort',
  cities: 'Städte',
  archived: 'Abgeschlossen und archiviert am {date}',
  open: 'Offen',
  status: 'Status',
  participants: 'Teilnehmende',
  participantCount: '{total} Personen: {onsite} vor Ort, {remote} aus der Ferne',
  oneParticipant: '1 Person: {onsite} vor Ort, {remote} aus der Ferne',
  noParticipants: 'Niemand ist dem Board beigetreten.',
  role: 'Rolle',
  city: 'Stadt',
  whereabouts: 'Vor Ort / aus der Ferne',
  count: 'Anzahl',
  names: 'Namen',
  roles: { facilitator: 'Moderation', participant: 'Teilnehmende', viewer: 'Zuschauende' },
  where: { onsite: 'vor Ort', remote: 'aus der Ferne' },
  sections: {
    questions: 'Fragen',
    worked: 'Was funktioniert hat',
    notWorked: 'Was nicht funktioniert hat',
    ideas: 'Ideen',
    commitments: 'Verabredungen',
    custom: 'Abschnitt',
    other: 'Außerhalb der Abschnitte',
  },
  noCards: 'Keine Karten.',
  anonymous: 'anonym',
  votes: '{count} Stimmen',
  oneVote: '1 Stimme',
  rankedBy: 'Sortiert nach der Abstimmungsrunde, aufgedeckt am {date}.',
  cluster: 'Gruppe',
  commitments: 'Wer macht was bis wann',
  noCommitments: 'Keine Verabredungen.',
  what: 'Was',
  who: 'Wer',
  due: 'Bis',
  snapshots: 'Zwischenstände',
  noSnapshots: 'Keine benannten Zwischenstände.',
  snapshotName: 'Name',
  takenAt: 'Gespeichert',
  takenBy: 'Von',
  generated: 'Erstellt am {date}.',
  timesIn: 'Zeiten in {zone}.',
  board: 'Board',
  pageOf: 'Seite {page} von {pages}',
  months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  csv: {
    section: 'abschnitt',
    sectionKind: 'abschnitt_art',
    position: 'position',
    cluster: 'gruppe',
    text: 'text',
    kind: 'art',
    author: 'autor',
    city: 'stadt',
    anonymous: 'anonym',
    votes: 'stimmen',
    owner: 'verantwortlich',
    ownerCity: 'verantwortlich_stadt',
    due: 'bis',
    createdAt: 'erstellt',
    cardId: 'karten_id',
  },
  yes: 'ja',
  no: 'nein',
  cardKinds: { note: 'Notiz', commitment: 'Verabredung' },
  card: { empty: '(leere Karte)', byWithCity: '{name}, {city}', owner: 'Wer: {owner}', ownerWithCity: 'Wer: {owner}, {city}', ownerNone: 'Wer: noch offen', due: 'bis {date}' },
}

const STRINGS: Record<MinutesLang, MinutesStrings> = { en, de }

export function minutesStrings(lang: MinutesLang): MinutesStrings {
  return STRINGS[lang]
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}
