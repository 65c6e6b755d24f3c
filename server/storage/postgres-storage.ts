/**
 * `BoardStorage` on PostgreSQL (`DATABASE_URL=postgres://…`), for several servers sharing one
 * database: everything is in the database, uploaded files and the features' board files
 * included, so a server never depends on its local disk. The tables are in
 * postgres-schema.ts, with the migrations that make them.
 *
 * Client: `pg` (node-postgres), see docs/cluster.md for why. A pool of connections; a
 * transaction takes one connection for its statements, a single statement runs on any.
 *
 * Durability: PostgreSQL's default `synchronous_commit = on`, so an append that resolved is on
 * the database's disk (fsynced), which is more than SQLite's `synchronous=NORMAL` promises.
 *
 * A turn's appends are one named statement, fence checks included (postgres-append.ts): atomic,
 * one round trip.
 */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import pg from 'pg'
import type { Logger } from '../log'
import { describeError } from '../log'
import { BoardAssetQuotaError, checkBoardFile, StaleFenceError, storageErrorCode, StorageUnwritableError } from './board-storage'
import type { AssetContent, AssetLimits, BoardFileKind, BoardMetadata, BoardMetaWrite, BoardStorage } from './board-storage'
import type { BoardWrite, BoardWriteResult, StoredAsset, StoredDocument, StoredDocumentStats } from './board-storage'
import { type AppendRow, appendStatement } from './postgres-append'
import { migratePostgres } from './postgres-schema'
import { postgresSeriesStorage } from './postgres-series-storage'
import type { AccountStorage } from './account-storage'
import type { SeriesStorage, WithSeriesStorage } from './series-storage'
import { SqlAccountStorage } from './sql-account-storage'
import { numberedPlaceholders, postgresConnection, postgresTransaction } from './sql-connection'
import { SERIES_BOARD_ROWS } from './sql-series-storage'
import { limitedBody, uploadLimit } from './upload-limit'

export interface PostgresStorageOptions {
  /** `postgres://user@host:port/database` (any connection string `pg` takes). */
  url: string
  /**
   * The schema the tables live in (created when missing); default: the connection's search
   * path (`public`). Tests give each run its own.
   */
  schema?: string
  logger: Logger
  /** Most connections this server opens. Default 10. */
  maxConnections?: number
  /**
   * How long a statement may take before it fails and its connection is dropped. Default
   * `DEFAULT_QUERY_TIMEOUT_MS`.
   */
  queryTimeoutMs?: number
}

/**
 * A database that stops answering without closing its connections (the network between them
 * gone, the machine frozen, a lock held by a paused server) would otherwise hold every turn, and
 * the readiness check, forever: clients would wait without ever being told. After this a
 * statement fails like a lost connection (the room's clients are closed and come back), and its
 * connection is dropped from the pool. Far above what any of our statements takes.
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 15_000
/** The readiness check's own limit: a load balancer asks every few seconds. */
const PING_TIMEOUT_MS = 2_000
/** Vacuuming big tables (`eraseDeleted`) may take minutes, and is no turn anyone waits for. */
const VACUUM_TIMEOUT_MS = 30 * 60_000

/** Identifiers we put into SQL ourselves must be plain. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** BIGINT columns (milliseconds, sequence numbers) as numbers: all of them stay far below 2^53. */
const INT8_OID = 20
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** Opens the pool, runs the migrations this database has not had yet, and returns the storage. */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<PostgresBoardStorage> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`not a plain schema name: ${JSON.stringify(options.schema)}`)
  }
  const poolOf = (config: pg.PoolConfig) => {
    const pool = new pg.Pool({
      connectionString: options.url,
      // An unreachable database answers the readiness check within seconds, instead of never.
      connectionTimeoutMillis: 5_000,
      // A connection whose peer vanished without a word is found out by TCP, not only by a timeout.
      keepAlive: true,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
      ...config,
    })
    // A connection the server lost while idle (a database restart) is replaced by the pool; without
    // a listener its error would end the process.
    pool.on('error', (error) => options.logger.warn('storage.connection_lost', { error: describeError(error) }))
    return pool
  }
  // Migrations on a connection of their own, without the statement timeout: waiting for another
  // server's migrations and migrating a big database may both take longer.
  const migrations = poolOf({ max: 1 })
  try {
    await migratePostgres(migrations, options.schema ?? null, options.logger)
  } finally {
    await migrations.end()
  }
  return new PostgresStorage(poolOf({ max: options.maxConnections ?? 10, query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS }), options.logger)
}

/** A statement with a timeout of its own instead of the pool's (`pg` reads it from the query; its types do not say so). */
function withTimeout(text: string, timeoutMs: number): pg.QueryConfig {
  return { text, query_timeout: timeoutMs } as pg.QueryConfig
}

