/**
 * The board on a 1280×800 laptop, the stage on a 1920×1080 projector and the phone page on a
 * 360×740 phone, in English and German, checked by geometry: at the fitted view, and with the
 * facilitator's panel open, none of our controls covers a section title, a card or tldraw's
 * licence notice (the map is fitted beside the panel, and back when it closes); no label of our
 * buttons breaks onto a second line; the style panel is closed; the author line is legible; the
 * import's file chooser is ours, not the browser's; the stage shows the facilitator's whole map
 * a section at a time, turning the page, and one section they frame, whole and clear of its side
 * panel, with card text at least 32 px high in whole lines and section titles at least 40 px; its
 * panel shows the timer, who is here, the open voting round (with the dots per device) and raised
 * hands in type at least 40 px high, and under the QR code the short address to type; a closed
 * board offers no "Add card".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { answerProfile, openPage, saveScreenshot, waitUntilStill } from '../helpers/browser'
import { boxesOf, brokenButtonLabels, cutTextLines, inside, intersects } from '../helpers/layout'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, facilitatorFetch, rememberFacilitatorLink, syncUrlOf } from '../helpers/server'
import { putRecords, sectionRecord } from '../server/roles-fixtures'
import { connectSynced } from '../server/clients'
import { addCard } from '../../client/question-map/card-writer'
import { readShapes } from '../../shared/model/shape-log'
import { sectionKindOf } from '../../shared/model/sections'
import { startTimer, writeTimer } from '../../shared/model/timer'
import { startRound } from '../../shared/model/voting'
import type { BoardAccessInfo } from '../../shared/model/roles'

const LAPTOP = { width: 1280, height: 800 }
const PROJECTOR = { width: 1920, height: 1080 }
const CARD_TEXTS = [
  'Residents were asked early, at their doors',
  'The parklets stayed empty in the rain',
  'Who pays for the benches?',
  // Too long for a card at any zoom: it ends at a whole line.
  'Who pays for the benches, and who repairs them when they break after the first winter: the district, the city, or the neighbours who asked for them?',
]
const CARDS_PER_SECTION = CARD_TEXTS.length
const PHONE = { width: 360, height: 740 }

const LANGUAGES = [
  { lang: 'en', locale: 'en-GB', join: /Join the board/, showOnStage: 'Questions', raiseHand: 'Raise hand', copy: 'Copy', copied: 'Copied', votingOpen: 'Dot voting is open', dots: 'Each device has 3 dots', importLabel: 'Import a backup (.tldr)', onSite: /On site/ },
  { lang: 'de', locale: 'de-DE', join: /Board betreten/, showOnStage: 'Fragen', raiseHand: 'Hand heben', copy: 'Kopieren', copied: 'Kopiert', votingOpen: 'Punktabstimmung läuft', dots: 'Jedes Gerät hat 3 Punkte', importLabel: 'Sicherung importieren (.tldr)', onSite: /Vor Ort/ },
] as const

/** The short address as it is shown to be typed: without the scheme. */
const typed = (url: string) => url.replace(/^https?:\/\//, '')

/** Type read from 10 m on a 1920×1080 projector. */
const FAR_TYPE_PX = 40

/** Our controls on the board: the banner, the share panel, the rails and their contents, an open panel. */
const OUR_CONTROLS = '.gb-banner, .gb-toolbar > *, .gb-dock > *, .gb-status-rail > *, .gb-panel'

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
const settled = (page: Page) => waitUntilStill(page, '.tl-shape[data-shape-type="frame"]')

describe('the board on a laptop and the stage on a projector', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  /** What the map shows that no control may cover: section titles, cards, tldraw's licence notice. */
  const coverable = async (page: Page) => [
    ...(await boxesOf(page, '.tl-shape[data-shape-type="frame"] .tl-frame-heading', 'title')),
    ...(await boxesOf(page, '.tl-shape[data-shape-type="gb-card"]', 'card')),
    ...(await boxesOf(page, '[class*="tl-watermark"]', 'licence')),
  ]
  const overlapsOf = async (page: Page) => {
    const controls = await boxesOf(page, OUR_CONTROLS, 'control')
    const covered = await coverable(page)
    return controls.flatMap((control) => covered.filter((box) => intersects(control, box)).map((box) => `${control.what} covers ${box.what}`))
  }

  for (const { lang, locale, join, showOnStage, raiseHand, copy, copied, votingOpen, dots, importLabel, onSite } of LANGUAGES) {
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
      const sections = readShapes(writer.doc).filter((shape) => sectionKindOf(shape) !== null)
      for (const section of sections) {
        for (const text of CARD_TEXTS) {
          addCard(writer.doc, section.id, { text, anonymous: false }, { name: 'Carla', whereabouts: 'onsite', city: 'Chemnitz' }, 'facilitator')
        }
      }
      await expect.poll(() => page.locator('.tl-shape[data-shape-type="gb-card"]').count()).toBe(5 * CARDS_PER_SECTION)
      // A fresh visit opens with the map fitted.
      await page.reload()
      await expect.poll(() => page.locator('.tl-shape[data-shape-type="gb-card"]').count()).toBe(5 * CARDS_PER_SECTION)
      await settled(page)
      await saveScreenshot(page, `laptop-layout-${lang}-fitted`)

      expect((await boxesOf(page, OUR_CONTROLS, 'control')).length).toBeGreaterThan(5)
      const covered = await coverable(page)
      expect(covered.filter((box) => box.what.startsWith('title'))).toHaveLength(5)
      expect(covered.filter((box) => box.what.startsWith('card'))).toHaveLength(5 * CARDS_PER_SECTION)
      expect(covered.filter((box) => box.what.startsWith('licence')).length).toBeGreaterThan(0)
      expect(await overlapsOf(page)).toEqual([])
      expect(await brokenButtonLabels(page)).toEqual([])
      expect(await cutTextLines(page, '.tl-shape[data-shape-type="gb-card"] .gb-card__text')).toEqual([])
      const fittedCards = await boxesOf(page, '.tl-shape[data-shape-type="gb-card"]', 'card')

      // The style panel waits for something to style; the author line reads at this zoom.
      expect(await page.locator('.tlui-style-panel').count()).toBe(0)
      const bylines = await screenFontSizes(page, '.gb-card .gb-byline__author')
      expect(bylines).toHaveLength(5 * CARDS_PER_SECTION)
      expect(Math.min(...bylines)).toBeGreaterThanOrEqual(12)

      // The facilitator's panel starts with inviting: the join QR code, the short address for
      // phones and the participant, viewer and stage links, four to copy; copying does not move
      // the row; a link box shows the link's start and selects it all; the snapshot's example
      // text shows whole.
      const info = (await (await facilitatorFetch(`${env.url}/api/boards/${boardId}`)).json()) as BoardAccessInfo
      await page.getByTestId('facilitate').click()
      const facilitation = page.getByTestId('facilitate-panel')
      // Open, the panel has its side: the map is fitted beside it, every title and card in view and uncovered.
      await facilitation.waitFor()
      await settled(page)
      await saveScreenshot(page, `laptop-layout-${lang}-facilitate-panel-map`)
      expect((await coverable(page)).filter((box) => !box.what.startsWith('licence'))).toHaveLength(5 + 5 * CARDS_PER_SECTION)
      expect(await overlapsOf(page)).toEqual([])
      expect(await brokenButtonLabels(page)).toEqual([])
      expect(await cutTextLines(page, '.tl-shape[data-shape-type="gb-card"] .gb-card__text')).toEqual([])
      const firstRegion = facilitation.locator('section').first()
      expect(await firstRegion.getAttribute('data-testid')).toBe('invite')
      expect(await firstRegion.getByRole('img', { name: info.links!.join }).count()).toBe(1)
      expect(await firstRegion.getByTestId('invite-address').getByRole('textbox').inputValue()).toBe(typed(info.joinCode!.url))
      // The short address shows whole (it is read out to the room).
      expect(await firstRegion.getByTestId('invite-address').getByRole('textbox').evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth)).toBe(true)
      const copyButtons = firstRegion.getByRole('button', { name: copy })
      expect(await copyButtons.count()).toBe(4)
      expect(await firstRegion.getByTestId('link-participant').getByRole('textbox').inputValue()).toBe(info.links!.participant)
      expect(await firstRegion.getByTestId('link-viewer').getByRole('textbox').inputValue()).toBe(info.links!.viewer)
      expect(await firstRegion.getByTestId('link-stage').getByRole('textbox').inputValue()).toBe(info.links!.stage)
      await saveScreenshot(page, `laptop-layout-${lang}-facilitate-panel`)
      const viewerRow = firstRegion.getByTestId('link-viewer')
      const before = { row: await viewerRow.boundingBox(), button: await viewerRow.getByRole('button', { name: copy }).boundingBox() }
      await viewerRow.getByRole('button', { name: copy }).click()
      await viewerRow.getByRole('button', { name: copied }).waitFor()
      expect({ row: await viewerRow.boundingBox(), button: await viewerRow.getByRole('button', { name: copied }).boundingBox() }).toEqual(before)
      const linkBox = firstRegion.getByTestId('link-participant').getByRole('textbox')
      await linkBox.click()
      expect(
        await linkBox.evaluate((input: HTMLInputElement) => ({ scrolled: input.scrollLeft, start: input.selectionStart, end: input.selectionEnd, length: input.value.length })),
      ).toEqual({ scrolled: 0, start: 0, end: info.links!.participant.length, length: info.links!.participant.length })
      const placeholder = await facilitation.getByTestId('snapshot-name').evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input)
        const context = document.createElement('canvas').getContext('2d')!
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
        return { text: context.measureText(input.placeholder).width, room }
      })
      expect(placeholder.text).toBeLessThanOrEqual(placeholder.room)
      await page.getByTestId('facilitate').click()
      // Closed again, the map has the room back: the cards are where the fitted view had them.
      await expect.poll(() => facilitation.count()).toBe(0)
      await settled(page)
      const refitted = await boxesOf(page, '.tl-shape[data-shape-type="gb-card"]', 'card')
      expect(refitted.map((box) => [box.left, box.top, box.right, box.bottom].map(Math.round))).toEqual(fittedCards.map((box) => [box.left, box.top, box.right, box.bottom].map(Math.round)))

      // The export dialog's buttons are ours, styled like the rest.
      await page.getByTestId('export-button').click()
      const dialogButtons = await page.locator('dialog[open] button').evaluateAll((buttons) => buttons.map((button) => button.className))
      expect(dialogButtons.length).toBeGreaterThan(5)
      expect(dialogButtons.filter((name) => !name.split(' ').includes('button'))).toEqual([])
      expect(await brokenButtonLabels(page)).toEqual([])
      // The file chooser speaks the page's language: our labelled button, the browser's own hidden.
      const fileInput = page.locator('dialog[open]').getByLabel(importLabel)
      expect(await fileInput.getAttribute('type')).toBe('file')
      expect((await fileInput.boundingBox())!.width).toBeLessThanOrEqual(1)
      expect(await page.locator('dialog[open] label', { hasText: importLabel }).evaluate((label) => label.getBoundingClientRect().width)).toBeGreaterThan(100)
      await saveScreenshot(page, `laptop-layout-${lang}-export-dialog`)
      await page.keyboard.press('Escape')

      // The stage, with the facilitator's laptop showing the whole map: far too small for the room,
      // so the stage shows it a section at a time, whole cards with text of 32 px or more in whole
      // lines under a title of 40 px or more, and turns the page.
      const stage = await openPage(env.browser, env.url, { locale, viewport: PROJECTOR })
      await stage.page.goto(info.links!.stage)
      await stage.page.locator('.tl-shape[data-shape-type="gb-card"] .gb-card__text').filter({ visible: true }).first().waitFor()
      const canvas = (await boxesOf(stage.page, '.gb-stage__canvas', 'canvas'))[0]!
      const panel = (await boxesOf(stage.page, '.gb-stage__panel', 'panel'))[0]!
      const pager = stage.page.getByTestId('stage-pager')
      /** The stage shows whole cards only, with large type in whole lines, and large section titles; returns the titles it shows. */
      const legibleFromAfar = async (cards: number) => {
        const onStage = (await boxesOf(stage.page, '.tl-shape[data-shape-type="gb-card"]', 'card')).filter((card) => intersects(card, canvas))
        expect(onStage.filter((card) => !inside(card, canvas))).toEqual([])
        expect(onStage).toHaveLength(cards)
        const textSizes = await screenFontSizes(stage.page, '.tl-shape[data-shape-type="gb-card"] .gb-card__text')
        expect(textSizes).toHaveLength(cards)
        expect(Math.min(...textSizes)).toBeGreaterThanOrEqual(32)
        expect(await cutTextLines(stage.page, '.tl-shape[data-shape-type="gb-card"] .gb-card__text')).toEqual([])
        const titles = (await boxesOf(stage.page, '.tl-shape[data-shape-type="frame"] .tl-frame-heading', 'title')).filter((title) => inside(title, canvas))
        expect(titles.length).toBeGreaterThan(0)
        expect(Math.min(...(await screenFontSizes(stage.page, '.tl-shape[data-shape-type="frame"] .tl-frame-label')))).toBeGreaterThanOrEqual(FAR_TYPE_PX)
        return titles.map((title) => title.what)
      }
      await expect.poll(() => pager.textContent(), { timeout: 10_000 }).toMatch(/^[1-5] \/ 5$/)
      await settled(stage.page)
      await saveScreenshot(stage.page, `laptop-layout-${lang}-stage-overview`)
      // With nothing else happening, the join code takes the panel's room: scanned from the seats.
      expect((await stage.page.locator('.gb-stage__qr').boundingBox())!.width).toBeGreaterThanOrEqual(320)
      const firstNumber = await pager.textContent()
      const firstPage = await legibleFromAfar(CARDS_PER_SECTION)
      // The stage might have turned the page while the checks ran: wait for one that is not the first.
      await expect.poll(async () => (await pager.textContent()) !== firstNumber, { timeout: 20_000 }).toBe(true)
      await settled(stage.page)
      await saveScreenshot(stage.page, `laptop-layout-${lang}-stage-overview-next`)
      const secondPage = await legibleFromAfar(CARDS_PER_SECTION)
      expect(secondPage).not.toEqual(firstPage)

      // The facilitator shows one section: the stage shows just that one.
      await page.locator('.tl-frame-heading', { hasText: showOnStage }).click()
      await page.keyboard.press('Shift+2')
      await expect.poll(() => pager.count()).toBe(0)
      await settled(stage.page)
      await saveScreenshot(page, `laptop-layout-${lang}-section`)
      expect(await legibleFromAfar(CARDS_PER_SECTION)).toEqual([expect.stringContaining(showOnStage)])

      // The section is shown whole in the stage's canvas: nothing of it under the side panel.
      const sectionShownWhole = async () => {
        const frame = await stage.page.evaluate((title) => {
          const heading = [...document.querySelectorAll('.tl-frame-heading')].find((element) => element.textContent?.includes(title))
          const r = heading?.closest('.tl-shape')?.getBoundingClientRect()
          return r ? { what: 'section', left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null
        }, showOnStage)
        expect(frame).not.toBeNull()
        expect(inside(frame!, canvas)).toBe(true)
        const sectionCards = (await boxesOf(stage.page, '.tl-shape[data-shape-type="gb-card"]', 'card')).filter((card) => intersects(card, frame!))
        expect(sectionCards).toHaveLength(CARDS_PER_SECTION)
        expect(sectionCards.filter((card) => !inside(card, canvas) || intersects(card, panel))).toEqual([])
      }
      await sectionShownWhole()

      // What is happening now, read from the back: the timer, who is here, an open voting round
      // with the dots each device has, a raised hand; under the QR code, the address to type.
      writeTimer(writer.doc, startTimer(5 * 60_000, Date.now()))
      startRound(writer.doc, { id: `round-${lang}`, sections: sections.map((section) => section.id), dots: 3, hidden: false }, Date.now())
      await page.getByRole('button', { name: raiseHand }).click()
      await stage.page.getByTestId('hand').waitFor()
      await expect.poll(() => stage.page.getByTestId('stage-voting').textContent()).toBe(`${votingOpen}${dots}`)
      await stage.page.getByTestId('timer-time').waitFor()
      const farTexts = {
        timer: await screenFontSizes(stage.page, '[data-testid="stage"] [data-testid="timer-time"]'),
        counts: await screenFontSizes(stage.page, '[data-testid="stage-counts"]'),
        voting: await screenFontSizes(stage.page, '[data-testid="stage-voting"] > *'),
        hands: await screenFontSizes(stage.page, '[data-testid="stage"] [data-testid="hand"]'),
      }
      for (const [what, sizes] of Object.entries(farTexts)) {
        expect(sizes.length, what).toBeGreaterThan(0)
        expect(Math.min(...sizes), what).toBeGreaterThanOrEqual(FAR_TYPE_PX)
      }
      const address = stage.page.getByTestId('stage-join-address')
      expect(info.joinCode).not.toBeNull()
      expect(await address.textContent()).toBe(typed(info.joinCode!.url))
      expect(Math.min(...(await screenFontSizes(stage.page, '[data-testid="stage-join-address"]')))).toBeGreaterThanOrEqual(30)
      // The timer and the voting bar took room on the laptop: the section stays whole on both.
      await settled(stage.page)
      await saveScreenshot(page, `laptop-layout-${lang}-section-voting`)
      // The round's buttons on the laptop keep their labels on one line too.
      await page.getByTestId('vote-reveal').waitFor()
      expect(await brokenButtonLabels(page)).toEqual([])
      await saveScreenshot(stage.page, `laptop-layout-${lang}-stage-section`)
      await sectionShownWhole()
      // All of the panel on the screen, the address last.
      const panelParts = await boxesOf(stage.page, '.gb-stage__panel > *, [data-testid="stage-join-address"]', 'panel part')
      expect(panelParts.filter((part) => !inside(part, panel))).toEqual([])
      await stage.context.close()
      writer.destroy()

      // Closed: "Add card" is not offered, and says why.
      const closed = await facilitatorFetch(`${env.url}/api/boards/${boardId}/close`, { method: 'POST' })
      expect(closed.status).toBe(200)
      await expect.poll(() => page.locator('[data-testid="add-card"]').isDisabled(), { timeout: 10_000 }).toBe(true)
      await page.locator('[data-testid="add-card-blocked"]').waitFor()
      await saveScreenshot(page, `laptop-layout-${lang}-closed`)
      expect(await brokenButtonLabels(page)).toEqual([])
      await host.context.close()
    })

    it(`keeps the phone page's labels on one line at 360 px (${lang})`, async () => {
      const { id, links } = await createBoardWithLinks(env.url)
      const writer = await connectSynced(syncUrlOf(env.url), id)
      const section = 'shape:questions'
      putRecords(writer.doc, [sectionRecord(section, 'questions', 0)])
      for (const text of CARD_TEXTS) addCard(writer.doc, section, { text, anonymous: false }, { name: 'Carla', whereabouts: 'onsite', city: 'Chemnitz' }, 'facilitator')
      startRound(writer.doc, { id: `phone-round-${lang}`, sections: [section], dots: 3, hidden: false }, Date.now())
      writeTimer(writer.doc, startTimer(5 * 60_000, Date.now()))
      const phone = await openPage(env.browser, env.url, { locale, viewport: PHONE })
      await phone.page.goto(links.participant.replace(`/b/${id}`, `/b/${id}/capture`))
      await answerProfile(phone.page, { name: 'Piotr', where: onSite, city: 'Łódź' })
      await expect.poll(() => phone.page.getByTestId('vote-add').count()).toBe(CARDS_PER_SECTION)
      await saveScreenshot(phone.page, `phone-layout-${lang}`)
      expect(await brokenButtonLabels(phone.page)).toEqual([])
      // Nothing wider than the phone.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
      await phone.context.close()
      writer.destroy()
    })
  }
})
