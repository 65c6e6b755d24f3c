/**
 * Named snapshots of a board. The snapshots themselves (every record at that moment) are kept by
 * the server; the board's Y.Doc holds their index, `doc.getMap('snapshots')` (snapshot id ->
 * `SnapshotInfo`), written by the server only, so every facilitator sees the list change live and
 * the minutes can name them.
 */
import type * as Y from 'yjs'

export const SNAPSHOTS_MAP = 'snapshots'

export const SNAPSHOT_NAME_MAX = 120

export interface SnapshotInfo {
  id: string
  name: string
  /** When it was taken (ms since epoch). */
  at: number
  /** Display name of whoever took it (or restored, for the automatic one before a restore). */
  author: string
  /** Set on the snapshot the server keeps of the state before a restore: the restored snapshot's id. */
  beforeRestoreOf: string | null
}

export function snapshotsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SNAPSHOTS_MAP)
}

function isSnapshotInfo(value: unknown): value is SnapshotInfo {
  if (typeof value !== 'object' || value === null) return false
  const info = value as SnapshotInfo
  return typeof info.id === 'string' && typeof info.name === 'string' && typeof info.at === 'number' && typeof info.author === 'string'
}

/** Every snapshot of the board, oldest first. */
export function readSnapshotIndex(doc: Y.Doc): SnapshotInfo[] {
  const list: SnapshotInfo[] = []
  snapshotsMap(doc).forEach((value) => {
    if (isSnapshotInfo(value)) list.push({ ...value, beforeRestoreOf: value.beforeRestoreOf ?? null })
  })
  return list.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
}

/** Trims a snapshot name to something printable; null when nothing is left. */
export function normalizeSnapshotName(name: unknown): string | null {
  if (typeof name !== 'string') return null
  const clean = name.replace(/\s+/g, ' ').trim().slice(0, SNAPSHOT_NAME_MAX)
  return clean === '' ? null : clean
}
