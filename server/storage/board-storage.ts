/**
 * What the server needs from a storage backend: boards, each board's Yjs update log with its
 * compacted document (the log folded up to some point), and uploaded assets.
 *
 * Every call is asynchronous, so that a backend may be a database server (PostgreSQL). The sync
 * pipeline keeps "stored before broadcast" itself (server/sync/turns.ts): a room's turn appends
 * its updates, waits for `appendUpdates` to resolve and only then sends them, and the room's next
 * turn waits for that. A backend may resolve at once (SQLite does its work synchronously inside the
 * call), which costs the pipeline nothing but a microtask. `appendUpdates` must be durable against
 * a crash of the process when it resolves.
 */
import type { Readable } from 'node:stream'
import * as Y from 'yjs'
import { isBoardId } from '../../shared/model/board-id'

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
  /** Every Yjs client id of the board with the device it belongs to (see server/sync/client-ids.ts). */
  clientIds: Map<number, string>
}

/** A Yjs client id and the device it now belongs to. */
export interface ClientIdBinding {
  clientId: number
  device: string
}

/** What one board stores in a turn: its room's updates and the client ids bound since its last write. */
export interface BoardWrite {
  boardId: string
  /** Yjs updates, appended in this order (each its own row of the log). */
  updates: readonly Uint8Array[]
  /** Bindings to record; a client id already bound keeps its device. */
  clientIds: readonly ClientIdBinding[]
  /**
   * The writer's fencing number (its lease of the board's room, docs/cluster.md): the write is
   * refused when a higher one has been recorded for the board, and otherwise records this one.
   * Without it the write is not fenced.
   */
  fence?: number
}

/** The outcome of one `BoardWrite`. */
export interface BoardWriteResult {
  /** Sequence number of the write's last update (0 when it had none, or it was refused). */
  lastSeq: number
  /** Set when the write was refused (nothing of it stored): a higher fence is recorded for the board. */
  refused?: StaleFenceError
}

/** A write or compaction carried a fence lower than one already recorded for the board: its writer lost the board. */
export class StaleFenceError extends Error {
  override name = 'StaleFenceError'
  constructor(
    readonly boardId: string,
    readonly fence: number,
    readonly recorded: number,
  ) {
    super(`board ${boardId} is written with fence ${recorded} now; fence ${fence} is stale`)
  }
}

/**
 * The files features keep per board besides its document, by kind: named snapshots
 * (features/named-snapshots) and the archive of closed meetings (features/archive). SQLite keeps
 * them as files in their folders under `DATA_DIR` (data-dir.ts), PostgreSQL in a table.
 */
export type BoardFileKind = 'snapshots' | 'archive'

/**
 * A board file's name: segments of letters, digits, `.`, `_` and `-`, separated by `/` (a folder of
 * the board's files, e.g. one closing of the archive), none starting with a dot.
 */
const BOARD_FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/

/** Throws unless `boardId` is a board id and `name` a board file's name: neither may leave its folder. */
export function checkBoardFile(boardId: string, name: string): void {
  if (!isBoardId(boardId)) throw new Error(`not a board id: ${JSON.stringify(boardId)}`)
  if (!BOARD_FILE_NAME.test(name)) throw new Error(`not a board file name: ${JSON.stringify(name)}`)
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

/** The error's code (`SQLITE_FULL`, `ENOSPC`, `EROFS`, a PostgreSQL SQLSTATE…), or its name when it has none. */
export function storageErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error'
}

/** The limits one upload is held to. */
export interface AssetLimits {
  /** Largest single file. */
  maxBytes: number
  /** Most bytes all of one board's assets may take together. */
  boardQuotaBytes: number
}

/**
 * A board's metadata to store together with its join code (the index of
 * features/access/join-codes.ts): `joinCode` null leaves the board without one.
 */
export interface BoardMetaWrite {
  meta: Record<string, unknown>
  joinCode: string | null
}

export interface BoardStorage {
  /**
   * Stores a new board (the id must not exist yet) with its join code, in one transaction. Null,
   * storing nothing, when another board has that join code.
   */
  createBoard(id: string, write: BoardMetaWrite): Promise<BoardMetadata | null>
  /** The board's metadata, or null when there is no such board. */
  getBoard(id: string): Promise<BoardMetadata | null>
  /**
   * Replaces the board's `meta` (e.g. its link digests when a link is renewed) and makes
   * `joinCode` its join code (dropping the one it had; null: none), in one transaction. False,
   * changing nothing, when another board has that join code.
   */
  updateBoardMeta(id: string, write: BoardMetaWrite): Promise<boolean>
  /** The board whose join code has `codeDigest`, or null. */
  boardOfJoinCode(codeDigest: string): Promise<string | null>

