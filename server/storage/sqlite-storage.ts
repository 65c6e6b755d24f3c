/**
 * `BoardStorage` on SQLite (better-sqlite3) plus asset files on disk.
 *
 * Layout in `DATA_DIR`: see data-dir.ts. The storage owns the database and `assets/`; deleting a
 * board removes its folder under every one of `BOARD_FOLDERS`, the features' included.
 *
 * Durability: the database runs in WAL mode with `synchronous=NORMAL`. A committed append is in
 * the WAL file when `appendUpdate` returns, so it survives the process being killed (even with
 * `kill -9`); only a power loss or kernel crash can lose the last transactions, which is the
 * usual trade-off that keeps appends at one write() and no fsync.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import path from 'node:path'
import Database from 'better-sqlite3'
import { isBoardId } from '../../shared/model/board-id'
import type { Logger } from '../log'
import { AssetFiles } from './asset-files'
import {
  BoardAssetQuotaError,
  StaleFenceError,
  storageErrorCode,
  StorageUnwritableError,
  type AssetContent,
  type AssetLimits,
  type BoardFileKind,
  type BoardMetadata,
  type BoardMetaWrite,
  type BoardStorage,
  type BoardWrite,
  type BoardWriteResult,
  type StoredAsset,
  type StoredDocument,
  type StoredDocumentStats,
} from './board-storage'
import { BOARD_FOLDERS, boardFolderRoot, DATABASE_FILE, type BoardFolder } from './data-dir'
import { BoardFiles } from './board-files'
import { uploadLimit } from './upload-limit'
import type { SeriesStorage } from './series-storage'
import { SERIES_MIGRATIONS, sqliteSeriesStorage } from './sqlite-series-storage'
import { SERIES_BOARD_ROWS } from './sql-series-storage'
import { FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer } from './wal-checkpointer'

/** How often a truncating checkpoint is tried while the worker's passes keep it busy, and how long apart (2 s in all). */
const TRUNCATE_ATTEMPTS = 100
const TRUNCATE_RETRY_MS = 20

export { DATABASE_FILE } from './data-dir'

/** Free pages are given back to the file system once they are this share of the file... */
const FREE_PAGE_SHARE_TO_RECLAIM = 0.25
/** ...and at least this many (4 MiB of the default 4 KiB pages): small files are not worth it. */
const FREE_PAGES_TO_RECLAIM = 1024

/** The file the health probe writes and removes again in the data directory. */
export const WRITE_PROBE_FILE = '.write-probe'

/**
 * The database schema as migrations: the i-th entry brings a database from version i to i + 1.
 * A new database runs them all; an existing one the ones it has not had yet.
 */
const MIGRATIONS = [
  `
  CREATE TABLE boards (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    meta TEXT NOT NULL
  );
  -- The append-only update log. seq is the rowid: appends are plain inserts at the end.
  CREATE TABLE updates (
    seq INTEGER PRIMARY KEY,
    board_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX updates_by_board ON updates (board_id, seq);
  -- One compacted state per board; updates with seq <= the compacted seq are folded into it.
  CREATE TABLE snapshots (
    board_id TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    updated INTEGER NOT NULL
  );
  CREATE TABLE assets (
    board_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (board_id, name)
  );
`,
  `
  -- Which device each Yjs client id of a board belongs to (server/sync/client-ids.ts).
  CREATE TABLE client_ids (
    board_id TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (board_id, client_id)
  ) WITHOUT ROWID;
`,
  // One row the health check rewrites, so that it proves the database takes writes.
  `
  CREATE TABLE health (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    probed_at INTEGER NOT NULL
  );
`,
  // The join code of each board, as the index its scrypt digest is (features/access/join-codes.ts):
  // one code per board, one board per code.
  `
  CREATE TABLE join_codes (
    code_digest TEXT PRIMARY KEY,
    board_id TEXT NOT NULL UNIQUE
  ) WITHOUT ROWID;
`,
  // The highest fencing number a write of the board carried (board-storage.ts `BoardWrite.fence`).
  `
  ALTER TABLE boards ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
`,
  // Meeting series, their commitments and the search index (sqlite-series-storage.ts).
  ...SERIES_MIGRATIONS,
]
const SCHEMA_VERSION = MIGRATIONS.length

