/**
 * The few things the account and series storages ask of a SQL database, so that each is written
 * once for SQLite and PostgreSQL (sql-account-storage.ts, sql-series-storage.ts). Statements are
 * written with `?` placeholders, which the PostgreSQL connection numbers (`$1`, `$2`, …); they use
 * only SQL both databases speak (`ON CONFLICT … DO NOTHING / DO UPDATE`, plain types).
 */
import type Database from 'better-sqlite3'
import type pg from 'pg'

/** A value a statement takes: both drivers accept these alike. */
export type SqlValue = string | number | Buffer | null

export type SqlStatement = readonly [sql: string, params: readonly SqlValue[]]

export interface SqlConnection {
  /** The rows a query answers. */
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>
  /** Runs a statement; resolves with how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>
  /** Runs the statements in one transaction: all of them or none. */
  batch(statements: readonly SqlStatement[]): Promise<void>
}

/** A SQLite database (better-sqlite3, synchronous underneath; each statement prepared once). */
export function sqliteConnection(db: Database.Database): SqlConnection {
  const prepared = new Map<string, Database.Statement>()
  const statement = (sql: string) => {
    let found = prepared.get(sql)
    if (!found) prepared.set(sql, (found = db.prepare(sql)))
    return found
  }
  const batch = db.transaction((statements: readonly SqlStatement[]) => {
    for (const [sql, params] of statements) statement(sql).run(...params)
  })
  return {
    all: async <Row>(sql: string, params: readonly SqlValue[] = []) => statement(sql).all(...params) as Row[],
    run: async (sql, params = []) => statement(sql).run(...params).changes,
    batch: async (statements) => batch(statements),
  }
}

/** `?` placeholders as PostgreSQL's numbered ones; none of our statements has a `?` elsewhere. */
export function numberedPlaceholders(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/** A PostgreSQL pool (node-postgres): a query on any connection, a batch on one in a transaction. */
export function postgresConnection(pool: pg.Pool): SqlConnection {
  return {
    all: async <Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await pool.query(numberedPlaceholders(sql), params as SqlValue[])).rows as Row[],
    run: async (sql, params = []) => (await pool.query(numberedPlaceholders(sql), params as SqlValue[])).rowCount ?? 0,
    batch: (statements) =>
      postgresTransaction(pool, async (client) => {
        for (const [sql, params] of statements) await client.query(numberedPlaceholders(sql), params as SqlValue[])
      }),
  }
}

/** Runs `work` in a transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function postgresTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let result: T
  try {
    await client.query('BEGIN')
    result = await work(client)
    await client.query('COMMIT')
  } catch (error) {
    // A connection whose rollback failed is broken: the pool must not hand it out again.
    const broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    )
    client.release(broken)
    throw error
  }
  client.release()
  return result
}
