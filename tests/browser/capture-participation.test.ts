/**
 * Taking full part from the phone page (issue 12 point 2), in real Chromium at 360×740 against a
 * real server, with the facilitator and another participant as Node clients: the page lists every
 * card of the board by section (also those written elsewhere), says what is happening now, places
 * and takes back dots in the votes map as the board does (and not more than the round gives),
 * raises a hand and reacts through presence, sends a camera photo resized and without its EXIF
 * data as a card with the image, and shows a closed meeting as closed before anyone types.
 * The sticky "what is happening now" bar stays compact: with a round open and the timer running,
 * at 360×740 in German and English, at most two lines (its height), the card form's text field
 * above the fold, and scrolled to the board's cards, the first card wholly in view below the bar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'
import { CARD_SHAPE_TYPE } from '../../shared/model/card'
import { writeMeeting } from '../../shared/model/meeting'
import { readRecords, type LogRecord } from '../../shared/model/record-log'
import { startTimer, writeTimer } from '../../shared/model/timer'
import { countVotes, parseVoteKey, startRound, votesMap } from '../../shared/model/voting'
import { CARD_PHOTO_META_KEY } from '../../client/question-map/card-photo'
import { openPage, saveScreenshot, seriousViolations } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { cameraPhoto, jpegSize, withExif } from '../helpers/jpeg'
import { createBoardWithLinks, facilitatorFetch, syncUrlOf, type CreatedBoard } from '../helpers/server'
import { connectClient, type SyncClient } from '../server/clients'
import { cardRecord, putRecords, sectionRecord } from '../server/roles-fixtures'
import { LINK_TOKEN_PARAM } from '../../shared/model/roles'

const PHONE = { width: 360, height: 740 }
/** Two lines of the now bar's type with its padding and border. */
const MOST_NOW_BAR_PX = 64

/** A record of the log as this test reads shapes and assets from it. */
type StoredRecord = LogRecord & { type?: string; typeName?: string; parentId?: string; props: Record<string, unknown>; meta: Record<string, unknown> }

