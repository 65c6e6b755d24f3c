/**
 * `AccountStorage` written once over a SQL connection (sql-connection.ts): SQLite opens it in the
 * boards' database file (sqlite-account-storage.ts), PostgreSQL in the boards' schema
 * (postgres-storage.ts). The tables are made by each database's own schema code; their names
 * and columns are the same in both (`ACCOUNT_TABLES`).
 */
import { randomBytes } from 'node:crypto'
import type { Account, AccountSession, AccountStorage, OwnedKind, Share, Tie } from './account-storage'
import type { SqlConnection } from './sql-connection'

/** Where each kind's owners, shares and sealed tokens are kept, and the column naming the board or series. */
export const ACCOUNT_TABLES: Record<OwnedKind, { owners: string; shares: string; tokens: string; id: string }> = {
  board: { owners: 'board_owners', shares: 'board_shares', tokens: 'board_facilitator_tokens', id: 'board_id' },
  series: { owners: 'series_owners', shares: 'series_shares', tokens: 'series_manage_tokens', id: 'series_id' },
}

interface AccountRow {
  id: string
  name: string
  email: string
  username: string
  organisation: string
  email_verified: number
}

const lower = (text: string) => text.trim().toLowerCase()

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  name: row.name,
  email: row.email,
  username: row.username,
  organisation: row.organisation,
  emailVerified: row.email_verified === 1,
})

export class SqlAccountStorage implements AccountStorage {
  constructor(
    private readonly sql: SqlConnection,
    /** Ends the connection (SQLite's own); null when it belongs to someone else (PostgreSQL's pool, the boards'). */
    private readonly closeConnection: (() => void) | null,
  ) {}

  async saveAccount(account: Account): Promise<void> {
    await this.sql.run(
      `INSERT INTO accounts (id, name, email, username, organisation, email_verified, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, username = excluded.username,
         organisation = excluded.organisation, email_verified = excluded.email_verified, updated_at = excluded.updated_at`,
      [account.id, account.name, account.email, account.username, account.organisation, account.emailVerified ? 1 : 0, Date.now()],
    )
  }

  async findSession(tokenHash: string, now: number): Promise<{ session: AccountSession; account: Account } | null> {
    const [row] = await this.sql.all<AccountRow & { token_hash: string; account_id: string; id_token: string | null; sid: string | null; expires_at: number }>(
      `SELECT s.token_hash, s.account_id, s.id_token, s.sid, s.expires_at, a.id, a.name, a.email, a.username, a.organisation, a.email_verified
         FROM account_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ?`,
      [tokenHash, now],
    )
    if (!row) return null
    return {
      session: { tokenHash: row.token_hash, accountId: row.account_id, idToken: row.id_token, sid: row.sid, expiresAt: row.expires_at },
      account: toAccount(row),
    }
  }

  async saveSession(session: AccountSession): Promise<void> {
    await this.sql.run(
      `INSERT INTO account_sessions (token_hash, account_id, id_token, sid, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (token_hash) DO UPDATE SET account_id = excluded.account_id, id_token = excluded.id_token, sid = excluded.sid,
         expires_at = excluded.expires_at`,
      [session.tokenHash, session.accountId, session.idToken, session.sid, session.expiresAt],
    )
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.sql.run('DELETE FROM account_sessions WHERE token_hash = ?', [tokenHash])
  }

  async endSessions(which: { accountId: string | null; sid: string | null }): Promise<number> {
    const named = (['account_id', 'sid'] as const).flatMap((column) => {
      const value = column === 'account_id' ? which.accountId : which.sid
      return value === null ? [] : [[column, value] as const]
    })
    if (named.length === 0) throw new Error('ending sessions takes an account or a provider session')
    return this.sql.run(`DELETE FROM account_sessions WHERE ${named.map(([column]) => `${column} = ?`).join(' AND ')}`, named.map(([, value]) => value))
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.sql.run('DELETE FROM account_sessions WHERE expires_at <= ?', [now])
  }

