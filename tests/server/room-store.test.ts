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
  storage.createBoard('b')
})

afterEach(async () => {
  storage.close()
  await removeDir(dataDir)
})

/** A store and a doc whose every change is appended, as a room does. */
function openRoom(): { store: PersistentRoomStore; doc: Y.Doc } {
  const store = new PersistentRoomStore('b', storage, DEFAULT_COMPACTION, createLogger({ level: 'silent' }))
  const doc = new Y.Doc()
  store.load(doc)
  doc.on('update', (update: Uint8Array) => store.append(update))
  return { store, doc }
}

describe('room store compaction', () => {
  it('is due after more than maxPendingUpdates edits of a small board', () => {
    const { store, doc } = openRoom()
    for (let i = 0; i <= DEFAULT_COMPACTION.maxPendingUpdates; i++) {
      expect(store.compactionDue).toBe(false)
      doc.getMap('m').set('k', i)
    }
    expect(store.compactionDue).toBe(true)
    expect(store.compact(doc)).toBe(true)
    expect(storage.documentStats('b').updateRows).toBe(0)
    expect(store.compactionDue).toBe(false)
    expect(store.compact(doc)).toBe(false)
  })

  it('waits until the log of a large board is worth rewriting its compacted document', () => {
    const { store, doc } = openRoom()
    doc.getText('t').insert(0, 'x'.repeat(400_000))
    store.compact(doc)
    const compactedBytes = storage.documentStats('b').compactedBytes
    let edits = 0
    while (!store.compactionDue) {
      doc.getMap('m').set('k', edits++)
      expect(edits).toBeLessThan(100_000)
    }
    expect(edits).toBeGreaterThan(DEFAULT_COMPACTION.maxPendingUpdates)
    expect(storage.documentStats('b').updateBytes).toBeGreaterThanOrEqual(compactedBytes / 8)
  })

  it('loads the compacted document and the log back into the same document', () => {
    const first = openRoom()
    first.doc.getText('t').insert(0, 'hello')
    first.store.compact(first.doc)
    first.doc.getText('t').insert(5, ' world')
    const second = openRoom()
    expect(second.doc.getText('t').toString()).toBe('hello world')
    expect(second.store.idleCompactionDue(Date.now() + DEFAULT_COMPACTION.idleMs)).toBe(true)
  })
})