describe('the phone page takes full part', () => {
  let env: BrowserEnvironment
  const clients: SyncClient[] = []

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(async () => {
    for (const client of clients) client.destroy()
    await env?.close()
  })

  /** A board with two sections and a card written by another participant's client. */
  async function boardWithCards(): Promise<{ board: CreatedBoard; facilitator: SyncClient }> {
    const board = await createBoardWithLinks(env.url)
    const facilitator = connectClient(syncUrlOf(env.url), board.id)
    clients.push(facilitator)
    await facilitator.synced()
    writeMeeting(facilitator.doc, { title: 'Park benches', purpose: 'Where do the new benches go?' })
    putRecords(facilitator.doc, [sectionRecord('shape:questions', 'questions', 0), sectionRecord('shape:ideas', 'ideas', 1000)])
    const other = connectClient(syncUrlOf(env.url), board.id, { params: { [LINK_TOKEN_PARAM]: board.tokens.participant } })
    clients.push(other)
    await other.synced()
    putRecords(other.doc, [cardRecord('shape:shade', 'shape:ideas', 'Benches in the shade of the lime trees')])
    await expect.poll(() => readRecords(facilitator.doc).has('shape:shade')).toBe(true)
    return { board, facilitator }
  }

  async function openPhone(board: CreatedBoard, locale = 'en-US'): Promise<Page> {
    const { page } = await openPage(env.browser, env.url, { viewport: PHONE, locale })
    await page.goto(`${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
    await page.locator('#display-name').fill('Carla')
    await page.getByRole('radio', { name: /^(On site|Vor Ort)$/ }).check()
    await page.locator('#profile-city').fill('Leipzig')
    await page.getByRole('dialog').getByRole('button').last().click()
    await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    return page
  }

  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  /** The controls (checkboxes and the hidden file input by their labels) lower than 44 px. */
  const smallTargets = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, select, textarea, label.choice, label.button, input[type="text"]')]
        .filter((element) => element.offsetParent !== null && element.getBoundingClientRect().height < 44)
        .map((element) => `${element.tagName} ${element.textContent?.trim().slice(0, 30) ?? ''} ${element.getBoundingClientRect().height}`),
    )

  it('lists cards written elsewhere, and places and takes back dots as the board does, within the limit', async () => {
    const { board, facilitator } = await boardWithCards()
    const phone = await openPhone(board)

    // A card another client wrote, in its section, with its author line.
    const shade = phone.getByTestId('board-card').filter({ hasText: 'Benches in the shade' })
    await shade.waitFor()
    expect(await shade.textContent()).toContain('Ada, Leipzig')
    const ideas = phone.getByTestId('capture-section').filter({ has: phone.getByRole('heading', { name: 'Ideas' }) })
    expect(await ideas.getByTestId('board-card').count()).toBe(1)
    await phone.getByTestId('capture-now').filter({ hasText: 'No vote and no timer running right now.' }).waitFor()

    // An anonymous card written on this phone shows as anonymous in the list.
    await phone.getByLabel('Section').selectOption({ label: 'Ideas' })
    await phone.getByLabel('Your card').fill('A bench for chess players')
    await phone.getByLabel('Post anonymously').check()
    await phone.getByRole('button', { name: 'Send card' }).click()
    const chess = phone.getByTestId('board-card').filter({ hasText: 'A bench for chess players' })
    await chess.waitFor()
    expect(await chess.textContent()).toContain('anonymous')
    expect(await chess.textContent()).not.toContain('Carla')

    // A round of two dots with hidden counts, and a timer.
    const round = startRound(facilitator.doc, { id: 'round1', sections: ['shape:ideas'], dots: 2, hidden: true }, Date.now())
    writeTimer(facilitator.doc, startTimer(5 * 60_000, Date.now()))
    await phone.getByTestId('capture-round').filter({ hasText: 'Dot voting is open' }).waitFor()
    await phone.getByTestId('dots-left').filter({ hasText: '2 of 2 dots left' }).waitFor()
    await phone.getByTestId('timer').waitFor()
    expect(await phone.getByTestId('capture-announcement').textContent()).toBe('Dot voting is open')
    expect(await phone.getByTestId('round-note').textContent()).toBe('Dots go on cards in: Ideas. Counts are hidden until the reveal.')
    await phone.evaluate(() => scrollTo(0, 0))
    await saveScreenshot(phone, 'capture-participation-round-open')

    // One dot on the shade card: one key of this device in the votes map, in a slot of the round.
    const shadeId = 'shape:shade'
    await shade.getByTestId('vote-add').click()
    await expect.poll(() => countVotes(facilitator.doc, round.id).get(shadeId) ?? 0).toBe(1)
    const keys = () => [...votesMap(facilitator.doc).keys()].map((key) => ({ key: parseVoteKey(key), card: votesMap(facilitator.doc).get(key) }))
    expect(keys()).toEqual([{ key: { roundId: 'round1', voterId: expect.stringMatching(/\S/), slot: expect.any(Number) }, card: shadeId }])
    expect(keys()[0]!.key!.slot).toBeLessThan(2)
    // Hidden counts: the phone shows its own dot, not the count.
    await shade.getByTestId('vote-mine').waitFor()
    expect(await shade.getByTestId('vote-count').count()).toBe(0)

    // The second dot uses the last one: every "Add a dot" is disabled.
    await shade.getByTestId('vote-add').click()
    await phone.getByTestId('dots-left').filter({ hasText: '0 of 2 dots left' }).waitFor()
    await expect.poll(() => countVotes(facilitator.doc, round.id).get(shadeId) ?? 0).toBe(2)
    for (const button of await phone.getByTestId('vote-add').all()) expect(await button.isDisabled()).toBe(true)
    await saveScreenshot(phone, 'capture-participation-no-dots-left')

    // Taking one back frees a dot and removes its key.
    await shade.getByTestId('vote-remove').click()
    await expect.poll(() => countVotes(facilitator.doc, round.id).get(shadeId) ?? 0).toBe(1)
    expect(votesMap(facilitator.doc).size).toBe(1)
    await phone.getByTestId('dots-left').filter({ hasText: '1 of 2 dots left' }).waitFor()
    expect(await chess.getByTestId('vote-add').isDisabled()).toBe(false)
    // Cards of sections outside the round take no dots.
    putRecords(facilitator.doc, [cardRecord('shape:who', 'shape:questions', 'Who pays for them?')])
    await phone.getByTestId('board-card').filter({ hasText: 'Who pays for them?' }).waitFor()
    expect(await phone.getByTestId('board-card').filter({ hasText: 'Who pays for them?' }).getByTestId('card-dots').count()).toBe(0)

    expect(await noHorizontalScroll(phone)).toBe(true)
    expect(await smallTargets(phone)).toEqual([])
    expect(await seriousViolations(phone)).toEqual([])
    await phone.context().close()
  })

  it('raises a hand and reacts through presence, seen by another client', async () => {
    const { board, facilitator } = await boardWithCards()
    const phone = await openPhone(board)
    const phoneState = () =>
      [...facilitator.provider.awareness.getStates().values()].find(
        (state) => (state[AWARENESS_FIELDS.profile] as { name?: string } | undefined)?.name === 'Carla',
      )

    await phone.getByTestId('raise-hand').click()
    await expect.poll(() => typeof (phoneState()?.[AWARENESS_FIELDS.hand] as { raisedAt?: unknown } | null)?.raisedAt).toBe('number')
    expect(await phone.getByTestId('raise-hand').getAttribute('aria-pressed')).toBe('true')
    await phone.getByRole('button', { name: 'Send “applause”' }).click()
    await expect.poll(() => (phoneState()?.[AWARENESS_FIELDS.reaction] as { emoji?: string } | null)?.emoji).toBe('👏')
    await saveScreenshot(phone, 'capture-participation-hand-raised')

    await phone.getByTestId('raise-hand').click()
    await expect.poll(() => phoneState()?.[AWARENESS_FIELDS.hand] ?? null).toBe(null)
    await phone.context().close()
  })

  it('sends a camera photo as a card with the image: resized on the phone, its EXIF location gone', async () => {
    const { board, facilitator } = await boardWithCards()
    const phone = await openPhone(board)

    // A 3000×2000 camera photo with an EXIF segment carrying a GPS position and a description.
    const photo = withExif(await cameraPhoto(phone), 'Secret spot near the pond')
    expect(Buffer.from(photo).includes('Exif\0\0')).toBe(true)

    await phone.getByLabel('Section').selectOption({ label: 'Ideas' })
    await phone.getByLabel('Your card').fill('The bench by the pond')
    await phone.getByLabel('Add a photo (optional)').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo) })
    await phone.getByRole('button', { name: 'Send card' }).click()

    // The card with its photo in the list, and on the server as the board reads it.
    const card = phone.getByTestId('board-card').filter({ hasText: 'The bench by the pond' })
    await card.locator('img').waitFor()
    await expect.poll(() => (card.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))).toBe(1600)
    await card.scrollIntoViewIfNeeded()
    await saveScreenshot(phone, 'capture-participation-photo-card')
    expect(await phone.getByLabel('Your card').inputValue()).toBe('')

    const records = () => readRecords<StoredRecord>(facilitator.doc)
    await expect.poll(() => [...records().values()].some((record) => record.type === CARD_SHAPE_TYPE && record.props.text === 'The bench by the pond')).toBe(true)
    const stored = [...records().values()].find((record) => record.props.text === 'The bench by the pond')!
    const image = records().get(stored.meta[CARD_PHOTO_META_KEY] as string)!
    expect(image).toMatchObject({ type: 'image', parentId: 'shape:ideas' })
    const asset = records().get(image.props.assetId as string)!
    expect(asset).toMatchObject({ typeName: 'asset', type: 'image', props: { w: 1600, h: 1067, mimeType: 'image/jpeg' } })

    const bytes = new Uint8Array(await (await fetch(`${env.url}${asset.props.src as string}`)).arrayBuffer())
    const text = Buffer.from(bytes)
    expect(text.includes('Exif')).toBe(false)
    expect(text.includes('Secret spot')).toBe(false)
    expect(jpegSize(bytes)).toEqual({ width: 1600, height: 1067 })
    await phone.context().close()
  })

  it('keeps the text when the photo cannot be sent, and says why', async () => {
    const { board } = await boardWithCards()
    const phone = await openPhone(board)
    await phone.route('**/assets', (route) => route.fulfill({ status: 413, contentType: 'application/json', body: JSON.stringify({ error: 'this board’s files would exceed its limit.' }) }))
    await phone.getByLabel('Section').selectOption({ label: 'Ideas' })
    await phone.getByLabel('Your card').fill('Photo of the broken bench')
    const png = await phone.evaluate(async () => {
      const canvas = new OffscreenCanvas(40, 30)
      canvas.getContext('2d')!.fillRect(0, 0, 40, 30)
      return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())]
    })
    await phone.getByLabel('Add a photo (optional)').setInputFiles({ name: 'bench.png', mimeType: 'image/png', buffer: Buffer.from(png) })
    await phone.getByRole('button', { name: 'Send card' }).click()
    await phone.getByTestId('card-not-added').filter({ hasText: 'The photo was not sent: this board’s files would exceed its limit.' }).waitFor()
    expect(await phone.getByLabel('Your card').inputValue()).toBe('Photo of the broken bench')
    await phone.getByText('A photo is attached.').waitFor()
    expect(await phone.getByTestId('sent-card').count()).toBe(0)
    await phone.context().close()
  })

  it('shows a closed meeting as closed before anyone types: the form disabled with the reason, no timer', async () => {
    const { board, facilitator } = await boardWithCards()
    writeTimer(facilitator.doc, startTimer(10 * 60_000, Date.now()))
    // A round left open when the meeting closed takes no dots from the phone.
    startRound(facilitator.doc, { id: 'left-open', sections: ['shape:ideas'], dots: 3, hidden: false }, Date.now())
    const closed = await facilitatorFetch(`${env.url}/api/boards/${board.id}/close`, { method: 'POST' })
    expect(closed.status).toBe(200)
    for (const [locale, reason, status] of [
      ['en-US', 'The meeting is closed: no more cards can be sent.', 'This meeting is closed.'],
      ['de-DE', 'Die Sitzung ist beendet: Es können keine Karten mehr gesendet werden.', 'Diese Sitzung ist beendet.'],
    ] as const) {
      const phone = await openPhone(board, locale)
      await phone.getByTestId('composer-closed').filter({ hasText: reason }).waitFor()
      await phone.getByTestId('capture-closed').filter({ hasText: status }).waitFor()
      expect(await phone.locator('.composer textarea').isDisabled()).toBe(true)
      expect(await phone.locator('.composer button[type="submit"]').isDisabled()).toBe(true)
      expect(await phone.getByTestId('timer').count()).toBe(0)
      expect(await phone.getByTestId('raise-hand').count()).toBe(0)
      // The cards stay readable, without dot buttons.
      await phone.getByTestId('board-card').filter({ hasText: 'Benches in the shade' }).waitFor()
      expect(await phone.getByTestId('vote-add').count()).toBe(0)
      expect(await noHorizontalScroll(phone)).toBe(true)
      await saveScreenshot(phone, `capture-participation-closed-${locale}`)
      expect(await seriousViolations(phone)).toEqual([])
      await phone.context().close()
    }
  })

  for (const [lang, locale] of [['de', 'de-DE'], ['en', 'en-US']] as const) {
    it(`keeps the now bar to two lines with a round open and the timer running (${lang})`, async () => {
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

      const page = await openPhone(board, locale)
      await page.getByTestId('dots-left').waitFor()
      await page.getByTestId('timer-time').waitFor()

      const bar = page.getByTestId('capture-now')
      // Everything the bar said before is still there: the round's state, the dots left, the time.
      expect(await page.getByTestId('capture-round').textContent()).toMatch(lang === 'de' ? /Punktabstimmung läuft.*3 von 3/ : /Dot voting is open.*3 of 3/)
      const barBox = (await bar.boundingBox())!
      await saveScreenshot(page, `capture-now-bar-${lang}-top`)
      expect(barBox.height).toBeLessThanOrEqual(MOST_NOW_BAR_PX)
      const text = (await page.locator('.composer textarea').boundingBox())!
      expect(text.y + text.height).toBeLessThanOrEqual(PHONE.height)

      // Scrolled to the board's cards, the bar sticks at the top and the first card shows whole below it.
      const firstCard = page.getByText('Bänke im Schatten der Linden')
      await firstCard.evaluate((element) => element.scrollIntoView({ block: 'start' }))
      const [stuck, card] = [(await bar.boundingBox())!, (await firstCard.boundingBox())!]
      await saveScreenshot(page, `capture-now-bar-${lang}-cards`)
      expect(stuck.y).toBe(0)
      expect(stuck.height).toBeLessThanOrEqual(MOST_NOW_BAR_PX)
      expect(card.y).toBeGreaterThanOrEqual(stuck.y + stuck.height)
      expect(card.y + card.height).toBeLessThanOrEqual(PHONE.height)
    })
  }
})
