import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'

/** What a server left in its data directory. */
export interface StoredSize {
  /** Every file under the directory, in bytes: what the board costs on disk. */
  totalBytes: number
  /** Bytes per file, e.g. "gatherboard.db=204800 gatherboard.db-wal=0". */
  files: string
  /** Bytes of SQLite pages in use (free pages left out) over all databases. */
  liveDatabaseBytes: number
  /** Bytes of pages per table and index (SQLite's dbstat), largest first. */
  tables: string
}

const SQLITE_HEADER = 'SQLite format 3\0'

/** Measures `dir` after the server stopped: file sizes, and inside each SQLite database what takes the space. */
export function measureStoredSize(dir: string): StoredSize {
  const files = listFiles(dir)
  let liveDatabaseBytes = 0
  const tables = new Map<string, number>()
  for (const file of files.filter(isSqlite)) {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const pageSize = db.pragma('page_size', { simple: true }) as number
      const pages = db.pragma('page_count', { simple: true }) as number
      const free = db.pragma('freelist_count', { simple: true }) as number
      liveDatabaseBytes += (pages - free) * pageSize
      for (const row of db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[]) {
        tables.set(row.name, (tables.get(row.name) ?? 0) + row.bytes)
      }
    } finally {
      db.close()
    }
  }
  return {
    totalBytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
    files: files.map((file) => `${relative(dir, file)}=${statSync(file).size}`).join(' '),
    liveDatabaseBytes,
    tables: [...tables]
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name}=${bytes}`)
      .join(' '),
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? listFiles(path) : [path]
  })
}

function isSqlite(file: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length)
  const fd = openSync(file, 'r')
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.toString('latin1') === SQLITE_HEADER
  } finally {
    closeSync(fd)
  }
}
