/**
 * Named snapshots, as board files of kind `snapshots` (storage/board-storage.ts; with SQLite
 * `DATA_DIR/snapshots/<boardId>/<snapshotId>.json`): one each with its name, time, author and
 * every record of the board at that moment (plus the tldraw schema they are written in).
 */
import { randomBytes } from 'node:crypto'
import type { LogRecord } from '../../../shared/model/record-log'
import type { SnapshotInfo } from '../../../shared/model/snapshots'
import type { BoardStorage } from '../../storage/board-storage'

export interface StoredSnapshot extends SnapshotInfo {
  /** The board's tldraw schema when the snapshot was taken (null when the board had none yet). */
  schema: unknown
  records: LogRecord[]
}

const SNAPSHOT_ID = /^[A-Za-z0-9_-]{16}$/

export function newSnapshotId(): string {
  return randomBytes(12).toString('base64url')
}

function isSnapshotId(value: string): boolean {
  return SNAPSHOT_ID.test(value)
}

const FILE_SUFFIX = '.json'

export class SnapshotStore {
  constructor(private readonly storage: BoardStorage) {}

  async save(boardId: string, snapshot: StoredSnapshot): Promise<void> {
    if (!isSnapshotId(snapshot.id)) throw new Error(`not a snapshot id: ${JSON.stringify(snapshot.id)}`)
    await this.storage.writeBoardFile(boardId, 'snapshots', `${snapshot.id}${FILE_SUFFIX}`, new TextEncoder().encode(JSON.stringify(snapshot)))
  }

  /** The snapshot, or null when the board has none with that id. */
  async read(boardId: string, snapshotId: string): Promise<StoredSnapshot | null> {
    if (!isSnapshotId(snapshotId)) return null
    const content = await this.storage.readBoardFile(boardId, 'snapshots', `${snapshotId}${FILE_SUFFIX}`)
    return content === null ? null : (JSON.parse(Buffer.from(content).toString('utf8')) as StoredSnapshot)
  }

  /** Every snapshot of the board (without records), oldest first. */
  async list(boardId: string): Promise<SnapshotInfo[]> {
    const snapshots: SnapshotInfo[] = []
    for (const name of await this.storage.listBoardFiles(boardId, 'snapshots')) {
      if (!name.endsWith(FILE_SUFFIX)) continue
      const snapshot = await this.read(boardId, name.slice(0, -FILE_SUFFIX.length))
      if (!snapshot) continue
      const { id, name: title, at, author, beforeRestoreOf } = snapshot
      snapshots.push({ id, name: title, at, author, beforeRestoreOf })
    }
    return snapshots.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
  }
}
