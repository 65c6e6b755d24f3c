import { statSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdir, readdir } from 'node:fs/promises'
import {
  AssetTooLargeError,
  BoardAssetQuotaError,
  StorageUnwritableError,
  type BoardStorage,
} from '../../server/storage/board-storage'
import { DATABASE_FILE, openSqliteStorage, WRITE_PROBE_FILE } from '../../server/storage/sqlite-storage'
import { createLogger } from '../../server/log'
import { makeTempDir, removeDir } from '../helpers/server'

const LIMITS = { maxBytes: 10, boardQuotaBytes: 1000 }
const NO_META = { meta: {}, joinCode: null }

/** Appends `update` to board `b` as a turn of its own. */
async function append(update: Uint8Array): Promise<number> {
  return (await storage.appendUpdates([{ boardId: 'b', updates: [update], clientIds: [] }]))[0]!.lastSeq
}

let dataDir: string
let storage: BoardStorage

beforeEach(async () => {
  dataDir = await makeTempDir()
  storage = openSqliteStorage({ dataDir })
})

afterEach(async () => {
  await storage.close()
  await removeDir(dataDir)
})

/** What only the SQLite backend does: its file, its WAL, its asset files, its old schemas. The contract both backends keep: storage-contract.test.ts. */
describe('SQLite storage', () => {
  it('gives the space of compacted update rows back, so the file tracks the content', async () => {
    await storage.createBoard('b', NO_META)
    const update = new Uint8Array(2048).fill(7)
    let last = 0
    for (let i = 0; i < 500; i++) last = await append(update)
    const fileBytes = () => statSync(path.join(dataDir, 'gatherboard.sqlite')).size
    await storage.close()
    storage = openSqliteStorage({ dataDir })
    const grown = fileBytes()
    expect(grown).toBeGreaterThan(500 * 2048)

    await storage.compact('b', new Uint8Array(100), last)
    storage.close() // checkpoints the WAL into the file
    storage = openSqliteStorage({ dataDir })
    expect(fileBytes()).toBeLessThan(grown / 10)
    expect((await storage.loadDocument('b')).compacted).toEqual(Buffer.from(new Uint8Array(100)))
  })

  it('hands many free pages back while running, but not a few', async () => {
    const pages = () => {
      const reader = new Database(path.join(dataDir, 'gatherboard.sqlite'), { readonly: true })
      const counts = { total: reader.pragma('page_count', { simple: true }), free: reader.pragma('freelist_count', { simple: true }) }
      reader.close()
      return counts as { total: number; free: number }
    }
    await storage.createBoard('b', NO_META)
    const update = new Uint8Array(2048).fill(5)
    let last = 0
    for (let i = 0; i < 100; i++) last = await append(update)
    await storage.compact('b', new Uint8Array(10), last)
    // ~100 pages freed: kept for the rows to come.
    expect(pages().free).toBeGreaterThan(50)

    for (let i = 0; i < 4000; i++) last = await append(update)
    const grown = pages().total
    await storage.compact('b', new Uint8Array(10), last)
    // Thousands freed, most of the file: given back at once.
    expect(pages().free).toBe(0)
    expect(pages().total).toBeLessThan(grown / 10)
  })

  it('with background checkpoints the WAL stays small while appends keep coming, and nothing is lost', async () => {
    await storage.close()
    const logged: string[] = []
    const logger = createLogger({ level: 'warn', sink: (line) => logged.push(line) })
    storage = openSqliteStorage({ dataDir, backgroundCheckpoints: { logger } })
    await storage.createBoard('b', NO_META)
    // A busy server's pace: an append every millisecond or so, ~25 MB through the WAL in all.
    const update = new Uint8Array(8192).fill(3)
    const appends = 3_000
    for (let i = 0; i < appends; i++) {
      await append(update)
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    // The main connection alone would only have checkpointed at 40 MB: the WAL would hold it all
    // (the worker typically keeps it under a fifth; a loaded machine slows it down).
    const walBytes = statSync(path.join(dataDir, 'gatherboard.sqlite-wal')).size
    expect(logged).toEqual([])
    expect(walBytes).toBeLessThan((appends * update.length * 3) / 4)

    await storage.close()
    expect(statSync(path.join(dataDir, 'gatherboard.sqlite')).size).toBeGreaterThan(appends * update.length)
    storage = openSqliteStorage({ dataDir })
    expect((await storage.documentStats('b')).updateRows).toBe(appends)
  })

  it('stores assets and refuses oversized ones without keeping a file', async () => {
    await storage.createBoard('b', NO_META)
    const asset = await storage.saveAsset('b', 'image/png', Readable.from([Buffer.from('abc'), Buffer.from('def')]), LIMITS)
    expect(asset).toMatchObject({ contentType: 'image/png', size: 6 })
    const read = await storage.readAsset('b', asset.name)
    expect(read).toMatchObject({ name: asset.name, contentType: 'image/png', size: 6 })
    expect(await text(read!.open())).toBe('abcdef')
    expect(await text(read!.open({ start: 2, end: 3 }))).toBe('cd')
    expect(await storage.readAsset('other', asset.name)).toBeNull()

    await expect(storage.saveAsset('b', 'image/png', Readable.from([Buffer.alloc(8), Buffer.alloc(8)]), LIMITS)).rejects.toThrow(
      AssetTooLargeError,
    )
    expect(await readdir(`${dataDir}/assets/b`)).toEqual([asset.name])
  })

  it("refuses an upload that would take the board past its quota, keeping nothing", async () => {
    await storage.createBoard('b', NO_META)
    const limits = { maxBytes: 10, boardQuotaBytes: 15 }
    const first = await storage.saveAsset('b', 'image/png', Readable.from([Buffer.alloc(10)]), limits)
    await expect(storage.saveAsset('b', 'image/png', Readable.from([Buffer.alloc(6)]), limits)).rejects.toThrow(
      BoardAssetQuotaError,
    )
    // Within the quota still works, and a file over the per-file limit is still "too large".
    await storage.saveAsset('b', 'image/png', Readable.from([Buffer.alloc(5)]), limits)
    await expect(storage.saveAsset('other', 'image/png', Readable.from([Buffer.alloc(11)]), limits)).rejects.toThrow(
      AssetTooLargeError,
    )
    expect((await readdir(`${dataDir}/assets/b`)).sort()).toHaveLength(2)
    expect(await readdir(`${dataDir}/assets/b`)).toContain(first.name)
  })

  it('removes the uploaded file when its database row cannot be written', async () => {
    await storage.createBoard('b', NO_META)
    // Another connection to the same file makes the row's insert fail inside SQLite.
    const other = new Database(path.join(dataDir, DATABASE_FILE))
    other.exec("CREATE TRIGGER refuse_assets BEFORE INSERT ON assets BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    other.close()
    await expect(storage.saveAsset('b', 'image/png', Readable.from([Buffer.alloc(4)]), LIMITS)).rejects.toThrow('disk full')
    expect(await readdir(`${dataDir}/assets/b`)).toEqual([])
  })

  it('probes writes for real: the database and the data directory', async () => {
    await storage.probeWrites()
    const probe = path.join(dataDir, WRITE_PROBE_FILE)
    await mkdir(probe)
    await expect(storage.probeWrites()).rejects.toThrow(StorageUnwritableError)
    await expect(storage.probeWrites()).rejects.toThrow('the data directory cannot write (EISDIR)')
    await removeDir(probe)
    const other = new Database(path.join(dataDir, DATABASE_FILE))
    other.exec("CREATE TRIGGER refuse_health BEFORE INSERT ON health BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    other.close()
    await expect(storage.probeWrites()).rejects.toThrow(/the database cannot write \(SQLITE_CONSTRAINT/)
  })

  it('upgrades a database of schema version 1 (before the health table, join codes and fences)', async () => {
    await storage.createBoard('b', NO_META)
    await storage.close()
    const old = new Database(path.join(dataDir, DATABASE_FILE))
    old.exec('DROP TABLE health; DROP TABLE client_ids; DROP TABLE join_codes; ALTER TABLE boards DROP COLUMN fence')
    // And the meeting series' tables, which came later still.
    old.exec('DROP TABLE series; DROP TABLE series_meetings; DROP TABLE commitments; DROP TABLE commitment_events; DROP TABLE card_index; DROP TABLE card_index_state')
    old.pragma('user_version = 1')
    old.close()
    storage = openSqliteStorage({ dataDir })
    await storage.probeWrites()
    const board = await storage.getBoard('b')
    expect(board).not.toBeNull()
    expect(await storage.updateBoardMeta('b', { meta: board!.meta, joinCode: 'digest-of-b' })).toBe(true)
    expect(await storage.boardOfJoinCode('digest-of-b')).toBe('b')
    const [stale] = await storage.appendUpdates([{ boardId: 'b', updates: [new Uint8Array([1])], clientIds: [], fence: 2 }])
    expect(stale!.refused).toBeUndefined()
  })

})
