/**
 * The storage backends the storage contract test runs against (tests/server/storage-contract.test.ts):
 * each opens a fresh, empty storage and can open it again on the same data (a restart).
 */
import type { BoardStorage } from '../../server/storage/board-storage'
import { openSqliteStorage } from '../../server/storage/sqlite-storage'
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
