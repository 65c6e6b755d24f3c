/**
 * The link between one room's Y.Doc and the board's stored update log: loads the document,
 * appends each committed update, and decides when the log is folded into the compacted document.
 *
 * Compaction writes `Y.encodeStateAsUpdate(doc)` (garbage-collected, so its size tracks the
 * board's content) and deletes the folded updates in one transaction. It is due when the log
 * holds more than `maxPendingUpdates` rows or `maxPendingBytes` bytes, when the room has been
 * idle for `idleMs`, and when the room unloads. Since every compaction rewrites the whole
 * compacted document, the thresholds only count once the log is also worth at least
 * `MIN_LOG_TO_COMPACTED` of it: a large board is not rewritten for a few small edits.
 */
import * as Y from 'yjs'
import type { Logger } from '../log'
import { describeError } from '../log'
import { applyStoredDocument, type BoardStorage } from '../storage/board-storage'
import { storedClientIds, UNSTORED_CLIENT_IDS, type ClientIdStore } from './client-ids'

export interface CompactionPolicy {
  /** Compact once the log holds more updates than this. */
  maxPendingUpdates: number
  /** Compact once the log holds more bytes than this. */
  maxPendingBytes: number
  /** Compact a room whose log has pending updates and that has not changed for this long. */
  idleMs: number
}

/** Caps the bytes written per byte of edits for large boards (about 1 / this). */
const MIN_LOG_TO_COMPACTED = 1 / 8

/**
 * A thousand small updates load in tens of milliseconds, while each compaction rewrites the whole
 * compacted document: at 100 a busy meeting (W1, 100 people) rewrote its board twice a second, which cost
 * it 20-28 % on p99; at 1,000 it measured -13 % and +16 % (bench/README.md).
 */
export const DEFAULT_COMPACTION: CompactionPolicy = {
  maxPendingUpdates: 1000,
  maxPendingBytes: 1024 * 1024,
  idleMs: 10_000,
}

export interface RoomStore {
  /** Applies the stored document to `doc` (call before listening to its updates). */
  load(doc: Y.Doc): void
  /** Appends a committed update; durable when it returns. */
  append(update: Uint8Array): void
  /** Whether the log has outgrown the policy's thresholds. */
  readonly compactionDue: boolean
  /** Whether the log has pending updates and nothing was appended for `idleMs`. */
  idleCompactionDue(now: number): boolean
  /** Folds the log into the compacted document, `doc`'s state; returns whether anything was written. */
  compact(doc: Y.Doc): boolean
  /** Bytes stored for the document: the compacted state plus the log since (for the board size quota). */
  readonly storedBytes: number
  /** Where the room's client-id bindings are kept. */
  readonly clientIds: ClientIdStore
}

/** A room store backed by `BoardStorage`. */
export class PersistentRoomStore implements RoomStore {
  private lastSeq = 0
  private pendingUpdates = 0
  private pendingBytes = 0
  private compactedBytes = 0
  private lastAppendAt = 0
  readonly clientIds: ClientIdStore

  constructor(
    private readonly boardId: string,
    private readonly storage: BoardStorage,
    private readonly policy: CompactionPolicy,
    private readonly logger: Logger,
  ) {
    this.clientIds = storedClientIds(storage, boardId)
  }

  get storedBytes(): number {
    return this.compactedBytes + this.pendingBytes
  }

  load(doc: Y.Doc): void {
    const stored = this.storage.loadDocument(this.boardId)
    applyStoredDocument(doc, stored, (error) => {
      this.logger.error('room.stored_update_skipped', { board: this.boardId, error: describeError(error) })
    })
    this.lastSeq = stored.lastSeq
    this.compactedBytes = stored.compacted?.length ?? 0
    this.pendingUpdates = stored.updates.length
    this.pendingBytes = stored.updates.reduce((sum, update) => sum + update.length, 0)
    this.lastAppendAt = Date.now()
  }

  append(update: Uint8Array): void {
    this.lastSeq = this.storage.appendUpdate(this.boardId, update)
    this.pendingUpdates++
    this.pendingBytes += update.length
    this.lastAppendAt = Date.now()
  }

  get compactionDue(): boolean {
    const overThreshold =
      this.pendingUpdates > this.policy.maxPendingUpdates || this.pendingBytes > this.policy.maxPendingBytes
    return overThreshold && this.pendingBytes >= this.compactedBytes * MIN_LOG_TO_COMPACTED
  }

  idleCompactionDue(now: number): boolean {
    return this.pendingUpdates > 0 && now - this.lastAppendAt >= this.policy.idleMs
  }

  compact(doc: Y.Doc): boolean {
    if (this.pendingUpdates === 0) return false
    const compacted = Y.encodeStateAsUpdate(doc)
    this.storage.compact(this.boardId, compacted, this.lastSeq)
    this.compactedBytes = compacted.length
    this.pendingUpdates = 0
    this.pendingBytes = 0
    return true
  }
}

/** A room store that keeps nothing: the room lives only while it is loaded (benchmarks). */
export class MemoryRoomStore implements RoomStore {
  readonly compactionDue = false
  readonly clientIds = UNSTORED_CLIENT_IDS
  /** Nothing is stored, so no board size limit applies. */
  readonly storedBytes = 0
  load(): void {}
  append(): void {}
  idleCompactionDue(): boolean {
    return false
  }
  compact(): boolean {
    return false
  }
}
