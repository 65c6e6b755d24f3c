/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0) against a real node-oidc-provider:
 * a facilitator signed in twice (laptop and phone, two sessions at the provider too) signs out at
 * the provider on the laptop; the provider posts a logout token to /auth/backchannel-logout, and
 * the server ends that session and only that one. Tokens that do not check out (not a JWT, signed
 * by another key, missing, sent as JSON, sent a second time) are refused and end nothing.
 */
import { generateKeyPair, SignJWT } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { oidcSettingsOf, signInKeepingProviderSession, startIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider'
import { freePort, startTestServer, type TestServer } from '../helpers/server'

let provider: TestIdentityProvider
let server: TestServer

beforeEach(async () => {
  const port = await freePort()
  provider = await startIdentityProvider(`http://127.0.0.1:${port}`, {
    anna: { name: 'Anna Schmidt', email: 'anna@leipzig.example', username: 'anna', organisation: 'Stadt Leipzig' },
  })
  server = await startTestServer({ port, oidc: oidcSettingsOf(provider) })
})

afterEach(async () => {
  await server.close()
  await provider.close()
})

/** Who the session cookie is signed in as, or null. */
async function signedInAs(cookie: string): Promise<string | null> {
  const me = (await (await fetch(`${server.url}/api/me`, { headers: { Cookie: cookie } })).json()) as { account: { name: string } | null }
  return me.account?.name ?? null
}

const postLogout = (body: string, type = 'application/x-www-form-urlencoded') =>
  fetch(`${server.url}/auth/backchannel-logout`, { method: 'POST', headers: { 'Content-Type': type }, body })

describe('back-channel logout', () => {
  it('ends the session the provider signed out, and not the same person’s other one', async () => {
    const laptop = await signInKeepingProviderSession(server.url, 'anna')
    const phone = await signInKeepingProviderSession(server.url, 'anna')
    expect(await signedInAs(laptop.cookie)).toBe('Anna Schmidt')
    expect(await signedInAs(phone.cookie)).toBe('Anna Schmidt')

    await laptop.signOutAtProvider()
    expect(await signedInAs(laptop.cookie)).toBeNull()
    expect(await signedInAs(phone.cookie)).toBe('Anna Schmidt')
    expect((await fetch(`${server.url}/api/my/boards`, { headers: { Cookie: laptop.cookie } })).status).toBe(401)
    expect(server.logs.some((line) => line.includes('signin.backchannel_logout') && line.includes('sessions=1'))).toBe(true)

    // The same token again, as someone who caught it would send it: refused, the phone stays signed in.
    expect(provider.lastLogout).toMatch(/^logout_token=/)
    const replayed = await postLogout(provider.lastLogout!)
    expect(replayed.status).toBe(400)
    expect(await replayed.text()).toContain('used already')
    expect(await signedInAs(phone.cookie)).toBe('Anna Schmidt')
  })

  it('refuses a logout token that does not check out, and ends nothing', async () => {
    const phone = await signInKeepingProviderSession(server.url, 'anna')
    // Everything right but the key: one of our own, not the provider's.
    const { privateKey } = await generateKeyPair('RS256')
    const forged = await new SignJWT({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, sub: 'anna', jti: 'j1' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-the-providers', typ: 'logout+jwt' })
      .setIssuer(provider.issuer)
      .setAudience(provider.clientId)
      .setIssuedAt()
      .sign(privateKey)
    for (const body of [`logout_token=${forged}`, 'logout_token=not.a.jwt', 'logout_token=', 'something=else']) {
      const refused = await postLogout(body)
      expect(refused.status, body).toBe(400)
    }
    expect((await postLogout(JSON.stringify({ logout_token: forged }), 'application/json')).status).toBe(415)
    expect((await postLogout(`logout_token=${'x'.repeat(20_000)}`)).status).toBe(413)
    expect(await signedInAs(phone.cookie)).toBe('Anna Schmidt')
  })
})
