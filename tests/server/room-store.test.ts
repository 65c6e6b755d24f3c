/** When the update log of a room is folded into the compacted document (real SQLite, no server). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLogger } from '../../server/log'
import type { BoardStorage } from '../../server/storage/board-storage'
import { openSqliteStorage } from '../../server/storage/sqlite-storage'
import { DEFAULT_COMPACTION, PersistentRoomStore } from '../../server/sync/room-store'
import { makeTempDir, removeDir } from '../helpers/server'

let dataDir: string
let storage: BoardStorage

beforeEach(async () => {
  dataDir = await makeTempDir()
  storage = openSqliteStorage({ dataDir })
  await storage.createBoard('b', { meta: {}, joinCode: null })
})

afterEach(async () => {
  await storage.close()
  await removeDir(dataDir)
})

/** A store and a doc; `edit` changes the doc and stores the change as a room's turn does. */
async function openRoom(): Promise<{ store: PersistentRoomStore; doc: Y.Doc; edit(change: (doc: Y.Doc) => void): Promise<void> }> {
  const store = new PersistentRoomStore('b', storage, DEFAULT_COMPACTION, createLogger({ level: 'silent' }))
  const doc = new Y.Doc()
  await store.load(doc)
  const committed: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => committed.push(update))
  const edit = async (change: (doc: Y.Doc) => void) => {
    change(doc)
    const write = store.takeWrite(committed.splice(0))
    if (write) store.written(write, (await storage.appendUpdates([write]))[0]!)
  }
  return { store, doc, edit }
}

describe('room store compaction', () => {
  it('is due after more than maxPendingUpdates edits of a small board', async () => {
    const { store, doc, edit } = await openRoom()
    for (let i = 0; i <= DEFAULT_COMPACTION.maxPendingUpdates; i++) {
      expect(store.compactionDue).toBe(false)
      await edit((doc) => doc.getMap('m').set('k', i))
    }
    expect(store.compactionDue).toBe(true)
    expect(await store.compact(doc)).toBe(true)
    expect((await storage.documentStats('b')).updateRows).toBe(0)
    expect(store.compactionDue).toBe(false)
    expect(await store.compact(doc)).toBe(false)
  })

  it('waits until the log of a large board is worth rewriting its compacted document', async () => {
    const { store, doc, edit } = await openRoom()
    await edit((doc) => doc.getText('t').insert(0, 'x'.repeat(400_000)))
    await store.compact(doc)
    const compactedBytes = (await storage.documentStats('b')).compactedBytes
    let edits = 0
    while (!store.compactionDue) {
      await edit((doc) => doc.getMap('m').set('k', edits++))
      expect(edits).toBeLessThan(100_000)
    }
    expect(edits).toBeGreaterThan(DEFAULT_COMPACTION.maxPendingUpdates)
    expect((await storage.documentStats('b')).updateBytes).toBeGreaterThanOrEqual(compactedBytes / 8)
  })

  it('keeps the updates stored while a compaction was on its way pending', async () => {
    const { store, doc, edit } = await openRoom()
    await edit((doc) => doc.getText('t').insert(0, 'hello'))
    const compaction = store.compact(doc)
    await edit((doc) => doc.getText('t').insert(5, '!'))
    expect(await compaction).toBe(true)
    // The log's row of '!' is still there (it came after the compaction's sequence number) and counts.
    expect((await storage.documentStats('b')).updateRows).toBe(1)
    expect(store.idleCompactionDue(Date.now() + DEFAULT_COMPACTION.idleMs)).toBe(true)
  })

  it('loads the compacted document and the log back into the same document', async () => {
    const first = await openRoom()
    await first.edit((doc) => doc.getText('t').insert(0, 'hello'))
    await first.store.compact(first.doc)
    await first.edit((doc) => doc.getText('t').insert(5, ' world'))
    const second = await openRoom()
    expect(second.doc.getText('t').toString()).toBe('hello world')
    expect(second.store.idleCompactionDue(Date.now() + DEFAULT_COMPACTION.idleMs)).toBe(true)
  })
})
