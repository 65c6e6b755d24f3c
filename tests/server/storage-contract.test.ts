/**
 * The storage contract (server/storage/board-storage.ts), one suite for every backend: what the
 * server relies on, whichever database holds the boards. PostgreSQL runs each test in a fresh
 * schema, dropped afterwards; without a reachable PostgreSQL its half fails under CI and is
 * skipped elsewhere, saying why (tests/helpers/postgres.ts).
 */
import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  applyStoredDocument,
  AssetTooLargeError,
  BoardAssetQuotaError,
  type BoardStorage,
  type BoardWrite,
} from '../../server/storage/board-storage'
import { postgresUnavailable } from '../helpers/postgres'
import { waitFor } from '../helpers/wait'
import { postgresBackend, sqliteBackend, type StorageFixture } from '../helpers/storage-backends'

const withoutPostgres = await postgresUnavailable()
const backends = withoutPostgres === null ? [sqliteBackend, postgresBackend] : [sqliteBackend]

if (withoutPostgres !== null) {
  console.warn(`PostgreSQL storage contract skipped: ${withoutPostgres}`)
  it.skip(`PostgreSQL storage: ${withoutPostgres}`, () => {})
}

/** A valid board id (shared/model/board-id.ts): deletion looks at it. */
const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const OTHER = 'BBBBBBBBBBBBBBBBBBBBBQ'

const bytes = (...values: number[]) => Buffer.from(values)
const write = (boardId: string, updates: Uint8Array[], clientIds: BoardWrite['clientIds'] = []): BoardWrite => ({
  boardId,
  updates,
  clientIds,
})

