/**
 * A browser environment (browser-environment.ts) whose server signs facilitators in through a real
 * OpenID provider of its own (identity-provider.ts), with Anna and Ben as the provider's people.
 */
import { startBrowserEnvironment, type BrowserEnvironment } from './browser-environment'
import { oidcSettingsOf, startIdentityProvider, type TestIdentityProvider } from './identity-provider'
import { freePort } from './server'

export interface SignInEnvironment {
  env: BrowserEnvironment
  provider: TestIdentityProvider
  close(): Promise<void>
}

export async function startSignInEnvironment(): Promise<SignInEnvironment> {
  const port = await freePort()
  const provider = await startIdentityProvider(`http://127.0.0.1:${port}`, {
    'anna.schmidt': { name: 'Anna Schmidt', email: 'anna.schmidt@leipzig.example', username: 'anna.schmidt', organisation: 'Stadt Leipzig' },
    'ben.weber': { name: 'Ben Weber', email: 'ben.weber@dresden.example', username: 'ben.weber', organisation: 'Stadt Dresden' },
  })
  const env = await startBrowserEnvironment({ port, oidc: oidcSettingsOf(provider) }).catch(async (error: unknown) => {
    await provider.close()
    throw error
  })
  return {
    env,
    provider,
    close: async () => {
      await env.close()
      await provider.close()
    },
  }
}
