/**
 * `SeriesStorage` on the boards' SQLite database (the contract's code is sql-series-storage.ts):
 * its tables are created by the same migrations (sqlite-storage.ts appends `SERIES_MIGRATIONS`),
 * and deleting a board removes its rows here too (`SERIES_BOARD_ROWS`).
 */
import type Database from 'better-sqlite3'
import type { SeriesStorage } from './series-storage'
import { sqliteConnection } from './sql-connection'
import { SqlSeriesStorage, type SeriesDialect } from './sql-series-storage'

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
  // The idempotency key of the request that reported a status (series-storage.ts `addStatusEvent`).
  `
  ALTER TABLE commitment_events ADD COLUMN request_key TEXT;
  CREATE UNIQUE INDEX commitment_events_by_request ON commitment_events (commitment_id, request_key);
`,
]

/**
 * SQLite's way with the series' tables: rows in insertion order by `rowid`, and the card index
 * searched with FTS5, each folded term a quoted string (only letters, digits and spaces are in a
 * term, and a quote would be doubled), all of them required, best (bm25) first.
 */
export const SQLITE_SERIES_DIALECT: SeriesDialect = {
  insertionOrder: 'rowid',
  search: (seriesId, terms, limit) => [
    `SELECT board_id, card_id, section_kind, section_title, text, folded
       FROM card_index WHERE card_index MATCH ? AND series_id = ? ORDER BY rank LIMIT ?`,
    [terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(' AND '), seriesId, limit],
  ],
}

/** The series' storage on the boards' SQLite database. */
export function sqliteSeriesStorage(db: Database.Database): SeriesStorage {
  return new SqlSeriesStorage(sqliteConnection(db), SQLITE_SERIES_DIALECT)
}
