/** What the series API answers (server/features/series/), as the series page reads it. */
import type { StatusEvent, CommitmentStatus } from './commitment-status'
import type { SeriesLinks, SeriesRole } from './series-links'

/** A meeting of the series with the facts the minutes compute of it. */
export interface SeriesMeetingView {
  boardId: string
  title: string
  /** Local date-time as entered, or "". */
  startsAt: string
  place: string
  /** In the series' spelling (merged variants counted as their city). */
  cities: string[]
  total: number
  onsite: number
  remote: number
  /** ISO 8601, or null while open. */
  archivedAt: string | null
  /** The board: a viewer link for the read link, the facilitator's for the manage link; null when unreadable (a renewed link). */
  link: string | null
}

export interface SeriesView {
  id: string
  title: string
  purpose: string
  cities: string[]
  /** Merged spelling variants (their key) and the city each stands for. */
  aliases: { variant: string; city: string }[]
  role: SeriesRole
  /** Both links, for the manage link only. */
  links: SeriesLinks | null
  /** Meetings by date (undated ones in the order they joined, after the dated). */
  meetings: SeriesMeetingView[]
  /** Every city spelling the meetings and cards use, with how often, for merging variants. */
  spellings: { name: string; city: string; count: number }[]
}

/** A commitment across meetings, with its history. */
export interface CommitmentView {
  id: string
  boardId: string
  cardId: string
  meeting: string
  startsAt: string
  what: string
  /** Null when names are left out. */
  owner: string | null
  /** In the series' spelling. */
  city: string
  due: string
  status: CommitmentStatus
  history: StatusEvent[]
  /** For the manage link: 'overdue' / 'due' (within two weeks) or null. */
  dueState: 'overdue' | 'due' | null
  /** The owner's link, for the manage link when one was made. */
  ownerLink: string | null
}

/**
 * What a status report answered about the meeting boards' cards: `shown` boards show it now,
 * `pending` ones could not be written (their server was unreachable) and show it when they are
 * next opened. The status itself is stored either way.
 */
export interface StatusOnBoards {
  shown: number
  pending: number
}

/** The answer to a status report: the commitment as it is now, and its boards. */
export interface StatusReportView extends CommitmentView {
  boards: StatusOnBoards
}

/** A search result: a card of a meeting of the series. */
export interface SearchResultView {
  boardId: string
  cardId: string
  meeting: string
  startsAt: string
  sectionKind: string
  sectionTitle: string
  text: string
  anonymous: boolean
  /** Null when anonymous or names are left out. */
  author: string | null
  /** Null when anonymous. */
  city: string | null
  /** The card on its board (`link` of the meeting with `&card=<id>`), or null without a readable link. */
  link: string | null
}
