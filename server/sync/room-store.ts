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
import type { OwnedRoom } from '../cluster/room-ownership'
import type { Logger } from '../log'
import { describeError } from '../log'
import {
  applyStoredDocument,
  type BoardStorage,
  type BoardWrite,
  type BoardWriteResult,
  type ClientIdBinding,
} from '../storage/board-storage'

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

/** Thrown by `RoomStore.load` for a board that no longer exists (deleted while its room was on its way). */
export class BoardGoneError extends Error {
  override name = 'BoardGoneError'
  constructor(readonly boardId: string) {
    super(`board ${boardId} was deleted`)
  }
}

export interface RoomStore {
  /** Applies the stored document to `doc` (call before listening to its updates); resolves with its client-id owners. */
  load(doc: Y.Doc): Promise<Map<number, string>>
  /** Records a client id bound since the last write; it is stored with the next one. */
  bind(clientId: number, device: string): void
  /** What to store of `updates` (committed since the last write) and the bindings since; null when there is nothing. */
  takeWrite(updates: readonly Uint8Array[]): BoardWrite | null
  /** A write taken from `takeWrite` was stored. */
  written(write: BoardWrite, result: BoardWriteResult): void
  /** Whether the log has outgrown the policy's thresholds. */
  readonly compactionDue: boolean
  /** Whether the log has pending updates and nothing was appended for `idleMs`. */
  idleCompactionDue(now: number): boolean
  /** Folds the log into the compacted document, `doc`'s state; resolves with whether anything was written. */
  compact(doc: Y.Doc): Promise<boolean>
  /** Bytes stored for the document: the compacted state plus the log since (for the board size quota). */
  readonly storedBytes: number
  /** The room is gone: lets go of what the store held for it (its claim of the board's lease). */
  close(): void
  /** A write was refused for its fence: the database has seen `recorded` (another server owns the room). */
  fenceRefused(recorded: number): void
}

/** A room store backed by `BoardStorage`. */
export class PersistentRoomStore implements RoomStore {
  private lastSeq = 0
  private pendingUpdates = 0
  private pendingBytes = 0
  private compactedBytes = 0
  private lastAppendAt = 0
  private bindings: ClientIdBinding[] = []
  /** The compaction running now, if any: the next one waits for it. */
  private compacting: Promise<boolean> | null = null

  /**
   * @param owned this server's claim of the board's room when servers share the storage
   *   (cluster/room-ownership.ts): every write and compaction carries its fence; null for one server
   */
  constructor(
    private readonly boardId: string,
    private readonly storage: BoardStorage,
    private readonly policy: CompactionPolicy,
    private readonly logger: Logger,
    private readonly owned: OwnedRoom | null = null,
  ) {}

  get storedBytes(): number {
    return this.compactedBytes + this.pendingBytes
  }

  async load(doc: Y.Doc): Promise<Map<number, string>> {
    const [stored, board] = await Promise.all([this.storage.loadDocument(this.boardId), this.storage.getBoard(this.boardId)])
    // Deleted since the connection found it: a room would store rows of a board that is gone.
    if (!board) throw new BoardGoneError(this.boardId)
    applyStoredDocument(doc, stored, (error) => {
      this.logger.error('room.stored_update_skipped', { board: this.boardId, error: describeError(error) })
    })
    this.lastSeq = stored.lastSeq
    this.compactedBytes = stored.compacted?.length ?? 0
    this.pendingUpdates = stored.updates.length
    this.pendingBytes = stored.updates.reduce((sum, update) => sum + update.length, 0)
    this.lastAppendAt = Date.now()
    return stored.clientIds
  }

  bind(clientId: number, device: string): void {
    this.bindings.push({ clientId, device })
  }

  takeWrite(updates: readonly Uint8Array[]): BoardWrite | null {
    if (updates.length === 0 && this.bindings.length === 0) return null
    const write: BoardWrite = { boardId: this.boardId, updates, clientIds: this.bindings }
    if (this.owned) write.fence = this.owned.fence
    this.bindings = []
    return write
  }

  written(write: BoardWrite, result: BoardWriteResult): void {
    if (write.updates.length === 0) return
    this.lastSeq = result.lastSeq
    this.pendingUpdates += write.updates.length
    for (const update of write.updates) this.pendingBytes += update.length
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

  async compact(doc: Y.Doc): Promise<boolean> {
    while (this.compacting) await this.compacting
    if (this.pendingUpdates === 0) return false
    this.compacting = this.foldLog(doc).finally(() => {
      this.compacting = null
    })
    return this.compacting
  }

  private async foldLog(doc: Y.Doc): Promise<boolean> {
    // What is folded is known now: updates stored while the compaction is on its way stay pending.
    const folded = { updates: this.pendingUpdates, bytes: this.pendingBytes, throughSeq: this.lastSeq }
    const compacted = Y.encodeStateAsUpdate(doc)
    await this.storage.compact(this.boardId, compacted, folded.throughSeq, this.owned?.fence)
    this.compactedBytes = compacted.length
    this.pendingUpdates -= folded.updates
    this.pendingBytes -= folded.bytes
    return true
  }

  close(): void {
    this.owned?.release()
  }

  fenceRefused(recorded: number): void {
    this.owned?.refused(recorded)
  }
}

/** A room store that keeps nothing: the room lives only while it is loaded (benchmarks). */
export class MemoryRoomStore implements RoomStore {
  readonly compactionDue = false
  /** Nothing is stored, so no board size limit applies. */
  readonly storedBytes = 0
  async load(): Promise<Map<number, string>> {
    return new Map()
  }
  bind(): void {}
  takeWrite(): null {
    return null
  }
  written(): void {}
  idleCompactionDue(): boolean {
    return false
  }
  async compact(): Promise<boolean> {
    return false
  }
  close(): void {}
  fenceRefused(): void {}
}
