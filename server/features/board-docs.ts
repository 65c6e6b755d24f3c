/**
 * Reading and changing a board's document from server code (minutes, closing a meeting), whether
 * or not a room has it loaded.
 *
 * A loaded room's doc is the live state: changes made to it are stored and broadcast by the room.
 * Loaded rooms are known through the hooks (`onLoadDocument` adds one; its last compaction on
 * unload, or its doc being destroyed, removes it), so no transport code needs to know about this.
 * A board without a room is read from storage into a temporary doc that is dropped afterwards;
 * a change to it is appended to the stored update log, which is what the next room will load.
 * A change runs as a task of the board in the queue rooms load and unload in (sync/board-queue.ts):
 * a room loading meanwhile would miss a change to the stored board (and its compaction later drop
 * it from the log), and a room unloading meanwhile would no longer store a change to its doc.
 * So no hook that runs while a room loads may wait for a change of its own board.
 *
 * Storage always holds everything a room has broadcast (rooms append before they broadcast), so
 * a read from storage is as current as the live doc.
 */
import * as Y from 'yjs'
import type { ServerHooks } from '../hooks'
import { HttpError } from '../http/respond'
import { OwnedElsewhereError, type OwnedRoom } from '../cluster/room-ownership'
import { applyStoredDocument, StaleFenceError, type BoardStorage, type ClientIdBinding } from '../storage/board-storage'
import type { BoardQueue } from '../sync/board-queue'
import { ClientIds } from '../sync/client-ids'
import type { ServerFeature } from './feature'

/** A loaded room's doc, and how to wait until what was changed in it is stored. */
interface LiveDoc {
  doc: Y.Doc
  stored(): Promise<void>
}

/** A board's document read from storage, with the client ids it bound on the way (the server's own). */
interface StoredDoc {
  doc: Y.Doc
  bindings: ClientIdBinding[]
}

export class BoardDocs implements ServerFeature {
  private readonly live = new Map<string, LiveDoc>()

  /**
   * @param boardQueue the queue rooms load in (see above)
   * @param ownership with several servers (cluster/room-ownership.ts): a change to a board without
   *   a room here is written under a claim of its lease, with its fence, so that no room loads
   *   elsewhere meanwhile; null for one server
   */
  constructor(
    readonly storage: BoardStorage,
    private readonly boardQueue: BoardQueue,
    private readonly ownership: { claim(boardId: string): Promise<OwnedRoom> } | null = null,
  ) {}

  /** Hooks that keep track of the loaded rooms; they run before any other feature's. */
  readonly hooks: Required<Pick<ServerHooks, 'onLoadDocument' | 'onStoreDocument'>> = {
    onLoadDocument: ({ boardId, doc, stored }) => {
      this.live.set(boardId, { doc, stored })
      doc.once('destroy', () => this.forget(boardId, doc))
    },
    onStoreDocument: ({ boardId, doc, reason }) => {
      // From here on the room no longer stores changes made to its doc.
      if (reason === 'unload') this.forget(boardId, doc)
    },
  }

  /** Whether the board exists. */
  async exists(boardId: string): Promise<boolean> {
    return (await this.storage.getBoard(boardId)) !== null
  }

