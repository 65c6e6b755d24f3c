/**
 * `SeriesStorage` on the boards' SQLite database: its tables are created by the same migrations
 * (sqlite-storage.ts appends `SERIES_MIGRATIONS`), and deleting a board removes its rows here too.
 */
import type Database from 'better-sqlite3'
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

/**
 * The series' tables, as migrations after the boards' own. The card index is FTS5 with the trigram
 * tokenizer: German compounds and inflected forms share their stem's letters ("Straßenexperimenten"
 * holds "experiment"), which a word tokenizer (unicode61, or porter, whose stemmer is English) cannot
 * find; `remove_diacritics` lets "Stadte" find "Städte". Only the folded text is indexed.
 */
export const SERIES_MIGRATIONS = [
  `
  CREATE TABLE series (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    purpose TEXT NOT NULL,
    cities TEXT NOT NULL,
    aliases TEXT NOT NULL,
    links TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  -- A board is a meeting of at most one series.
  CREATE TABLE series_meetings (
    board_id TEXT PRIMARY KEY,
    series_id TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    seals TEXT NOT NULL
  );
  CREATE INDEX series_meetings_by_series ON series_meetings (series_id, added_at);
  CREATE TABLE commitments (
    id TEXT PRIMARY KEY,
    series_id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    owner_digest TEXT,
    owner_sealed TEXT
  );
  CREATE INDEX commitments_by_series ON commitments (series_id);
  CREATE INDEX commitments_by_board ON commitments (board_id);
  CREATE TABLE commitment_events (
    seq INTEGER PRIMARY KEY,
    commitment_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    by TEXT NOT NULL,
    photo TEXT
  );
  CREATE INDEX commitment_events_by_commitment ON commitment_events (commitment_id, seq);
  CREATE VIRTUAL TABLE card_index USING fts5(
    folded, series_id UNINDEXED, board_id UNINDEXED, card_id UNINDEXED, section_kind UNINDEXED,
    section_title UNINDEXED, text UNINDEXED,
    tokenize = 'trigram remove_diacritics 1'
  );
  CREATE TABLE card_index_state (
    board_id TEXT PRIMARY KEY,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
`,
]

/** What deleting a board removes of it here (run in the board deletion's transaction). */
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

interface IndexRow {
  board_id: string
  card_id: string
  section_kind: string
  section_title: string
  text: string
  folded: string
}

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

export class SqliteSeriesStorage implements SeriesStorage {
  private readonly statements
  private readonly indexTransaction
  private readonly ensureTransaction

