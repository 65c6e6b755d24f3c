/**
 * The account storage contract (server/storage/account-storage.ts) on both databases: accounts and
 * their sessions, the cookie key, who owns and shares which board and series (each kind apart),
 * e-mail shares reaching only a verified address, and forgetting a deleted board or series.
 * SQLite in a fresh data directory (the file the boards use), PostgreSQL in a fresh schema each
 * test; without PostgreSQL its half fails under CI and is skipped elsewhere (tests/helpers/postgres.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { accountStorageOf, type Account, type AccountStorage } from '../../server/storage/account-storage'
import { openSqliteAccountStorage } from '../../server/storage/sqlite-account-storage'
import { postgresUnavailable } from '../helpers/postgres'
import { postgresBackend } from '../helpers/storage-backends'
import { makeTempDir, removeDir } from '../helpers/server'

interface AccountFixture {
  accounts: AccountStorage
  /** Closes and opens the same data again (a restarted server). */
  reopen(): Promise<AccountStorage>
  dispose(): Promise<void>
}

const sqlite = {
  name: 'SQLite',
  async open(): Promise<AccountFixture> {
    const dataDir = await makeTempDir()
    const fixture: AccountFixture = {
      accounts: openSqliteAccountStorage({ dataDir }),
      async reopen() {
        await fixture.accounts.close()
        return (fixture.accounts = openSqliteAccountStorage({ dataDir }))
      },
      async dispose() {
        await fixture.accounts.close()
        await removeDir(dataDir)
      },
    }
    return fixture
  },
}

/** PostgreSQL keeps the accounts in the boards' schema: the board storage's fixture, seen through its accounts. */
const postgres = {
  name: 'PostgreSQL',
  async open(): Promise<AccountFixture> {
    const boards = await postgresBackend.open()
    const fixture: AccountFixture = {
      accounts: accountsOf(boards.storage),
      async reopen() {
        return (fixture.accounts = accountsOf(await boards.reopen()))
      },
      dispose: () => boards.dispose(),
    }
    return fixture
  },
}

function accountsOf(storage: object): AccountStorage {
  const accounts = accountStorageOf(storage)
  if (!accounts) throw new Error('the PostgreSQL storage keeps no accounts')
  return accounts
}

const withoutPostgres = await postgresUnavailable()
if (withoutPostgres !== null) {
  console.warn(`PostgreSQL account storage skipped: ${withoutPostgres}`)
  it.skip(`PostgreSQL account storage: ${withoutPostgres}`, () => {})
}

const anna: Account = {
  id: 'http://idp.example anna',
  name: 'Anna Schmidt',
  email: 'Anna@Leipzig.example',
  username: 'anna',
  organisation: 'Stadt Leipzig',
  emailVerified: true,
}
const ben: Account = { id: 'http://idp.example ben', name: 'Ben', email: 'ben@dresden.example', username: 'bweber', organisation: '', emailVerified: true }
const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const SERIES = 'BBBBBBBBBBBBBBBBBBBBBQ'

