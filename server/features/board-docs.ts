/**
 * Reading and changing a board's document from server code (minutes, closing a meeting), whether
 * or not a room has it loaded.
 *
 * A loaded room's doc is the live state: changes made to it are stored and broadcast by the room.
 * Loaded rooms are known through the hooks (`onLoadDocument` adds one; its last compaction on
 * unload, or its doc being destroyed, removes it), so no transport code needs to know about this.
 * A board without a room is read from storage into a temporary doc that is dropped afterwards;
 * a change to it is appended to the stored update log, which is what the next room will load.
 *
 * Storage always holds everything a room has broadcast (rooms append before they broadcast), so
 * a read from storage is as current as the live doc.
 */
import * as Y from 'yjs'
import type { ServerHooks } from '../hooks'
import { applyStoredDocument, type BoardStorage } from '../storage/board-storage'
import { ClientIds, storedClientIds } from '../sync/client-ids'
import type { ServerFeature } from './feature'

export class BoardDocs implements ServerFeature {
  private readonly live = new Map<string, Y.Doc>()

  constructor(readonly storage: BoardStorage) {}

  /** Hooks that keep track of the loaded rooms; they run before any other feature's. */
  readonly hooks: Required<Pick<ServerHooks, 'onLoadDocument' | 'onStoreDocument'>> = {
    onLoadDocument: ({ boardId, doc }) => {
      this.live.set(boardId, doc)
      doc.once('destroy', () => this.forget(boardId, doc))
    },
    onStoreDocument: ({ boardId, doc, reason }) => {
      // From here on the room no longer stores changes made to its doc.
      if (reason === 'unload') this.forget(boardId, doc)
    },
  }

  /** Whether the board exists. */
  exists(boardId: string): boolean {
    return this.storage.getBoard(boardId) !== null
  }

  /** Runs `read` on the board's current document. Do not keep the doc beyond the call. */
  read<T>(boardId: string, read: (doc: Y.Doc) => T): T {
    const live = this.live.get(boardId)
    if (live) return read(live)
    const doc = this.loadStored(boardId)
    try {
      return read(doc)
    } finally {
      doc.destroy()
    }
  }

  /**
   * Runs `change` on the board's document in one transaction with `origin`, so that everyone
   * connected sees it and it is stored. Returns what `change` returned.
   */
  change<T>(boardId: string, origin: unknown, change: (doc: Y.Doc) => T): T {
    const live = this.live.get(boardId)
    if (live) {
      let result!: T
      live.transact(() => {
        result = change(live)
      }, origin)
      return result
    }
    const doc = this.loadStored(boardId)
    try {
      // The doc emits exactly one update for the transaction, or none when nothing changed.
      let update: Uint8Array | null = null
      doc.on('update', (changes: Uint8Array) => {
        update = changes
      })
      let result!: T
      doc.transact(() => {
        result = change(doc)
      }, origin)
      if (update) this.storage.appendUpdate(boardId, update)
      return result
    } finally {
      doc.destroy()
    }
  }

  /**
   * Folds a stored board's update log into its compacted document, so that what its changes
   * deleted is gone from storage too. For a board no room has loaded (a room compacts its own).
   */
  compactStored(boardId: string): void {
    const stored = this.storage.loadDocument(boardId)
    if (stored.updates.length === 0) return
    const doc = new Y.Doc()
    try {
      applyStoredDocument(doc, stored)
      this.storage.compact(boardId, Y.encodeStateAsUpdate(doc), stored.lastSeq)
    } finally {
      doc.destroy()
    }
  }

  private loadStored(boardId: string): Y.Doc {
    const doc = new Y.Doc()
    // As a room loads it (sync/room-store.ts), minus the log line for a skipped update.
    applyStoredDocument(doc, this.storage.loadDocument(boardId))
    // Written as the board's server id, like a room's doc: nobody else may write with it.
    new ClientIds(storedClientIds(this.storage, boardId)).adopt(doc)
    return doc
  }

  private forget(boardId: string, doc: Y.Doc): void {
    if (this.live.get(boardId) === doc) this.live.delete(boardId)
  }
}
