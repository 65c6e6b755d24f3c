/**
 * Taking and restoring named snapshots of a board.
 *
 * Taking one stores every record of the board with a name, a time and an author, and adds it to
 * the index in the board's document (shared/model/snapshots.ts). Restoring never resets the
 * document: the difference between the current records and the snapshot's is written through the
 * record log as one new change (records put back, records added since removed), so every client
 * receives it like any other edit, offline copies merge with it, and the history stays intact.
 * The state before the restore is taken as a snapshot first, so a restore can itself be undone.
 */
import type * as Y from 'yjs'
import { readBoardSchema } from '../../shared/model/board-meta'
import { jsonEqual } from '../../shared/model/json-equal'
import { RecordLog, readRecords, type LogRecord } from '../../shared/model/record-log'
import { snapshotsMap, type SnapshotInfo } from '../../shared/model/snapshots'
import type { Logger } from '../log'
import type { BoardDocs } from '../records/board-docs'
import { newSnapshotId, type SnapshotStore, type StoredSnapshot } from './snapshot-store'

/** Marks the document changes snapshots make. */
const SNAPSHOT_ORIGIN = Symbol('named snapshots')

/** The snapshot's records are written in another tldraw schema than the board's now. */
export class SnapshotSchemaError extends Error {
  override name = 'SnapshotSchemaError'
}

export interface BoardSnapshotsOptions {
  docs: BoardDocs
  store: SnapshotStore
  logger: Logger
  /** ms since epoch; injectable for tests. Default `Date.now`. */
  clock?: () => number
}

export class BoardSnapshots {
  private readonly clock: () => number

  constructor(private readonly options: BoardSnapshotsOptions) {
    this.clock = options.clock ?? Date.now
  }

  list(boardId: string): SnapshotInfo[] {
    return this.options.store.list(boardId)
  }

  read(boardId: string, snapshotId: string): StoredSnapshot | null {
    return this.options.store.read(boardId, snapshotId)
  }

  /** Stores the board as it is now under `name`. */
  take(boardId: string, name: string, author: string, beforeRestoreOf: string | null = null): SnapshotInfo {
    const { docs, store, logger } = this.options
    const snapshot: StoredSnapshot = {
      id: newSnapshotId(),
      name,
      at: this.clock(),
      author,
      beforeRestoreOf,
      ...docs.read(boardId, (doc) => ({ schema: readBoardSchema(doc), records: [...readRecords(doc).values()] })),
    }
    store.save(boardId, snapshot)
    const { schema: _schema, records: _records, ...info } = snapshot
    docs.change(boardId, SNAPSHOT_ORIGIN, (doc) => snapshotsMap(doc).set(info.id, info))
    logger.info('board.snapshot_taken', { board: boardId, snapshot: info.id, records: snapshot.records.length })
    return info
  }

  /**
   * Makes the snapshot the board's current state for everyone; the state before is kept as a
   * snapshot. Null when there is no such snapshot. Throws `SnapshotSchemaError` when the board has
   * moved to another tldraw schema since (its records would not fit).
   */
  restore(boardId: string, snapshotId: string, author: string): { restored: SnapshotInfo; before: SnapshotInfo } | null {
    const { docs, logger } = this.options
    const snapshot = this.read(boardId, snapshotId)
    if (!snapshot) return null
    const schema = docs.read(boardId, (doc) => readBoardSchema(doc))
    if (snapshot.schema !== null && schema !== null && !jsonEqual(snapshot.schema, schema)) {
      throw new SnapshotSchemaError('the board has been upgraded since this snapshot was taken')
    }
    const before = this.take(boardId, `Before restoring: ${snapshot.name}`, author, snapshot.id)
    docs.change(boardId, SNAPSHOT_ORIGIN, (doc) => writeRecords(doc, snapshot.records))
    logger.info('board.snapshot_restored', { board: boardId, snapshot: snapshotId, before: before.id })
    const { schema: _schema, records: _records, ...restored } = snapshot
    return { restored, before }
  }
}

/** Makes the doc's records exactly `target`, writing only what differs. */
function writeRecords(doc: Y.Doc, target: readonly LogRecord[]): void {
  // Made and dropped inside the caller's transaction, before anything else in it touched the log.
  const log = new RecordLog(doc)
  try {
    const current = new Map(log.all().map((record) => [record.id, record]))
    const wanted = new Set(target.map((record) => record.id))
    log.put(
      target.filter((record) => !jsonEqual(record, current.get(record.id))),
      undefined,
      SNAPSHOT_ORIGIN,
    )
    log.remove(
      [...current.keys()].filter((id) => !wanted.has(id)),
      SNAPSHOT_ORIGIN,
    )
  } finally {
    log.dispose()
  }
}
