/**
 * `SeriesStorage` on PostgreSQL (the contract's code is sql-series-storage.ts), in the boards'
 * schema: the tables are made by postgres-schema.ts, and deleting a board removes its rows here in
 * the same transaction (postgres-storage.ts).
 *
 * Search: the cards' folded text (accents, umlauts and ß folded by the server,
 * features/series/search-query.ts) must hold every term, `LIKE '%term%'`: the same "any run of
 * three or more letters" as SQLite's FTS5 trigram tokenizer, so "experiment" finds
 * "Straßenexperimente" on both. Where the pg_trgm extension could be installed, a trigram GIN
 * index serves these LIKEs; without it they scan the series' cards, which is still fine for the
 * few thousand cards a series has. Shorter cards holding all terms come first: they are about them.
 */
import type pg from 'pg'
import type { SeriesStorage } from './series-storage'
import { postgresConnection } from './sql-connection'
import { SqlSeriesStorage, type SeriesDialect } from './sql-series-storage'

/** LIKE's own characters in a term taken as themselves (the default escape is the backslash). */
const literal = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`)

export const POSTGRES_SERIES_DIALECT: SeriesDialect = {
  insertionOrder: 'seq',
  search: (seriesId, terms, limit) => [
    `SELECT board_id, card_id, section_kind, section_title, text, folded FROM card_index
       WHERE series_id = ? AND ${terms.map(() => 'folded LIKE ?').join(' AND ')}
       ORDER BY length(folded), seq LIMIT ?`,
    [seriesId, ...terms.map((term) => `%${literal(term)}%`), limit],
  ],
}

export function postgresSeriesStorage(pool: pg.Pool): SeriesStorage {
  return new SqlSeriesStorage(postgresConnection(pool), POSTGRES_SERIES_DIALECT)
}
