/**
 * Named snapshots on disk: `DATA_DIR/snapshots/<boardId>/<snapshotId>.json`, one file each with
 * its name, time, author and every record of the board at that moment (plus the tldraw schema they
 * are written in). Files are written to a temporary name and renamed, so a crash never leaves half
 * a snapshot. Backing up `DATA_DIR` backs them up too.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { isBoardId } from '../../../shared/model/board-id'
import type { LogRecord } from '../../../shared/model/record-log'
import type { SnapshotInfo } from '../../../shared/model/snapshots'

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

export class SnapshotStore {
  constructor(private readonly root: string) {}

  save(boardId: string, snapshot: StoredSnapshot): void {
    const file = this.file(boardId, snapshot.id)
    mkdirSync(path.dirname(file), { recursive: true })
    const partial = `${file}.partial`
    writeFileSync(partial, JSON.stringify(snapshot))
    renameSync(partial, file)
  }

  /** The snapshot, or null when the board has none with that id. */
  read(boardId: string, snapshotId: string): StoredSnapshot | null {
    if (!isSnapshotId(snapshotId)) return null
    try {
      return JSON.parse(readFileSync(this.file(boardId, snapshotId), 'utf8')) as StoredSnapshot
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  /** Every snapshot of the board (without records), oldest first. */
  list(boardId: string): SnapshotInfo[] {
    let names: string[]
    try {
      names = readdirSync(this.directory(boardId))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => this.read(boardId, name.slice(0, -'.json'.length)))
      .filter((snapshot): snapshot is StoredSnapshot => snapshot !== null)
      .map(({ id, name, at, author, beforeRestoreOf }) => ({ id, name, at, author, beforeRestoreOf }))
      .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
  }

  private directory(boardId: string): string {
    if (!isBoardId(boardId)) throw new Error(`not a board id: ${JSON.stringify(boardId)}`)
    return path.join(this.root, boardId)
  }

  private file(boardId: string, snapshotId: string): string {
    if (!isSnapshotId(snapshotId)) throw new Error(`not a snapshot id: ${JSON.stringify(snapshotId)}`)
    return path.join(this.directory(boardId), `${snapshotId}.json`)
  }
}