  constructor(db: Database.Database) {
    this.statements = {
      insertSeries: db.prepare<[string, string, string, string, string, string, number]>(
        'INSERT INTO series (id, title, purpose, cities, aliases, links, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      selectSeries: db.prepare<[string], SeriesRow>('SELECT * FROM series WHERE id = ?'),
      updateSeries: db.prepare<[string, string, string, string, string, string]>(
        'UPDATE series SET title = ?, purpose = ?, cities = ?, aliases = ?, links = ? WHERE id = ?',
      ),
      insertMeeting: db.prepare<[string, string, number, string]>(
        'INSERT OR IGNORE INTO series_meetings (board_id, series_id, added_at, seals) VALUES (?, ?, ?, ?)',
      ),
      meetingsOf: db.prepare<[string], MeetingRow>('SELECT * FROM series_meetings WHERE series_id = ? ORDER BY added_at, rowid'),
      meetingOfBoard: db.prepare<[string], MeetingRow>('SELECT * FROM series_meetings WHERE board_id = ?'),
      updateSeals: db.prepare<[string, string]>('UPDATE series_meetings SET seals = ? WHERE board_id = ?'),
      insertCommitment: db.prepare<[string, string, string, string]>(
        'INSERT OR IGNORE INTO commitments (id, series_id, board_id, card_id) VALUES (?, ?, ?, ?)',
      ),
      selectCommitment: db.prepare<[string], CommitmentRow>('SELECT * FROM commitments WHERE id = ?'),
      commitmentsOf: db.prepare<[string], CommitmentRow>('SELECT * FROM commitments WHERE series_id = ? ORDER BY rowid'),
      eventsOf: db.prepare<[string], EventRow>('SELECT * FROM commitment_events WHERE commitment_id = ? ORDER BY seq'),
      eventsOfSeries: db.prepare<[string], EventRow>(
        'SELECT e.* FROM commitment_events e JOIN commitments c ON c.id = e.commitment_id WHERE c.series_id = ? ORDER BY e.seq',
      ),
      insertEvent: db.prepare<[string, number, string, string, string, string | null]>(
        'INSERT INTO commitment_events (commitment_id, at, status, note, by, photo) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      setOwnerLink: db.prepare<[string, string, string]>('UPDATE commitments SET owner_digest = ?, owner_sealed = ? WHERE id = ?'),
      indexedAt: db.prepare<[string], { updated_at: number }>('SELECT updated_at FROM card_index_state WHERE board_id = ?'),
      deleteIndex: db.prepare<[string]>('DELETE FROM card_index WHERE board_id = ?'),
      insertIndex: db.prepare<[string, string, string, string, string, string, string]>(
        'INSERT INTO card_index (folded, series_id, board_id, card_id, section_kind, section_title, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertIndexState: db.prepare<[string, number]>(
        `INSERT INTO card_index_state (board_id, updated_at) VALUES (?, ?)
           ON CONFLICT (board_id) DO UPDATE SET updated_at = excluded.updated_at`,
      ),
      search: db.prepare<[string, string, number], IndexRow>(
        `SELECT board_id, card_id, section_kind, section_title, text, folded
           FROM card_index WHERE card_index MATCH ? AND series_id = ? ORDER BY rank LIMIT ?`,
      ),
    }
    this.indexTransaction = db.transaction((seriesId: string, boardId: string, updatedAt: number, cards: readonly IndexedCard[]) => {
      this.statements.deleteIndex.run(boardId)
      for (const card of cards) {
        this.statements.insertIndex.run(card.folded, seriesId, boardId, card.cardId, card.sectionKind, card.sectionTitle, card.text)
      }
      this.statements.upsertIndexState.run(boardId, updatedAt)
    })
    this.ensureTransaction = db.transaction((rows: readonly Pick<CommitmentRecord, 'id' | 'seriesId' | 'boardId' | 'cardId'>[]) => {
      for (const row of rows) this.statements.insertCommitment.run(row.id, row.seriesId, row.boardId, row.cardId)
    })
  }

  async createSeries(series: SeriesRecord): Promise<void> {
    this.statements.insertSeries.run(
      series.id,
      series.title,
      series.purpose,
      JSON.stringify(series.cities),
      JSON.stringify(series.aliases),
      JSON.stringify(series.links),
      series.createdAt,
    )
  }

  async getSeries(id: string): Promise<SeriesRecord | null> {
    const row = this.statements.selectSeries.get(id)
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
    this.statements.updateSeries.run(
      next.title,
      next.purpose,
      JSON.stringify(next.cities),
      JSON.stringify(next.aliases),
      JSON.stringify(next.links),
      id,
    )
  }

  async addMeeting(meeting: SeriesMeetingRecord): Promise<boolean> {
    const result = this.statements.insertMeeting.run(meeting.boardId, meeting.seriesId, meeting.addedAt, JSON.stringify(meeting.seals))
    return result.changes > 0
  }

  async meetingsOf(seriesId: string): Promise<SeriesMeetingRecord[]> {
    return this.statements.meetingsOf.all(seriesId).map(toMeeting)
  }

  async meetingOfBoard(boardId: string): Promise<SeriesMeetingRecord | null> {
    const row = this.statements.meetingOfBoard.get(boardId)
    return row ? toMeeting(row) : null
  }

  async updateMeetingSeals(boardId: string, seals: Record<string, string>): Promise<void> {
    this.statements.updateSeals.run(JSON.stringify(seals), boardId)
  }

  async ensureCommitments(commitments: readonly Pick<CommitmentRecord, 'id' | 'seriesId' | 'boardId' | 'cardId'>[]): Promise<void> {
    this.ensureTransaction(commitments)
  }

  async getCommitment(id: string): Promise<CommitmentRecord | null> {
    const row = this.statements.selectCommitment.get(id)
    return row ? this.toCommitment(row, this.statements.eventsOf.all(id).map(toEvent)) : null
  }

  async commitmentsOf(seriesId: string): Promise<CommitmentRecord[]> {
    const events = new Map<string, StatusEvent[]>()
    for (const row of this.statements.eventsOfSeries.all(seriesId)) {
      let list = events.get(row.commitment_id)
      if (!list) events.set(row.commitment_id, (list = []))
      list.push(toEvent(row))
    }
    return this.statements.commitmentsOf.all(seriesId).map((row) => this.toCommitment(row, events.get(row.id) ?? []))
  }

  async addStatusEvent(commitmentId: string, event: StatusEvent): Promise<void> {
    this.statements.insertEvent.run(commitmentId, event.at, event.status, event.note, event.by, event.photo)
  }

  async setOwnerLink(commitmentId: string, link: { digest: string; sealed: string }): Promise<void> {
    this.statements.setOwnerLink.run(link.digest, link.sealed, commitmentId)
  }

  async indexedAt(boardId: string): Promise<number | null> {
    return this.statements.indexedAt.get(boardId)?.updated_at ?? null
  }

  async indexBoard(seriesId: string, boardId: string, updatedAt: number, cards: readonly IndexedCard[]): Promise<void> {
    this.indexTransaction(seriesId, boardId, updatedAt, cards)
  }

  async search(seriesId: string, match: string, limit: number): Promise<SearchHit[]> {
    return this.statements.search.all(match, seriesId, limit).map((row) => ({
      boardId: row.board_id,
      cardId: row.card_id,
      sectionKind: row.section_kind,
      sectionTitle: row.section_title,
      text: row.text,
      folded: row.folded,
    }))
  }

  private toCommitment(row: CommitmentRow, history: StatusEvent[]): CommitmentRecord {
    return {
      id: row.id,
      seriesId: row.series_id,
      boardId: row.board_id,
      cardId: row.card_id,
      ownerLink: row.owner_digest && row.owner_sealed ? { digest: row.owner_digest, sealed: row.owner_sealed } : null,
      history,
    }
  }
}
