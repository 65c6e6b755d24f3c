/**
 * What `DATA_DIR` holds, in one place for the storage, the features and the backup:
 *
 *   gatherboard.sqlite (+ -wal, -shm)   boards, links, update logs, compacted documents, client ids
 *   assets/<boardId>/<name>             uploaded files (storage/asset-files.ts)
 *   snapshots/<boardId>/<id>.json       named snapshots (features/named-snapshots/snapshot-store.ts)
 *   archive/<boardId>/...               closed meetings (features/archive/archive-store.ts)
 *
 * Every file of a board lives in a folder named by its id under one of `BOARD_FOLDERS`, so
 * deleting a board (and sweeping what a crash left of one) needs to know no feature's files.
 */
import path from 'node:path'

export const DATABASE_FILE = 'gatherboard.sqlite'

/** The folders under `DATA_DIR` that hold a folder of files per board. */
export const BOARD_FOLDERS = { assets: 'assets', snapshots: 'snapshots', archive: 'archive' } as const

export type BoardFolder = keyof typeof BOARD_FOLDERS

/** The root of one kind of board files, e.g. `DATA_DIR/archive`. */
export function boardFolderRoot(dataDir: string, folder: BoardFolder): string {
  return path.join(dataDir, BOARD_FOLDERS[folder])
}
