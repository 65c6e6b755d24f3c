/**
 * A facilitator signs in through a real OpenID provider (node-oidc-provider in the test process,
 * its own login and consent pages) in real Chromium: the start page asks to sign in before
 * creating, the sign-in comes back signed in with name and organisation from the claims, the board
 * is created, and signing out ends the session here and at the provider's end-session endpoint.
 * A participant joins the new board's phone page by its link with no account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPage, seriousViolations } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { oidcSettingsOf, startIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider'
import { freePort } from '../helpers/server'

describe('facilitators sign in with the organisation’s identity provider', () => {
  let provider: TestIdentityProvider
  let env: BrowserEnvironment

  beforeAll(async () => {
    const port = await freePort()
    provider = await startIdentityProvider(`http://127.0.0.1:${port}`, {
      'anna.schmidt': { name: 'Anna Schmidt', email: 'anna.schmidt@leipzig.example', username: 'anna.schmidt', organisation: 'Stadt Leipzig' },
    })
    env = await startBrowserEnvironment({ port, oidc: oidcSettingsOf(provider) })
  })

  afterAll(async () => {
    await env?.close()
    await provider?.close()
  })

  it('signs in through the provider, creates a board, and signs out there too', async () => {
    const { context, page, foreignRequests } = await openPage(env.browser, env.url, { locale: 'en-GB' })
    // The provider's development pages ask for a web font from elsewhere; the test has no network.
    await context.route(/fonts\.googleapis\.com/, (route) => route.abort())
    try {
      await page.goto(env.url)
      const panel = page.getByTestId('account-panel')
      await panel.and(page.locator('[data-state="signed-out"]')).waitFor()
      expect(await panel.textContent()).toMatch(/facilitators sign in .*Joining a board needs no account/)
      expect(await seriousViolations(page)).toEqual([])

      // Creating before signing in is refused with a message, and the form keeps what was typed.
      await page.locator('#meeting-title').fill('Neighbourhood fund 2027')
      await page.getByRole('button', { name: /create board/i }).click()
      await page.getByRole('alert').filter({ hasText: 'Sign in first to create a board' }).waitFor()

      await panel.getByRole('link', { name: 'Sign in' }).click()
      await page.waitForURL((url) => url.origin === provider.issuer)
      await page.locator('input[name="login"]').fill('anna.schmidt')
      await page.locator('input[name="password"]').fill('any password')
      await page.locator('button[type="submit"]').click()
      await page.getByRole('button', { name: 'Continue' }).click()

      await page.waitForURL(`${env.url}/`)
      await panel.and(page.locator('[data-state="signed-in"]')).waitFor()
      expect(await panel.textContent()).toContain('Signed in as Anna Schmidt (Stadt Leipzig).')
      const cookies = await context.cookies(env.url)
      const session = cookies.find((cookie) => cookie.name === 'gb_session')
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false })
      expect(await page.evaluate(() => document.cookie)).not.toContain('gb_session')

      await page.locator('#meeting-title').fill('Neighbourhood fund 2027')
      await page.getByRole('button', { name: /create board/i }).click()
      await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#k=/)
      const boardId = /\/b\/([A-Za-z0-9_-]+)/.exec(page.url())![1]!

      // A participant on a phone: the participant link, no account, no sign-in.
      const info = await page.evaluate(async (id) => {
        const token = localStorage.getItem(`gatherboard.link.${id}`)
        const response = await fetch(`/api/boards/${id}`, { headers: { Authorization: `Bearer ${token}` } })
        return (await response.json()) as { join: string }
      }, boardId)
      const phone = await openPage(env.browser, env.url, { viewport: { width: 390, height: 844 } })
      try {
        await phone.page.goto(info.join)
        await phone.page.locator('#display-name').waitFor()
        expect(await phone.context.cookies(env.url)).toEqual([])
      } finally {
        await phone.context.close()
      }

      // Signing out: here, then at the provider, then back on the start page signed out.
      await page.goto(env.url)
      await panel.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.origin === provider.issuer)
      await page.locator('button[autofocus], button[type="submit"]').first().click()
      await page.waitForURL(`${env.url}/`)
      await panel.and(page.locator('[data-state="signed-out"]')).waitFor()
      expect(provider.signOuts).toBe(1)
      expect((await context.cookies(env.url)).find((cookie) => cookie.name === 'gb_session')).toBeUndefined()
      const refused = await page.evaluate(async () => (await fetch('/api/boards', { method: 'POST' })).status)
      expect(refused).toBe(401)
      expect(foreignRequests.filter((url) => !url.startsWith(provider.issuer) && !url.includes('fonts.googleapis.com'))).toEqual([])
    } finally {
      await context.close()
    }
  })
})
