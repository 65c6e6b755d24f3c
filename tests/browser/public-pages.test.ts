/**
 * The pages a public website needs, in real Chromium against a real server: the start, join code,
 * board, phone and stage pages each link to the accessibility statement, the privacy notice and the
 * imprint, in German and in English; the phone's name dialog links to the privacy notice before it
 * asks for a name; the pages themselves show the server's text (with the operator's contact as a
 * link) and are axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { openPage, saveScreenshot, seriousViolations } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, type CreatedBoard } from '../helpers/server'

const CONTACT = 'barrierefrei@goerlitz.example'
const LANGUAGES = [
  { locale: 'de-DE', links: ['Barrierefreiheit', 'Datenschutz', 'Impressum'], privacy: 'Datenschutzerklärung', accessibility: 'Erklärung zur Barrierefreiheit', imprint: 'Impressum' },
  { locale: 'en-GB', links: ['Accessibility', 'Privacy', 'Imprint'], privacy: 'Privacy notice', accessibility: 'Accessibility statement', imprint: 'Imprint' },
] as const

/** Text and address of each link in the page's first set of public links. */
async function publicLinks(page: Page): Promise<{ text: string; href: string | null }[]> {
  const nav = page.getByTestId('public-links').first()
  await nav.waitFor({ state: 'attached', timeout: 20_000 })
  const links = nav.locator('a')
  return Promise.all((await links.all()).map(async (link) => ({ text: (await link.textContent()) ?? '', href: await link.getAttribute('href') })))
}

/** Each shown public link's box height and type size, in CSS pixels. */
function linkSizes(page: Page): Promise<{ text: string; height: number; fontSize: number }[]> {
  return page.locator('[data-testid="public-links"] a').evaluateAll((links) =>
    links
      .map((link) => ({ link, box: link.getBoundingClientRect() }))
      .filter(({ box }) => box.height > 0)
      .map(({ link, box }) => ({ text: link.textContent ?? '', height: box.height, fontSize: parseFloat(getComputedStyle(link).fontSize) })),
  )
}

describe('the public pages', () => {
  let env: BrowserEnvironment
  let board: CreatedBoard

  beforeAll(async () => {
    env = await startBrowserEnvironment({ publicPages: { accessibilityContact: CONTACT, operatorName: 'Stadt Görlitz' } })
    board = await createBoardWithLinks(env.url)
  })

  afterAll(async () => {
    await env?.close()
  })

  const pagesOf = () => ({
    start: `${env.url}/`,
    join: `${env.url}/j`,
    board: board.url,
    phone: `${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`,
    stage: board.links.stage,
  })

  for (const language of LANGUAGES) {
    it(`are linked from the start, join, board, phone and stage pages (${language.locale})`, async () => {
      const { context, page, foreignRequests } = await openPage(env.browser, env.url, { locale: language.locale })
      try {
        for (const [name, url] of Object.entries(pagesOf())) {
          await page.goto(url)
          const links = await publicLinks(page)
          expect(links, name).toEqual([
            { text: language.links[0], href: '/accessibility' },
            { text: language.links[1], href: '/privacy' },
            { text: language.links[2], href: '/imprint' },
          ])
          if (name === 'board' || name === 'stage') {
            // Behind the name dialog, the overlay over the canvas is there too.
            await expect.poll(() => page.locator('.gb-public-links--overlay').count()).toBe(1)
          }
          // Every link is a target of 24 px or more (WCAG 2.5.8) in type one can read; on the projector, larger.
          for (const link of await linkSizes(page)) {
            expect(link.height, `${name}: ${link.text}`).toBeGreaterThanOrEqual(24)
            expect(link.fontSize, `${name}: ${link.text}`).toBeGreaterThanOrEqual(name === 'stage' ? 20 : 14)
          }
        }
        await saveScreenshot(page, `public-links-stage-${language.locale}`)
        expect(foreignRequests).toEqual([])
      } finally {
        await context.close()
      }
    })

    it(`show their texts, axe-clean, reached from the phone's name dialog (${language.locale})`, async () => {
      const { context, page } = await openPage(env.browser, env.url, { locale: language.locale, viewport: { width: 390, height: 844 } })
      try {
        await page.goto(pagesOf().phone)
        // Before giving a name: the dialog itself links to the privacy notice.
        await page.getByRole('dialog').getByRole('link', { name: language.links[1] }).click()
        await page.waitForURL(/\/privacy$/)
        await page.getByRole('heading', { level: 1, name: language.privacy }).waitFor()
        await expect.poll(() => page.getByTestId('public-page').textContent()).toMatch(/IP/)
        expect(await seriousViolations(page)).toEqual([])
        await saveScreenshot(page, `privacy-${language.locale}`)

        await page.getByTestId('public-links').getByRole('link', { name: language.links[0] }).click()
        await page.getByRole('heading', { level: 1, name: language.accessibility }).waitFor()
        const contact = page.getByRole('link', { name: CONTACT })
        expect(await contact.getAttribute('href')).toBe(`mailto:${CONTACT}`)
        expect(await page.getByTestId('public-page').textContent()).toContain(language.locale === 'de-DE' ? 'Gliederung' : 'outline')
        expect(await seriousViolations(page)).toEqual([])

        await page.getByTestId('public-links').getByRole('link', { name: language.links[2] }).click()
        await page.getByRole('heading', { level: 1, name: language.imprint }).waitFor()
        expect(await seriousViolations(page)).toEqual([])
      } finally {
        await context.close()
      }
    })
  }

  it('keeps the board page axe-clean with the links over the canvas', async () => {
    const browser: Browser = env.browser
    const { context, page } = await openPage(browser, env.url, { locale: 'en-GB' })
    try {
      await page.goto(board.url)
      await page.locator('#display-name').fill('Anna')
      await page.getByRole('dialog').locator('button[type="submit"]').click()
      await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
      const overlay = page.locator('.gb-public-links--overlay')
      await overlay.getByRole('link', { name: 'Privacy' }).waitFor()
      expect(await seriousViolations(page)).toEqual([])
      await saveScreenshot(page, 'public-links-board')
    } finally {
      await context.close()
    }
  })
})
