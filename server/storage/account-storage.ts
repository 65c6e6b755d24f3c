/**
 * What the server keeps about facilitators who sign in (OpenID Connect): their accounts, their
 * sessions, which boards each created, and with whom a board is shared. Its own contract beside
 * `BoardStorage`, asynchronous so that another database can implement it; the SQLite one
 * (sqlite-account-storage.ts) lives in the same database file as the boards, so a backup takes both.
 */

/** A person as the identity provider describes them; `id` is the issuer and subject together. */
export interface Account {
  id: string
  /** The claims this server was told to read (OIDC_NAME_CLAIM and so on); '' when absent. */
  name: string
  email: string
  username: string
  organisation: string
}

/** A signed-in browser. The token itself is never stored, only its SHA-256 (`tokenHash`). */
export interface AccountSession {
  tokenHash: string
  accountId: string
  /** The provider's ID token, handed back as `id_token_hint` when signing out there. */
  idToken: string | null
  /** ms since epoch. */
  expiresAt: number
}

/** How an account may reach a board without its link. */
export type BoardTie = 'owner' | 'co-facilitator'

/** Whom a board is shared with: an identity provider user name or e-mail address, lower case. */
export interface BoardShare {
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
  /** Removes the sessions that expired before `now`; resolves with how many. */
  deleteExpiredSessions(now: number): Promise<number>
  /** A random key of `bytes` kept under `name`, made the first time it is asked for. */
  key(name: string, bytes: number): Promise<Buffer>
  /** Records that `accountId` created `boardId`. */
  addOwner(boardId: string, accountId: string): Promise<void>
  /** Shares the board with whoever signs in with that user name or e-mail address. */
  addShare(boardId: string, share: BoardShare): Promise<void>
  removeShare(boardId: string, share: BoardShare): Promise<void>
  shares(boardId: string): Promise<BoardShare[]>
  /** The boards `account` created or that are shared with its user name or e-mail address. */
  boardsOf(account: Account): Promise<{ boardId: string; tie: BoardTie }[]>
  /** How `account` is tied to `boardId`, if at all. */
  tieOf(account: Account, boardId: string): Promise<BoardTie | null>
  /**
   * The board's facilitator token, sealed (by the caller, under a secret the database does not
   * hold), for the accounts tied to it to open the board without a link.
   */
  saveSealedFacilitatorToken(boardId: string, sealed: string): Promise<void>
  sealedFacilitatorToken(boardId: string): Promise<string | null>
  /** Forgets everything about a deleted board. */
  forgetBoard(boardId: string): Promise<void>
  close(): Promise<void>
}
