/**
 * One whole hybrid meeting (issue 12), played in real Chromium against a real server across the
 * four pages people use: the facilitator's German laptop (1280×800), the stage on a projector
 * (1920×1080), an on-site phone in English (360×740) that joins by typing the code the stage shows,
 * and a remote participant (1280×800). Each step keeps a screenshot (`meeting-NN-<step>`). The
 * details of each part have their focused tests (export, capture-participation, laptop-layout,
 * join-code, question-map); this one checks that they add up to a meeting, in its order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { CARD_TINTS } from '../../shared/model/section-style'
import { answerProfile, download, openPage, saveScreenshot, writeArtifact } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { pdfPageImages, pdfPageTexts } from '../helpers/pdf'
import { shareOfColour } from '../helpers/pixels'

const LAPTOP = { width: 1280, height: 800 }
const PROJECTOR = { width: 1920, height: 1080 }
const PHONE = { width: 360, height: 740 }

const TITLE = 'Straßenlabor Leipzig und Łódź'
const PURPOSE = 'Voneinander lernen, was bei Straßenexperimenten schiefging und warum.'
const CITIES = ['Leipzig', 'Łódź']
const PHONE_CARD = 'Who waters the planters in August?'
const REMOTE_CARD = 'How long did the permit take?'

/** Type read from the back of the room (the stage's own layout test asks the same of its panel). */
const FAR_TYPE_PX = 40

/** The page's rendered font size of the first element matching `selector`. */
const fontSize = (page: Page, selector: string) => page.locator(selector).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize))

