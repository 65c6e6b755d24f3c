/**
 * A facilitator signs in through a real OpenID provider (node-oidc-provider in the test process,
 * its own login and consent pages) in real Chromium: the start page asks to sign in before
 * creating, the sign-in comes back signed in with name and organisation from the claims, the board
 * is created, and signing out ends the session here and at the provider's end-session endpoint.
 * A participant joins the new board's phone page by its link with no account. On "My meetings"
 * the facilitator finds the board, duplicates, closes, reopens, shares, opens and deletes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPage, seriousViolations } from '../helpers/browser'
import type { BrowserEnvironment } from '../helpers/browser-environment'
import { signInAtProvider, type TestIdentityProvider } from '../helpers/identity-provider'
import { startSignInEnvironment, type SignInEnvironment } from '../helpers/sign-in-environment'

describe('facilitators sign in with the organisation’s identity provider', () => {
  let provider: TestIdentityProvider
  let env: BrowserEnvironment
  let environment: SignInEnvironment | undefined

  beforeAll(async () => {
    environment = await startSignInEnvironment()
    env = environment.env
    provider = environment.provider
  })

  afterAll(() => environment?.close())

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
      await signInAtProvider(page, 'anna.schmidt')
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

  it('lists the facilitator’s meetings to open, duplicate, close, reopen, share and delete (de and en, axe-clean)', async () => {
    const { context, page } = await openPage(env.browser, env.url, { locale: 'en-GB' })
    await context.route(/fonts\.googleapis\.com/, (route) => route.abort())
    try {
      await page.goto(`${env.url}/meetings`)
      await page.getByRole('link', { name: 'Sign in to see your meetings' }).click()
      await signInAtProvider(page, 'anna.schmidt')
      await page.waitForURL(`${env.url}/meetings`)
      // The board of the test before, and nothing else.
      const meetings = page.getByTestId('meeting')
      await meetings.first().waitFor()
      expect(await meetings.count()).toBe(1)
      const first = meetings.first()
      expect(await first.getByRole('heading').textContent()).toBe('Neighbourhood fund 2027')
      expect(await first.textContent()).toMatch(/Open.*0 cards, 0 attendees/)
      expect(await seriousViolations(page)).toEqual([])

      await first.getByRole('button', { name: 'Duplicate as template' }).click()
      await expect.poll(() => meetings.count()).toBe(2)
      await first.getByRole('button', { name: 'Close the meeting' }).click()
      await page.getByTestId('meetings-status').filter({ hasText: 'is closed' }).waitFor()
      const closed = page.locator('[data-testid="meeting"]', { has: page.getByRole('button', { name: 'Reopen the meeting' }) })
      expect(await closed.getByTestId('meeting-status').textContent()).toMatch(/^Closed on /)
      await closed.getByRole('button', { name: 'Reopen the meeting' }).click()
      await page.getByTestId('meetings-status').filter({ hasText: 'is open again' }).waitFor()

      // Shared with Ben by e-mail address.
      const target = meetings.first()
      const sharedId = await target.getAttribute('data-board')
      await target.getByText('Co-facilitators').click()
      await target.getByLabel('E-mail address', { exact: true }).fill('ben.weber@dresden.example')
      await target.getByRole('button', { name: 'Share', exact: true }).click()
      await target.getByRole('button', { name: 'Stop sharing with ben.weber@dresden.example' }).waitFor()
      expect(await seriousViolations(page)).toEqual([])

      // The German page reads as well.
      await page.locator('.front-page__header select').selectOption('de')
      await page.getByRole('heading', { level: 1, name: 'Meine Besprechungen' }).waitFor()
      expect(await seriousViolations(page)).toEqual([])
      await page.locator('.front-page__header select').selectOption('en')

      // Deleting the copy, after a confirmation naming it.
      const copy = page.locator(`[data-testid="meeting"]:not([data-board="${sharedId}"])`)
      await copy.getByRole('button', { name: 'Delete…' }).click()
      expect(await copy.getByRole('group', { name: 'Delete…' }).textContent()).toContain('Neighbourhood fund 2027')
      await copy.getByRole('button', { name: 'Delete for good' }).click()
      await expect.poll(() => meetings.count()).toBe(1)

      // Opening: the board page as facilitator, with no link but the one the list handed over.
      await meetings.first().getByRole('button', { name: 'Open', exact: true }).click()
      await page.waitForURL(new RegExp(`/b/${sharedId}#k=`))
      await page.locator('#display-name').waitFor()
    } finally {
      await context.close()
    }

    // Ben signs in elsewhere and finds the shared board as co-facilitator.
    const ben = await openPage(env.browser, env.url, { locale: 'en-GB' })
    await ben.context.route(/fonts\.googleapis\.com/, (route) => route.abort())
    try {
      await ben.page.goto(`${env.url}/meetings`)
      await ben.page.getByRole('link', { name: 'Sign in to see your meetings' }).click()
      await signInAtProvider(ben.page, 'ben.weber')
      await ben.page.waitForURL(`${env.url}/meetings`)
      const entry = ben.page.getByTestId('meeting')
      await entry.waitFor()
      expect(await entry.textContent()).toContain('Co-facilitator (shared with you)')
    } finally {
      await ben.context.close()
    }
  })
})
