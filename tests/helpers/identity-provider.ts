/**
 * A real OpenID provider in the test process: node-oidc-provider (OpenID Certified), not a mock,
 * with its development login and consent pages (any login name, any password), PKCE required,
 * RP-initiated logout, and back-channel logout to the app's /auth/backchannel-logout. It sends `email_verified` (true unless a person says otherwise), or,
 * configured so, not at all. Each login name is an account whose claims `people` gives.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import type { Page } from 'playwright-core'
import type { OidcSettings } from '../../server/features/sign-in/oidc-provider-client'

export interface TestPerson {
  name: string
  email: string
  /** The `preferred_username` claim. */
  username: string
  organisation: string
  /** The `email_verified` claim, when the provider sends it; default true. */
  emailVerified?: boolean
}

export interface IdentityProviderOptions {
  /**
   * Whether the provider sends `email_verified` at all (default true): some do not, and then say
   * nothing about whether an address was checked.
   */
  sendsEmailVerified?: boolean
}

export interface TestIdentityProvider {
  /** The issuer, `http://localhost:<port>` (another host name than the app's 127.0.0.1, so their cookies stay apart). */
  issuer: string
  clientId: string
  clientSecret: string
  /** How often its end-session endpoint was asked to sign someone out. */
  readonly signOuts: number
  /** The form body of the last back-channel logout it sent (`logout_token=…`), or null. */
  readonly lastLogout: string | null
  close(): Promise<void>
}

/** Starts the provider for an app at `appOrigin` (its callback and the start page after signing out). */
export async function startIdentityProvider(
  appOrigin: string,
  people: Record<string, TestPerson>,
  { sendsEmailVerified = true }: IdentityProviderOptions = {},
): Promise<TestIdentityProvider> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const issuer = `http://localhost:${port}`
  const clientId = 'gatherboard-test'
  const clientSecret = 'a-client-secret-for-tests-only'
  let signOuts = 0
  let lastLogout: string | null = null
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${appOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${appOrigin}/`],
        backchannel_logout_uri: `${appOrigin}/auth/backchannel-logout`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: sendsEmailVerified ? ['email', 'email_verified'] : ['email'], profile: ['name', 'preferred_username', 'organisation'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true }, backchannelLogout: { enabled: true } },
    findAccount: (_ctx, id) => {
      const person = people[id] ?? { name: id, email: `${id}@example.org`, username: id, organisation: '' }
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: person.name,
          email: person.email,
          ...(sendsEmailVerified ? { email_verified: person.emailVerified ?? true } : {}),
          preferred_username: person.username,
          organisation: person.organisation,
        }),
      }
    },
    cookies: { keys: ['cookie-key-for-tests-only'] },
    // Its back-channel logout refuses loopback addresses (against SSRF), and the app under test is on
    // 127.0.0.1: without its own dispatcher, the request goes out as a plain fetch.
    fetch: (url, options) => {
      const { dispatcher: _ssrfGuard, ...plain } = options as RequestInit & { dispatcher?: unknown }
      if (String(url).endsWith('/auth/backchannel-logout')) lastLogout = String(plain.body)
      return globalThis.fetch(url, plain)
    },
  })
  provider.on('end_session.success', () => (signOuts += 1))
  provider.on('backchannel.error', (_ctx, error) => console.error('[oidc-provider] back-channel logout failed:', error))
  // Its errors reach the test only as a 500 page: say what went wrong.
  provider.on('server_error', (_ctx, error) => console.error('[oidc-provider]', error))
  server.on('request', provider.callback())
  return {
    issuer,
    clientId,
    clientSecret,
    get signOuts() {
      return signOuts
    },
    get lastLogout() {
      return lastLogout
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The server's sign-in settings for this provider, with the claims it sends. */
export function oidcSettingsOf(provider: TestIdentityProvider): OidcSettings {
  return {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scopes: 'openid profile email',
    claims: { name: 'name', email: 'email', username: 'preferred_username', organisation: 'organisation', emailVerified: 'email_verified' },
  }
}

/**
 * Signs `login` in to the app at `appUrl` the way a browser would, over HTTP: through the app's
 * /auth/login, the provider's login and consent forms, and back to the app's callback. Resolves
 * with the app's session cookie (`gb_session=…`), for server tests that need several people.
 */
export async function signInOverHttp(appUrl: string, login: string): Promise<string> {
  return (await signInKeepingProviderSession(appUrl, login)).cookie
}

/**
 * As `signInOverHttp`, keeping the provider's cookies: `signOutAtProvider` then signs out at the
 * provider itself (its end-session page, confirmed), as a person would there; the provider then
 * tells the app by back-channel logout.
 */
export async function signInKeepingProviderSession(appUrl: string, login: string): Promise<{ cookie: string; signOutAtProvider(): Promise<void> }> {
  const browser = new HttpBrowser()
  let url = new URL(`${appUrl}/auth/login?return=/`)
  let response = await browser.send(url)
  for (let step = 0; step < 20; step++) {
    const location = response.headers.get('location')
    if (location !== null) {
      url = new URL(location, url)
      if (url.pathname === '/' && url.origin === new URL(appUrl).origin) {
        const session = browser.jarOf(url).get('gb_session')
        if (!session) throw new Error('the sign-in came back without a session')
        const providerUrl = [...browser.hosts()].find((host) => host !== url.host)!
        return { cookie: `gb_session=${session}`, signOutAtProvider: () => browser.signOutAt(new URL(`http://${providerUrl}/session/end`)) }
      }
      response = await browser.send(url)
      continue
    }
    // A page of the provider: its login form, then its consent form.
    response = await browser.submitForm(url, await response.text(), (form) => {
      if (form.has('login')) form.set('login', login)
      if (form.has('password')) form.set('password', 'any password')
    })
    url = browser.lastUrl
  }
  throw new Error('the sign-in did not finish')
}