describe('one whole hybrid meeting', () => {
  let env: BrowserEnvironment
  let laptop: Page
  let stage: Page
  let phone: Page
  let remote: Page
  const foreignRequests: string[][] = []
  /** The participant and stage links, as the facilitator's panel hands them out. */
  let links: { participant: string; stage: string }

  async function open(viewport: { width: number; height: number }, locale: string): Promise<Page> {
    const opened = await openPage(env.browser, env.url, { viewport, locale })
    foreignRequests.push(opened.foreignRequests)
    return opened.page
  }

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  it('the facilitator creates the meeting in German, joins and finds the invitation first in the panel', async () => {
    laptop = await open(LAPTOP, 'de-DE')
    await laptop.goto(env.url)
    await laptop.locator('#meeting-title').fill(TITLE)
    await laptop.locator('#meeting-purpose').fill(PURPOSE)
    await laptop.locator('#meeting-starts').fill('2026-06-12T14:00')
    await laptop.locator('#meeting-place').fill('Clara-Zetkin-Park')
    for (const city of CITIES) {
      await laptop.locator('#meeting-city').fill(city)
      await laptop.locator('#meeting-city').press('Enter')
    }
    await expect.poll(() => laptop.locator('.cities__item').allTextContents()).toEqual(CITIES.map((city) => expect.stringContaining(city)))
    await saveScreenshot(laptop, 'meeting-01-start-page')
    await laptop.getByRole('button', { name: 'Board anlegen' }).click()
    await laptop.waitForURL(/\/b\/[A-Za-z0-9_-]+#k=/)
    await answerProfile(laptop, { name: 'Anna', where: /^Vor Ort$/, city: 'Leipzig' })
    await laptop.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    await expect.poll(() => laptop.locator('.tl-shape[data-shape-type="frame"]').count(), { timeout: 15_000 }).toBe(5)

    await laptop.getByRole('button', { name: 'Moderieren' }).click()
    const invite = laptop.getByTestId('facilitate-panel').locator('section').first()
    expect(await invite.getAttribute('data-testid')).toBe('invite')
    const address = await invite.getByTestId('invite-address').getByRole('textbox').inputValue()
    expect(address).toMatch(/^127\.0\.0\.1:\d+\/j\/[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    links = {
      participant: await invite.getByTestId('link-participant').getByRole('textbox').inputValue(),
      stage: await invite.getByTestId('link-stage').getByRole('textbox').inputValue(),
    }
    await saveScreenshot(laptop, 'meeting-02-facilitator-panel')
  })

  it('the stage shows the QR code, the short address and the counts, readable from afar', async () => {
    stage = await open(PROJECTOR, 'de-DE')
    await stage.goto(links.stage)
    await stage.locator('[data-testid="stage"] .tl-canvas').waitFor()
    await stage.locator('.gb-stage__qr').waitFor()
    await stage.getByTestId('stage-join-address').filter({ hasText: /\/j\// }).waitFor()
    await expect.poll(() => stage.getByTestId('stage-counts').textContent()).toBe('1 vor Ort · 0 zugeschaltet')
    expect(await fontSize(stage, '[data-testid="stage-counts"]')).toBeGreaterThanOrEqual(FAR_TYPE_PX)
    await saveScreenshot(stage, 'meeting-03-stage')
  })

  it('a phone joins with the code from the stage and sends a question; a remote participant adds one', async () => {
    // The code as people read it off the projector: the last part of the address.
    const code = (await stage.getByTestId('stage-join-address').textContent())!.split('/').at(-1)!
    phone = await open(PHONE, 'en-US')
    await phone.goto(`${env.url}/j`)
    await phone.getByLabel('Join code').fill(code)
    await saveScreenshot(phone, 'meeting-04-phone-join-code')
    await phone.getByRole('button', { name: 'Join', exact: true }).click()
    await answerProfile(phone, { name: 'Carla', where: /^On site$/, city: 'Łódź' })
    await phone.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    // The template's sections are named in the language of the one who created the board.
    await phone.getByLabel('Section').selectOption({ label: 'Fragen' })
    await phone.getByLabel('Your card').fill(PHONE_CARD)
    await phone.getByRole('button', { name: 'Send card' }).click()
    await phone.getByTestId('board-card').filter({ hasText: PHONE_CARD }).filter({ hasText: 'Carla, Łódź' }).waitFor()
    await saveScreenshot(phone, 'meeting-05-phone-card-sent')

    remote = await open(LAPTOP, 'en-GB')
    await remote.goto(links.participant)
    await answerProfile(remote, { name: 'Ben', where: /^Remote$/, city: 'Leipzig' })
    await remote.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    await remote.getByTestId('add-card').click()
    const dialog = remote.getByRole('dialog')
    await dialog.getByLabel('Section').selectOption({ label: 'Fragen' })
    await dialog.getByLabel('Your card').fill(REMOTE_CARD)
    await dialog.getByRole('button', { name: 'Add card' }).click()
    await dialog.waitFor({ state: 'detached' })
    for (const page of [laptop, remote, stage]) {
      for (const text of [PHONE_CARD, REMOTE_CARD]) await page.locator('.tl-shape[data-shape-type="gb-card"]', { hasText: text }).waitFor({ state: 'attached' })
    }
    await phone.getByTestId('board-card').filter({ hasText: REMOTE_CARD }).waitFor()
    await saveScreenshot(remote, 'meeting-06-remote-card-added')
  })

  it('counts everyone where they are; a timer and a dot vote reach the phone and the stage; a raised hand shows', async () => {
    await expect.poll(() => laptop.getByTestId('participants-button').textContent()).toBe('2 vor Ort · 1 zugeschaltet')
    await expect.poll(() => stage.getByTestId('stage-counts').textContent()).toBe('2 vor Ort · 1 zugeschaltet')

    const panel = laptop.getByTestId('facilitate-panel')
    await panel.getByTestId('timer-minutes').fill('5')
    await panel.getByTestId('timer-start').click()
    await panel.getByTestId('vote-start').click()
    await laptop.locator('[data-testid="voting-bar"][data-state="open"]').waitFor()
    await saveScreenshot(laptop, 'meeting-07-laptop-round-open')

    await phone.getByTestId('capture-round').filter({ hasText: 'Dot voting is open' }).waitFor()
    await phone.getByTestId('dots-left').filter({ hasText: '3 of 3 dots left' }).waitFor()
    await expect.poll(() => phone.getByTestId('timer-time').textContent()).toMatch(/^[45]:\d\d$/)
    await phone.getByTestId('board-card').filter({ hasText: REMOTE_CARD }).getByTestId('vote-add').click()
    await phone.getByTestId('dots-left').filter({ hasText: '2 of 3 dots left' }).waitFor()
    await phone.evaluate(() => scrollTo(0, 0))
    await saveScreenshot(phone, 'meeting-08-phone-voting')

    await stage.locator('[data-testid="stage-voting"][data-state="open"]').waitFor()
    await expect.poll(() => stage.getByTestId('timer-time').first().textContent()).toMatch(/^[45]:\d\d$/)
    await remote.getByTestId('raise-hand').click()
    await stage.getByTestId('hand-queue').getByTestId('hand').filter({ hasText: 'Ben' }).waitFor()
    await panel.getByTestId('hand-queue').getByTestId('hand').filter({ hasText: 'Ben' }).waitFor()
    await saveScreenshot(remote, 'meeting-09-remote-hand-raised')
    await saveScreenshot(stage, 'meeting-10-stage-round-and-hand')
  })

  it('the facilitator reveals and closes the meeting; the phone shows it closed; the PDF is the meeting’s record', async () => {
    await laptop.getByTestId('vote-reveal').click()
    await laptop.locator('[data-testid="voting-bar"][data-state="revealed"]').waitFor()
    await phone.getByTestId('capture-round').filter({ hasText: 'Voting results' }).waitFor()
    await saveScreenshot(laptop, 'meeting-11-laptop-revealed')

    await laptop.getByRole('button', { name: 'Moderieren' }).click()
    await laptop.getByTestId('export-button').click()
    const dialog = laptop.getByRole('dialog', { name: 'Protokoll und Export' })
    await dialog.getByRole('button', { name: 'Treffen abschließen…' }).click()
    await dialog.getByRole('button', { name: 'Treffen abschließen', exact: true }).click()
    await laptop.getByTestId('archive-notice').waitFor()

    await phone.getByTestId('capture-closed').filter({ hasText: 'This meeting is closed.' }).waitFor()
    expect(await phone.locator('.composer textarea').isDisabled()).toBe(true)
    expect(await phone.getByTestId('vote-add').count()).toBe(0)
    await phone.evaluate(() => scrollTo(0, 0))
    await saveScreenshot(phone, 'meeting-12-phone-closed')

    const pdf = await download(laptop, dialog.getByRole('button', { name: 'PDF mit Protokoll' }))
    writeArtifact('meeting-record.pdf', pdf.bytes)
    expect(pdf.name).toBe('strassenlabor-leipzig-und-lodz-2026-06-12-minutes-de.pdf')
    await saveScreenshot(laptop, 'meeting-13-laptop-closed-export')
    const pages = pdfPageTexts(pdf.bytes)
    const cover = pages[0]!.join(' ')
    expect(cover).toContain(TITLE)
    expect(cover).toContain('Łódź')
    expect(cover).toContain('3 Personen: 2 vor Ort, 1 aus der Ferne')
    // The Questions page shows its two cards in their colour (the other sections have none).
    const questionsPage = pages.findIndex((lines) => lines[0] === 'Fragen')
    const images = pdfPageImages(pdf.bytes)
    expect(images[questionsPage]).toHaveLength(1)
    expect(shareOfColour(images[questionsPage]![0]!, CARD_TINTS.questions)).toBeGreaterThan(0.02)
    const ideasPage = pages.findIndex((lines) => lines[0] === 'Ideen')
    expect(shareOfColour(images[ideasPage]![0]!, CARD_TINTS.questions)).toBe(0)
    expect(pages.flat().join(' ')).toContain(PHONE_CARD)

    expect(foreignRequests.flat()).toEqual([])
  })
})
