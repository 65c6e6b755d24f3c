/**
 * What the server keeps about facilitators who sign in (OpenID Connect): their accounts, their
 * sessions, which boards and series each created, and with whom they are shared. Its own contract beside
 * `BoardStorage`, asynchronous, written once over SQL (sql-account-storage.ts) and kept where the
 * boards are: in SQLite's database file (a backup takes both) or in PostgreSQL.
 */

/** A person as the identity provider describes them; `id` is the issuer and subject together. */
export interface Account {
  id: string
  /** The claims this server was told to read (OIDC_NAME_CLAIM and so on); '' when absent. */
  name: string
  email: string
  username: string
  organisation: string
  /**
   * Whether the provider vouches for `email` (OIDC_EMAIL_VERIFIED_CLAIM): only then do boards and
   * series shared by e-mail address reach this account.
   */
  emailVerified: boolean
}

/** A signed-in browser. The token itself is never stored, only its SHA-256 (`tokenHash`). */
export interface AccountSession {
  tokenHash: string
  accountId: string
  /** The provider's ID token, handed back as `id_token_hint` when signing out there. */
  idToken: string | null
  /** The provider's session (the ID token's `sid`), which its back-channel logout names; null when it sent none. */
  sid: string | null
  /** ms since epoch. */
  expiresAt: number
}

/**
 * What an account can own and be given to facilitate without a link: boards (their facilitator
 * role) and meeting series (their manage role).
 */
export type OwnedKind = 'board' | 'series'

/** How an account may reach a board or series without its link. */
export type Tie = 'owner' | 'co-facilitator'

/** Whom a board or series is shared with: an identity provider user name or e-mail address, lower case. */
export interface Share {
  kind: 'email' | 'username'
  value: string
}

export interface AccountStorage {
  /** Creates the account or updates its claims. */
  saveAccount(account: Account): Promise<void>
  /** A session and its account, while it has not expired at `now`. */
  findSession(tokenHash: string, now: number): Promise<{ session: AccountSession; account: Account } | null>
  saveSession(session: AccountSession): Promise<void>
  deleteSession(tokenHash: string): Promise<void>
  /**
   * Ends the sessions a back-channel logout names: those of the provider's session `sid`, of the
   * account `accountId`, or of both together when both are given (at least one must be); resolves
   * with how many.
   */
  endSessions(which: { accountId: string | null; sid: string | null }): Promise<number>
  /** Removes the sessions that expired before `now`; resolves with how many. */
  deleteExpiredSessions(now: number): Promise<number>
  /** A random key of `bytes` kept under `name`, made the first time it is asked for. */
  key(name: string, bytes: number): Promise<Buffer>
  /** Records that `accountId` created the board or series `id`. */
  addOwner(kind: OwnedKind, id: string, accountId: string): Promise<void>
  /** Shares it with whoever signs in with that user name or (verified) e-mail address. */
  addShare(kind: OwnedKind, id: string, share: Share): Promise<void>
  removeShare(kind: OwnedKind, id: string, share: Share): Promise<void>
  shares(kind: OwnedKind, id: string): Promise<Share[]>
  /**
   * The boards or series `account` created or that are shared with its user name or e-mail
   * address; an e-mail share counts only while the account's address is verified.
   */
  ownedBy(kind: OwnedKind, account: Account): Promise<{ id: string; tie: Tie }[]>
  /** How `account` is tied to the board or series `id`, if at all. */
  tieOf(kind: OwnedKind, account: Account, id: string): Promise<Tie | null>
  /**
   * The link token that opens it for the tied accounts (a board's facilitator token, a series'
   * manage token), sealed by the caller under a secret the database does not hold.
   */
  saveSealedToken(kind: OwnedKind, id: string, sealed: string): Promise<void>
  sealedToken(kind: OwnedKind, id: string): Promise<string | null>
  /** Forgets everything about a deleted board or series. */
  forget(kind: OwnedKind, id: string): Promise<void>
  close(): Promise<void>
}

/** A board storage that keeps the accounts too, in its own database (PostgreSQL's). */
export interface WithAccountStorage {
  readonly accounts: AccountStorage
}

/** The accounts a board storage keeps, or null when it keeps none (SQLite keeps them on a connection of their own; an embedder's). */
export function accountStorageOf(storage: object): AccountStorage | null {
  const accounts = (storage as Partial<WithAccountStorage>).accounts
  return accounts && typeof accounts === 'object' ? accounts : null
}