/** Just enough of a browser for the provider's pages: a cookie jar per host, forms posted as they are. */
class HttpBrowser {
  private readonly jars = new Map<string, Map<string, string>>()
  lastUrl = new URL('http://localhost/')

  jarOf(url: URL): Map<string, string> {
    return this.jars.get(url.host) ?? this.jars.set(url.host, new Map()).get(url.host)!
  }

  hosts(): Iterable<string> {
    return this.jars.keys()
  }

  async send(url: URL, init: RequestInit = {}): Promise<Response> {
    const jar = this.jarOf(url)
    const headers = new Headers(init.headers)
    if (jar.size > 0) headers.set('Cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const at = pair!.indexOf('=')
      const name = pair!.slice(0, at)
      const value = pair!.slice(at + 1)
      if (value === '' || /max-age=0/i.test(cookie)) jar.delete(name)
      else jar.set(name, value)
    }
    return response
  }

  /** Posts the page's first form with its inputs as they are, changed by `fill`. */
  async submitForm(pageUrl: URL, html: string, fill: (form: URLSearchParams) => void): Promise<Response> {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (!action) throw new Error(`no form on ${pageUrl.href}: ${html.slice(0, 200)}`)
    const form = new URLSearchParams()
    for (const [input] of html.matchAll(/<(?:input|button)[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input)?.[1]
      if (name) form.set(name, /value="([^"]*)"/.exec(input)?.[1] ?? '')
    }
    fill(form)
    this.lastUrl = new URL(action.replace(/&amp;/g, '&'), pageUrl)
    return this.send(this.lastUrl, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
  }

  /** The provider's end-session page, confirmed with "yes, sign out". */
  async signOutAt(endSession: URL): Promise<void> {
    const page = await this.send(endSession)
    if (page.status !== 200) throw new Error(`the end-session page answered ${page.status}`)
    const done = await this.submitForm(endSession, await page.text(), (form) => form.set('logout', 'yes'))
    if (done.status >= 400) throw new Error(`signing out at the provider answered ${done.status}`)
  }
}

/** Signs `login` in on the provider's development login and consent pages (any password), in a browser. */
export async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('any password')
  await page.locator('button[type="submit"]').click()
  await page.getByRole('button', { name: 'Continue' }).click()
}
