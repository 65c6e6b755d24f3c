/**
 * The board on a 1280×800 laptop and the stage on a 1920×1080 projector, in English and German,
 * checked by geometry: at the fitted view none of our controls covers a section title, a card or
 * tldraw's licence notice; the style panel is closed; the author line is legible; the stage shows
 * one section the facilitator frames with card text at least 32 px high; a closed board offers no
 * "Add card".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openPage, saveScreenshot } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { facilitatorFetch, rememberFacilitatorLink, syncUrlOf } from '../helpers/server'
import { connectSynced } from '../server/clients'
import { addCard } from '../../client/question-map/card-writer'
import { readShapes } from '../../shared/model/shape-log'
import { sectionKindOf } from '../../shared/model/sections'

const LAPTOP = { width: 1280, height: 800 }
const PROJECTOR = { width: 1920, height: 1080 }
const CARD_TEXTS = ['Residents were asked early, at their doors', 'The parklets stayed empty in the rain', 'Who pays for the benches?']

interface Box {
  what: string
  left: number
  top: number
  right: number
  bottom: number
}

const LANGUAGES = [
  { lang: 'en', locale: 'en-GB', join: /Join the board/, showOnStage: 'Questions' },
  { lang: 'de', locale: 'de-DE', join: /Board betreten/, showOnStage: 'Fragen' },
] as const

/** Boxes of the elements matching `selector` that are displayed. */
function boxesOf(page: Page, selector: string, what: string): Promise<Box[]> {
  return page.evaluate(
    ({ selector, what }) =>
      [...document.querySelectorAll(selector)].flatMap((element) => {
        const r = element.getBoundingClientRect()
        return r.width > 0 && r.height > 0 ? [{ what: `${what}: ${(element.textContent ?? '').trim().slice(0, 30)}`, left: r.left, top: r.top, right: r.right, bottom: r.bottom }] : []
      }),
    { selector, what },
  )
}

const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

/** Our controls on the board: the banner, the share panel, the rails and their contents. */
const OUR_CONTROLS = '.gb-banner, .gb-toolbar > *, .gb-dock > *, .gb-status-rail > *'

/** On-screen font size of each element matching `selector` (its CSS size times the canvas scale). */
function screenFontSizes(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    (selector) =>
      [...document.querySelectorAll<HTMLElement>(selector)].flatMap((element) => {
        const rect = element.getBoundingClientRect()
        if (rect.height === 0 || element.offsetHeight === 0) return []
        return [parseFloat(getComputedStyle(element).fontSize) * (rect.height / element.offsetHeight)]
      }),
    selector,
  )
}

/** Waits until the canvas has stopped moving (the fit follows the controls as they get their sizes). */
async function settled(page: Page) {
  let last = ''
  await expect
    .poll(async () => {
      const key = JSON.stringify(await boxesOf(page, '.tl-shape[data-shape-type="frame"]', 'frame'))
      const same = key === last
      last = key
      return same
    }, { timeout: 10_000, interval: 300 })
    .toBe(true)
}

