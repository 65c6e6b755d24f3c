/**
 * `AccountStorage` on SQLite, in the boards' database file (`DATA_DIR/gatherboard.sqlite`) through
 * a connection of its own: WAL lets both connections work side by side, and the online backup
 * (backup.ts) copies the file with these tables in it. The tables are created when missing; the
 * boards' schema version (`user_version`) is the board storage's own and stays untouched.
 */
import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Account, AccountSession, AccountStorage, BoardShare, BoardTie } from './account-storage'
import { DATABASE_FILE } from './data-dir'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, username TEXT NOT NULL,
  organisation TEXT NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS account_sessions (
  token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
  id_token TEXT, expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS account_sessions_expiry ON account_sessions (expires_at);
CREATE TABLE IF NOT EXISTS account_keys (name TEXT PRIMARY KEY, key BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS board_owners (
  board_id TEXT NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id), PRIMARY KEY (board_id, account_id)
);
CREATE INDEX IF NOT EXISTS board_owners_account ON board_owners (account_id);
CREATE TABLE IF NOT EXISTS board_shares (
  board_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('email', 'username')), value TEXT NOT NULL,
  PRIMARY KEY (board_id, kind, value)
);
CREATE INDEX IF NOT EXISTS board_shares_value ON board_shares (kind, value);
CREATE TABLE IF NOT EXISTS board_facilitator_tokens (board_id TEXT PRIMARY KEY, sealed TEXT NOT NULL);
`

interface AccountRow {
  id: string
  name: string
  email: string
  username: string
  organisation: string
}

/** Opens the account tables in `dataDir`'s database (or in memory, for servers that keep nothing). */
export function openSqliteAccountStorage(options: { dataDir: string; inMemory?: boolean }): AccountStorage {
  mkdirSync(options.dataDir, { recursive: true })
  const db = new Database(options.inMemory ? ':memory:' : path.join(options.dataDir, DATABASE_FILE))
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('secure_delete = ON')
  db.exec(SCHEMA)
  return new SqliteAccountStorage(db)
}

const lower = (text: string) => text.trim().toLowerCase()

class SqliteAccountStorage implements AccountStorage {
  private readonly statements

  constructor(private readonly db: Database.Database) {
    this.statements = {
      saveAccount: db.prepare<[string, string, string, string, string, number]>(
        `INSERT INTO accounts (id, name, email, username, organisation, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, username = excluded.username,
           organisation = excluded.organisation, updated_at = excluded.updated_at`,
      ),
      findSession: db.prepare<[string, number], AccountRow & { token_hash: string; account_id: string; id_token: string | null; expires_at: number }>(
        `SELECT s.token_hash, s.account_id, s.id_token, s.expires_at, a.id, a.name, a.email, a.username, a.organisation
           FROM account_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ?`,
      ),
      saveSession: db.prepare<[string, string, string | null, number]>(
        'INSERT OR REPLACE INTO account_sessions (token_hash, account_id, id_token, expires_at) VALUES (?, ?, ?, ?)',
      ),
      deleteSession: db.prepare<[string]>('DELETE FROM account_sessions WHERE token_hash = ?'),
      deleteExpired: db.prepare<[number]>('DELETE FROM account_sessions WHERE expires_at <= ?'),
      selectKey: db.prepare<[string], { key: Buffer }>('SELECT key FROM account_keys WHERE name = ?'),
      insertKey: db.prepare<[string, Buffer]>('INSERT OR IGNORE INTO account_keys (name, key) VALUES (?, ?)'),
      addOwner: db.prepare<[string, string]>('INSERT OR IGNORE INTO board_owners (board_id, account_id) VALUES (?, ?)'),
      addShare: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO board_shares (board_id, kind, value) VALUES (?, ?, ?)'),
      removeShare: db.prepare<[string, string, string]>('DELETE FROM board_shares WHERE board_id = ? AND kind = ? AND value = ?'),
      shares: db.prepare<[string], BoardShare>('SELECT kind, value FROM board_shares WHERE board_id = ? ORDER BY kind, value'),
      owned: db.prepare<[string], { board_id: string }>('SELECT board_id FROM board_owners WHERE account_id = ?'),
      shared: db.prepare<[string, string], { board_id: string }>(
        `SELECT board_id FROM board_shares WHERE (kind = 'email' AND value = ?) OR (kind = 'username' AND value = ?)`,
      ),
      saveToken: db.prepare<[string, string]>('INSERT OR REPLACE INTO board_facilitator_tokens (board_id, sealed) VALUES (?, ?)'),
      selectToken: db.prepare<[string], { sealed: string }>('SELECT sealed FROM board_facilitator_tokens WHERE board_id = ?'),
      forgetToken: db.prepare<[string]>('DELETE FROM board_facilitator_tokens WHERE board_id = ?'),
      forgetOwners: db.prepare<[string]>('DELETE FROM board_owners WHERE board_id = ?'),
      forgetShares: db.prepare<[string]>('DELETE FROM board_shares WHERE board_id = ?'),
    }
  }

  async saveAccount(account: Account): Promise<void> {
    this.statements.saveAccount.run(account.id, account.name, account.email, account.username, account.organisation, Date.now())
  }

  async findSession(tokenHash: string, now: number): Promise<{ session: AccountSession; account: Account } | null> {
    const row = this.statements.findSession.get(tokenHash, now)
    if (!row) return null
    return {
      session: { tokenHash: row.token_hash, accountId: row.account_id, idToken: row.id_token, expiresAt: row.expires_at },
      account: { id: row.id, name: row.name, email: row.email, username: row.username, organisation: row.organisation },
    }
  }

  async saveSession(session: AccountSession): Promise<void> {
    this.statements.saveSession.run(session.tokenHash, session.accountId, session.idToken, session.expiresAt)
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.statements.deleteSession.run(tokenHash)
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.statements.deleteExpired.run(now).changes
  }

  async key(name: string, bytes: number): Promise<Buffer> {
    this.statements.insertKey.run(name, randomBytes(bytes))
    return this.statements.selectKey.get(name)!.key
  }

  async addOwner(boardId: string, accountId: string): Promise<void> {
    this.statements.addOwner.run(boardId, accountId)
  }

  async addShare(boardId: string, share: BoardShare): Promise<void> {
    this.statements.addShare.run(boardId, share.kind, lower(share.value))
  }

  async removeShare(boardId: string, share: BoardShare): Promise<void> {
    this.statements.removeShare.run(boardId, share.kind, lower(share.value))
  }

  async shares(boardId: string): Promise<BoardShare[]> {
    return this.statements.shares.all(boardId)
  }

  async boardsOf(account: Account): Promise<{ boardId: string; tie: BoardTie }[]> {
    const ties = new Map<string, BoardTie>()
    for (const { board_id } of this.sharedWith(account)) ties.set(board_id, 'co-facilitator')
    for (const { board_id } of this.statements.owned.all(account.id)) ties.set(board_id, 'owner')
    return [...ties].map(([boardId, tie]) => ({ boardId, tie }))
  }

  async tieOf(account: Account, boardId: string): Promise<BoardTie | null> {
    return (await this.boardsOf(account)).find((entry) => entry.boardId === boardId)?.tie ?? null
  }

  async saveSealedFacilitatorToken(boardId: string, sealed: string): Promise<void> {
    this.statements.saveToken.run(boardId, sealed)
  }

  async sealedFacilitatorToken(boardId: string): Promise<string | null> {
    return this.statements.selectToken.get(boardId)?.sealed ?? null
  }

  async forgetBoard(boardId: string): Promise<void> {
    this.db.transaction(() => {
      this.statements.forgetToken.run(boardId)
      this.statements.forgetOwners.run(boardId)
      this.statements.forgetShares.run(boardId)
    })()
  }

  async close(): Promise<void> {
    this.db.close()
  }

  /** Shares match an account's e-mail address or user name; an empty claim matches nothing. */
  private sharedWith(account: Account): { board_id: string }[] {
    const email = lower(account.email)
    const username = lower(account.username)
    if (email === '' && username === '') return []
    return this.statements.shared.all(email || '\0', username || '\0')
  }
}