interface BoardRow {
  id: string
  created_at: number
  updated_at: number
  meta: Record<string, unknown>
}

/** The boards' storage on PostgreSQL, with the meeting series and the accounts in the same schema. */
export interface PostgresBoardStorage extends BoardStorage, WithSeriesStorage {
  /** Closed with the boards' storage (one pool): its own `close` does nothing. */
  readonly accounts: AccountStorage
}

class PostgresStorage implements PostgresBoardStorage {
  readonly series: SeriesStorage
  readonly accounts: AccountStorage

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {
    this.series = postgresSeriesStorage(pool)
    this.accounts = new SqlAccountStorage(postgresConnection(pool), null)
  }

  async createBoard(id: string, write: BoardMetaWrite): Promise<BoardMetadata | null> {
    const now = Date.now()
    return this.transaction(async (client) => {
      if (write.joinCode !== null && (await this.joinCodeHolder(client, write.joinCode)) !== null) return null
      await client.query('INSERT INTO boards (id, created_at, updated_at, meta) VALUES ($1, $2, $2, $3)', [id, now, JSON.stringify(write.meta)])
      if (write.joinCode !== null) await client.query('INSERT INTO join_codes (code_digest, board_id) VALUES ($1, $2)', [write.joinCode, id])
      return { id, createdAt: now, updatedAt: now, meta: write.meta }
    })
  }

  async getBoard(id: string): Promise<BoardMetadata | null> {
    // The board's last change is the later of what compaction folded and the newest pending update.
    const { rows } = await this.pool.query<BoardRow>(
      `SELECT id, created_at, greatest(updated_at, coalesce((SELECT max(at) FROM updates WHERE board_id = boards.id), 0))
         AS updated_at, meta FROM boards WHERE id = $1`,
      [id],
    )
    const row = rows[0]
    return row ? { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, meta: row.meta } : null
  }

  async updateBoardMeta(id: string, write: BoardMetaWrite): Promise<boolean> {
    return this.transaction(async (client) => {
      if (write.joinCode !== null) {
        const holder = await this.joinCodeHolder(client, write.joinCode)
        if (holder !== null && holder !== id) return false
        if (holder === null) {
          await client.query('DELETE FROM join_codes WHERE board_id = $1', [id])
          await client.query('INSERT INTO join_codes (code_digest, board_id) VALUES ($1, $2)', [write.joinCode, id])
        }
      } else {
        await client.query('DELETE FROM join_codes WHERE board_id = $1', [id])
      }
      await client.query('UPDATE boards SET meta = $2 WHERE id = $1', [id, JSON.stringify(write.meta)])
      return true
    })
  }

  async boardOfJoinCode(codeDigest: string): Promise<string | null> {
    return this.joinCodeHolder(this.pool, codeDigest)
  }

  async deleteBoard(id: string): Promise<boolean> {
    return this.transaction(async (client) => {
      // Every table that keeps something of a board.
      for (const table of ['updates', 'compacted', 'client_ids', 'assets', 'board_files', 'join_codes']) {
        await client.query(`DELETE FROM ${table} WHERE board_id = $1`, [id])
      }
      // What the meeting series keep of it (its owners and shares go with the accounts, board-deletion.ts).
      for (const statement of SERIES_BOARD_ROWS) await client.query(numberedPlaceholders(statement), [id])
      const { rowCount } = await client.query('DELETE FROM boards WHERE id = $1', [id])
      return (rowCount ?? 0) > 0
    })
  }

  async eraseDeleted(): Promise<boolean> {
    // Makes the space of deleted rows reusable at once (autovacuum would, later). PostgreSQL has
    // no secure delete: until that space is written over, the bytes may still be in the data
    // files, and in WAL archives and backups (docs/cluster.md).
    await this.pool.query(withTimeout('VACUUM updates, compacted, board_files, assets', VACUUM_TIMEOUT_MS))
    return true
  }

  async removeOrphanFiles(): Promise<string[]> {
    // Nothing of a board lives outside the database, and a deletion is one transaction.
    return []
  }

