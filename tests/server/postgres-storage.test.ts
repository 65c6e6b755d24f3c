/**
 * What only the PostgreSQL backend does: its versioned migrations at start-up, with two servers
 * starting at once. The contract both backends keep: storage-contract.test.ts. Each test works in
 * a fresh schema, dropped afterwards; without PostgreSQL: see tests/helpers/postgres.ts.
 */
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log'
import type { BoardStorage } from '../../server/storage/board-storage'
import { POSTGRES_SCHEMA_VERSION } from '../../server/storage/postgres-schema'
import { openPostgresStorage } from '../../server/storage/postgres-storage'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { waitFor } from '../helpers/wait'

const withoutPostgres = await postgresUnavailable()
if (withoutPostgres !== null) console.warn(`PostgreSQL storage tests skipped: ${withoutPostgres}`)

const schemas: string[] = []
const opened: BoardStorage[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()))
  await Promise.all(schemas.splice(0).map((schema) => dropSchema(schema)))
})

function newSchema(): string {
  const schema = freshSchema()
  schemas.push(schema)
  return schema
}

async function open(schema: string, logs: string[] = []): Promise<BoardStorage> {
  const storage = await openPostgresStorage({
    url: TEST_DATABASE_URL,
    schema,
    logger: createLogger({ level: 'info', sink: (line) => logs.push(line) }),
  })
  opened.push(storage)
  return storage
}

/** The backends holding the retention job's lock of the schema (`runAlone`'s key). */
const ADVISORY_HOLDERS = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
  AND objid::bigint = (hashtext('gatherboard job ' || current_schema() || ' retention')::bigint & 4294967295)`

/** Runs `sql` in `schema` on a connection of its own, as an operator would. */
async function query<T extends pg.QueryResultRow>(schema: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

describe.skipIf(withoutPostgres !== null)('PostgreSQL storage', () => {
  it('creates its schema with the migrations once, and starts on it again without migrating', async () => {
    const schema = newSchema()
    const logs: string[] = []
    await open(schema, logs)
    expect(logs.filter((line) => line.includes('storage.migrated'))).toHaveLength(1)
    const versions = await query<{ version: number }>(schema, 'SELECT version FROM schema_migrations ORDER BY version')
    expect(versions.map((row) => row.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1))

    const again: string[] = []
    await open(schema, again)
    expect(again.filter((line) => line.includes('storage.migrated'))).toEqual([])
  })

  it('lets only one of several servers starting at once migrate; all of them then work', async () => {
    const schema = newSchema()
    const logs: string[] = []
    const storages = await Promise.all([open(schema, logs), open(schema, logs), open(schema, logs), open(schema, logs)])
    expect(logs.filter((line) => line.includes('storage.migrated'))).toHaveLength(1)
    const [first, second] = storages
    await first!.createBoard('AAAAAAAAAAAAAAAAAAAAAA', { meta: { by: 'first' }, joinCode: null })
    expect((await second!.getBoard('AAAAAAAAAAAAAAAAAAAAAA'))?.meta).toEqual({ by: 'first' })
  })

  it('runs a job on one server at a time: another server on the schema skips it meanwhile, one on another schema does not, and a lost connection frees it', async () => {
    const schema = newSchema()
    const [one, two] = [await open(schema), await open(schema)]
    const elsewhere = await open(newSchema())
    let finish!: () => void
    const first = one.runAlone('retention', () => new Promise<string>((resolve) => (finish = () => resolve('one'))))
    await waitFor(() => finish !== undefined, { message: 'the first server to start the job' })
    expect(await two.runAlone('retention', async () => 'two')).toBeNull()
    expect(await elsewhere.runAlone('retention', async () => 'elsewhere')).toBe('elsewhere')
    finish()
    expect(await first).toBe('one')
    expect(await two.runAlone('retention', async () => 'two')).toBe('two')

    // The holder's connection ends (its server died, the network to it broke): the job is free.
    let unstick!: (value: string) => void
    const stuck = one.runAlone('retention', () => new Promise<string>((resolve) => (unstick = resolve)))
    await waitFor(async () => (await query<{ pid: number }>(schema, ADVISORY_HOLDERS)).length === 1, { message: 'the job to be held' })
    const [holder] = await query<{ pid: number }>(schema, ADVISORY_HOLDERS)
    expect(await two.runAlone('retention', async () => 'two')).toBeNull()
    await query(schema, `SELECT pg_terminate_backend(${holder!.pid})`)
    expect(await waitFor(() => two.runAlone('retention', async () => 'two'), { message: 'the job to be free' })).toBe('two')
    // The task that lost its connection still ends as it would (its unlock fails, the connection goes).
    unstick('one')
    expect(await stuck).toBe('one')
  })

  it('refuses a database that a newer server migrated further', async () => {
    const schema = newSchema()
    await open(schema)
    await query(schema, `INSERT INTO schema_migrations (version, applied_at) VALUES (${POSTGRES_SCHEMA_VERSION + 1}, 0)`)
    await expect(open(schema)).rejects.toThrow(
      `the database has schema version ${POSTGRES_SCHEMA_VERSION + 1}; this server knows up to ${POSTGRES_SCHEMA_VERSION}`,
    )
  })

  it('refuses a schema name that is not a plain SQL name', async () => {
    await expect(
      openPostgresStorage({ url: TEST_DATABASE_URL, schema: 'x; DROP TABLE boards', logger: createLogger({ level: 'silent' }) }),
    ).rejects.toThrow('not a plain schema name')
  })
})
