/**
 * `SeriesStorage` written once over a SQL connection (sql-connection.ts), for SQLite
 * (sqlite-series-storage.ts) and PostgreSQL (postgres-series-storage.ts). The tables have the same
 * names and columns in both; what differs is said by each database's `SeriesDialect`: which
 * column keeps the order rows were inserted in, and how the card index is searched.
 */
import { isCommitmentStatus, type StatusEvent } from '../../shared/series/commitment-status'
import type {
  CommitmentRecord,
  IndexedCard,
  SearchHit,
  SeriesChanges,
  SeriesMeetingRecord,
  SeriesRecord,
  SeriesStorage,
} from './series-storage'
import type { SqlConnection, SqlStatement } from './sql-connection'

export interface SeriesDialect {
  /** The column that orders a table's rows as they were inserted (SQLite's `rowid`, a sequence on PostgreSQL). */
  insertionOrder: string
  /**
   * The query for the cards of `seriesId` holding every one of the folded `terms`, best first, at
   * most `limit`, selecting the columns of `IndexRow`.
   */
  search(seriesId: string, terms: readonly string[], limit: number): SqlStatement
}

/** What deleting a board removes of it from the series' tables (in the board deletion's transaction). */
export const SERIES_BOARD_ROWS = [
  'DELETE FROM commitment_events WHERE commitment_id IN (SELECT id FROM commitments WHERE board_id = ?)',
  'DELETE FROM commitments WHERE board_id = ?',
  'DELETE FROM series_meetings WHERE board_id = ?',
  'DELETE FROM card_index WHERE board_id = ?',
  'DELETE FROM card_index_state WHERE board_id = ?',
]

interface SeriesRow {
  id: string
  title: string
  purpose: string
  cities: string
  aliases: string
  links: string
  created_at: number
}

interface MeetingRow {
  series_id: string
  board_id: string
  added_at: number
  seals: string
}

interface CommitmentRow {
  id: string
  series_id: string
  board_id: string
  card_id: string
  owner_digest: string | null
  owner_sealed: string | null
}

interface EventRow {
  commitment_id: string
  at: number
  status: string
  note: string
  by: string
  photo: string | null
}

export interface IndexRow {
  board_id: string
  card_id: string
  section_kind: string
  section_title: string
  text: string
  folded: string
}

const MEETING_COLUMNS = 'series_id, board_id, added_at, seals'
const COMMITMENT_COLUMNS = 'id, series_id, board_id, card_id, owner_digest, owner_sealed'
const EVENT_COLUMNS = 'commitment_id, at, status, note, by, photo'

const toMeeting = (row: MeetingRow): SeriesMeetingRecord => ({
  seriesId: row.series_id,
  boardId: row.board_id,
  addedAt: row.added_at,
  seals: JSON.parse(row.seals) as Record<string, string>,
})

const toEvent = (row: EventRow): StatusEvent => ({
  at: row.at,
  status: isCommitmentStatus(row.status) ? row.status : 'open',
  note: row.note,
  by: row.by === 'owner' ? 'owner' : 'facilitator',
  photo: row.photo,
})

const toCommitment = (row: CommitmentRow, history: StatusEvent[]): CommitmentRecord => ({
  id: row.id,
  seriesId: row.series_id,
  boardId: row.board_id,
  cardId: row.card_id,
  ownerLink: row.owner_digest && row.owner_sealed ? { digest: row.owner_digest, sealed: row.owner_sealed } : null,
  history,
})

export class SqlSeriesStorage implements SeriesStorage {
  constructor(
    private readonly sql: SqlConnection,
    private readonly dialect: SeriesDialect,
  ) {}

