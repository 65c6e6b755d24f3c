/**
 * Backing up a data directory while the server runs, and restoring it into an empty one.
 *
 * A backup is one tar file (tar.ts): a manifest, the database, and every file under the board
 * folders (data-dir.ts). One file because that is what an operator moves to other storage and
 * keeps by date; tar because every system can list and unpack it without gatherboard.
 *
 * Consistency: the database is copied with SQLite's online backup API in one step, which reads
 * one snapshot of it while the server keeps writing (WAL mode lets readers and the writer run
 * side by side). The files are copied after it: every file a row of that snapshot refers to was
 * written before the row committed (assets, named snapshots, closings), so the backup has it,
 * unless it was deleted since (a board deleted during the backup may lack files). Files newer than
 * the snapshot come along unused; their board's next deletion removes them.
 */
import Database from 'better-sqlite3'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { BOARD_FOLDERS, DATABASE_FILE } from './data-dir'
import { readTar, TarWriter } from './tar'

/** The backup's first entry: what it is, so a restore refuses any other tar file. */
const MANIFEST = 'gatherboard-backup.json'
const FORMAT = 'gatherboard-backup'
const FORMAT_VERSION = 1

/** Pages per step of the online backup: all of them, so that it reads one snapshot (see above). */
const ALL_PAGES = 0x7fffffff

export interface BackupSummary {
  /** Files written into the backup, the database included. */
  files: number
  /** Bytes of the backup file. */
  bytes: number
}

/** Thrown when a backup or restore cannot start (no data, a non-empty target, not a backup). */
export class BackupError extends Error {
  override name = 'BackupError'
}

/** Writes a backup of `dataDir` to `outFile` (which must not exist). */
export async function backUp(dataDir: string, outFile: string): Promise<BackupSummary> {
  const database = path.join(dataDir, DATABASE_FILE)
  if (!existsSync(database)) throw new BackupError(`no gatherboard data in ${dataDir} (set DATA_DIR to the server's data directory)`)
  if (existsSync(outFile)) throw new BackupError(`${outFile} exists already`)
  const scratch = mkdtempSync(path.join(tmpdir(), 'gatherboard-backup-'))
  const partial = `${outFile}.partial`
  try {
    const copy = path.join(scratch, DATABASE_FILE)
    const source = new Database(database, { readonly: true, fileMustExist: true })
    try {
      await source.backup(copy, { progress: () => ALL_PAGES })
    } finally {
      source.close()
    }
    const tar = new TarWriter(partial)
    let files = 0
    try {
      tar.addBytes(MANIFEST, Buffer.from(`${JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, createdAt: new Date().toISOString() })}\n`))
      tar.addFile(DATABASE_FILE, copy)
      files++
      for (const folder of Object.values(BOARD_FOLDERS)) {
        for (const relative of filesBelow(dataDir, folder)) {
          if (addIfStillThere(tar, relative, path.join(dataDir, relative))) files++
        }
      }
    } finally {
      tar.finish()
    }
    renameSync(partial, outFile)
    return { files, bytes: statSync(outFile).size }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * Every file below `dataDir/folder`, as paths relative to `dataDir` with `/`. Names starting with
 * a dot are files being written (`.x.partial`) or the system's: never part of what is stored.
 */
function filesBelow(dataDir: string, folder: string): string[] {
  const root = path.join(dataDir, folder)
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort()
}

/** A file may go while the backup runs (its board deleted): then it is left out. */
function addIfStillThere(tar: TarWriter, name: string, file: string): boolean {
  try {
    tar.addFile(name, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/** Whether `name` from a backup is a place the data directory keeps things (never outside it). */
function isDataPath(name: string): boolean {
  const parts = name.split('/')
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\'))) return false
  if (parts.length === 1) return name === DATABASE_FILE
  return (Object.values(BOARD_FOLDERS) as string[]).includes(parts[0]!)
}

/**
 * Restores the backup `file` into `dataDir`, which must be empty or missing: a restore never
 * mixes with data that is there. Unpacks beside it first and moves it into place only when
 * everything is read and the database checks out, so a failed restore leaves nothing behind.
 * Returns the number of files restored.
 */
export function restore(file: string, dataDir: string): number {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(`${dataDir} is not empty: restore into an empty or new directory`)
  }
  const parent = path.dirname(path.resolve(dataDir))
  mkdirSync(parent, { recursive: true })
  // Beside the target, so that moving it into place is a rename on the same file system.
  const staging = mkdtempSync(path.join(parent, `.${path.basename(dataDir)}-restoring-`))
  try {
    let files = 0
    let first = true
    readTar(file, (entry) => {
      if (first) {
        first = false
        const manifest = entry.name === MANIFEST ? (JSON.parse(entry.read().toString('utf8')) as { format?: unknown; version?: unknown }) : null
        if (manifest?.format !== FORMAT) throw new BackupError(`${file} is not a gatherboard backup`)
        if (manifest.version !== FORMAT_VERSION) throw new BackupError(`${file} is a backup of format ${String(manifest.version)}; this version reads ${FORMAT_VERSION}`)
        return
      }
      if (!isDataPath(entry.name)) throw new BackupError(`${file} holds ${JSON.stringify(entry.name)}, which is no part of a data directory`)
      const target = path.join(staging, ...entry.name.split('/'))
      mkdirSync(path.dirname(target), { recursive: true })
      const out = openSync(target, 'wx')
      try {
        entry.copyTo(out)
      } finally {
        closeSync(out)
      }
      files++
    })
    if (first) throw new BackupError(`${file} is empty`)
    checkDatabase(path.join(staging, DATABASE_FILE))
    if (existsSync(dataDir)) rmdirSync(dataDir)
    renameSync(staging, dataDir)
    return files
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
}

function checkDatabase(file: string): void {
  if (!existsSync(file)) throw new BackupError('the backup has no database')
  const database = new Database(file, { fileMustExist: true })
  try {
    const verdict = database.pragma('quick_check', { simple: true })
    if (verdict !== 'ok') throw new BackupError(`the backup's database is damaged: ${String(verdict)}`)
  } finally {
    database.close()
  }
}