  async key(name: string, bytes: number): Promise<Buffer> {
    // Two servers asking at once: the first one's key is kept, and both read it back.
    await this.sql.run('INSERT INTO account_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, randomBytes(bytes)])
    const [row] = await this.sql.all<{ key: Buffer }>('SELECT key FROM account_keys WHERE name = ?', [name])
    return row!.key
  }

  async addOwner(kind: OwnedKind, id: string, accountId: string): Promise<void> {
    const t = ACCOUNT_TABLES[kind]
    await this.sql.run(`INSERT INTO ${t.owners} (${t.id}, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, [id, accountId])
  }

  async addShare(kind: OwnedKind, id: string, share: Share): Promise<void> {
    const t = ACCOUNT_TABLES[kind]
    await this.sql.run(`INSERT INTO ${t.shares} (${t.id}, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, [id, share.kind, lower(share.value)])
  }

  async removeShare(kind: OwnedKind, id: string, share: Share): Promise<void> {
    const t = ACCOUNT_TABLES[kind]
    await this.sql.run(`DELETE FROM ${t.shares} WHERE ${t.id} = ? AND kind = ? AND value = ?`, [id, share.kind, lower(share.value)])
  }

  async shares(kind: OwnedKind, id: string): Promise<Share[]> {
    const t = ACCOUNT_TABLES[kind]
    return this.sql.all<Share>(`SELECT kind, value FROM ${t.shares} WHERE ${t.id} = ? ORDER BY kind, value`, [id])
  }

  async ownedBy(kind: OwnedKind, account: Account): Promise<{ id: string; tie: Tie }[]> {
    const t = ACCOUNT_TABLES[kind]
    const ties = new Map<string, Tie>()
    // Shares match the account's user name, and its e-mail address only while the provider vouches
    // for it: an address a person could type in at the provider proves nothing. An empty claim matches nothing.
    const email = account.emailVerified ? lower(account.email) : ''
    const username = lower(account.username)
    const claims = (['email', 'username'] as const).flatMap((kind) => {
      const value = kind === 'email' ? email : username
      return value === '' ? [] : [[kind, value] as const]
    })
    if (claims.length > 0) {
      const shared = await this.sql.all<{ id: string }>(
        `SELECT ${t.id} AS id FROM ${t.shares} WHERE ${claims.map(() => '(kind = ? AND value = ?)').join(' OR ')}`,
        claims.flat(),
      )
      for (const { id } of shared) ties.set(id, 'co-facilitator')
    }
    for (const { id } of await this.sql.all<{ id: string }>(`SELECT ${t.id} AS id FROM ${t.owners} WHERE account_id = ?`, [account.id])) {
      ties.set(id, 'owner')
    }
    return [...ties].map(([id, tie]) => ({ id, tie }))
  }

  async tieOf(kind: OwnedKind, account: Account, id: string): Promise<Tie | null> {
    return (await this.ownedBy(kind, account)).find((entry) => entry.id === id)?.tie ?? null
  }

  async saveSealedToken(kind: OwnedKind, id: string, sealed: string): Promise<void> {
    const t = ACCOUNT_TABLES[kind]
    await this.sql.run(`INSERT INTO ${t.tokens} (${t.id}, sealed) VALUES (?, ?) ON CONFLICT (${t.id}) DO UPDATE SET sealed = excluded.sealed`, [id, sealed])
  }

  async sealedToken(kind: OwnedKind, id: string): Promise<string | null> {
    const t = ACCOUNT_TABLES[kind]
    const [row] = await this.sql.all<{ sealed: string }>(`SELECT sealed FROM ${t.tokens} WHERE ${t.id} = ?`, [id])
    return row?.sealed ?? null
  }

  async forget(kind: OwnedKind, id: string): Promise<void> {
    const t = ACCOUNT_TABLES[kind]
    await this.sql.batch([t.tokens, t.owners, t.shares].map((table) => [`DELETE FROM ${table} WHERE ${t.id} = ?`, [id]] as const))
  }

  async close(): Promise<void> {
    this.closeConnection?.()
  }
}

/**
 * The account tables, for both databases: `binary` is the type of a key's bytes (SQLite BLOB,
 * PostgreSQL BYTEA), `big` of milliseconds (SQLite's INTEGER is 64-bit, PostgreSQL needs BIGINT).
 */
export function accountTablesSql(binary: string, big: string): string {
  const owned = (Object.values(ACCOUNT_TABLES) as (typeof ACCOUNT_TABLES)[OwnedKind][]).map(
    (t) => `
CREATE TABLE IF NOT EXISTS ${t.owners} (
  ${t.id} TEXT NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id), PRIMARY KEY (${t.id}, account_id)
);
CREATE INDEX IF NOT EXISTS ${t.owners}_account ON ${t.owners} (account_id);
CREATE TABLE IF NOT EXISTS ${t.shares} (
  ${t.id} TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('email', 'username')), value TEXT NOT NULL,
  PRIMARY KEY (${t.id}, kind, value)
);
CREATE INDEX IF NOT EXISTS ${t.shares}_value ON ${t.shares} (kind, value);
CREATE TABLE IF NOT EXISTS ${t.tokens} (${t.id} TEXT PRIMARY KEY, sealed TEXT NOT NULL);`,
  )
  return `
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, username TEXT NOT NULL,
  organisation TEXT NOT NULL, email_verified INTEGER NOT NULL DEFAULT 0, updated_at ${big} NOT NULL
);
CREATE TABLE IF NOT EXISTS account_sessions (
  token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
  id_token TEXT, sid TEXT, expires_at ${big} NOT NULL
);
CREATE INDEX IF NOT EXISTS account_sessions_expiry ON account_sessions (expires_at);
CREATE INDEX IF NOT EXISTS account_sessions_account ON account_sessions (account_id);
CREATE TABLE IF NOT EXISTS account_keys (name TEXT PRIMARY KEY, key ${binary} NOT NULL);
${owned.join('\n')}
`
}
