/**
 * A meeting series in real Chromium against a real server (issue 13's browser test): meeting one
 * with questions, a revealed voting round and two commitments is closed; its facilitator starts a
 * series and plans the next meeting, which opens with the picked questions and a "Since last time"
 * section; between the meetings the owner of a commitment marks it done from a phone with the link
 * the series page made, with a note and a photo; meeting two shows it at once; the series page shows the status history,
 * and its search finds a card of meeting one, linked to it. The new pages are checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { tokenFromFragment } from '../../shared/model/roles'
import { openPage, saveScreenshot, seriousViolations } from '../helpers/browser'
import { cameraPhoto, jpegSize, withExif } from '../helpers/jpeg'
import { greyPng } from '../helpers/png'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import type { Board } from '../server/roles-fixtures'
import { call, meetingOne } from '../series/series-fixtures'

const LAPTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

let env: BrowserEnvironment
let one: Board
let laptop: Page
let phone: Page
let seriesLink: string
let ownerLink: string

beforeAll(async () => {
  env = await startBrowserEnvironment()
  one = await meetingOne(env.server)
  expect((await call(env.server, one.tokens.facilitator, `/api/boards/${one.id}/close`, { body: {} })).status).toBe(200)
}, 120_000)
afterAll(() => env?.close())

async function joinIfAsked(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog')
  await Promise.race([dialog.waitFor(), page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()])
  if (await dialog.isVisible()) {
    await page.locator('#display-name').fill(name)
    await page.getByRole('radio', { name: /^Remote$/ }).check()
    await dialog.locator('button[type="submit"]').click()
  }
  await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
}

const card = (page: Page, text: string) => page.locator('.tl-shape[data-shape-type="gb-card"]', { hasText: text })

describe('a meeting series', () => {
  it('the facilitator of the closed meeting starts a series and plans the next meeting with the ranked questions', async () => {
    laptop = (await openPage(env.browser, env.url, { viewport: LAPTOP })).page
    await laptop.goto(`${env.url}/b/${one.id}#k=${one.tokens.facilitator}`)
    await joinIfAsked(laptop, 'Anna')
    await laptop.getByRole('button', { name: 'Facilitate' }).click()
    const section = laptop.getByTestId('series-section')
    await section.getByTestId('start-series').click()
    await section.getByTestId('plan-next').click()
    const dialog = laptop.getByTestId('plan-next-dialog')
    // Ranked by the round: the street experiments (2 votes) above the benches (1); both got votes, so both are picked.
    const questions = dialog.locator('fieldset').first().locator('label')
    await expect.poll(() => questions.allTextContents()).toEqual([
      'Wie habt ihr die Straßenexperimente genehmigt bekommen? (2 votes)',
      'Who maintains the benches? (1 vote)',
      'What did it really cost? (0 votes)',
    ])
    expect(await questions.nth(0).locator('input').isChecked()).toBe(true)
    expect(await questions.nth(2).locator('input').isChecked()).toBe(false)
    await dialog.getByLabel('A shared tool library').check()
    await dialog.getByLabel('Title of the next meeting').fill('Stadtlabor Wiesbaden')
    await saveScreenshot(laptop, 'series-01-plan-next')
    expect(await seriousViolations(laptop)).toEqual([])
    await dialog.getByRole('button', { name: 'Create the next meeting' }).click()
    await laptop.waitForURL((url) => !url.pathname.includes(one.id) && /^\/b\//.test(url.pathname))
    await joinIfAsked(laptop, 'Anna')
  })

  it('meeting two opens with the picked questions and a "Since last time" section of both commitments', async () => {
    await laptop.locator('.tl-shape[data-shape-type="frame"]', { hasText: 'Since last time' }).waitFor({ state: 'attached', timeout: 15_000 })
    for (const text of ['Wie habt ihr die Straßenexperimente genehmigt bekommen?', 'Who maintains the benches?', 'A shared tool library', 'Send the permit template', 'Organise a site visit']) {
      await card(laptop, text).waitFor({ state: 'attached' })
    }
    expect(await card(laptop, 'What did it really cost?').count()).toBe(0)
    await saveScreenshot(laptop, 'series-02-meeting-two')
    const boardId = /^\/b\/([^/]+)/.exec(new URL(laptop.url()).pathname)![1]!
    const token = tokenFromFragment(new URL(laptop.url()).hash) ?? (await laptop.evaluate((id) => localStorage.getItem(`gatherboard.link.${id}`), boardId))!
    // Where a carried card comes from shows once it is large enough: the address shows one card close up.
    const showCard = async (cardId: string) => {
      await laptop.goto(`${env.url}/b/${boardId}#k=${token}&card=${encodeURIComponent(cardId)}`)
      await laptop.reload()
      await laptop.locator(`.tl-shape[data-shape-id="${cardId}"] [data-testid="carried-from"]`).waitFor({ timeout: 15_000 })
    }
    await showCard('shape:carried-q-benches')
    // Meeting, date (in the reader's way: this browser is American) and the author's city.
    expect(await card(laptop, 'Who maintains the benches?').getByTestId('carried-from').textContent()).toBe('From Stadtlabor Berlin, Jun 12, 2026, 2:00 PM, Berlin')
    expect(await card(laptop, 'Who maintains the benches?').getByRole('link').getAttribute('href')).toBe(`/b/${one.id}#card=shape%3Aq-benches`)
    await showCard('shape:since-c-report')
    await expect.poll(() => card(laptop, 'Send the permit template').getByTestId('carried-status').textContent()).toBe('open')
    await saveScreenshot(laptop, 'series-02b-carried-commitment')
    const found = (await (await call(env.server, token, `/api/boards/${boardId}/series`)).json()) as { series: { links: { manage: string } } }
    seriesLink = found.series.links.manage
  })

  it('the series page makes the owner’s link, and the owner marks the commitment done from a phone', async () => {
    const seriesPage = (await openPage(env.browser, env.url, { viewport: LAPTOP })).page
    await seriesPage.goto(seriesLink)
    await seriesPage.getByTestId('series-meetings').getByRole('link', { name: 'Stadtlabor Wiesbaden' }).waitFor()
    const permit = seriesPage.getByTestId('series-commitment').filter({ hasText: 'Send the permit template' })
    await permit.getByRole('button', { name: "Make the owner's link" }).click()
    ownerLink = await permit.getByTestId('owner-link').getByRole('textbox').inputValue()
    expect(ownerLink).toMatch(/\/c\/[A-Za-z0-9_-]{22}#k=/)
    await seriesPage.close()

    phone = (await openPage(env.browser, env.url, { viewport: PHONE, locale: 'de-DE' })).page
    await phone.goto(ownerLink)
    await phone.getByRole('heading', { name: 'Send the permit template' }).waitFor()
    expect(await phone.getByTestId('commitment-status').textContent()).toBe('offen')
    expect(await seriousViolations(phone)).toEqual([])
    // Every choice is a thumb's target: each status row and the language switch are 44 px high.
    const statusRows = await phone.locator('label:has(> input[type=radio])').all()
    expect(statusRows).toHaveLength(4)
    for (const target of [...statusRows, phone.getByLabel('Sprache')]) {
      expect((await target.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44)
    }
    await phone.getByRole('radio', { name: 'erledigt' }).check()
    await phone.getByLabel('Eine kurze Notiz (freiwillig)').fill('An alle drei Städte geschickt')
    await phone.getByLabel('Ein Foto (freiwillig)').setInputFiles({ name: 'vorlage.png', mimeType: 'image/png', buffer: Buffer.from(greyPng(40, 30)) })
    await phone.getByRole('button', { name: 'Melden' }).click()
    await phone.getByRole('status').filter({ hasText: 'Gespeichert: erledigt.' }).waitFor()
    expect(await phone.getByTestId('status-history').textContent()).toContain('erledigt – An alle drei Städte geschickt')
    // The photo is shown as the server stored it.
    const photo = phone.getByTestId('status-history').getByRole('img', { name: /^Foto, gemeldet am/ })
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([40, 30])
    await saveScreenshot(phone, 'series-03-owner-phone')
  })

  it('meeting two shows the commitment done as soon as the owner reported it', async () => {
    await expect.poll(() => card(laptop, 'Send the permit template').getByTestId('carried-status').textContent(), { timeout: 15_000 }).toBe('done – An alle drei Städte geschickt')
    expect(await card(laptop, 'Organise a site visit').getByTestId('carried-status').textContent()).toBe('open')
    await saveScreenshot(laptop, 'series-04-meeting-two-done')
  })

  it('the owner’s camera photo is resized on the phone and sent without its EXIF data, as the phone page does with a card’s; a file that is no photo is refused', async () => {
    // A file that is no photo is refused on the phone, and nothing is reported.
    const history = phone.getByTestId('status-history').locator('li')
    const reports = await history.count()
    await phone.getByLabel('Ein Foto (freiwillig)').setInputFiles({ name: 'kaputt.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('no photo at all') })
    await phone.getByRole('button', { name: 'Melden' }).click()
    await phone.getByRole('alert').filter({ hasText: 'Diese Datei lässt sich nicht als Foto lesen.' }).waitFor()
    expect(await history.count()).toBe(reports)

    // A 3000×2000 camera photo with an EXIF segment carrying a GPS position and a description.
    const photo = withExif(await cameraPhoto(phone), 'Geheimer Ort am Teich')
    await phone.getByLabel('Ein Foto (freiwillig)').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo) })
    await phone.getByRole('button', { name: 'Melden' }).click()
    const photos = phone.getByTestId('status-history').getByRole('img', { name: /^Foto, gemeldet am/ })
    await expect.poll(() => photos.count()).toBe(2)

    // Stored as the phone made it (the newest photo, last): 1600 px on the longest side (the
    // server does not scale), re-encoded without the EXIF segment.
    await expect.poll(() => photos.last().evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1600)
    const stored = Buffer.from(await (await fetch(new URL((await photos.last().getAttribute('src'))!, env.url))).arrayBuffer())
    expect(jpegSize(stored)).toEqual({ width: 1600, height: 1067 })
    expect(stored.includes('Exif')).toBe(false)
    expect(stored.includes('Geheimer Ort')).toBe(false)
    await saveScreenshot(phone, 'series-04b-owner-phone-camera-photo')
  })

  it('the series page shows the history by city, and its search finds a card of meeting one, linked to it', async () => {
    const page = (await openPage(env.browser, env.url, { viewport: LAPTOP })).page
    await page.goto(seriesLink)
    const commitments = page.getByTestId('series-commitments')
    await commitments.getByRole('heading', { name: 'Wiesbaden' }).waitFor()
    // The series took meeting one's spelling; the facilitator merges it into the city's own.
    await commitments.getByRole('heading', { name: 'Moenchengladbach' }).waitFor()
    await page.getByRole('group', { name: /Spellings of cities/ }).getByLabel(/^Moenchengladbach/).check()
    await page.getByLabel('Count them as').fill('Mönchengladbach')
    await page.getByRole('button', { name: 'Merge' }).click()
    await commitments.getByRole('heading', { name: 'Mönchengladbach' }).waitFor()
    const permit = commitments.getByTestId('series-commitment').filter({ hasText: 'Send the permit template' })
    expect(await permit.getByTestId('status-history').textContent()).toContain('done – An alle drei Städte geschickt')
    expect(await page.getByTestId('series-learned').textContent()).toContain('Parklets in der Bergmannstraße')
    await page.getByTestId('series-search-input').fill('Straßenexperiment')
    await page.getByTestId('series-search-input').press('Enter')
    const result = page.getByTestId('series-search-results').locator('li').first()
    await result.filter({ hasText: 'Wie habt ihr die Straßenexperimente genehmigt bekommen?' }).filter({ hasText: 'Stadtlabor Berlin' }).waitFor()
    // Carried into meeting two, the card is still found once: where it was written.
    expect(await page.getByTestId('series-search-results').locator('li').count()).toBe(1)
    const href = (await result.getByRole('link').getAttribute('href'))!
    expect(href).toContain(`/b/${one.id}#k=`)
    expect(href).toContain('&card=shape%3Aq-streets')
    await saveScreenshot(page, 'series-05-series-page')
    expect(await seriousViolations(page)).toEqual([])
    // The read link's holders see it in German, as clean.
    const read = (await (await call(env.server, tokenFromFragment(new URL(seriesLink).hash), `/api/series/${new URL(seriesLink).pathname.split('/')[2]}`)).json()) as { links: { read: string } }
    const german = (await openPage(env.browser, env.url, { viewport: PHONE, locale: 'de-DE' })).page
    await german.goto(read.links.read)
    await german.getByRole('heading', { name: 'Verabredungen nach Stadt' }).waitFor()
    expect(await german.getByTestId('series-learned').getByRole('heading', { name: 'Was funktioniert hat' }).count()).toBeGreaterThan(0)
    expect(await german.getByRole('button', { name: "Make the owner's link" }).count()).toBe(0)
    expect(await german.getByRole('heading', { name: 'Reihe verwalten' }).count()).toBe(0)
    await saveScreenshot(german, 'series-06-series-page-de-phone')
    expect(await seriousViolations(german)).toEqual([])
    // The keyboard reaches the search and its results.
    await page.getByTestId('series-search-input').focus()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Search')
  })
})
