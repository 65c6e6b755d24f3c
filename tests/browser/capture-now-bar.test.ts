/**
 * The phone page's "what is happening now" bar stays compact (issue 12): with a voting round open
 * (dots left) and the timer running, at 360×740 in German and English, it takes at most two lines
 * and leaves the page in sight. Measured by geometry in real Chromium against a real server:
 * the bar's height; at the top of the page, the card form's text field above the fold; scrolled
 * to the board's cards, the first card wholly in view below the sticky bar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeMeeting } from '../../shared/model/meeting'
import { startTimer, writeTimer } from '../../shared/model/timer'
import { startRound } from '../../shared/model/voting'
import { openPage, saveScreenshot } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, syncUrlOf } from '../helpers/server'
import { connectClient, type SyncClient } from '../server/clients'
import { cardRecord, putRecords, sectionRecord } from '../server/roles-fixtures'

const PHONE = { width: 360, height: 740 }
/** Two lines of the bar's type with its padding and border. */
const MOST_BAR_PX = 64

describe('the phone page’s now bar', () => {
  let env: BrowserEnvironment
  const clients: SyncClient[] = []

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(async () => {
    for (const client of clients) client.destroy()
    await env?.close()
  })

  for (const [lang, locale] of [['de', 'de-DE'], ['en', 'en-US']] as const) {
    it(`takes at most two lines with a round open and the timer running (${lang})`, async () => {
      const board = await createBoardWithLinks(env.url)
      const facilitator = connectClient(syncUrlOf(env.url), board.id)
      clients.push(facilitator)
      await facilitator.synced()
      writeMeeting(facilitator.doc, { title: 'Parkbänke am Mühlteich', purpose: 'Wohin kommen die neuen Bänke?' })
      putRecords(facilitator.doc, [
        sectionRecord('shape:questions', 'questions', 0),
        sectionRecord('shape:ideas', 'ideas', 1000),
        cardRecord('shape:shade', 'shape:ideas', 'Bänke im Schatten der Linden'),
        // More cards below it, so that the page can scroll it to the top.
        ...Array.from({ length: 8 }, (_, i) => cardRecord(`shape:more-${i}`, 'shape:ideas', `Noch eine Bank, Nummer ${i + 1}`, 200 + i * 120)),
      ])
      startRound(facilitator.doc, { id: 'round-1', sections: ['shape:questions', 'shape:ideas'], dots: 3, hidden: false }, Date.now())
      writeTimer(facilitator.doc, startTimer(10 * 60_000, Date.now()))

      const { page } = await openPage(env.browser, env.url, { viewport: PHONE, locale })
      await page.goto(`${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
      await page.locator('#display-name').fill('Carla')
      await page.getByRole('radio', { name: /^(On site|Vor Ort)$/ }).check()
      await page.locator('#profile-city').fill('Leipzig')
      await page.getByRole('dialog').getByRole('button').last().click()
      await page.getByTestId('dots-left').waitFor()
      await page.getByTestId('timer-time').waitFor()

      const bar = page.getByTestId('capture-now')
      // Everything the bar said before is still there: the round's state, the dots left, the time.
      expect(await page.getByTestId('capture-round').textContent()).toMatch(lang === 'de' ? /Punktabstimmung läuft.*3 von 3/ : /Dot voting is open.*3 of 3/)
      const barBox = (await bar.boundingBox())!
      await saveScreenshot(page, `capture-now-bar-${lang}-top`)
      expect(barBox.height).toBeLessThanOrEqual(MOST_BAR_PX)
      const text = (await page.locator('.composer textarea').boundingBox())!
      expect(text.y + text.height).toBeLessThanOrEqual(PHONE.height)

      // Scrolled to the board's cards, the bar sticks at the top and the first card shows whole below it.
      const firstCard = page.getByText('Bänke im Schatten der Linden')
      await firstCard.evaluate((element) => element.scrollIntoView({ block: 'start' }))
      const [stuck, card] = [(await bar.boundingBox())!, (await firstCard.boundingBox())!]
      await saveScreenshot(page, `capture-now-bar-${lang}-cards`)
      expect(stuck.y).toBe(0)
      expect(stuck.height).toBeLessThanOrEqual(MOST_BAR_PX)
      expect(card.y).toBeGreaterThanOrEqual(stuck.y + stuck.height)
      expect(card.y + card.height).toBeLessThanOrEqual(PHONE.height)
    })
  }
})
