/**
 * `AccountStorage` on SQLite, in the boards' database file (`DATA_DIR/gatherboard.sqlite`) through
 * a connection of its own: WAL lets both connections work side by side, and the online backup
 * (backup.ts) copies the file with these tables in it. The tables are created when missing; the
 * boards' schema version (`user_version`) is the board storage's own and stays untouched.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { AccountStorage } from './account-storage'
import { DATABASE_FILE } from './data-dir'
import { accountTablesSql, SqlAccountStorage } from './sql-account-storage'
import { sqliteConnection } from './sql-connection'

/** Opens the account tables in `dataDir`'s database (or in memory, for servers that keep nothing). */
export function openSqliteAccountStorage(options: { dataDir: string; inMemory?: boolean }): AccountStorage {
  mkdirSync(options.dataDir, { recursive: true })
  const db = new Database(options.inMemory ? ':memory:' : path.join(options.dataDir, DATABASE_FILE))
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('secure_delete = ON')
  db.exec(accountTablesSql('BLOB', 'INTEGER'))
  // Columns newer than a database made before them: accounts unverified until their next sign-in,
  // sessions without a provider session (a back-channel logout ends them by account).
  const addMissing = (table: string, column: string, definition: string) => {
    const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all()
    if (!columns.some((existing) => existing.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`)
  }
  addMissing('accounts', 'email_verified', 'INTEGER NOT NULL DEFAULT 0')
  addMissing('account_sessions', 'sid', 'TEXT')
  return new SqlAccountStorage(sqliteConnection(db), () => db.close())
}