  async createSeries(series: SeriesRecord): Promise<void> {
    await this.sql.run('INSERT INTO series (id, title, purpose, cities, aliases, links, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      series.id,
      series.title,
      series.purpose,
      JSON.stringify(series.cities),
      JSON.stringify(series.aliases),
      JSON.stringify(series.links),
      series.createdAt,
    ])
  }

  async getSeries(id: string): Promise<SeriesRecord | null> {
    const [row] = await this.sql.all<SeriesRow>('SELECT id, title, purpose, cities, aliases, links, created_at FROM series WHERE id = ?', [id])
    if (!row) return null
    return {
      id: row.id,
      title: row.title,
      purpose: row.purpose,
      cities: JSON.parse(row.cities) as string[],
      aliases: JSON.parse(row.aliases) as Record<string, string>,
      links: JSON.parse(row.links) as Record<string, unknown>,
      createdAt: row.created_at,
    }
  }

  async updateSeries(id: string, changes: SeriesChanges): Promise<void> {
    const current = await this.getSeries(id)
    if (!current) return
    const next = { ...current, ...changes }
    await this.sql.run('UPDATE series SET title = ?, purpose = ?, cities = ?, aliases = ?, links = ? WHERE id = ?', [
      next.title,
      next.purpose,
      JSON.stringify(next.cities),
      JSON.stringify(next.aliases),
      JSON.stringify(next.links),
      id,
    ])
  }

  async addMeeting(meeting: SeriesMeetingRecord): Promise<boolean> {
    const changed = await this.sql.run(
      'INSERT INTO series_meetings (board_id, series_id, added_at, seals) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [meeting.boardId, meeting.seriesId, meeting.addedAt, JSON.stringify(meeting.seals)],
    )
    return changed > 0
  }

  async meetingsOf(seriesId: string): Promise<SeriesMeetingRecord[]> {
    const rows = await this.sql.all<MeetingRow>(
      `SELECT ${MEETING_COLUMNS} FROM series_meetings WHERE series_id = ? ORDER BY added_at, ${this.dialect.insertionOrder}`,
      [seriesId],
    )
    return rows.map(toMeeting)
  }

  async meetingOfBoard(boardId: string): Promise<SeriesMeetingRecord | null> {
    const [row] = await this.sql.all<MeetingRow>(`SELECT ${MEETING_COLUMNS} FROM series_meetings WHERE board_id = ?`, [boardId])
    return row ? toMeeting(row) : null
  }

  async updateMeetingSeals(boardId: string, seals: Record<string, string>): Promise<void> {
    await this.sql.run('UPDATE series_meetings SET seals = ? WHERE board_id = ?', [JSON.stringify(seals), boardId])
  }

  async ensureCommitments(commitments: readonly Pick<CommitmentRecord, 'id' | 'seriesId' | 'boardId' | 'cardId'>[]): Promise<void> {
    if (commitments.length === 0) return
    await this.sql.batch(
      commitments.map((row) => [
        'INSERT INTO commitments (id, series_id, board_id, card_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [row.id, row.seriesId, row.boardId, row.cardId],
      ]),
    )
  }

  async getCommitment(id: string): Promise<CommitmentRecord | null> {
    const [row] = await this.sql.all<CommitmentRow>(`SELECT ${COMMITMENT_COLUMNS} FROM commitments WHERE id = ?`, [id])
    if (!row) return null
    const events = await this.sql.all<EventRow>(`SELECT ${EVENT_COLUMNS} FROM commitment_events WHERE commitment_id = ? ORDER BY seq`, [id])
    return toCommitment(row, events.map(toEvent))
  }

  async commitmentsOf(seriesId: string): Promise<CommitmentRecord[]> {
    const events = new Map<string, StatusEvent[]>()
    const eventRows = await this.sql.all<EventRow>(
      `SELECT ${EVENT_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')}
         FROM commitment_events e JOIN commitments c ON c.id = e.commitment_id WHERE c.series_id = ? ORDER BY e.seq`,
      [seriesId],
    )
    for (const row of eventRows) {
      let list = events.get(row.commitment_id)
      if (!list) events.set(row.commitment_id, (list = []))
      list.push(toEvent(row))
    }
    const rows = await this.sql.all<CommitmentRow>(
      `SELECT ${COMMITMENT_COLUMNS} FROM commitments WHERE series_id = ? ORDER BY ${this.dialect.insertionOrder}`,
      [seriesId],
    )
    return rows.map((row) => toCommitment(row, events.get(row.id) ?? []))
  }

  async addStatusEvent(commitmentId: string, event: StatusEvent, requestKey: string | null = null): Promise<StatusEvent> {
    // The unique index on (commitment_id, request_key) makes a repeated key a conflict; rows
    // without a key (NULL) never conflict.
    const added = await this.sql.run(
      `INSERT INTO commitment_events (${EVENT_COLUMNS}, request_key) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [commitmentId, event.at, event.status, event.note, event.by, event.photo, requestKey],
    )
    if (added > 0 || requestKey === null) return event
    const [first] = await this.sql.all<EventRow>(`SELECT ${EVENT_COLUMNS} FROM commitment_events WHERE commitment_id = ? AND request_key = ?`, [
      commitmentId,
      requestKey,
    ])
    return first ? toEvent(first) : event
  }

  async setOwnerLink(commitmentId: string, link: { digest: string; sealed: string }): Promise<void> {
    await this.sql.run('UPDATE commitments SET owner_digest = ?, owner_sealed = ? WHERE id = ?', [link.digest, link.sealed, commitmentId])
  }

  async indexedAt(boardId: string): Promise<number | null> {
    const [row] = await this.sql.all<{ updated_at: number }>('SELECT updated_at FROM card_index_state WHERE board_id = ?', [boardId])
    return row?.updated_at ?? null
  }

  async indexBoard(seriesId: string, boardId: string, updatedAt: number, cards: readonly IndexedCard[]): Promise<void> {
    await this.sql.batch([
      ['DELETE FROM card_index WHERE board_id = ?', [boardId]],
      ...cards.map((card): SqlStatement => [
        'INSERT INTO card_index (folded, series_id, board_id, card_id, section_kind, section_title, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [card.folded, seriesId, boardId, card.cardId, card.sectionKind, card.sectionTitle, card.text],
      ]),
      [
        'INSERT INTO card_index_state (board_id, updated_at) VALUES (?, ?) ON CONFLICT (board_id) DO UPDATE SET updated_at = excluded.updated_at',
        [boardId, updatedAt],
      ],
    ])
  }

  async search(seriesId: string, terms: readonly string[], limit: number): Promise<SearchHit[]> {
    if (terms.length === 0) return []
    const [sql, params] = this.dialect.search(seriesId, terms, limit)
    const rows = await this.sql.all<IndexRow>(sql, params)
    return rows.map((row) => ({
      boardId: row.board_id,
      cardId: row.card_id,
      sectionKind: row.section_kind,
      sectionTitle: row.section_title,
      text: row.text,
      folded: row.folded,
    }))
  }
}
