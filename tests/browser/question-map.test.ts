import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { openPage, saveScreenshot, seriousViolations } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'

const PURPOSE = 'Wir wollen voneinander lernen, was bei Straßenexperimenten schiefging und warum.'
const PHONE = { width: 360, height: 740 }

/** Answers the join dialog: name, on site or remote, city. */
async function join(page: Page, { name, where, city, submit }: { name: string; where: RegExp; city: string; submit: RegExp }) {
  await page.locator('#display-name').fill(name).catch(async (error: unknown) => {
    await saveScreenshot(page, 'debug-join')
    throw error
  })
  await page.getByRole('radio', { name: where }).check()
  await page.locator('#profile-city').fill(city)
  await page.getByRole('button', { name: submit }).click()
}

/** Picks the interface language from the board's "more" menu. */
async function switchLanguage(page: Page, menu: string, label: string, language: 'de' | 'en') {
  const select = page.getByRole('combobox', { name: label })
  if (!(await select.isVisible())) await page.getByRole('button', { name: menu }).click()
  await select.selectOption(language)
}

/** Where an element is once the camera has stopped moving (tldraw animates zooming). */
async function settledBox(locator: Locator) {
  let last = ''
  return expect
    .poll(async () => {
      const box = await locator.boundingBox()
      const key = JSON.stringify(box)
      const settled = box && key === last ? box : null
      last = key
      return settled
    }, { timeout: 10_000 })
    .not.toBeNull()
    .then(() => locator.boundingBox())
}

const cardOnCanvas = (page: Page, text: string) => page.locator('.tl-shape[data-shape-type="gb-card"] .gb-card', { hasText: text })