  async appendUpdates(writes: readonly BoardWrite[]): Promise<BoardWriteResult[]> {
    const statement = appendStatement(writes)
    if (statement === null) return writes.map(() => ({ lastSeq: 0 }))
    const { rows } = await this.pool.query<AppendRow>(statement)
    const lastSeqs = new Map<string, number>()
    const refused = new Map<number, number>()
    for (const row of rows) {
      if (row.refused_write === null) lastSeqs.set(row.board_id!, row.last_seq!)
      else refused.set(row.refused_write, row.recorded!)
    }
    return writes.map((write, i) => {
      const recorded = refused.get(i + 1)
      if (recorded !== undefined) return { lastSeq: 0, refused: new StaleFenceError(write.boardId, write.fence!, recorded) }
      return { lastSeq: write.updates.length > 0 ? lastSeqs.get(write.boardId)! : 0 }
    })
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    // One statement, so one snapshot of the three tables.
    const { rows } = await this.pool.query<{
      compacted: Buffer | null
      updates: Buffer[] | null
      last_seq: number
      client_ids: [number, string][] | null
    }>(
      `SELECT (SELECT data FROM compacted WHERE board_id = $1) AS compacted,
              (SELECT array_agg(data ORDER BY seq) FROM updates WHERE board_id = $1) AS updates,
              (SELECT coalesce(max(seq), 0) FROM updates WHERE board_id = $1) AS last_seq,
              (SELECT json_agg(json_build_array(client_id, device)) FROM client_ids WHERE board_id = $1) AS client_ids`,
      [boardId],
    )
    const row = rows[0]!
    return {
      compacted: row.compacted,
      updates: row.updates ?? [],
      lastSeq: row.last_seq,
      clientIds: new Map(row.client_ids ?? []),
    }
  }

  async compact(boardId: string, compacted: Uint8Array, throughSeq: number, fence?: number): Promise<void> {
    await this.transaction(async (client) => {
      // The heavy statements come first and the board's row is locked last: a fenced append locks
      // that row too (postgres-append.ts), so every statement run under the lock would hold up the
      // room's next turn. Checked last, the fence still decides: a new owner raising it waits for
      // this commit, and one that raised it before makes this compaction roll back whole. The rows
      // are locked in the order a board's deletion locks them (updates, compacted, boards).
      const { rows } = await client.query<{ last_at: string | null }>(
        `WITH folded AS (DELETE FROM updates WHERE board_id = $1 AND seq <= $2 RETURNING at)
         SELECT max(at) AS last_at FROM folded`,
        [boardId, throughSeq],
      )
      const lastAt = Number(rows[0]?.last_at ?? 0)
      await client.query(
        `INSERT INTO compacted (board_id, data, updated) VALUES ($1, $2, $3)
           ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, updated = excluded.updated`,
        [boardId, compacted, Date.now()],
      )
      if (fence !== undefined) {
        const { rows: boards } = await client.query<{ fence: number }>('SELECT fence FROM boards WHERE id = $1 FOR UPDATE', [boardId])
        const highest = boards[0]?.fence ?? 0
        if (highest > fence) throw new StaleFenceError(boardId, fence, highest)
      }
      await client.query('UPDATE boards SET updated_at = greatest(updated_at, $2) WHERE id = $1', [boardId, lastAt])
    })
  }

  async documentStats(boardId: string): Promise<StoredDocumentStats> {
    const { rows } = await this.pool.query<{ compacted_bytes: number; update_rows: number; update_bytes: number }>(
      `SELECT coalesce((SELECT octet_length(data) FROM compacted WHERE board_id = $1), 0)::int8 AS compacted_bytes,
              count(*)::int8 AS update_rows, coalesce(sum(octet_length(data)), 0)::int8 AS update_bytes
         FROM updates WHERE board_id = $1`,
      [boardId],
    )
    const row = rows[0]!
    return { compactedBytes: row.compacted_bytes, updateRows: row.update_rows, updateBytes: row.update_bytes }
  }

  async saveAsset(boardId: string, contentType: string, body: AsyncIterable<Uint8Array>, limits: AssetLimits): Promise<StoredAsset> {
    const limit = uploadLimit(limits, await this.assetBytes(this.pool, boardId))
    const chunks: Uint8Array[] = []
    for await (const chunk of limitedBody(body, limit)) chunks.push(chunk)
    const data = Buffer.concat(chunks)
    const asset: StoredAsset = { name: randomBytes(16).toString('base64url'), contentType, size: data.length, createdAt: Date.now() }
    await this.transaction(async (client) => {
      // The quota is checked again where the row is written: two uploads running side by side
      // (on this server or another) both passed the check before streaming.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('gatherboard assets ' || $1))", [boardId])
      if ((await this.assetBytes(client, boardId)) + asset.size > limits.boardQuotaBytes) {
        throw new BoardAssetQuotaError(limits.boardQuotaBytes)
      }
      await client.query(
        'INSERT INTO assets (board_id, name, content_type, size, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)',
        [boardId, asset.name, asset.contentType, asset.size, asset.createdAt, data],
      )
    })
    return asset
  }