const BOARD_FOLDER_KINDS = Object.keys(BOARD_FOLDERS) as BoardFolder[]

interface BoardRow {
  id: string
  created_at: number
  updated_at: number
  meta: string
}

interface AssetRow {
  name: string
  content_type: string
  size: number
  created_at: number
}

export interface SqliteStorageOptions {
  /** Directory for the database file and assets; created when missing. */
  dataDir: string
  /** Keep the database in memory (nothing survives a restart); assets still go to `dataDir`. */
  inMemory?: boolean
  /**
   * Checkpoint the WAL from a worker thread (see wal-checkpointer.ts), for a server under load;
   * its failures are logged to `logger`. Tools that open the database briefly leave this off.
   */
  backgroundCheckpoints?: { logger: Logger }
}

/** The boards' storage, with the meeting series kept in the same database. */
export interface SqliteBoardStorage extends BoardStorage {
  readonly series: SeriesStorage
}

/** Opens (and creates or migrates) the storage in `dataDir`. */
export function openSqliteStorage(options: SqliteStorageOptions): SqliteBoardStorage {
  mkdirSync(options.dataDir, { recursive: true })
  const file = path.join(options.dataDir, DATABASE_FILE)
  const db = new Database(options.inMemory ? ':memory:' : file)
  // Pages freed by compaction go back to the file system (see compact), so the file on disk
  // tracks the boards' content. Takes effect for a new database, before its first table.
  db.pragma('auto_vacuum = INCREMENTAL')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  // Deleted content is overwritten, not merely unlinked: a deleted board or a removed name must
  // not stay readable in the file's free pages. Costs a write of each freed page, which matters
  // only for the compacted documents that compaction replaces (once per compaction).
  db.pragma('secure_delete = ON')
  migrate(db)
  let checkpointer: WalCheckpointer | null = null
  if (options.backgroundCheckpoints && !options.inMemory) {
    checkpointer = new WalCheckpointer(file, options.backgroundCheckpoints.logger)
    db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
  }
  const assets = new AssetFiles(boardFolderRoot(options.dataDir, 'assets'))
  const boardFiles = { snapshots: new BoardFiles(boardFolderRoot(options.dataDir, 'snapshots')), archive: new BoardFiles(boardFolderRoot(options.dataDir, 'archive')) }
  return new SqliteStorage(db, options.dataDir, options.inMemory ?? false, assets, boardFiles, checkpointer)
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version === SCHEMA_VERSION) return
  if (version > SCHEMA_VERSION) {
    throw new Error(`${DATABASE_FILE} has schema version ${version}; this server knows up to ${SCHEMA_VERSION}`)
  }
  db.transaction(() => {
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  })()
}

class SqliteStorage implements SqliteBoardStorage {
  readonly series: SeriesStorage
  private readonly statements
  /** The jobs `runAlone` is running now. */
  private readonly runningJobs = new Set<string>()
  private readonly compactTransaction
  private readonly appendTransaction
  private readonly loadTransaction
  private readonly insertAssetTransaction
  private readonly deleteBoardTransaction
  private readonly createBoardTransaction
  private readonly updateBoardMetaTransaction

