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

let dataDir: string
let storage: BoardStorage

beforeEach(async () => {
  dataDir = await makeTempDir()
  storage = openSqliteStorage({ dataDir })
})

afterEach(async () => {
  storage.close()
  await removeDir(dataDir)
})

describe('SQLite storage', () => {
  it('stores boards with metadata', () => {
    const created = storage.createBoard('board-1', { title: 'Town hall' })
    expect(storage.getBoard('board-1')).toEqual(created)
    expect(storage.getBoard('missing')).toBeNull()
    expect(() => storage.createBoard('board-1')).toThrow()
  })

  it('appends updates in order and folds them into the compacted document', () => {
    storage.createBoard('b')
    storage.createBoard('other')
    const a = storage.appendUpdate('b', new Uint8Array([1]))
    storage.appendUpdate('other', new Uint8Array([9]))
    const b = storage.appendUpdate('b', new Uint8Array([2]))
    expect(b).toBeGreaterThan(a)
    expect(storage.loadDocument('b')).toEqual({
      compacted: null,
      updates: [Buffer.from([1]), Buffer.from([2])],
      lastSeq: b,
    })

    storage.compact('b', new Uint8Array([1, 2]), a)
    const c = storage.appendUpdate('b', new Uint8Array([3]))
    expect(storage.loadDocument('b')).toEqual({
      compacted: Buffer.from([1, 2]),
      updates: [Buffer.from([2]), Buffer.from([3])],
      lastSeq: c,
    })
    expect(storage.documentStats('b')).toEqual({ compactedBytes: 2, updateRows: 2, updateBytes: 2 })
    expect(storage.loadDocument('other').updates).toEqual([Buffer.from([9])])
  })

  it('gives the space of compacted update rows back, so the file tracks the content', () => {
    storage.createBoard('b')
    const update = new Uint8Array(2048).fill(7)
    let last = 0
    for (let i = 0; i < 500; i++) last = storage.appendUpdate('b', update)
    const fileBytes = () => statSync(path.join(dataDir, 'gatherboard.sqlite')).size
    storage.close()
    storage = openSqliteStorage({ dataDir })
    const grown = fileBytes()
    expect(grown).toBeGreaterThan(500 * 2048)

    storage.compact('b', new Uint8Array(100), last)
    storage.close() // checkpoints the WAL into the file
    storage = openSqliteStorage({ dataDir })
    expect(fileBytes()).toBeLessThan(grown / 10)
    expect(storage.loadDocument('b').compacted).toEqual(Buffer.from(new Uint8Array(100)))
  })

  it('hands many free pages back while running, but not a few', () => {
    const pages = () => {
      const reader = new Database(path.join(dataDir, 'gatherboard.sqlite'), { readonly: true })
      const counts = { total: reader.pragma('page_count', { simple: true }), free: reader.pragma('freelist_count', { simple: true }) }
      reader.close()
      return counts as { total: number; free: number }
    }
    storage.createBoard('b')
    const update = new Uint8Array(2048).fill(5)
    let last = 0
    for (let i = 0; i < 100; i++) last = storage.appendUpdate('b', update)
    storage.compact('b', new Uint8Array(10), last)
    // ~100 pages freed: kept for the rows to come.
    expect(pages().free).toBeGreaterThan(50)

    for (let i = 0; i < 4000; i++) last = storage.appendUpdate('b', update)
    const grown = pages().total
    storage.compact('b', new Uint8Array(10), last)
    // Thousands freed, most of the file: given back at once.
    expect(pages().free).toBe(0)
    expect(pages().total).toBeLessThan(grown / 10)
  })

  it('with background checkpoints the WAL stays small while appends keep coming, and nothing is lost', async () => {
    storage.close()
    const logged: string[] = []
    const logger = createLogger({ level: 'warn', sink: (line) => logged.push(line) })
    storage = openSqliteStorage({ dataDir, backgroundCheckpoints: { logger } })
    storage.createBoard('b')
    // A busy server's pace: an append every millisecond or so, ~25 MB through the WAL in all.
    const update = new Uint8Array(8192).fill(3)
    const appends = 3_000
    for (let i = 0; i < appends; i++) {
      storage.appendUpdate('b', update)
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    // The main connection alone would only have checkpointed at 40 MB: the WAL would hold it all
    // (the worker typically keeps it under a fifth; a loaded machine slows it down).
    const walBytes = statSync(path.join(dataDir, 'gatherboard.sqlite-wal')).size
    expect(logged).toEqual([])
    expect(walBytes).toBeLessThan((appends * update.length * 3) / 4)

    storage.close()
    expect(statSync(path.join(dataDir, 'gatherboard.sqlite')).size).toBeGreaterThan(appends * update.length)
    storage = openSqliteStorage({ dataDir })
    expect(storage.documentStats('b').updateRows).toBe(appends)
  })

  it('keeps everything across reopening', () => {
    storage.createBoard('b')
    storage.appendUpdate('b', new Uint8Array([7]))
    storage.close()
    storage = openSqliteStorage({ dataDir })
    expect(storage.loadDocument('b').updates).toEqual([Buffer.from([7])])
  })

  it('stores assets and refuses oversized ones without keeping a file', async () => {
    storage.createBoard('b')
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
    storage.createBoard('b')
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
    storage.createBoard('b')
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

  it('upgrades a database of schema version 1 (before the health table and join codes)', async () => {
    storage.createBoard('b')
    storage.close()
    const old = new Database(path.join(dataDir, DATABASE_FILE))
    old.exec('DROP TABLE health; DROP TABLE client_ids; DROP TABLE join_codes')
    old.pragma('user_version = 1')
    old.close()
    storage = openSqliteStorage({ dataDir })
    await storage.probeWrites()
    expect(storage.getBoard('b')).not.toBeNull()
    expect(storage.setJoinCode('b', 'digest-of-b')).toBe(true)
    expect(storage.boardOfJoinCode('digest-of-b')).toBe('b')
  })

  it('keeps one join code per board and one board per code', () => {
    expect(storage.setJoinCode('a', 'code-1')).toBe(true)
    expect(storage.setJoinCode('a', 'code-1')).toBe(true)
    // Another board's code is refused and changes nothing.
    expect(storage.setJoinCode('b', 'code-1')).toBe(false)
    expect(storage.boardOfJoinCode('code-1')).toBe('a')
    // A new code replaces the board's old one.
    expect(storage.setJoinCode('a', 'code-2')).toBe(true)
    expect(storage.boardOfJoinCode('code-1')).toBeNull()
    expect(storage.boardOfJoinCode('code-2')).toBe('a')
    expect(storage.setJoinCode('b', 'code-1')).toBe(true)
    expect(storage.boardOfJoinCode('code-1')).toBe('b')
  })
})