  async readAsset(boardId: string, name: string): Promise<AssetContent | null> {
    const { rows } = await this.pool.query<{ content_type: string; size: number; created_at: number }>(
      'SELECT content_type, size, created_at FROM assets WHERE board_id = $1 AND name = $2',
      [boardId, name],
    )
    const row = rows[0]
    if (!row) return null
    const pool = this.pool
    return {
      name,
      contentType: row.content_type,
      size: row.size,
      createdAt: row.created_at,
      open(range = { start: 0, end: row.size - 1 }) {
        return Readable.from(
          (async function* () {
            const { rows: parts } = await pool.query<{ part: Buffer }>(
              'SELECT substring(data FROM $3 FOR $4) AS part FROM assets WHERE board_id = $1 AND name = $2',
              [boardId, name, range.start + 1, range.end - range.start + 1],
            )
            if (parts[0]) yield parts[0].part
          })(),
        )
      },
    }
  }

  async writeBoardFile(boardId: string, kind: BoardFileKind, name: string, content: Uint8Array): Promise<void> {
    // The same names as SQLite's files take, so that a board moves between the two unchanged.
    checkBoardFile(boardId, name)
    await this.pool.query(
      `INSERT INTO board_files (board_id, kind, name, data, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (board_id, kind, name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [boardId, kind, name, content, Date.now()],
    )
  }

  async readBoardFile(boardId: string, kind: BoardFileKind, name: string): Promise<Uint8Array | null> {
    checkBoardFile(boardId, name)
    const { rows } = await this.pool.query<{ data: Buffer }>(
      'SELECT data FROM board_files WHERE board_id = $1 AND kind = $2 AND name = $3',
      [boardId, kind, name],
    )
    return rows[0]?.data ?? null
  }

  async listBoardFiles(boardId: string, kind: BoardFileKind): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      "SELECT name FROM board_files WHERE board_id = $1 AND kind = $2 AND position('/' IN name) = 0 ORDER BY name",
      [boardId, kind],
    )
    return rows.map((row) => row.name)
  }

  async boardsWithFiles(kind: BoardFileKind): Promise<string[]> {
    const { rows } = await this.pool.query<{ board_id: string }>(
      'SELECT DISTINCT board_id FROM board_files WHERE kind = $1 ORDER BY board_id',
      [kind],
    )
    return rows.map((row) => row.board_id)
  }

  async runAlone<T>(job: string, task: () => Promise<T>): Promise<T | null> {
    // A session's advisory lock, held on a connection of its own for as long as the task runs:
    // PostgreSQL frees it when that connection ends, so a server that dies (kill -9, its machine)
    // cannot keep it, and a paused one keeps it (nobody runs the job beside it when it resumes).
    // The key names the schema, so installations sharing a database do not wait for each other.
    const key = "hashtext('gatherboard job ' || current_schema() || ' ' || $1)"
    const client = await this.pool.connect()
    // The pool listens only to its idle connections: this one, held, would otherwise crash the
    // server when the database ends it (a restart). Its next statement then fails.
    const lost = (error: Error) => this.logger.warn('storage.connection_lost', { job, error: describeError(error) })
    client.on('error', lost)
    /** Back to the pool; destroyed after an error (so that no pooled session keeps the lock). */
    const release = (error?: Error) => {
      client.off('error', lost)
      client.release(error)
    }
    let locked: boolean
    try {
      locked = (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS locked`, [job])).rows[0]!.locked
    } catch (error) {
      release(error as Error)
      throw error
    }
    if (!locked) {
      release()
      return null
    }
    try {
      return await task()
    } finally {
      try {
        await client.query(`SELECT pg_advisory_unlock(${key})`, [job])
        release()
      } catch (error) {
        release(error as Error)
      }
    }
  }

  async ping(): Promise<void> {
    await this.pool.query(withTimeout('SELECT 1', PING_TIMEOUT_MS))
  }

  async probeWrites(): Promise<void> {
    try {
      await this.pool.query(
        'INSERT INTO health (id, probed_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at',
        [Date.now()],
      )
    } catch (error) {
      throw new StorageUnwritableError('database', storageErrorCode(error), { cause: error })
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end()
  }

  private async joinCodeHolder(queryable: pg.Pool | pg.PoolClient, codeDigest: string): Promise<string | null> {
    const { rows } = await queryable.query<{ board_id: string }>('SELECT board_id FROM join_codes WHERE code_digest = $1', [codeDigest])
    return rows[0]?.board_id ?? null
  }

  private async assetBytes(queryable: pg.Pool | pg.PoolClient, boardId: string): Promise<number> {
    const { rows } = await queryable.query<{ bytes: number }>(
      'SELECT coalesce(sum(size), 0)::int8 AS bytes FROM assets WHERE board_id = $1',
      [boardId],
    )
    return rows[0]!.bytes
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return postgresTransaction(this.pool, work)
  }
}