  /** Runs `read` on the board's current document. Do not keep the doc beyond the call. */
  async read<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const live = this.live.get(boardId)
    if (live) return read(live.doc)
    const { doc } = await this.loadStored(boardId)
    try {
      return read(doc)
    } finally {
      doc.destroy()
    }
  }

  /**
   * Runs `change` on the board's document in one transaction with `origin`, so that everyone
   * connected sees it and it is stored. Resolves with what `change` returned once the change is stored.
   */
  change<T>(boardId: string, origin: unknown, change: (doc: Y.Doc) => T): Promise<T> {
    return this.changeWith(boardId, origin, () => Promise.resolve(), change)
  }

  /**
   * As `change`, with `prepare` run first as part of the same task of the board's queue: what it
   * reads from elsewhere (the series' storage) is read after every earlier change of the board was
   * made, so changes that each write what they read are made in the order they read it.
   */
  changeWith<P, T>(boardId: string, origin: unknown, prepare: () => Promise<P>, change: (doc: Y.Doc, prepared: P) => T): Promise<T> {
    return this.boardQueue.run(boardId, async () => {
      const prepared = await prepare()
      // Looked up in the queue: a room loads and unloads there, so it cannot be on its way.
      const live = this.live.get(boardId)
      if (live) return this.changeLive(live, origin, (doc) => change(doc, prepared))
      // Deleted since the caller found it (deletions run in the queue too): no rows for a board that is gone.
      if (!(await this.exists(boardId))) throw new HttpError(404, 'board not found')
      return this.owning(boardId, async (fence) => {
        const { doc, bindings } = await this.loadStored(boardId)
        try {
          // The doc emits exactly one update for the transaction, or none when nothing changed.
          let update: Uint8Array | null = null
          doc.on('update', (changes: Uint8Array) => {
            update = changes
          })
          let result!: T
          doc.transact(() => {
            result = change(doc, prepared)
          }, origin)
          if (update) {
            const [written] = await this.storage.appendUpdates([{ boardId, updates: [update], clientIds: bindings, ...fence }])
            if (written?.refused) throw written.refused
          }
          return result
        } finally {
          doc.destroy()
        }
      })
    })
  }

  /**
   * Folds a stored board's update log into its compacted document, so that what its changes
   * deleted is gone from storage too. For a board no room has loaded (a room compacts its own).
   */
  compactStored(boardId: string): Promise<void> {
    return this.boardQueue.run(boardId, () =>
      this.owning(boardId, async ({ fence }) => {
        const stored = await this.storage.loadDocument(boardId)
        if (stored.updates.length === 0) return
        const doc = new Y.Doc()
        try {
          applyStoredDocument(doc, stored)
          await this.storage.compact(boardId, Y.encodeStateAsUpdate(doc), stored.lastSeq, fence)
        } finally {
          doc.destroy()
        }
      }),
    )
  }

  /**
   * Runs `write` (a write to a board no room here has) under a claim of the board's lease when
   * servers share the storage, with its fence; another server owning the room answers 503 (the
   * request is forwarded to the owner as a rule, cluster/http-forwarding.ts: only a room moving
   * meanwhile gets here).
   */
  private async owning<T>(boardId: string, write: (fence: { fence?: number }) => Promise<T>): Promise<T> {
    if (!this.ownership) return write({})
    let owned: OwnedRoom
    try {
      owned = await this.ownership.claim(boardId)
    } catch (error) {
      if (error instanceof OwnedElsewhereError) throw movedOn()
      throw error
    }
    try {
      return await write({ fence: owned.fence })
    } catch (error) {
      if (!(error instanceof StaleFenceError)) throw error
      owned.refused(error.recorded)
      throw movedOn()
    } finally {
      owned.release()
    }
  }

  private async changeLive<T>(live: LiveDoc, origin: unknown, change: (doc: Y.Doc) => T): Promise<T> {
    let result!: T
    live.doc.transact(() => {
      result = change(live.doc)
    }, origin)
    await live.stored()
    return result
  }

  private async loadStored(boardId: string): Promise<StoredDoc> {
    const stored = await this.storage.loadDocument(boardId)
    const doc = new Y.Doc()
    // As a room loads it (sync/room-store.ts), minus the log line for a skipped update.
    applyStoredDocument(doc, stored)
    // Written as the board's server id, like a room's doc: nobody else may write with it.
    const bindings: ClientIdBinding[] = []
    new ClientIds(stored.clientIds, (clientId, device) => bindings.push({ clientId, device })).adopt(doc)
    return { doc, bindings }
  }

  private forget(boardId: string, doc: Y.Doc): void {
    if (this.live.get(boardId)?.doc === doc) this.live.delete(boardId)
  }
}

/** The board's room is another server's now: the client tries again and is forwarded there. */
function movedOn(): HttpError {
  return new HttpError(503, 'the board is served by another server now; try again', { 'Retry-After': '1' })
}
