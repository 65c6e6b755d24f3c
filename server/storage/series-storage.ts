/**
 * What the meeting series need from storage: the series with their links, which boards are their
 * meetings, the commitments followed up between meetings with their status history and owner
 * links, and the full-text index of the cards for search.
 *
 * Every method returns a Promise, so that a backend whose driver is asynchronous (PostgreSQL) can
 * implement the same contract. Both are one code over SQL (sql-series-storage.ts).
 */
import type { StatusEvent } from '../../shared/series/commitment-status'

export interface SeriesRecord {
  id: string
  title: string
  purpose: string
  /** The member cities in the facilitator's spelling and order. */
  cities: string[]
  /** Merged spelling variants: key of the variant (shared/series/cities.ts) to the city it stands for. */
  aliases: Record<string, string>
  /** The stored links (features/series/series-links.ts). */
  links: Record<string, unknown>
  /** ms since epoch */
  createdAt: number
}

export type SeriesChanges = Partial<Pick<SeriesRecord, 'title' | 'purpose' | 'cities' | 'aliases' | 'links'>>

/** A board that is a meeting of a series, with what the series keeps of its links (sealed). */
export interface SeriesMeetingRecord {
  seriesId: string
  boardId: string
  /** When it joined the series (ms since epoch): the order of the meetings when they have no date. */
  addedAt: number
  /** Sealed tokens (features/series/series-access.ts): opened only with the right link. */
  seals: Record<string, string>
}

export interface CommitmentRecord {
  id: string
  seriesId: string
  boardId: string
  cardId: string
  /** The owner link's digest and its token sealed for the series' facilitator, or null before one was made. */
  ownerLink: { digest: string; sealed: string } | null
  /** Oldest first. */
  history: StatusEvent[]
}

/**
 * A card as the search index keeps it: its text, nothing of who wrote it (names are read from the
 * board when a result is shown, so removing names from a board removes them from search too).
 */
export interface IndexedCard {
  cardId: string
  sectionKind: string
  sectionTitle: string
  text: string
  /** What the index matches against: the text folded (features/series/search-query.ts). */
  folded: string
}

export interface SearchHit extends IndexedCard {
  boardId: string
}

export interface SeriesStorage {
  createSeries(series: SeriesRecord): Promise<void>
  getSeries(id: string): Promise<SeriesRecord | null>
  updateSeries(id: string, changes: SeriesChanges): Promise<void>

  /** Makes the board a meeting of the series; false when it already is one of any series. */
  addMeeting(meeting: SeriesMeetingRecord): Promise<boolean>
  /** The series' meetings in the order they were added. */
  meetingsOf(seriesId: string): Promise<SeriesMeetingRecord[]>
  /** The meeting record of a board, or null when it is in no series. */
  meetingOfBoard(boardId: string): Promise<SeriesMeetingRecord | null>
  /** Replaces what the series keeps sealed of a meeting's links (a series link was renewed). */
  updateMeetingSeals(boardId: string, seals: Record<string, string>): Promise<void>

  /** Adds the commitments that are not stored yet (by id); existing ones keep their history. */
  ensureCommitments(commitments: readonly Pick<CommitmentRecord, 'id' | 'seriesId' | 'boardId' | 'cardId'>[]): Promise<void>
  getCommitment(id: string): Promise<CommitmentRecord | null>
  commitmentsOf(seriesId: string): Promise<CommitmentRecord[]>
  /**
   * Adds `event` to the commitment's history. With a `requestKey` (the request's idempotency key)
   * the event is stored once per key and commitment: adding it again stores nothing and resolves
   * with the event stored the first time. Resolves with the stored event.
   */
  addStatusEvent(commitmentId: string, event: StatusEvent, requestKey?: string | null): Promise<StatusEvent>
  setOwnerLink(commitmentId: string, link: { digest: string; sealed: string }): Promise<void>

  /** When the board's cards were last indexed (the board's `updatedAt` then), or null. */
  indexedAt(boardId: string): Promise<number | null>
  /** Replaces every indexed card of the board with `cards`, as of `updatedAt`. */
  indexBoard(seriesId: string, boardId: string, updatedAt: number, cards: readonly IndexedCard[]): Promise<void>
  /**
   * Cards of the series' boards whose folded text holds every one of the folded `terms` (words or
   * phrases of at least three letters, features/series/search-query.ts), best first.
   */
  search(seriesId: string, terms: readonly string[], limit: number): Promise<SearchHit[]>
}

/** A board storage that keeps the series too (SQLite's and PostgreSQL's). */
export interface WithSeriesStorage {
  readonly series: SeriesStorage
}

/** The series' storage of a board storage, or null for one without (an embedder's). */
export function seriesStorageOf(storage: object): SeriesStorage | null {
  const series = (storage as Partial<WithSeriesStorage>).series
  return series && typeof series === 'object' ? series : null
}
