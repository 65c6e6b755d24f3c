/**
 * Changes a board in a test server's storage directly, as data written before a rule existed
 * would be there (the server's policy would refuse the same change from a client). Call it while
 * no room has the board loaded: a loaded room does not see it.
 */
import Database from 'better-sqlite3'
import path from 'node:path'
import * as Y from 'yjs'
import { applyStoredDocument } from '../../server/storage/board-storage'
import { DATABASE_FILE, openSqliteStorage } from '../../server/storage/sqlite-storage'

export async function changeStoredBoard(dataDir: string, boardId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const storage = openSqliteStorage({ dataDir })
  try {
    const doc = new Y.Doc()
    applyStoredDocument(doc, await storage.loadDocument(boardId))
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    change(doc)
    doc.destroy()
    await storage.appendUpdates([{ boardId, updates, clientIds: [] }])
  } finally {
    await storage.close()
  }
}

/**
 * Replaces a board's stored links (`meta.links`) with `links`, and with `dropJoinCode` its row in
 * the join code index too, as a board stored by an older server would be. The server must be
 * stopped: it reads a board's metadata on every request, but the test should not race it.
 */
export function replaceStoredLinks(dataDir: string, boardId: string, links: unknown, dropJoinCode = false): void {
  const database = new Database(path.join(dataDir, DATABASE_FILE))
  try {
    const { meta } = database.prepare('SELECT meta FROM boards WHERE id = ?').get(boardId) as { meta: string }
    database.prepare('UPDATE boards SET meta = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(meta), links }), boardId)
    if (dropJoinCode) database.prepare('DELETE FROM join_codes WHERE board_id = ?').run(boardId)
  } finally {
    database.close()
  }
}

/** The board's stored links as they are in the database. */
export function readStoredLinksOf(dataDir: string, boardId: string): Record<string, unknown> & { version: number } {
  const database = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    const { meta } = database.prepare('SELECT meta FROM boards WHERE id = ?').get(boardId) as { meta: string }
    return (JSON.parse(meta) as { links: Record<string, unknown> & { version: number } }).links
  } finally {
    database.close()
  }
}
