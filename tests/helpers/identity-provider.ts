/**
 * A real OpenID provider in the test process: node-oidc-provider (OpenID Certified), not a mock,
 * with its development login and consent pages (any login name, any password), PKCE required,
 * and RP-initiated logout. Each login name is an account whose claims `people` gives.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import type { OidcSettings } from '../../server/features/sign-in/oidc-provider-client'

export interface TestPerson {
  name: string
  email: string
  /** The `preferred_username` claim. */
  username: string
  organisation: string
}

export interface TestIdentityProvider {
  /** The issuer, `http://localhost:<port>` (another host name than the app's 127.0.0.1, so their cookies stay apart). */
  issuer: string
  clientId: string
  clientSecret: string
  /** How often its end-session endpoint was asked to sign someone out. */
  readonly signOuts: number
  close(): Promise<void>
}

/** Starts the provider for an app at `appOrigin` (its callback and the start page after signing out). */
export async function startIdentityProvider(appOrigin: string, people: Record<string, TestPerson>): Promise<TestIdentityProvider> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const issuer = `http://localhost:${port}`
  const clientId = 'gatherboard-test'
  const clientSecret = 'a-client-secret-for-tests-only'
  let signOuts = 0
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${appOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${appOrigin}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'preferred_username', 'organisation'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, id) => {
      const person = people[id] ?? { name: id, email: `${id}@example.org`, username: id, organisation: '' }
      return {
        accountId: id,
        claims: () => ({ sub: id, name: person.name, email: person.email, preferred_username: person.username, organisation: person.organisation }),
      }
    },
    cookies: { keys: ['cookie-key-for-tests-only'] },
  })
  provider.on('end_session.success', () => (signOuts += 1))
  server.on('request', provider.callback())
  return {
    issuer,
    clientId,
    clientSecret,
    get signOuts() {
      return signOuts
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
    claims: { name: 'name', email: 'email', username: 'preferred_username', organisation: 'organisation' },
  }
}