describe('the board on a laptop and the stage on a projector', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  for (const { lang, locale, join, showOnStage } of LANGUAGES) {
    it(`lays out controls clear of the map (${lang})`, async () => {
      const host = await openPage(env.browser, env.url, { locale, viewport: LAPTOP })
      const page = host.page
      await page.goto(env.url)
      await page.locator('#meeting-title').fill('Street lab exchange Leipzig, Dresden, Chemnitz')
      await page.locator('#meeting-purpose').fill('Learn from each other what went wrong with street experiments, and why.')
      await page.locator('form button[type=submit]').first().click()
      await page.waitForURL(/\/b\/[A-Za-z0-9_-]+#/)
      const boardId = rememberFacilitatorLink(page.url())
      await page.locator('#display-name').fill('Anna')
      await page.getByRole('button', { name: join }).click()
      await expect.poll(() => page.locator('.tl-shape[data-shape-type="frame"]').count()).toBe(5)

      // Three cards in every section, written as a phone writes them.
      const writer = await connectSynced(syncUrlOf(env.url), boardId)
      for (const section of readShapes(writer.doc).filter((shape) => sectionKindOf(shape) !== null)) {
        for (const text of CARD_TEXTS) {
          addCard(writer.doc, section.id, { text, anonymous: false }, { name: 'Carla', whereabouts: 'onsite', city: 'Chemnitz' }, 'facilitator')
        }
      }
      await expect.poll(() => page.locator('.tl-shape[data-shape-type="gb-card"]').count()).toBe(15)
      writer.destroy()
      // A fresh visit opens with the map fitted.
      await page.reload()
      await expect.poll(() => page.locator('.tl-shape[data-shape-type="gb-card"]').count()).toBe(15)
      await settled(page)
      await saveScreenshot(page, `laptop-layout-${lang}-fitted`)

      const controls = await boxesOf(page, OUR_CONTROLS, 'control')
      expect(controls.length).toBeGreaterThan(5)
      const covered = [
        ...(await boxesOf(page, '.tl-shape[data-shape-type="frame"] .tl-frame-heading', 'title')),
        ...(await boxesOf(page, '.tl-shape[data-shape-type="gb-card"]', 'card')),
        ...(await boxesOf(page, '[class*="tl-watermark"]', 'licence')),
      ]
      expect(covered.filter((box) => box.what.startsWith('title'))).toHaveLength(5)
      expect(covered.filter((box) => box.what.startsWith('licence')).length).toBeGreaterThan(0)
      const overlaps = controls.flatMap((control) => covered.filter((box) => intersects(control, box)).map((box) => `${control.what} covers ${box.what}`))
      expect(overlaps).toEqual([])

      // The style panel waits for something to style; the author line reads at this zoom.
      expect(await page.locator('.tlui-style-panel').count()).toBe(0)
      const bylines = await screenFontSizes(page, '.gb-card .gb-byline__author')
      expect(bylines).toHaveLength(15)
      expect(Math.min(...bylines)).toBeGreaterThanOrEqual(12)

      // The stage, with the facilitator showing one section.
      const stage = await openPage(env.browser, env.url, { locale, viewport: PROJECTOR })
      const info = (await (await facilitatorFetch(`${env.url}/api/boards/${boardId}`)).json()) as { links: { stage: string } }
      await stage.page.goto(info.links.stage)
      await stage.page.locator('.tl-shape[data-shape-type="gb-card"] .gb-card__text').first().waitFor()
      await page.locator('.tl-frame-heading', { hasText: showOnStage }).click()
      await page.keyboard.press('Shift+2')
      await settled(stage.page)
      await saveScreenshot(page, `laptop-layout-${lang}-section`)
      await saveScreenshot(stage.page, `laptop-layout-${lang}-stage-section`)
      const stageCards = await screenFontSizes(stage.page, '.tl-shape[data-shape-type="gb-card"] .gb-card__text')
      expect(stageCards.length).toBeGreaterThanOrEqual(3)
      const canvas = await stage.page.locator('.gb-stage__canvas').boundingBox()
      const shownTexts = (await boxesOf(stage.page, '.tl-shape[data-shape-type="gb-card"] .gb-card__text', 'text')).filter(
        (box) => box.left >= canvas!.x && box.right <= canvas!.x + canvas!.width && box.top >= 0 && box.bottom <= PROJECTOR.height,
      )
      expect(shownTexts.length).toBe(3)
      expect(Math.min(...stageCards.slice(0, 3))).toBeGreaterThanOrEqual(32)
      await stage.context.close()

      // Closed: "Add card" is not offered, and says why.
      const closed = await facilitatorFetch(`${env.url}/api/boards/${boardId}/close`, { method: 'POST' })
      expect(closed.status).toBe(200)
      await expect.poll(() => page.locator('[data-testid="add-card"]').isDisabled(), { timeout: 10_000 }).toBe(true)
      await page.locator('[data-testid="add-card-blocked"]').waitFor()
      await saveScreenshot(page, `laptop-layout-${lang}-closed`)
      await host.context.close()
    })
  }
})
