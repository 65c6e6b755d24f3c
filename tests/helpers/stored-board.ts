/**
 * Changes a board in a test server's storage directly, as data written before a rule existed
 * would be there (the server's policy would refuse the same change from a client). Call it while
 * no room has the board loaded: a loaded room does not see it.
 */
import * as Y from 'yjs'
import { openSqliteStorage } from '../../server/storage/sqlite-storage'

export async function changeStoredBoard(dataDir: string, boardId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const storage = openSqliteStorage({ dataDir })
  try {
    const doc = new Y.Doc()
    const stored = storage.loadDocument(boardId)
    for (const update of [...(stored.compacted ? [stored.compacted] : []), ...stored.updates]) Y.applyUpdate(doc, update)
    doc.on('update', (update: Uint8Array) => storage.appendUpdate(boardId, update))
    change(doc)
    doc.destroy()
  } finally {
    await storage.close()
  }
}
