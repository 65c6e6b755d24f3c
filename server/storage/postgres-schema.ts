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
 */
import type pg from 'pg'
import type { Logger } from '../log'

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
