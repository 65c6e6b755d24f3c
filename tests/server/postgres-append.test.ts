/**
 * The PostgreSQL append's fence check against another server's write on its way
 * (server/storage/postgres-append.ts): the contract test (storage-contract.test.ts) checks the
 * fence with one writer at a time; here a new owner's transaction has raised the board's fence
 * and not yet committed when the old owner's append arrives. The append must wait for the
 * board's row and judge by the fence committed then, not by the older one its statement began with.
 */
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log'
import type { BoardStorage } from '../../server/storage/board-storage'
import { openPostgresStorage } from '../../server/storage/postgres-storage'
import { dropSchema, freshSchema, postgresUnavailable, TEST_DATABASE_URL } from '../helpers/postgres'
import { waitFor } from '../helpers/wait'

const withoutPostgres = await postgresUnavailable()
if (withoutPostgres !== null) console.warn(`PostgreSQL append test skipped: ${withoutPostgres}`)

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'

describe.skipIf(withoutPostgres !== null)('PostgreSQL append under a concurrent takeover', () => {
  let schema: string
  let storage: BoardStorage
  /** The new owner's own connection to the same schema. */
  let newOwner: pg.Client

  beforeEach(async () => {
    schema = freshSchema()
    storage = await openPostgresStorage({ url: TEST_DATABASE_URL, schema, logger: createLogger({ level: 'silent' }) })
    await storage.createBoard(BOARD, { meta: {}, joinCode: null })
    newOwner = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` })
    await newOwner.connect()
  })

  afterEach(async () => {
    await newOwner.end()
    await storage.close()
    await dropSchema(schema)
  })

  it('refuses a stale append that waited for the new owner’s uncommitted fence, and stores none of it', async () => {
    const [first] = await storage.appendUpdates([{ boardId: BOARD, updates: [Buffer.from([1])], clientIds: [], fence: 1 }])
    expect(first!.refused).toBeUndefined()
    // The new owner raises the fence inside a transaction it has not committed yet.
    await newOwner.query('BEGIN')
    await newOwner.query('UPDATE boards SET fence = 3 WHERE id = $1', [BOARD])
    const stale = storage.appendUpdates([
      { boardId: BOARD, updates: [Buffer.from([2])], clientIds: [{ clientId: 7, device: 'stale' }], fence: 2 },
    ])
    // The old owner's statement is waiting for the board's row (its snapshot still has fence 1).
    await waitFor(
      async () => {
        const { rows } = await newOwner.query<{ waiting: number }>(
          'SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))',
        )
        return rows[0]!.waiting > 0
      },
      { message: 'the stale append to wait for the board row' },
    )
    await newOwner.query('COMMIT')
    const [result] = await stale
    expect(result!.refused).toMatchObject({ name: 'StaleFenceError', boardId: BOARD, fence: 2, recorded: 3 })
    const stored = await storage.loadDocument(BOARD)
    expect(stored.updates).toEqual([Buffer.from([1])])
    expect(stored.clientIds.has(7)).toBe(false)
  })
})

