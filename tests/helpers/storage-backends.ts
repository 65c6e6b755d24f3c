/**
 * The storage backends the storage contract test runs against (tests/server/storage-contract.test.ts):
 * each opens a fresh, empty storage and can open it again on the same data (a restart).
 */
import { createLogger } from '../../server/log'
import type { BoardStorage } from '../../server/storage/board-storage'
import { openPostgresStorage } from '../../server/storage/postgres-storage'
import { openSqliteStorage } from '../../server/storage/sqlite-storage'
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './postgres'
import { makeTempDir, removeDir } from './server'

/** One fresh storage of a backend. */
export interface StorageFixture {
  storage: BoardStorage
  /** Closes `storage` and opens the same data again (as a restarted server would). */
  reopen(): Promise<BoardStorage>
  /** Closes the storage and removes its data. */
  dispose(): Promise<void>
}

export interface StorageBackend {
  name: string
  open(): Promise<StorageFixture>
}

export const sqliteBackend: StorageBackend = {
  name: 'SQLite',
  async open() {
    const dataDir = await makeTempDir()
    const fixture: StorageFixture = {
      storage: openSqliteStorage({ dataDir }),
      async reopen() {
        await fixture.storage.close()
        return (fixture.storage = openSqliteStorage({ dataDir }))
      },
      async dispose() {
        await fixture.storage.close()
        await removeDir(dataDir)
      },
    }
    return fixture
  },
}

/** PostgreSQL, each storage in a fresh schema of its own (tests/helpers/postgres.ts). */
export const postgresBackend: StorageBackend = {
  name: 'PostgreSQL',
  async open() {
    const schema = freshSchema()
    const open = () => openPostgresStorage({ url: TEST_DATABASE_URL, schema, logger: createLogger({ level: 'silent' }) })
    const fixture: StorageFixture = {
      storage: await open(),
      async reopen() {
        await fixture.storage.close()
        return (fixture.storage = await open())
      },
      async dispose() {
        await fixture.storage.close()
        await dropSchema(schema)
      },
    }
    return fixture
  },
}
