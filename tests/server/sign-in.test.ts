/**
 * Facilitators' sign-in against a real OpenID provider (node-oidc-provider in this process) and a
 * real server: without a session nobody creates a board (not even on localhost); the sign-in
 * answer is refused when this browser did not start it, when its state is forged, when its cookie
 * was changed, and when it comes back too late; a changed session cookie is no session. The whole
 * sign-in through the provider's pages is tests/browser/sign-in.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { oidcSettingsOf, startIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider'
import { freePort, startTestServer, type TestServer } from '../helpers/server'

let provider: TestIdentityProvider
let server: TestServer
let now = Date.UTC(2026, 5, 12, 9)

beforeEach(async () => {
  now = Date.UTC(2026, 5, 12, 9)
  const port = await freePort()
  provider = await startIdentityProvider(`http://127.0.0.1:${port}`, {})
  server = await startTestServer({
    port,
    clock: () => now,
    oidc: oidcSettingsOf(provider),
  })
})

afterEach(async () => {
  await server.close()
  await provider.close()
})

/** Starts a sign-in: the provider's address and the sign-in cookie the server set. */
async function startSignIn(): Promise<{ location: URL; cookie: string }> {
  const response = await fetch(`${server.url}/auth/login?return=/`, { redirect: 'manual' })
  expect(response.status).toBe(302)
  const cookie = response.headers.get('set-cookie')!
  expect(cookie).toMatch(/^gb_signin=[^;]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/)
  return { location: new URL(response.headers.get('location')!), cookie: cookie.split(';')[0]! }
}

const callback = (query: string, cookie?: string) =>
  fetch(`${server.url}/auth/callback?${query}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })

describe('facilitators sign-in', () => {
  it('refuses to create a board without a session, even on localhost, and says sign-in is there', async () => {
    const refused = await fetch(`${server.url}/api/boards`, { method: 'POST' })
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual({ error: expect.stringContaining('needs signing in') })
    expect(await (await fetch(`${server.url}/api/me`)).json()).toEqual({ signIn: true, account: null })
  })

  it('sends the browser to the provider with PKCE, state and nonce', async () => {
    const { location } = await startSignIn()
    expect(location.origin).toBe(provider.issuer)
    expect(location.searchParams.get('code_challenge_method')).toBe('S256')
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(location.searchParams.get('state')).toMatch(/^[\w-]{20,}$/)
    expect(location.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/)
    expect(location.searchParams.get('redirect_uri')).toBe(`${server.url}/auth/callback`)
    expect(location.searchParams.get('scope')).toBe('openid profile email')
  })

  it('refuses an answer this browser did not start, with a forged state, or with a changed cookie', async () => {
    const { location, cookie } = await startSignIn()
    const state = location.searchParams.get('state')!
    const withoutCookie = await callback(`code=any&state=${state}`)
    expect(withoutCookie.status).toBe(400)
    expect(await withoutCookie.json()).toEqual({ error: expect.stringContaining('this browser did not start it') })

    const forged = await callback(`code=any&state=forged-by-an-attacker&iss=${encodeURIComponent(provider.issuer)}`, cookie)
    expect(forged.status).toBe(400)
    expect(((await forged.json()) as { error: string }).error).toMatch(/^sign-in refused: .*state/i)
    expect(forged.headers.get('set-cookie')).toContain('gb_signin=; Path=/; Max-Age=0')

    const [value, mac] = cookie.slice('gb_signin='.length).split('.')
    const changed = JSON.parse(Buffer.from(value!, 'base64url').toString()) as Record<string, unknown>
    const tampered = `gb_signin=${Buffer.from(JSON.stringify({ ...changed, state: 'mine' })).toString('base64url')}.${mac}`
    const refused = await callback('code=any&state=mine', tampered)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({ error: expect.stringContaining('this browser did not start it') })
    // None of these made a session.
    expect(await (await fetch(`${server.url}/api/me`, { headers: { Cookie: cookie } })).json()).toEqual({ signIn: true, account: null })
  })

  it('refuses an answer that comes back after the sign-in expired', async () => {
    const { location, cookie } = await startSignIn()
    now += 11 * 60 * 1000
    const late = await callback(`code=any&state=${location.searchParams.get('state')}`, cookie)
    expect(late.status).toBe(400)
    expect(await late.json()).toEqual({ error: 'sign-in refused: it took too long; start again' })
  })

  it('takes a changed or made-up session cookie for no session', async () => {
    for (const cookie of ['gb_session=abc', 'gb_session=eyJ4Ijoi.bm90LWEtbWFj', 'gb_session=']) {
      expect(await (await fetch(`${server.url}/api/me`, { headers: { Cookie: cookie } })).json()).toEqual({ signIn: true, account: null })
      expect((await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { Cookie: cookie } })).status).toBe(401)
    }
  })

  it('signs out without a session too, to the provider and back to the start page', async () => {
    const response = await fetch(`${server.url}/auth/logout`, { method: 'POST' })
    expect(response.status).toBe(200)
    const location = new URL(((await response.json()) as { next: string }).next)
    expect(location.origin).toBe(provider.issuer)
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/`)
    expect(response.headers.get('set-cookie')).toMatch(/^gb_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/)
  })
})
