/**
 * The PostgreSQL schema, as versioned migrations run at start-up: the i-th entry brings a
 * database from version i to i + 1, and the table `schema_migrations` records each version a
 * database has had. Two servers starting at once must not both migrate: the migrations run in one
 * transaction that first takes an advisory lock (per schema), so the second waits, then finds the
 * versions recorded and has nothing left to do. A database newer than this server is refused.
 *
 * The tables mirror SQLite's (sqlite-storage.ts) plus what SQLite keeps as files:
 *   boards         id, created_at, updated_at (ms), meta (JSON: links…), fence (highest fencing number)
 *   updates        the append-only update log: seq (identity, one order for all boards), board_id, at, data
 *   compacted      one compacted document per board (the log folded up to a seq)
 *   client_ids     which device each Yjs client id of a board belongs to
 *   join_codes     the join code index (scrypt digest -> board)
 *   assets         uploaded files, bytes included (bytea; at most MAX_ASSET_BYTES each)
 *   board_files    named snapshots and the archive (board-storage.ts `BoardFileKind`), by kind and name
 *   health         one row the health check rewrites
 * Then the meeting series (series, series_meetings, commitments, commitment_events, card_index,
 * card_index_state) and the facilitators' accounts (accounts, account_sessions, account_keys and
 * who owns and shares which board and series), as SQLite has them beside its boards.
 */
import type pg from 'pg'
import type { Logger } from '../log'
import { accountTablesSql } from './sql-account-storage'

const MIGRATIONS = [
  `
  CREATE TABLE boards (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    meta JSONB NOT NULL,
    fence BIGINT NOT NULL DEFAULT 0
  );
  CREATE TABLE updates (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    board_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    data BYTEA NOT NULL
  );
  CREATE INDEX updates_by_board ON updates (board_id, seq);
  CREATE TABLE compacted (
    board_id TEXT PRIMARY KEY,
    data BYTEA NOT NULL,
    updated BIGINT NOT NULL
  );
  CREATE TABLE client_ids (
    board_id TEXT NOT NULL,
    client_id BIGINT NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (board_id, client_id)
  );
  CREATE TABLE join_codes (
    code_digest TEXT PRIMARY KEY,
    board_id TEXT NOT NULL UNIQUE
  );
  CREATE TABLE assets (
    board_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (board_id, name)
  );
  CREATE TABLE board_files (
    board_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    data BYTEA NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (board_id, kind, name)
  );
  CREATE INDEX board_files_by_kind ON board_files (kind, board_id);
  CREATE TABLE health (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    probed_at BIGINT NOT NULL
  );
`,
  // 2: the meeting series (sql-series-storage.ts), the tables SQLite has (sqlite-series-storage.ts)
  // with a sequence where SQLite orders by rowid, and a plain table for the card index.
  `
  CREATE TABLE series (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    purpose TEXT NOT NULL,
    cities TEXT NOT NULL,
    aliases TEXT NOT NULL,
    links TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE series_meetings (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    board_id TEXT PRIMARY KEY,
    series_id TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    seals TEXT NOT NULL
  );
  CREATE INDEX series_meetings_by_series ON series_meetings (series_id, added_at);
  CREATE TABLE commitments (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
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
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    by TEXT NOT NULL,
    photo TEXT
  );
  CREATE INDEX commitment_events_by_commitment ON commitment_events (commitment_id, seq);
  CREATE TABLE card_index (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    folded TEXT NOT NULL,
    series_id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    section_kind TEXT NOT NULL,
    section_title TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX card_index_by_series ON card_index (series_id);
  CREATE INDEX card_index_by_board ON card_index (board_id);
  CREATE TABLE card_index_state (
    board_id TEXT PRIMARY KEY,
    updated_at BIGINT NOT NULL
  );
  -- A trigram index for the search's LIKEs where pg_trgm can be had. The extension goes into
  -- public, once per database (a lock, because servers of other schemas may be at it too), never
  -- into our schema, whose drop would take it from every other schema. Without it (not installed on
  -- the host, or this user may not create it) the search works without the index.
  DO $trgm$
  DECLARE
    home TEXT;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('gatherboard pg_trgm'));
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    EXCEPTION WHEN others THEN
      RAISE NOTICE 'pg_trgm is not available (%); search runs without its index', SQLERRM;
    END;
    SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF home IS NOT NULL THEN
      EXECUTE format('CREATE INDEX card_index_trigrams ON card_index USING gin (folded %I.gin_trgm_ops)', home);
    END IF;
  END
  $trgm$;
`,
  // 3: the facilitators' accounts (sql-account-storage.ts), the same tables as SQLite's.
  accountTablesSql('BYTEA', 'BIGINT'),
  // 4: the idempotency key of the request that reported a commitment's status (series-storage.ts
  // `addStatusEvent`); rows without one (NULL) never conflict.
  `
  ALTER TABLE commitment_events ADD COLUMN request_key TEXT;
  CREATE UNIQUE INDEX commitment_events_by_request ON commitment_events (commitment_id, request_key);
`,
]

/** The schema version this server writes. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings the database (in `schema`, created when missing; null: the connection's own) to
 * `POSTGRES_SCHEMA_VERSION`, under an advisory lock.
 */
export async function migratePostgres(pool: pg.Pool, schema: string | null, logger: Logger): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // Held until the transaction ends; the key names the schema, so servers of other schemas do not wait.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('gatherboard migrations ' || coalesce($1, current_schema())))", [schema])
    // The schema name was checked by the caller (a plain identifier).
    if (schema !== null) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations')
    const version = rows[0]!.version
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${version}; this server knows up to ${POSTGRES_SCHEMA_VERSION}`)
    }
    for (let next = version; next < POSTGRES_SCHEMA_VERSION; next++) {
      await client.query(MIGRATIONS[next]!)
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [next + 1, Date.now()])
    }
    await client.query('COMMIT')
    if (version < POSTGRES_SCHEMA_VERSION) logger.info('storage.migrated', { from: version, to: POSTGRES_SCHEMA_VERSION })
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