describe('a question map for a hybrid meeting', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  it('sets up a meeting, counts people on site and remote, takes cards from a phone, and reads back in the outline', async () => {
    // The facilitator prepares the meeting on the start page, in German (the browser's language).
    const host = await openPage(env.browser, env.url, { locale: 'de-DE' })
    await host.page.goto(env.url)
    await host.page.locator('#meeting-title').waitFor()
    expect(await seriousViolations(host.page)).toEqual([])
    await host.page.locator('#meeting-title').fill('Straßenlabor Leipzig, Dresden, Chemnitz')
    await host.page.locator('#meeting-purpose').fill(PURPOSE)
    await host.page.locator('#meeting-starts').fill('2026-06-12T14:00')
    await host.page.locator('#meeting-place').fill('Clara-Zetkin-Park')
    for (const city of ['Leipzig', 'Dresden', 'Chemnitz']) {
      await host.page.locator('#meeting-city').fill(city)
      await host.page.locator('#meeting-city').press('Enter')
    }
    await expect.poll(() => host.page.locator('.cities__item').count()).toBe(3)
    await saveScreenshot(host.page, 'question-map-start')
    await host.page.getByRole('button', { name: 'Board anlegen' }).click()

    // On the new board the facilitator joins as on site; the template is laid out once.
    await host.page.waitForURL(/\/b\/[A-Za-z0-9_-]+(#.*)?$/)
    const boardUrl = `${env.url}${new URL(host.page.url()).pathname}`
    // The link's token (the creator's: the facilitator link) opens the board for the others too.
    const token = new URL(host.page.url()).hash
    await join(host.page, { name: 'Anna', where: /^Vor Ort$/, city: 'Leipzig', submit: /Board betreten/ })
    await host.page.locator('.tl-canvas').waitFor()
    await host.page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    await expect.poll(() => host.page.locator('.tl-shape[data-shape-type="frame"]').count()).toBe(5)
    await expect.poll(() => host.page.locator('[data-testid="purpose-banner"]').textContent()).toContain(PURPOSE)
    await host.page.locator('[data-testid="purpose-shape"]', { hasText: PURPOSE }).waitFor()

    // A reload of the creator's tab does not lay the template out a second time.
    await host.page.reload()
    await host.page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    await expect.poll(() => host.page.locator('.tl-shape[data-shape-type="frame"]').count()).toBe(5)

    // A remote participant from another city joins, in English.
    const remote = await openPage(env.browser, env.url, { locale: 'en-GB' })
    await remote.page.goto(`${boardUrl}${token}`)
    await join(remote.page, { name: 'Ben', where: /^Remote$/, city: 'Dresden', submit: /Join the board/ })
    await remote.page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()

    const counts = host.page.locator('[data-testid="participants-button"]')
    await expect.poll(() => counts.textContent(), { timeout: 10_000 }).toBe('1 vor Ort · 1 zugeschaltet')
    await counts.click()
    const panel = host.page.locator('[data-testid="participants-panel"]')
    await panel.locator('[data-testid="participant"]', { hasText: 'Ben' }).filter({ hasText: 'Dresden' }).waitFor()

    // The interface language switches to English and back.
    await switchLanguage(host.page, 'Einstellungen', 'Sprache', 'en')
    await expect.poll(() => panel.locator('[data-testid="participant-counts"]').textContent()).toBe('1 on site · 1 remote')
    await host.page.getByRole('heading', { name: 'Who is here' }).waitFor()
    await saveScreenshot(host.page, 'question-map-board-english')
    await switchLanguage(host.page, 'Settings', 'Language', 'de')
    await expect.poll(() => counts.textContent()).toBe('1 vor Ort · 1 zugeschaltet')
    await host.page.getByRole('heading', { name: 'Wer ist da' }).waitFor()
    await saveScreenshot(host.page, 'question-map-participants')

    // A phone scans the join code and sends a question from the capture page.
    const phone = await openPage(env.browser, env.url, { locale: 'de-DE', viewport: PHONE })
    await phone.page.goto(`${boardUrl}/capture${token}`)
    await join(phone.page, { name: 'Carla', where: /^Vor Ort$/, city: 'Chemnitz', submit: /Board betreten/ })
    await phone.page.getByRole('heading', { name: 'Straßenlabor Leipzig, Dresden, Chemnitz' }).waitFor()
    await phone.page.getByText(PURPOSE).waitFor()
    await phone.page.getByText('Clara-Zetkin-Park').waitFor()
    await phone.page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    expect(await seriousViolations(phone.page)).toEqual([])
    await phone.page.getByLabel('Bereich').selectOption({ label: 'Fragen' })
    await phone.page.getByLabel('Ihre Karte').fill('Wie habt ihr die Anwohner früh beteiligt?')
    await phone.page.getByRole('button', { name: 'Karte senden' }).click()
    await phone.page.locator('[data-testid="sent-card"]', { hasText: 'Wie habt ihr die Anwohner' }).filter({ hasText: 'gesendet' }).waitFor()
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await saveScreenshot(phone.page, 'question-map-capture')

    // It lands in the questions section on the board, with its author.
    const card = cardOnCanvas(host.page, 'Wie habt ihr die Anwohner früh beteiligt?')
    await card.waitFor({ state: 'attached', timeout: 10_000 })
    expect(await card.getAttribute('data-section')).toBe('questions')
    await expect.poll(() => card.textContent()).toContain('Carla, Chemnitz')
    await expect.poll(() => counts.textContent()).toBe('2 vor Ort · 1 zugeschaltet')

    // The outline lists it under its section; a card added there by keyboard lands on the board.
    await host.page.getByRole('button', { name: 'Gliederung' }).click()
    const outline = host.page.locator('[data-testid="outline"]')
    const questions = outline.locator('[data-testid="outline-section"][data-section="questions"]')
    await questions.locator('[data-testid="outline-card"]', { hasText: 'Wie habt ihr die Anwohner' }).filter({ hasText: 'Carla, Chemnitz' }).waitFor()
    await questions.getByRole('button', { name: 'Auf dem Board zeigen' }).click()
    await card.waitFor()
    await saveScreenshot(host.page, 'question-map-card')
    const ideas = outline.locator('[data-testid="outline-section"][data-section="ideas"]')
    await ideas.getByRole('button', { name: 'Karte zu Ideen hinzufügen' }).focus()
    await host.page.keyboard.press('Enter')
    await host.page.keyboard.type('Gemeinsame Begehung im Herbst')
    await ideas.getByRole('button', { name: 'Karte hinzufügen' }).focus()
    await host.page.keyboard.press('Enter')
    const idea = host.page.locator('.tl-shape[data-shape-type="gb-card"] .gb-card[data-section="ideas"]')
    await idea.waitFor({ state: 'attached' })
    expect(await idea.getAttribute('data-section')).toBe('ideas')
    await saveScreenshot(host.page, 'question-map-outline')

    // Its text is edited right on the canvas.
    await ideas.getByRole('button', { name: 'Auf dem Board zeigen' }).click()
    await idea.waitFor()
    const ideaBox = (await settledBox(idea))!
    await host.page.mouse.dblclick(ideaBox.x + ideaBox.width / 2, ideaBox.y + ideaBox.height / 2)
    await host.page.getByLabel('Text der Karte').fill('Gemeinsame Begehung im Frühling')
    await host.page.keyboard.press('Escape')
    await ideas.locator('[data-testid="outline-card"]', { hasText: 'Gemeinsame Begehung im Frühling' }).waitFor()
    expect(await seriousViolations(host.page)).toEqual([])

    // Offline on the phone: the card waits, the page says so, and it arrives once back online.
    await phone.context.setOffline(true)
    await phone.page.locator('[data-testid="capture-offline"]').waitFor()
    await phone.page.getByLabel('Bereich').selectOption({ label: 'Was hat nicht funktioniert' })
    await phone.page.getByLabel('Ihre Karte').fill('Die Beschilderung kam zu spät.')
    await phone.page.getByRole('button', { name: 'Karte senden' }).click()
    await phone.page.locator('[data-testid="sent-card"][data-queued="true"]', { hasText: 'wartet auf die Verbindung' }).waitFor()
    await saveScreenshot(phone.page, 'question-map-capture-offline')
    expect(await cardOnCanvas(host.page, 'Die Beschilderung kam zu spät.').count()).toBe(0)
    await phone.context.setOffline(false)
    await phone.page.locator('[data-testid="sent-card"][data-queued="false"]', { hasText: 'Die Beschilderung' }).waitFor({ timeout: 15_000 })
    const late = cardOnCanvas(host.page, 'Die Beschilderung kam zu spät.')
    await late.waitFor({ state: 'attached', timeout: 15_000 })
    expect(await late.getAttribute('data-section')).toBe('notWorked')
    // Back on the board's list of who is here right away, not only when its presence is next renewed.
    await expect.poll(() => counts.textContent(), { timeout: 5_000 }).toBe('2 vor Ort · 1 zugeschaltet')

    // The join code is there to be projected.
    await host.page.getByRole('button', { name: 'Beitritts-Code' }).click()
    await host.page.locator('[data-testid="join-code"] svg[role="img"]').waitFor()
    // It carries the participant link's token, not the facilitator's.
    const joinUrl = await host.page.locator('.join-code__url').textContent()
    expect(joinUrl).toMatch(new RegExp(`^${boardUrl}/capture#k=[A-Za-z0-9_-]+$`))
    expect(joinUrl).not.toContain(token)
    await saveScreenshot(host.page, 'question-map-join-code')

    await host.page.getByRole('button', { name: 'Schließen', exact: true }).click()

    // The facilitator clusters the two cards from the phone under a label.
    await host.page.getByRole('button', { name: 'Bereich schließen' }).click()
    await host.page.mouse.click(640, 320) // an empty spot of the canvas, to give it the keyboard
    await host.page.keyboard.press('Shift+1') // zoom to fit
    for (const [i, text] of ['Wie habt ihr die Anwohner früh beteiligt?', 'Die Beschilderung kam zu spät.'].entries()) {
      const box = await settledBox(cardOnCanvas(host.page, text))
      if (i > 0) await host.page.keyboard.down('Shift')
      await host.page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2)
      if (i > 0) await host.page.keyboard.up('Shift')
    }
    await host.page.getByRole('button', { name: '2 Karten gruppieren' }).click()
    await host.page.getByLabel('Bezeichnung der Gruppe').fill('Beteiligung')
    await host.page.getByRole('button', { name: 'Karten gruppieren', exact: true }).click()
    await host.page.getByRole('button', { name: 'Gliederung' }).click()
    const cluster = questions.locator('.gb-outline__cluster', { hasText: 'Gruppe: Beteiligung' })
    await expect.poll(() => cluster.locator('[data-testid="outline-card"]').count()).toBe(2)
    await saveScreenshot(host.page, 'question-map-cluster')

    // A new section, added by the facilitator, is a section for the outline and the capture page.
    await host.page.getByRole('button', { name: 'Einstellungen' }).click()
    await host.page.getByRole('button', { name: 'Bereich hinzufügen' }).click()
    await expect.poll(() => outline.locator('[data-testid="outline-section"]').count()).toBe(6)
    await phone.page.getByLabel('Bereich').locator('option', { hasText: 'Neuer Bereich' }).waitFor({ state: 'attached' })

    // The facilitator sharpens the purpose later; every view follows.
    await host.page.getByRole('button', { name: 'Einstellungen' }).click()
    await host.page.getByRole('button', { name: 'Treffen', exact: true }).click()
    await host.page.locator('#meeting-purpose').fill('Ehrlich teilen, was schiefging.')
    await host.page.getByRole('button', { name: 'Speichern' }).click()
    await expect.poll(() => host.page.locator('[data-testid="purpose-banner"]').textContent()).toContain('Ehrlich teilen, was schiefging.')
    await phone.page.getByText('Ehrlich teilen, was schiefging.').waitFor()

    // A commitment gets an owner, a city and a date.
    const commitments = outline.locator('[data-testid="outline-section"][data-section="commitments"]')
    await commitments.getByRole('button', { name: 'Karte zu Verabredungen hinzufügen' }).click()
    await commitments.getByLabel('Ihre Karte').fill('Leitfaden für Straßenexperimente teilen')
    await commitments.getByRole('button', { name: 'Karte hinzufügen' }).click()
    const commitment = commitments.locator('[data-testid="outline-card"]', { hasText: 'Leitfaden' })
    await commitment.getByRole('button', { name: 'Details der Verabredung' }).click()
    await host.page.getByLabel('Wer kümmert sich').fill('Ben')
    await host.page.getByLabel('Für welche Stadt oder Organisation').fill('Dresden')
    await host.page.getByLabel('Bis wann').fill('2026-07-01')
    await host.page.getByRole('button', { name: 'Speichern' }).click()
    await expect.poll(() => commitment.textContent()).toContain('Wer: Ben, Dresden · bis 1. Juli 2026')
    await expect.poll(() => cardOnCanvas(host.page, 'Leitfaden').textContent()).toContain('Wer: Ben, Dresden')

    expect(host.foreignRequests).toEqual([])
    expect(remote.foreignRequests).toEqual([])
    expect(phone.foreignRequests).toEqual([])
    await host.context.close()
    await remote.context.close()
    await phone.context.close()
  })
})