  constructor(
    private readonly db: Database.Database,
    private readonly dataDir: string,
    /** True when the database is in memory: its boards say nothing about the files in `dataDir`. */
    private readonly inMemory: boolean,
    private readonly files: AssetFiles,
    private readonly boardFiles: Readonly<Record<BoardFileKind, BoardFiles>>,
    private readonly checkpointer: WalCheckpointer | null,
  ) {
    this.series = sqliteSeriesStorage(db)
    this.statements = {
      insertBoard: db.prepare<[string, number, number, string]>(
        'INSERT INTO boards (id, created_at, updated_at, meta) VALUES (?, ?, ?, ?)',
      ),
      // The board's last change is the later of what compaction folded and the newest pending update.
      selectBoard: db.prepare<[string], BoardRow>(
        `SELECT id, created_at, max(updated_at, coalesce((SELECT max(at) FROM updates WHERE board_id = boards.id), 0))
           AS updated_at, meta FROM boards WHERE id = ?`,
      ),
      updateBoardMeta: db.prepare<[string, string]>('UPDATE boards SET meta = ? WHERE id = ?'),
      insertUpdate: db.prepare<[string, number, Uint8Array]>('INSERT INTO updates (board_id, at, data) VALUES (?, ?, ?)'),
      // The table of compacted documents has been called `snapshots` since the first schema version;
      // renaming it would take a migration after which an older server could not open the file.
      selectCompacted: db.prepare<[string], { data: Buffer }>('SELECT data FROM snapshots WHERE board_id = ?'),
      selectUpdates: db.prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq',
      ),
      upsertCompacted: db.prepare<[string, Uint8Array, number]>(
        `INSERT INTO snapshots (board_id, data, updated) VALUES (?, ?, ?)
           ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, updated = excluded.updated`,
      ),
      touchBoard: db.prepare<[{ board: string; through: number }]>(
        `UPDATE boards SET updated_at = max(updated_at,
           coalesce((SELECT max(at) FROM updates WHERE board_id = @board AND seq <= @through), 0)) WHERE id = @board`,
      ),
      deleteUpdates: db.prepare<[string, number]>('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
      compactedSize: db.prepare<[string], { bytes: number }>(
        'SELECT length(data) AS bytes FROM snapshots WHERE board_id = ?',
      ),
      updatesSize: db.prepare<[string], { rows: number; bytes: number }>(
        'SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes FROM updates WHERE board_id = ?',
      ),
      insertAsset: db.prepare<[string, string, string, number, number]>(
        'INSERT INTO assets (board_id, name, content_type, size, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      selectAsset: db.prepare<[string, string], AssetRow>(
        'SELECT name, content_type, size, created_at FROM assets WHERE board_id = ? AND name = ?',
      ),
      selectClientIds: db.prepare<[string], { client_id: number; device: string }>(
        'SELECT client_id, device FROM client_ids WHERE board_id = ?',
      ),
      insertClientId: db.prepare<[string, number, string]>(
        'INSERT OR IGNORE INTO client_ids (board_id, client_id, device) VALUES (?, ?, ?)',
      ),
      boardAssetBytes: db.prepare<[string], { bytes: number }>(
        'SELECT coalesce(sum(size), 0) AS bytes FROM assets WHERE board_id = ?',
      ),
      selectJoinCodeBoard: db.prepare<[string], { board_id: string }>('SELECT board_id FROM join_codes WHERE code_digest = ?'),
      deleteJoinCode: db.prepare<[string]>('DELETE FROM join_codes WHERE board_id = ?'),
      insertJoinCode: db.prepare<[string, string]>('INSERT INTO join_codes (code_digest, board_id) VALUES (?, ?)'),
      // Every table that keeps something of a board: deleting one must name them all (join_codes
      // through deleteJoinCode, in deleteBoardTransaction).
      deleteBoardRows: [
        'DELETE FROM updates WHERE board_id = ?',
        'DELETE FROM snapshots WHERE board_id = ?',
        'DELETE FROM assets WHERE board_id = ?',
        'DELETE FROM client_ids WHERE board_id = ?',
        ...SERIES_BOARD_ROWS,
      ].map((sql) => db.prepare<[string]>(sql)),
      deleteBoard: db.prepare<[string]>('DELETE FROM boards WHERE id = ?'),
      selectFence: db.prepare<[string], { fence: number }>('SELECT fence FROM boards WHERE id = ?'),
      recordFence: db.prepare<[number, string, number]>('UPDATE boards SET fence = ? WHERE id = ? AND fence < ?'),
      probeHealth: db.prepare<[number]>(
        'INSERT INTO health (id, probed_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at',
      ),
    }
    // The quota is checked again where the row is written: two uploads running side by side
    // both passed the check before streaming.
    this.insertAssetTransaction = db.transaction((boardId: string, quota: number, asset: StoredAsset) => {
      if (this.statements.boardAssetBytes.get(boardId)!.bytes + asset.size > quota) throw new BoardAssetQuotaError(quota)
      this.statements.insertAsset.run(boardId, asset.name, asset.contentType, asset.size, asset.createdAt)
    })
    this.compactTransaction = db.transaction((boardId: string, compacted: Uint8Array, throughSeq: number, fence?: number) => {
      if (fence !== undefined) {
        const refused = this.staleFence(boardId, fence)
        if (refused) throw refused
      }
      this.statements.upsertCompacted.run(boardId, compacted, Date.now())
      this.statements.touchBoard.run({ board: boardId, through: throughSeq })
      this.statements.deleteUpdates.run(boardId, throughSeq)
    })
    const setJoinCode = (boardId: string, codeDigest: string | null): boolean => {
      if (codeDigest !== null) {
        const holder = this.statements.selectJoinCodeBoard.get(codeDigest)?.board_id
        if (holder !== undefined) return holder === boardId
      }
      this.statements.deleteJoinCode.run(boardId)
      if (codeDigest !== null) this.statements.insertJoinCode.run(codeDigest, boardId)
      return true
    }
    this.createBoardTransaction = db.transaction((id: string, write: BoardMetaWrite, now: number): boolean => {
      // The code first: a board that cannot have it is not created at all.
      if (write.joinCode !== null && this.statements.selectJoinCodeBoard.get(write.joinCode)) return false
      this.statements.insertBoard.run(id, now, now, JSON.stringify(write.meta))
      return setJoinCode(id, write.joinCode)
    })
    this.updateBoardMetaTransaction = db.transaction((id: string, write: BoardMetaWrite): boolean => {
      if (!setJoinCode(id, write.joinCode)) return false
      this.statements.updateBoardMeta.run(JSON.stringify(write.meta), id)
      return true
    })
    this.deleteBoardTransaction = db.transaction((boardId: string): boolean => {
      for (const statement of this.statements.deleteBoardRows) statement.run(boardId)
      this.statements.deleteJoinCode.run(boardId)
      return this.statements.deleteBoard.run(boardId).changes > 0
    })
    // Made once: better-sqlite3 prepares BEGIN and COMMIT per transaction function.
    this.appendTransaction = db.transaction((writes: readonly BoardWrite[]): BoardWriteResult[] =>
      writes.map((write) => {
        if (write.fence !== undefined) {
          const refused = this.staleFence(write.boardId, write.fence)
          if (refused) return { lastSeq: 0, refused }
          this.statements.recordFence.run(write.fence, write.boardId, write.fence)
        }
        for (const { clientId, device } of write.clientIds) this.statements.insertClientId.run(write.boardId, clientId, device)
        let lastSeq = 0
        const at = Date.now()
        for (const update of write.updates) {
          lastSeq = Number(this.statements.insertUpdate.run(write.boardId, at, update).lastInsertRowid)
        }
        return { lastSeq }
      }),
    )
    this.loadTransaction = db.transaction((boardId: string): StoredDocument => {
      const compacted = this.statements.selectCompacted.get(boardId)?.data ?? null
      const updates: Uint8Array[] = []
      let lastSeq = 0
      for (const row of this.statements.selectUpdates.iterate(boardId)) {
        updates.push(row.data)
        lastSeq = row.seq
      }
      const clientIds = new Map<number, string>()
      for (const row of this.statements.selectClientIds.iterate(boardId)) clientIds.set(row.client_id, row.device)
      return { compacted, updates, lastSeq, clientIds }
    })
  }

