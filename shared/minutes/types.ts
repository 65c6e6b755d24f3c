/**
 * The minutes of a meeting as data: what `buildMinutes` computes from a board's Y.Doc and what every
 * renderer (Markdown, HTML, CSV, JSON, the PDF in the browser) reads. Plain JSON values only, with
 * times as ISO 8601 strings in UTC, so `toJson` is the structure itself and
 * `minutes.schema.json` describes exactly this.
 */
import type { CardKind } from '../model/card'
import type { Role, Whereabouts } from '../model/participant'
import type { SectionKind } from '../model/sections'

/** Languages the minutes are written in. */
export type MinutesLang = 'en' | 'de'

export const MINUTES_LANGS: readonly MinutesLang[] = ['en', 'de']

export function isMinutesLang(value: unknown): value is MinutesLang {
  return value === 'en' || value === 'de'
}

/**
 * A revealed dot-voting round (issue 4 feeds it): how many votes each card got, by card id.
 * Cards of a section that took part in the round are ranked by these counts.
 */
export interface VoteRound {
  /** When the result was revealed (ms since epoch). */
  revealedAt: number
  /** Votes per card id; a card that could be voted for but got none may be listed with 0. */
  counts: Readonly<Record<string, number>>
}

/** A named snapshot of the board (issue 4 feeds them). */
export interface NamedSnapshot {
  name: string
  /** When it was taken (ms since epoch). */
  at: number
  /** Display name of whoever took it. */
  author: string
}

/** What the minutes are made from besides the document itself. */
export interface MinutesInputs {
  /** The last revealed voting round, if one was held. */
  votes?: VoteRound | null
  snapshots?: readonly NamedSnapshot[]
}

export interface MinutesOptions extends MinutesInputs {
  lang: MinutesLang
  /** false leaves out every person's name (participants, authors, owners, snapshot authors). Default true. */
  names?: boolean
  /** IANA time zone for the times shown to readers. Default 'UTC'. */
  timeZone?: string
  /** When the minutes were made (ms since epoch); left out of the minutes when not given. */
  now?: number
  /** The board's id, for the reader's reference. */
  boardId?: string
}

export interface MinutesMeeting {
  title: string
  purpose: string
  /** As the facilitator entered it: local date-time without zone ("2026-06-12T14:00"), or "". */
  startsAt: string
  place: string
  cities: string[]
  /** When the meeting was closed (ISO 8601), or null while open. */
  archivedAt: string | null
}

/** People of one role from one city taking part one way (on site or remote). */
export interface ParticipantGroup {
  role: Role
  /** "" when the person gave no city. */
  city: string
  whereabouts: Whereabouts
  count: number
  /** Their names in the order they joined; empty when names are left out. */
  names: string[]
}

export interface MinutesParticipants {
  total: number
  onsite: number
  remote: number
  namesIncluded: boolean
  groups: ParticipantGroup[]
}

export interface MinutesCard {
  id: string
  kind: CardKind
  text: string
  /** The cluster label when the card sits in a cluster (may be ""), else null. */
  cluster: string | null
  anonymous: boolean
  /** Null when the card is anonymous or names are left out. */
  author: string | null
  /** Null when the card is anonymous. */
  city: string | null
  /** Votes in the last round, or null when the card's section took no part in it. */
  votes: number | null
  /** Commitments: who will do it (null when names are left out or for other cards). */
  owner: string | null
  /** Commitments: for which city ("" otherwise). */
  ownerCity: string
  /** Commitments: by when, ISO date as entered ("" otherwise). */
  due: string
  /** ISO 8601, or null when unknown. */
  createdAt: string | null
}

/** Sections are the board's section frames; `other` collects the cards outside every section. */
export type MinutesSectionKind = SectionKind | 'other'

export interface MinutesSection {
  /** The frame's id, or null for `other`. */
  id: string | null
  kind: MinutesSectionKind
  /** The name to show: the frame's name, or the kind's name in the minutes' language. */
  title: string
  /** Whether its cards are ranked by the last voting round. */
  ranked: boolean
  cards: MinutesCard[]
}

export interface MinutesCommitment {
  cardId: string
  what: string
  /** Null when names are left out. */
  who: string | null
  city: string
  /** ISO date as entered, or "". */
  due: string
}

export interface MinutesSnapshot {
  name: string
  at: string
  /** Null when names are left out. */
  author: string | null
}

export interface Minutes {
  format: 'gatherboard-minutes'
  version: 1
  lang: MinutesLang
  timeZone: string
  /** ISO 8601 when given in the options, else null. */
  generatedAt: string | null
  boardId: string | null
  meeting: MinutesMeeting
  participants: MinutesParticipants
  /** ISO 8601 time the last voting round was revealed, or null when none was held. */
  votesRevealedAt: string | null
  sections: MinutesSection[]
  commitments: MinutesCommitment[]
  snapshots: MinutesSnapshot[]
}
