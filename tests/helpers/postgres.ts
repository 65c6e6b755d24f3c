/**
 * The PostgreSQL the tests use (the machine's, `TEST_DATABASE_URL` or
 * postgres://postgres@127.0.0.1:5432/test): each test run gets a schema of its own, dropped
 * afterwards, so parallel runs never see each other's tables.
 *
 * Without a reachable PostgreSQL, the tests that need one fail under CI (`CI` set) with a message
 * saying so, and are skipped with that message elsewhere.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Null when PostgreSQL answers; otherwise why not, as the message to skip with. Under CI, throws
 * that message instead: there the tests must not pass by skipping.
 */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 })
  let reason: string | null = null
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (error) {
    reason = `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${error instanceof Error ? error.message : String(error)}): start it (pg_ctlcluster 15 main start) or set TEST_DATABASE_URL`
  } finally {
    await client.end().catch(() => {})
  }
  if (reason !== null && process.env.CI) throw new Error(reason)
  return reason
}

/** A schema name no other run uses. */
export function freshSchema(): string {
  return `gb_test_${randomBytes(6).toString('hex')}`
}

/** Drops a test's schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}
