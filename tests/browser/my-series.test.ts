/**
 * Meeting series in "My meetings", in real Chromium, signed in through a real OpenID provider
 * (node-oidc-provider in the test process): Anna signs in, creates a board and starts a series
 * from its facilitator panel; My meetings lists the series with its meeting and cities; she shares
 * it with Ben by user name. Ben signs in in another browser, finds the series shared with him,
 * opens it, and the series page opens as manager with no link of his own. German and English,
 * axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { answerProfile, openPage, saveScreenshot, seriousViolations } from '../helpers/browser'
import type { BrowserEnvironment } from '../helpers/browser-environment'
import { signInAtProvider } from '../helpers/identity-provider'
import { startSignInEnvironment, type SignInEnvironment } from '../helpers/sign-in-environment'

let environment: SignInEnvironment | undefined
let env: BrowserEnvironment

beforeAll(async () => {
  environment = await startSignInEnvironment()
  env = environment.env
})

afterAll(() => environment?.close())

/** A browser of its own for `login`, signed in from My meetings. */
async function signedIn(login: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await openPage(env.browser, env.url, { locale: 'en-GB' })
  // The provider's development pages ask for a web font from elsewhere; the test has no network.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort())
  await page.goto(`${env.url}/meetings`)
  await page.getByRole('link', { name: 'Sign in to see your meetings' }).click()
  await signInAtProvider(page, login)
  await page.waitForURL(`${env.url}/meetings`)
  return { page, close: () => context.close() }
}

describe('meeting series in My meetings', () => {
  it('Anna starts a series signed in, finds it in her list and shares it; Ben finds it and opens it as manager', async () => {
    const anna = await signedIn('anna.schmidt')
    let seriesId: string
    try {
      const { page } = anna
      await page.getByRole('heading', { level: 2, name: 'Meeting series' }).waitFor()
      expect(await page.getByTestId('series').count()).toBe(0)

      // A board, then a series started from its facilitator panel.
      await page.goto(env.url)
      await page.locator('#meeting-title').fill('Stadtlabor Leipzig')
      await page.getByRole('button', { name: /create board/i }).click()
      await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#k=/)
      await answerProfile(page, { name: 'Anna', where: /^Remote$/, city: 'Leipzig' })
      await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
      await page.getByRole('button', { name: 'Facilitate' }).click()
      const section = page.getByTestId('series-section')
      await section.getByTestId('start-series').click()
      await section.getByTestId('plan-next').waitFor()

      await page.goto(`${env.url}/meetings`)
      const entry = page.getByTestId('series')
      await entry.waitFor()
      seriesId = (await entry.getAttribute('data-series'))!
      expect(await entry.getByRole('heading').textContent()).toBe('Stadtlabor Leipzig')
      expect(await entry.textContent()).toContain('Meetings1 meeting')
      expect(await entry.textContent()).not.toContain('shared with you')
      expect(await seriousViolations(page)).toEqual([])

      // Shared with Ben by user name.
      await entry.getByText('Co-facilitators').click()
      await entry.getByLabel('Share by').selectOption('username')
      await entry.getByLabel('User name', { exact: true }).fill('Ben.Weber')
      await entry.getByRole('button', { name: 'Share', exact: true }).click()
      await entry.getByRole('button', { name: 'Stop sharing with ben.weber' }).waitFor()
      expect(await seriousViolations(page)).toEqual([])
      await saveScreenshot(page, 'my-series-01-shared')

      await page.locator('.front-page__header select').selectOption('de')
      await page.getByRole('heading', { level: 2, name: 'Treffenreihen' }).waitFor()
      expect(await entry.textContent()).toContain('Treffen1 Treffen')
      expect(await seriousViolations(page)).toEqual([])
      await page.locator('.front-page__header select').selectOption('en')
    } finally {
      await anna.close()
    }

    const ben = await signedIn('ben.weber')
    try {
      const { page } = ben
      const entry = page.locator(`[data-testid="series"][data-series="${seriesId}"]`)
      await entry.waitFor()
      expect(await entry.textContent()).toContain('Co-facilitator (shared with you)')
      expect(await page.evaluate((id) => localStorage.getItem(`gatherboard.series.${id}`), seriesId)).toBeNull()
      await entry.getByRole('button', { name: 'Open the series' }).click()
      await page.waitForURL(`${env.url}/s/${seriesId}`)
      const seriesPage = page.getByTestId('series-page')
      await seriesPage.getByRole('heading', { level: 2, name: 'Manage the series' }).waitFor()
      // The meeting opens as facilitator from there: its facilitator link is on the page.
      const meetingLink = await seriesPage.getByRole('link', { name: 'Stadtlabor Leipzig' }).getAttribute('href')
      expect(meetingLink).toMatch(new RegExp(`^${env.url}/b/[A-Za-z0-9_-]+#k=`))
      expect(await seriousViolations(page)).toEqual([])
      await saveScreenshot(page, 'my-series-02-opened-by-co-facilitator')
    } finally {
      await ben.close()
    }
  })
})