describe.each(withoutPostgres === null ? [sqlite, postgres] : [sqlite])('$name account storage', (backend) => {
  let fixture: AccountFixture

  beforeEach(async () => {
    fixture = await backend.open()
    await fixture.accounts.saveAccount(anna)
    await fixture.accounts.saveAccount(ben)
  })

  afterEach(async () => {
    await fixture.dispose()
  })

  it('keeps sessions until they expire, with their account as last saved, across a restart', async () => {
    const { accounts } = fixture
    await accounts.saveSession({ tokenHash: 'h1', accountId: anna.id, idToken: 'id.token', sid: 'sid-1', expiresAt: 2_000 })
    await accounts.saveSession({ tokenHash: 'h2', accountId: ben.id, idToken: null, sid: null, expiresAt: 1_000 })
    await accounts.saveAccount({ ...anna, name: 'Anna Schmidt-Weber', emailVerified: false })
    const reopened = await fixture.reopen()
    expect(await reopened.findSession('h1', 1_500)).toEqual({
      session: { tokenHash: 'h1', accountId: anna.id, idToken: 'id.token', sid: 'sid-1', expiresAt: 2_000 },
      account: { ...anna, name: 'Anna Schmidt-Weber', emailVerified: false },
    })
    expect(await reopened.findSession('h1', 2_000)).toBeNull()
    expect(await reopened.deleteExpiredSessions(1_500)).toBe(1)
    expect(await reopened.findSession('h2', 0)).toBeNull()
    await reopened.deleteSession('h1')
    expect(await reopened.findSession('h1', 0)).toBeNull()
  })

  it('ends the sessions a back-channel logout names: of a provider session, of an account, or that session of that account', async () => {
    const { accounts } = fixture
    const session = (tokenHash: string, accountId: string, sid: string | null) => accounts.saveSession({ tokenHash, accountId, idToken: null, sid, expiresAt: 10_000 })
    await session('anna-laptop', anna.id, 'sid-laptop')
    await session('anna-phone', anna.id, 'sid-phone')
    await session('anna-old', anna.id, null)
    await session('ben-laptop', ben.id, 'sid-ben')
    const alive = async () => {
      const hashes = ['anna-laptop', 'anna-phone', 'anna-old', 'ben-laptop']
      const found = await Promise.all(hashes.map((hash) => accounts.findSession(hash, 0)))
      return hashes.filter((_, i) => found[i] !== null)
    }
    expect(await accounts.endSessions({ accountId: null, sid: 'sid-laptop' })).toBe(1)
    expect(await alive()).toEqual(['anna-phone', 'anna-old', 'ben-laptop'])
    // Ben's session id with Anna's account: nothing (both must match).
    expect(await accounts.endSessions({ accountId: anna.id, sid: 'sid-ben' })).toBe(0)
    expect(await accounts.endSessions({ accountId: anna.id, sid: null })).toBe(2)
    expect(await alive()).toEqual(['ben-laptop'])
    await expect(accounts.endSessions({ accountId: null, sid: null })).rejects.toThrow(/takes an account or a provider session/)
  })

  it('makes a key once and gives the same one back, also after a restart', async () => {
    const key = await fixture.accounts.key('session-cookies', 32)
    expect(key).toHaveLength(32)
    expect(await fixture.accounts.key('session-cookies', 32)).toEqual(key)
    expect(await (await fixture.reopen()).key('session-cookies', 32)).toEqual(key)
    expect(await fixture.accounts.key('other', 16)).not.toEqual(key.subarray(0, 16))
  })

  it('ties boards and series to their owner and co-facilitators, each kind apart', async () => {
    const { accounts } = fixture
    await accounts.addOwner('board', BOARD, anna.id)
    await accounts.addOwner('series', SERIES, anna.id)
    await accounts.addShare('series', SERIES, { kind: 'username', value: ' BWeber ' })
    expect(await accounts.ownedBy('board', anna)).toEqual([{ id: BOARD, tie: 'owner' }])
    expect(await accounts.ownedBy('series', anna)).toEqual([{ id: SERIES, tie: 'owner' }])
    expect(await accounts.ownedBy('series', ben)).toEqual([{ id: SERIES, tie: 'co-facilitator' }])
    expect(await accounts.ownedBy('board', ben)).toEqual([])
    expect(await accounts.tieOf('series', ben, SERIES)).toBe('co-facilitator')
    expect(await accounts.tieOf('board', ben, SERIES)).toBeNull()
    expect(await accounts.shares('series', SERIES)).toEqual([{ kind: 'username', value: 'bweber' }])
    expect(await accounts.shares('board', BOARD)).toEqual([])
    await accounts.removeShare('series', SERIES, { kind: 'username', value: 'bweber' })
    expect(await accounts.ownedBy('series', ben)).toEqual([])
  })

  it('lets an e-mail share reach an account only while its address is verified', async () => {
    const { accounts } = fixture
    await accounts.addShare('board', BOARD, { kind: 'email', value: 'anna@leipzig.example' })
    expect(await accounts.tieOf('board', anna, BOARD)).toBe('co-facilitator')
    expect(await accounts.tieOf('board', { ...anna, emailVerified: false }, BOARD)).toBeNull()
    // An account with no e-mail and no user name matches no share, not even an empty one.
    expect(await accounts.ownedBy('board', { ...anna, email: '', username: '' })).toEqual([])
  })

  it('keeps a sealed token per board and per series, replaces it, and forgets one kind only', async () => {
    const { accounts } = fixture
    await accounts.addOwner('board', BOARD, anna.id)
    await accounts.addOwner('series', BOARD, anna.id)
    await accounts.saveSealedToken('board', BOARD, 'sealed-1')
    await accounts.saveSealedToken('board', BOARD, 'sealed-2')
    await accounts.saveSealedToken('series', BOARD, 'series-sealed')
    expect(await accounts.sealedToken('board', BOARD)).toBe('sealed-2')
    await accounts.forget('board', BOARD)
    expect(await accounts.sealedToken('board', BOARD)).toBeNull()
    expect(await accounts.ownedBy('board', anna)).toEqual([])
    expect(await accounts.sealedToken('series', BOARD)).toBe('series-sealed')
    expect(await accounts.ownedBy('series', anna)).toEqual([{ id: BOARD, tie: 'owner' }])
  })
})