  async createBoard(id: string, write: BoardMetaWrite): Promise<BoardMetadata | null> {
    const now = Date.now()
    return this.createBoardTransaction(id, write, now) ? { id, createdAt: now, updatedAt: now, meta: write.meta } : null
  }

  async getBoard(id: string): Promise<BoardMetadata | null> {
    const row = this.statements.selectBoard.get(id)
    if (!row) return null
    return { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, meta: JSON.parse(row.meta) }
  }

  async updateBoardMeta(id: string, write: BoardMetaWrite): Promise<boolean> {
    return this.updateBoardMetaTransaction(id, write)
  }

  async boardOfJoinCode(codeDigest: string): Promise<string | null> {
    return this.statements.selectJoinCodeBoard.get(codeDigest)?.board_id ?? null
  }

  async deleteBoard(id: string): Promise<boolean> {
    if (!isBoardId(id)) return false
    const existed = this.deleteBoardTransaction(id)
    await this.checkpointTruncating()
    // Only after the rows are gone: a crash in between leaves files of no board, which
    // `removeOrphanFiles` finds, never a board whose files are missing.
    await Promise.all(BOARD_FOLDER_KINDS.map((folder) => rm(this.boardFolder(folder, id), { recursive: true, force: true })))
    return existed
  }

  async eraseDeleted(): Promise<boolean> {
    return this.checkpointTruncating()
  }

