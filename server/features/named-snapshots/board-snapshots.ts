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
import { readBoardSchema } from '../../../shared/model/board-meta'
import { readRecords } from '../../../shared/model/record-log'
import { snapshotsMap, type SnapshotInfo } from '../../../shared/model/snapshots'
import { recordsInBundledSchema } from '../../../shared/model/tldraw-schema'
import type { Logger } from '../../log'
import type { BoardDocs } from '../board-docs'
import { writeInBundledSchema } from '../schema-upkeep'
import { newSnapshotId, type SnapshotStore, type StoredSnapshot } from './snapshot-store'

/** Marks the document changes snapshots make. */
const SNAPSHOT_ORIGIN = Symbol('named snapshots')

/** The snapshot's records are in an older tldraw schema and tldraw's migrations failed on them. */
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

  list(boardId: string): Promise<SnapshotInfo[]> {
    return this.options.store.list(boardId)
  }

  read(boardId: string, snapshotId: string): Promise<StoredSnapshot | null> {
    return this.options.store.read(boardId, snapshotId)
  }

  /** Stores the board as it is now under `name`. */
  async take(boardId: string, name: string, author: string, beforeRestoreOf: string | null = null): Promise<SnapshotInfo> {
    const { docs, store, logger } = this.options
    const snapshot: StoredSnapshot = {
      id: newSnapshotId(),
      name,
      at: this.clock(),
      author,
      beforeRestoreOf,
      ...(await docs.read(boardId, (doc) => ({ schema: readBoardSchema(doc), records: [...readRecords(doc).values()] }))),
    }
    await store.save(boardId, snapshot)
    const { schema: _schema, records: _records, ...info } = snapshot
    await docs.change(boardId, SNAPSHOT_ORIGIN, (doc) => snapshotsMap(doc).set(info.id, info))
    logger.info('board.snapshot_taken', { board: boardId, snapshot: info.id, records: snapshot.records.length })
    return info
  }

  /**
   * Makes the snapshot the board's current state for everyone; the state before is kept as a
   * snapshot. Null when there is no such snapshot. The board gets the bundled tldraw schema, with
   * the snapshot's records migrated when they are older, so a restore also repairs a board whose
   * schema was vandalised. Throws `SnapshotSchemaError` when the records cannot be migrated.
   */
  async restore(boardId: string, snapshotId: string, author: string): Promise<{ restored: SnapshotInfo; before: SnapshotInfo } | null> {
    const { docs, logger } = this.options
    const snapshot = await this.read(boardId, snapshotId)
    if (!snapshot) return null
    const bundled = recordsInBundledSchema(snapshot.schema, snapshot.records)
    if (!bundled.ok) {
      logger.error('board.snapshot_migration_failed', { board: boardId, snapshot: snapshotId, reason: bundled.reason })
      throw new SnapshotSchemaError(`the snapshot's records could not be migrated (${bundled.reason})`)
    }
    const before = await this.take(boardId, `Before restoring: ${snapshot.name}`, author, snapshot.id)
    await docs.change(boardId, SNAPSHOT_ORIGIN, (doc) => writeInBundledSchema(doc, bundled.records, SNAPSHOT_ORIGIN))
    logger.info('board.snapshot_restored', { board: boardId, snapshot: snapshotId, before: before.id, schema: bundled.from })
    const { schema: _schema, records: _records, ...restored } = snapshot
    return { restored, before }
  }
}
