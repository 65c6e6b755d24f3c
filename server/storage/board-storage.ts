/**
 * What the server needs from a storage backend: boards, each board's Yjs update log with its
 * compacted document (the log folded up to some point), and uploaded assets.
 *
 * Document calls are synchronous on purpose: the sync pipeline appends the merged update of a
 * turn and only then broadcasts it, and a synchronous append keeps that ordering free of
 * interleaving. `appendUpdate` must be durable against a crash of the process when it returns.
 */
import type { Readable } from 'node:stream'
import * as Y from 'yjs'

export interface BoardMetadata {
  id: string
  /** Milliseconds since the epoch. */
  createdAt: number
  /** Last document change (or creation), milliseconds since the epoch. */
  updatedAt: number
  /** The board's settings kept outside its document, by feature (e.g. `links`, features/access/board-links.ts). */
  meta: Record<string, unknown>
}

/** Everything stored for a board's document, in the order it must be applied. */
export interface StoredDocument {
  /** The last compacted state, if any. */
  compacted: Uint8Array | null
  /** Updates appended since it, oldest first. */
  updates: Uint8Array[]
  /** Sequence number of the newest update (0 when there is none). */
  lastSeq: number
}

/**
 * Applies a stored document to `doc` in one transaction: the compacted state, then the updates
 * since. A stored update that no longer applies is skipped (and handed to `skipped`), so that the
 * rest of the board still loads.
 */
export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument, skipped: (error: unknown) => void = () => {}): void {
  Y.transact(doc, () => {
    for (const update of stored.compacted ? [stored.compacted, ...stored.updates] : stored.updates) {
      try {
        Y.applyUpdate(doc, update)
      } catch (error) {
        skipped(error)
      }
    }
  })
}

/** Sizes of what is stored for one board, for compaction decisions and tests. */
export interface StoredDocumentStats {
  compactedBytes: number
  updateRows: number
  updateBytes: number
}

export interface StoredAsset {
  /** The file name under the board, e.g. `Zx81...Q.png`. */
  name: string
  contentType: string
  size: number
  /** Milliseconds since the epoch. */
  createdAt: number
}

export interface AssetContent extends StoredAsset {
  /** Opens the bytes `start..end` (inclusive; defaults: the whole asset). */
  open(range?: { start: number; end: number }): Readable
}

/** Thrown by `saveAsset` when the body exceeds the allowed size. */
export class AssetTooLargeError extends Error {
  override name = 'AssetTooLargeError'
  constructor(readonly limit: number) {
    super(`asset larger than ${limit} bytes`)
  }
}

/** Thrown by `saveAsset` when the upload would take the board's assets past its quota. */
export class BoardAssetQuotaError extends Error {
  override name = 'BoardAssetQuotaError'
  constructor(readonly quota: number) {
    super(`the board's assets would exceed ${quota} bytes`)
  }
}

/** Thrown by `probeWrites`: which part of the storage cannot write, and the system's error code. */
export class StorageUnwritableError extends Error {
  override name = 'StorageUnwritableError'
  constructor(
    readonly part: 'database' | 'data directory',
    readonly code: string,
    options: { cause: unknown },
  ) {
    super(`the ${part} cannot write (${code})`, options)
  }
}

/** The limits one upload is held to. */
export interface AssetLimits {
  /** Largest single file. */
  maxBytes: number
  /** Most bytes all of one board's assets may take together. */
  boardQuotaBytes: number
}

export interface BoardStorage {
  /** Stores a new board; the id must not exist yet. */
  createBoard(id: string, meta?: Record<string, unknown>): BoardMetadata
  /** The board's metadata, or null when there is no such board. */
  getBoard(id: string): BoardMetadata | null
  /** Replaces the board's `meta` (e.g. its link digests when a link is renewed). */
  updateBoardMeta(id: string, meta: Record<string, unknown>): void

  /**
   * Makes `codeDigest` the board's join code (the index of features/access/join-codes.ts),
   * dropping the one it had. False, changing nothing, when another board has that code. Joins the
   * transaction of `batch` when called inside one.
   */
  setJoinCode(boardId: string, codeDigest: string): boolean
  /** The board whose join code has `codeDigest`, or null. */
  boardOfJoinCode(codeDigest: string): string | null

  /** Appends one Yjs update to the board's log; returns its sequence number. Durable on return. */
  appendUpdate(boardId: string, update: Uint8Array): number
  /**
   * Runs `work` in one transaction: what it writes (updates it appends to any boards, a board's
   * metadata with its join code) is committed together when it returns, and is durable then; when
   * it throws, none of it is stored.
   */
  batch(work: () => void): void
  /** Reads the board's document (the compacted state plus the newer updates). */
  loadDocument(boardId: string): StoredDocument
  /**
   * Replaces the compacted state with `compacted` (a full state update that includes every update
   * up to `throughSeq`) and deletes those updates, atomically.
   */
  compact(boardId: string, compacted: Uint8Array, throughSeq: number): void
  documentStats(boardId: string): StoredDocumentStats

  /** Every Yjs client id of the board with the device it belongs to (see server/sync/client-ids.ts). */
  loadClientIds(boardId: string): Map<number, string>
  /**
   * Records that `clientId` belongs to `device` on the board; a client id already bound keeps its
   * device. Joins the transaction of `batch` when called inside one.
   */
  bindClientId(boardId: string, clientId: number, device: string): void

  /**
   * Streams an asset to storage. Throws `AssetTooLargeError` when the body exceeds
   * `limits.maxBytes`, `BoardAssetQuotaError` when it would take the board past its quota; on
   * these and every other failure (the database refusing the row included) nothing is kept.
   */
  saveAsset(boardId: string, contentType: string, body: AsyncIterable<Uint8Array>, limits: AssetLimits): Promise<StoredAsset>
  /** The asset, or null when the board has no asset of that name. */
  readAsset(boardId: string, name: string): Promise<AssetContent | null>

  /**
   * Writes for real, as the health check's probe: a row in a transaction and a file in the data
   * directory. Throws `StorageUnwritableError` when either fails (a full disk, a read-only mount).
   */
  probeWrites(): Promise<void>
  /** Closes the database at once; resolves when background work on its files has ended too. */
  close(): Promise<void>
}
