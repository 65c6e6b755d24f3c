/**
 * Sharing by e-mail address reaches only an address the identity provider vouches for, read from
 * OIDC_EMAIL_VERIFIED_CLAIM (`email_verified` by default): a real node-oidc-provider that sends the
 * claim (true for one person, false for another), and one that does not send it at all, which then
 * vouches for nothing, unless the operator says its addresses are all checked (`none`). Sharing by
 * user name does not depend on it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { OidcSettings } from '../../server/features/sign-in/oidc-provider-client'
import { oidcSettingsOf, signInOverHttp, startIdentityProvider, type IdentityProviderOptions } from '../helpers/identity-provider'
import { freePort, startTestServer, type TestServer } from '../helpers/server'

const PEOPLE = {
  anna: { name: 'Anna Schmidt', email: 'anna@leipzig.example', username: 'anna', organisation: 'Stadt Leipzig' },
  ben: { name: 'Ben Weber', email: 'ben@dresden.example', username: 'bweber', organisation: 'Stadt Dresden', emailVerified: true },
  // Typed her colleague's address at the provider, which did not check it.
  mallory: { name: 'Mallory', email: 'carl@halle.example', username: 'mallory', organisation: '', emailVerified: false },
}
const json = { 'Content-Type': 'application/json' }

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A provider and a server signed in to it; `claim` overrides the server's OIDC_EMAIL_VERIFIED_CLAIM. */
async function setUp(providerOptions: IdentityProviderOptions, claim?: string | null): Promise<TestServer> {
  const port = await freePort()
  const provider = await startIdentityProvider(`http://127.0.0.1:${port}`, PEOPLE, providerOptions)
  cleanups.push(() => provider.close())
  const settings: OidcSettings = oidcSettingsOf(provider)
  if (claim !== undefined) settings.claims.emailVerified = claim
  const server = await startTestServer({ port, oidc: settings })
  cleanups.push(() => server.close())
  return server
}

/** Anna's board shared by e-mail with Ben and with Carl's address: which of `logins` see it. */
async function whoSeesEmailShares(server: TestServer, logins: string[]): Promise<Record<string, boolean>> {
  const as = (cookie: string, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Cookie: cookie } })
  const anna = await signInOverHttp(server.url, 'anna')
  const board = (await (await as(anna, '/api/boards', { method: 'POST' })).json()) as { id: string }
  for (const value of ['ben@dresden.example', 'carl@halle.example']) {
    const shared = await as(anna, `/api/my/boards/${board.id}/shares`, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'email', value }) })
    expect(shared.status).toBe(200)
  }
  const seen: Record<string, boolean> = {}
  for (const login of logins) {
    const cookie = await signInOverHttp(server.url, login)
    const { boards } = (await (await as(cookie, '/api/my/boards')).json()) as { boards: { id: string }[] }
    seen[login] = boards.some((entry) => entry.id === board.id)
    expect((await as(cookie, `/api/my/boards/${board.id}/open`, { method: 'POST' })).status).toBe(seen[login] ? 200 : 404)
  }
  return seen
}

describe('sharing by e-mail address with a verified address only', () => {
  it('reaches the verified address, not the same address unverified', async () => {
    const server = await setUp({})
    expect(await whoSeesEmailShares(server, ['ben', 'mallory'])).toEqual({ ben: true, mallory: false })
    const me = await fetch(`${server.url}/api/me`, { headers: { Cookie: await signInOverHttp(server.url, 'mallory') } })
    expect(((await me.json()) as { account: { emailVerified: boolean } }).account.emailVerified).toBe(false)
  })

  it('reaches nobody by e-mail when the provider does not say it checked addresses, by user name still', async () => {
    const server = await setUp({ sendsEmailVerified: false })
    expect(await whoSeesEmailShares(server, ['ben', 'mallory'])).toEqual({ ben: false, mallory: false })
    const anna = await signInOverHttp(server.url, 'anna')
    const ben = await signInOverHttp(server.url, 'ben')
    const board = (await (await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { Cookie: anna } })).json()) as { id: string }
    await fetch(`${server.url}/api/my/boards/${board.id}/shares`, { method: 'POST', headers: { ...json, Cookie: anna }, body: JSON.stringify({ kind: 'username', value: 'bweber' }) })
    expect((await fetch(`${server.url}/api/my/boards/${board.id}/open`, { method: 'POST', headers: { Cookie: ben } })).status).toBe(200)
  })

  it('trusts every address of a provider without the claim when the operator says so (none)', async () => {
    const server = await setUp({ sendsEmailVerified: false }, null)
    // Mallory's address counts too now: that is what the operator vouched for.
    expect(await whoSeesEmailShares(server, ['ben', 'mallory'])).toEqual({ ben: true, mallory: true })
  })

  it('reads the claim the operator names', async () => {
    // A claim this provider never sends: nothing is verified, even what it says is.
    const server = await setUp({}, 'https://idp.example/email_checked')
    expect(await whoSeesEmailShares(server, ['ben'])).toEqual({ ben: false })
  })
})