describe.each(backends)('$name storage', (backend) => {
  let fixture: StorageFixture
  let storage: BoardStorage

  beforeEach(async () => {
    fixture = await backend.open()
    storage = fixture.storage
  })

  afterEach(async () => {
    await fixture.dispose()
  })

  it('stores boards with their metadata and replaces the metadata', async () => {
    const created = await storage.createBoard(BOARD, { meta: { title: 'Town hall', n: 1 }, joinCode: null })
    expect(created).toMatchObject({ id: BOARD, meta: { title: 'Town hall', n: 1 } })
    expect(await storage.getBoard(BOARD)).toEqual(created)
    expect(await storage.getBoard(OTHER)).toBeNull()
    await expect(storage.createBoard(BOARD, { meta: {}, joinCode: null })).rejects.toThrow()
    expect(await storage.updateBoardMeta(BOARD, { meta: { title: 'Council' }, joinCode: null })).toBe(true)
    expect((await storage.getBoard(BOARD))?.meta).toEqual({ title: 'Council' })
  })

  it('keeps one join code per board and one board per code', async () => {
    await storage.createBoard(BOARD, { meta: { v: 1 }, joinCode: 'code-1' })
    expect(await storage.boardOfJoinCode('code-1')).toBe(BOARD)
    // A board is not created with another board's code.
    expect(await storage.createBoard(OTHER, { meta: {}, joinCode: 'code-1' })).toBeNull()
    expect(await storage.getBoard(OTHER)).toBeNull()
    await storage.createBoard(OTHER, { meta: {}, joinCode: null })
    // Another board's code is refused and changes nothing, the metadata included.
    expect(await storage.updateBoardMeta(OTHER, { meta: { v: 2 }, joinCode: 'code-1' })).toBe(false)
    expect((await storage.getBoard(OTHER))?.meta).toEqual({})
    expect(await storage.boardOfJoinCode('code-1')).toBe(BOARD)
    // Keeping its own code is fine; a new code replaces the old one.
    expect(await storage.updateBoardMeta(BOARD, { meta: { v: 3 }, joinCode: 'code-1' })).toBe(true)
    expect(await storage.updateBoardMeta(BOARD, { meta: { v: 4 }, joinCode: 'code-2' })).toBe(true)
    expect(await storage.boardOfJoinCode('code-1')).toBeNull()
    expect(await storage.boardOfJoinCode('code-2')).toBe(BOARD)
    expect(await storage.updateBoardMeta(OTHER, { meta: {}, joinCode: 'code-1' })).toBe(true)
    expect(await storage.boardOfJoinCode('code-1')).toBe(OTHER)
    // No code at all drops the board's.
    expect(await storage.updateBoardMeta(BOARD, { meta: {}, joinCode: null })).toBe(true)
    expect(await storage.boardOfJoinCode('code-2')).toBeNull()
  })

  it('appends the writes of a turn in order and folds them into the compacted document', async () => {
    await storage.createBoard(BOARD, { meta: {}, joinCode: null })
    await storage.createBoard(OTHER, { meta: {}, joinCode: null })
    const [first, other] = await storage.appendUpdates([write(BOARD, [bytes(1), bytes(2)]), write(OTHER, [bytes(9)])])
    const [second] = await storage.appendUpdates([write(BOARD, [bytes(3)])])
    expect(second!.lastSeq).toBeGreaterThan(first!.lastSeq)
    expect(await storage.loadDocument(BOARD)).toEqual({
      compacted: null,
      updates: [bytes(1), bytes(2), bytes(3)],
      lastSeq: second!.lastSeq,
      clientIds: new Map(),
    })
    expect((await storage.loadDocument(OTHER)).updates).toEqual([bytes(9)])
    expect(other!.lastSeq).toBe((await storage.loadDocument(OTHER)).lastSeq)

    await storage.compact(BOARD, bytes(1, 2), first!.lastSeq)
    expect(await storage.loadDocument(BOARD)).toMatchObject({ compacted: bytes(1, 2), updates: [bytes(3)], lastSeq: second!.lastSeq })
    expect(await storage.documentStats(BOARD)).toEqual({ compactedBytes: 2, updateRows: 1, updateBytes: 1 })
    // A write of bindings alone appends nothing.
    expect(await storage.appendUpdates([write(BOARD, [], [{ clientId: 5, device: 'd' }])])).toEqual([{ lastSeq: 0 }])
    expect((await storage.documentStats(BOARD)).updateRows).toBe(1)
  })

  it('binds each client id to the first device that claimed it', async () => {
    await storage.createBoard(BOARD, { meta: {}, joinCode: null })
    await storage.appendUpdates([write(BOARD, [], [{ clientId: 1, device: 'phone' }, { clientId: 2, device: 'laptop' }])])
    await storage.appendUpdates([write(BOARD, [bytes(0)], [{ clientId: 1, device: 'thief' }, { clientId: 3, device: 'phone' }])])
    expect((await storage.loadDocument(BOARD)).clientIds).toEqual(
      new Map([
        [1, 'phone'],
        [2, 'laptop'],
        [3, 'phone'],
      ]),
    )
    expect((await storage.loadDocument(OTHER)).clientIds).toEqual(new Map())
  })

  it('keeps a real document across a restart', async () => {
    await storage.createBoard(BOARD, { meta: { title: 'kept' }, joinCode: 'code' })
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    doc.getText('t').insert(0, 'hello')
    doc.getText('t').insert(5, ' world')
    await storage.appendUpdates([write(BOARD, updates, [{ clientId: doc.clientID, device: 'd' }])])
    storage = await fixture.reopen()
    const loaded = new Y.Doc()
    const stored = await storage.loadDocument(BOARD)
    applyStoredDocument(loaded, stored)
    expect(loaded.getText('t').toString()).toBe('hello world')
    expect(stored.clientIds.get(doc.clientID)).toBe('d')
    expect((await storage.getBoard(BOARD))?.meta).toEqual({ title: 'kept' })
    expect(await storage.boardOfJoinCode('code')).toBe(BOARD)
  })

  it('stores assets, reads them whole and by range, and holds them to their limits', async () => {
    await storage.createBoard(BOARD, { meta: {}, joinCode: null })
    const limits = { maxBytes: 10, boardQuotaBytes: 16 }
    const asset = await storage.saveAsset(BOARD, 'image/png', Readable.from([Buffer.from('abc'), Buffer.from('def')]), limits)
    expect(asset).toMatchObject({ contentType: 'image/png', size: 6 })
    const read = await storage.readAsset(BOARD, asset.name)
    expect(read).toMatchObject({ name: asset.name, contentType: 'image/png', size: 6, createdAt: asset.createdAt })
    expect(await text(read!.open())).toBe('abcdef')
    expect(await text(read!.open({ start: 2, end: 3 }))).toBe('cd')
    expect(await text(read!.open({ start: 5, end: 5 }))).toBe('f')
    expect(await storage.readAsset(OTHER, asset.name)).toBeNull()
    expect(await storage.readAsset(BOARD, 'no-such-asset')).toBeNull()

    await expect(storage.saveAsset(BOARD, 'image/png', Readable.from([Buffer.alloc(8), Buffer.alloc(8)]), limits)).rejects.toThrow(
      AssetTooLargeError,
    )
    // Nothing of the refused upload counts: 6 + 9 fit the quota of 16...
    const fits = await storage.saveAsset(BOARD, 'image/gif', Readable.from([Buffer.alloc(9, 7)]), limits)
    expect(await text((await storage.readAsset(BOARD, fits.name))!.open())).toBe('\x07'.repeat(9))
    // ...and two bytes more do not.
    await expect(storage.saveAsset(BOARD, 'image/png', Readable.from([Buffer.alloc(2)]), limits)).rejects.toThrow(
      BoardAssetQuotaError,
    )
    // Another board has its own quota.
    await storage.createBoard(OTHER, { meta: {}, joinCode: null })
    await storage.saveAsset(OTHER, 'image/png', Readable.from([Buffer.alloc(10)]), limits)
  })

  it('deletes a board with everything of it, and only that board', async () => {
    for (const id of [BOARD, OTHER]) {
      await storage.createBoard(id, { meta: {}, joinCode: `code-${id}` })
      await storage.appendUpdates([write(id, [bytes(1), bytes(2)], [{ clientId: 1, device: 'd' }])])
    }
    const { lastSeq } = await storage.loadDocument(BOARD)
    await storage.compact(BOARD, bytes(7), lastSeq)
    const asset = await storage.saveAsset(BOARD, 'image/png', Readable.from([Buffer.from('x')]), { maxBytes: 10, boardQuotaBytes: 10 })

    expect(await storage.deleteBoard(BOARD)).toBe(true)
    expect(await storage.getBoard(BOARD)).toBeNull()
    expect(await storage.loadDocument(BOARD)).toEqual({ compacted: null, updates: [], lastSeq: 0, clientIds: new Map() })
    expect(await storage.boardOfJoinCode(`code-${BOARD}`)).toBeNull()
    expect(await storage.readAsset(BOARD, asset.name)).toBeNull()
    expect(await storage.deleteBoard(BOARD)).toBe(false)
    expect(await storage.eraseDeleted()).toBe(true)

    expect((await storage.loadDocument(OTHER)).updates).toEqual([bytes(1), bytes(2)])
    expect(await storage.boardOfJoinCode(`code-${OTHER}`)).toBe(OTHER)
  })

  it('runs a job alone: a second run while one is in progress is skipped, and the job is free again after it (also when it failed)', async () => {
    let finish!: () => void
    const first = storage.runAlone('sweep', () => new Promise<string>((resolve) => (finish = () => resolve('first'))))
    // Running once its claim is made (a round trip on PostgreSQL).
    await waitFor(() => finish !== undefined, { message: 'the first run to start' })
    let ran = false
    expect(
      await storage.runAlone('sweep', async () => {
        ran = true
        return 'second'
      }),
    ).toBeNull()
    expect(ran).toBe(false)
    // Another job is not held up by this one.
    expect(await storage.runAlone('other job', async () => 'other')).toBe('other')
    finish()
    expect(await first).toBe('first')
    await expect(storage.runAlone('sweep', () => Promise.reject(new Error('the task failed')))).rejects.toThrow('the task failed')
    expect(await storage.runAlone('sweep', async () => 'again')).toBe('again')
  })

  it('takes a real write as its health probe, and answers the readiness ping', async () => {
    await storage.probeWrites()
    await storage.probeWrites()
    await storage.ping()
  })

  it('keeps board files by kind and name, replaces them whole, and deletes them with the board', async () => {
    for (const id of [BOARD, OTHER]) await storage.createBoard(id, { meta: {}, joinCode: null })
    await storage.writeBoardFile(BOARD, 'snapshots', 'b.json', bytes(1))
    await storage.writeBoardFile(BOARD, 'snapshots', 'a.json', bytes(2))
    await storage.writeBoardFile(BOARD, 'snapshots', 'a.json', bytes(3, 3))
    await storage.writeBoardFile(BOARD, 'archive', 'state.json', bytes(4))
    await storage.writeBoardFile(BOARD, 'archive', '2026-06-12T16-30-00-000Z/snapshot.yjs', bytes(5))
    await storage.writeBoardFile(OTHER, 'archive', 'state.json', bytes(6))
    expect(await storage.readBoardFile(BOARD, 'snapshots', 'a.json')).toEqual(bytes(3, 3))
    expect(await storage.readBoardFile(BOARD, 'archive', '2026-06-12T16-30-00-000Z/snapshot.yjs')).toEqual(bytes(5))
    expect(await storage.readBoardFile(BOARD, 'snapshots', 'state.json')).toBeNull()
    expect(await storage.readBoardFile(OTHER, 'snapshots', 'a.json')).toBeNull()
    // Files in a folder are not listed; nor are other kinds' or boards'.
    expect(await storage.listBoardFiles(BOARD, 'snapshots')).toEqual(['a.json', 'b.json'])
    expect(await storage.listBoardFiles(BOARD, 'archive')).toEqual(['state.json'])
    expect(await storage.listBoardFiles(OTHER, 'snapshots')).toEqual([])
    expect((await storage.boardsWithFiles('archive')).sort()).toEqual([BOARD, OTHER])
    expect(await storage.boardsWithFiles('snapshots')).toEqual([BOARD])

    storage = await fixture.reopen()
    expect(await storage.readBoardFile(BOARD, 'archive', 'state.json')).toEqual(bytes(4))
    expect(await storage.deleteBoard(BOARD)).toBe(true)
    expect(await storage.readBoardFile(BOARD, 'snapshots', 'a.json')).toBeNull()
    expect(await storage.boardsWithFiles('archive')).toEqual([OTHER])
  })

  it('refuses board file names that could leave the board', async () => {
    for (const name of ['../x', '.hidden', 'a/../../b', '/abs', 'a//b', '']) {
      await expect(storage.writeBoardFile(BOARD, 'snapshots', name, bytes(1)), name).rejects.toThrow(/not a board file name/)
    }
    await expect(storage.writeBoardFile('../../etc', 'snapshots', 'x', bytes(1))).rejects.toThrow(/not a board id/)
  })

  it('refuses the writes and compactions of a stale fence, and only those', async () => {
    for (const id of [BOARD, OTHER]) await storage.createBoard(id, { meta: {}, joinCode: null })
    const fenced = (boardId: string, fence: number, update: number): BoardWrite => ({ ...write(boardId, [bytes(update)]), fence })
    const [first] = await storage.appendUpdates([fenced(BOARD, 1, 1)])
    expect(first!.refused).toBeUndefined()
    // A new owner (fence 2) writes; the old one (fence 1) is refused from then on, in the same
    // turn as another board's write, which is stored.
    await storage.appendUpdates([fenced(BOARD, 2, 2)])
    const [stale, other] = await storage.appendUpdates([fenced(BOARD, 1, 3), fenced(OTHER, 1, 4)])
    expect(stale!.refused).toMatchObject({ name: 'StaleFenceError', boardId: BOARD, fence: 1, recorded: 2 })
    expect(stale!.lastSeq).toBe(0)
    expect(other!.refused).toBeUndefined()
    expect((await storage.loadDocument(BOARD)).updates).toEqual([bytes(1), bytes(2)])
    expect((await storage.loadDocument(OTHER)).updates).toEqual([bytes(4)])
    // The same fence and a higher one pass; an unfenced write is not judged.
    await storage.appendUpdates([fenced(BOARD, 2, 5)])
    await storage.appendUpdates([write(BOARD, [bytes(6)])])
    const before = await storage.loadDocument(BOARD)
    const { lastSeq } = before
    // Refused whole: neither the compacted state nor the folding away of the updates is kept.
    await expect(storage.compact(BOARD, bytes(9), lastSeq, 1)).rejects.toMatchObject({ name: 'StaleFenceError', recorded: 2 })
    expect(await storage.loadDocument(BOARD)).toEqual(before)
    expect(before.compacted).toBeNull()
    await storage.compact(BOARD, bytes(9), lastSeq, 2)
    expect(await storage.loadDocument(BOARD)).toMatchObject({ compacted: bytes(9), updates: [] })
  })
})
