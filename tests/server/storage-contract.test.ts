/**
 * The storage contract (server/storage/board-storage.ts), one suite for every backend: what the
 * server relies on, whichever database holds the boards.
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
import { sqliteBackend, type StorageFixture } from '../helpers/storage-backends'

const backends = [sqliteBackend]

/** A valid board id (shared/model/board-id.ts): deletion looks at it. */
const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB'

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

  it('takes a real write as its health probe', async () => {
    await storage.probeWrites()
    await storage.probeWrites()
  })
})