  private async checkpointTruncating(): Promise<boolean> {
    if (this.inMemory) return true
    // Copies every page into the database file and empties the log: its older frames are the
    // pages as they were before the deletions. While the checkpointer's worker is in the middle of
    // its own pass, SQLite answers "busy" at once instead of waiting, and the deleted rows' old pages
    // would stay in the log until some later checkpoint: so it tries again for a while.
    for (let attempt = 1; ; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      if (result?.busy === 0) return true
      if (attempt === TRUNCATE_ATTEMPTS) return false
      await delay(TRUNCATE_RETRY_MS)
    }
  }

  async removeOrphanFiles(): Promise<string[]> {
    if (this.inMemory) return []
    const orphans = new Set<string>()
    for (const folder of BOARD_FOLDER_KINDS) {
      let names: string[]
      try {
        names = await readdir(boardFolderRoot(this.dataDir, folder))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      for (const name of names) {
        // Anything not named like a board is not ours to remove.
        if (!isBoardId(name) || this.statements.selectBoard.get(name)) continue
        await rm(this.boardFolder(folder, name), { recursive: true, force: true })
        orphans.add(name)
      }
    }
    return [...orphans]
  }

  async appendUpdates(writes: readonly BoardWrite[]): Promise<BoardWriteResult[]> {
    return this.appendTransaction(writes)
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    return this.loadTransaction(boardId)
  }

  async compact(boardId: string, compacted: Uint8Array, throughSeq: number, fence?: number): Promise<void> {
    this.compactTransaction(boardId, compacted, throughSeq, fence)
    // Without a vacuum the deleted update rows stay as free pages and the file only ever grows.
    // A vacuum rewrites pages, so it waits until free pages are a sizeable part of the file
    // instead of following every compaction; freed pages are reused by new rows meanwhile.
    if (this.manyFreePages()) this.reclaimFreePages()
  }

  async documentStats(boardId: string): Promise<StoredDocumentStats> {
    const updates = this.statements.updatesSize.get(boardId)!
    return {
      compactedBytes: this.statements.compactedSize.get(boardId)?.bytes ?? 0,
      updateRows: updates.rows,
      updateBytes: updates.bytes,
    }
  }

  async saveAsset(
    boardId: string,
    contentType: string,
    body: AsyncIterable<Uint8Array>,
    limits: AssetLimits,
  ): Promise<StoredAsset> {
    const limit = uploadLimit(limits, this.statements.boardAssetBytes.get(boardId)!.bytes)
    const name = randomBytes(16).toString('base64url')
    const size = await this.files.write(boardId, name, body, limit)
    const asset: StoredAsset = { name, contentType, size, createdAt: Date.now() }
    try {
      this.insertAssetTransaction(boardId, limits.boardQuotaBytes, asset)
    } catch (error) {
      // Without its row the file could never be served or counted: it must not stay behind.
      await this.files.remove(boardId, name)
      throw error
    }
    return asset
  }

  async readAsset(boardId: string, name: string): Promise<AssetContent | null> {
    const row = this.statements.selectAsset.get(boardId, name)
    if (!row) return null
    return {
      name: row.name,
      contentType: row.content_type,
      size: row.size,
      createdAt: row.created_at,
      open: (range) => this.files.open(boardId, row.name, range),
    }
  }

  writeBoardFile(boardId: string, kind: BoardFileKind, name: string, content: Uint8Array): Promise<void> {
    return this.boardFiles[kind].write(boardId, name, content)
  }

  readBoardFile(boardId: string, kind: BoardFileKind, name: string): Promise<Uint8Array | null> {
    return this.boardFiles[kind].read(boardId, name)
  }

  listBoardFiles(boardId: string, kind: BoardFileKind): Promise<string[]> {
    return this.boardFiles[kind].list(boardId)
  }

  boardsWithFiles(kind: BoardFileKind): Promise<string[]> {
    return this.boardFiles[kind].boards()
  }

  async runAlone<T>(job: string, task: () => Promise<T>): Promise<T | null> {
    // One server has the data directory: a run in this process is the only one there is.
    if (this.runningJobs.has(job)) return null
    this.runningJobs.add(job)
    try {
      return await task()
    } finally {
      this.runningJobs.delete(job)
    }
  }

  async ping(): Promise<void> {
    // An embedded database is reachable as long as it is open.
    if (!this.db.open) throw new Error('the database is closed')
  }

  async probeWrites(): Promise<void> {
    try {
      this.db.transaction(() => this.statements.probeHealth.run(Date.now()))()
    } catch (error) {
      throw new StorageUnwritableError('database', storageErrorCode(error), { cause: error })
    }
    const probe = path.join(this.dataDir, WRITE_PROBE_FILE)
    try {
      await writeFile(probe, 'gatherboard write probe\n')
      await rm(probe)
    } catch (error) {
      throw new StorageUnwritableError('data directory', storageErrorCode(error), { cause: error })
    }
  }

  close(): Promise<void> {
    if (!this.db.open) return Promise.resolve()
    // Until the worker's connection is closed it may still touch the -wal and -shm files.
    const workerStopped = this.checkpointer?.stop() ?? Promise.resolve()
    this.reclaimFreePages()
    // Everything into the database file, which then holds only what is in use. (Closing does
    // this too, but only when no other connection, such as the checkpointer's, is open.)
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.close()
    return workerStopped
  }

  /** The error for a write with `fence` when the board has a higher one recorded, else null. */
  private staleFence(boardId: string, fence: number): StaleFenceError | null {
    const recorded = this.statements.selectFence.get(boardId)?.fence ?? 0
    return recorded > fence ? new StaleFenceError(boardId, fence, recorded) : null
  }

  /** Board ids are checked by the callers, so joining cannot leave the folder. */
  private boardFolder(folder: BoardFolder, boardId: string): string {
    return path.join(boardFolderRoot(this.dataDir, folder), boardId)
  }

  private manyFreePages(): boolean {
    const free = this.db.pragma('freelist_count', { simple: true }) as number
    if (free < FREE_PAGES_TO_RECLAIM) return false
    return free / (this.db.pragma('page_count', { simple: true }) as number) > FREE_PAGE_SHARE_TO_RECLAIM
  }

  private reclaimFreePages(): void {
    this.db.pragma('incremental_vacuum')
  }
}