  /**
   * Deletes the board and everything kept of it, irreversibly: its row, update log, compacted
   * document, client-id bindings, assets, board files and join code. SQLite deletes the rows in
   * one transaction, then (once that committed) its folder under each of `BOARD_FOLDERS`
   * (data-dir.ts); a crash between the two leaves only files of no board, which
   * `removeOrphanFiles` removes. PostgreSQL has only rows, deleted in one transaction. Resolves
   * with whether the board existed. Rooms must not hold the board: a room storing its document
   * afterwards would write rows of a board that is gone (server/sync/rooms.ts `closeBoard`).
   */
  deleteBoard(id: string): Promise<boolean>
  /**
   * Makes what was deleted unrecoverable from the database's files, as far as the backend can. For
   * deletions people ask for (`deleteBoard` does it itself on SQLite; removing names). SQLite
   * overwrites deleted content as it is deleted, and this drops the older versions of pages that
   * the write-ahead log still holds; false when another connection kept part of the log in use (it
   * is dropped at a later checkpoint). PostgreSQL has no secure delete: this vacuums the tables,
   * so the space is reused soon (docs/cluster.md says what remains).
   */
  eraseDeleted(): Promise<boolean>
  /**
   * Removes the board folders (data-dir.ts) of boards that have no row, what a crash during
   * `deleteBoard` leaves (SQLite; PostgreSQL has no files); run at start-up. Resolves with the
   * board ids whose files it removed.
   */
  removeOrphanFiles(): Promise<string[]>

  /**
   * Stores the writes of one turn, of any number of boards, in one transaction: durable when it
   * resolves, nothing of them stored when it rejects. Resolves with one result per write, in order;
   * a write with a stale fence is refused alone (its result says so), the others are stored.
   */
  appendUpdates(writes: readonly BoardWrite[]): Promise<BoardWriteResult[]>
  /** Reads the board's document (the compacted state plus the newer updates) and its client ids, as one snapshot. */
  loadDocument(boardId: string): Promise<StoredDocument>
  /**
   * Replaces the compacted state with `compacted` (a full state update that includes every update
   * up to `throughSeq`) and deletes those updates, atomically. With a `fence` (see `BoardWrite`),
   * rejects with `StaleFenceError`, changing nothing, when a higher one is recorded for the board:
   * a stale owner's older document must not replace a newer one.
   */
  compact(boardId: string, compacted: Uint8Array, throughSeq: number, fence?: number): Promise<void>
  documentStats(boardId: string): Promise<StoredDocumentStats>

  /**
   * Streams an asset to storage. Throws `AssetTooLargeError` when the body exceeds
   * `limits.maxBytes`, `BoardAssetQuotaError` when it would take the board past its quota; on
   * these and every other failure (the database refusing the row included) nothing is kept.
   */
  saveAsset(boardId: string, contentType: string, body: AsyncIterable<Uint8Array>, limits: AssetLimits): Promise<StoredAsset>
  /** The asset, or null when the board has no asset of that name. */
  readAsset(boardId: string, name: string): Promise<AssetContent | null>

  /** Stores a board file (see `BoardFileKind`), replacing one of that name; atomically, never half a file. */
  writeBoardFile(boardId: string, kind: BoardFileKind, name: string, content: Uint8Array): Promise<void>
  /** A board file, or null when the board has none of that name. */
  readBoardFile(boardId: string, kind: BoardFileKind, name: string): Promise<Uint8Array | null>
  /** The names of the board's files of `kind` outside any folder (no `/` in them), sorted. */
  listBoardFiles(boardId: string, kind: BoardFileKind): Promise<string[]>
  /** Every board with files of `kind` (e.g. those ever closed, for the retention period). */
  boardsWithFiles(kind: BoardFileKind): Promise<string[]>

  /**
   * Runs `task` as the only run of the job named `job` among every server of this storage (and
   * within this one): resolves with what it resolved, or with null at once, without running it,
   * while another run of the job is in progress. For periodic jobs over every board (the retention
   * sweep) that one server at a time should do. The claim ends with the task, or with the server
   * (its connection to the database).
   */
  runAlone<T>(job: string, task: () => Promise<T>): Promise<T | null>

  /** Resolves when the database answers (the readiness check); rejects when it cannot be reached. */
  ping(): Promise<void>
  /**
   * Writes for real, as the health check's probe: a row in a transaction and, with SQLite, a file
   * in the data directory. Throws `StorageUnwritableError` when either fails (a full disk, a
   * read-only mount or database).
   */
  probeWrites(): Promise<void>
  /** Closes the database at once; resolves when background work on its files has ended too. */
  close(): Promise<void>
}
