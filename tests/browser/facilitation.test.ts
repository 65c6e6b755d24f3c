/**
 * Facilitation in real Chromium against a real server: the facilitator's laptop, the projected
 * stage and a remote participant. The stage opens with a link of its own (not the facilitator's)
 * and shows the board and the join code; it follows the facilitator's pan and zoom; the timer
 * shows the same remaining time on both; a raised hand reaches the facilitator and the stage; a
 * dot-voting round with hidden counts is revealed and ranks the outline as voted, the facilitator
 * being told that dots count per device and how many devices voted against how many people are
 * present (two more browsers voting show as more devices than people); a locked section
 * keeps a participant's drag from changing it and says why, a card added there is not written and
 * the participant is told why, and a card the server refuses there (written offline, before the
 * lock was known) is explained and dropped by reloading the board from the server; a board
 * address without a valid link, or with one the facilitator renewed, asks for a link. The
 * facilitator renews the stage link from the panel (the projector is then asked for a link), an
 * old stage bookmark with the facilitator's token still opens the stage without taking over the
 * board tab's token, and a snapshot's preview loads without a token in its address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'
import { readLocks } from '../../shared/model/locks'
import { readRecords } from '../../shared/model/record-log'
import { LINK_TOKEN_PARAM, VOTER_KEY_HEADER, VOTER_KEY_PARAM, tokenFromFragment, type BoardAccessInfo } from '../../shared/model/roles'
import { currentRound, placeDot, takeDot } from '../../shared/model/voting'
import { slotOrigin } from '../../shared/model/slot-grid'
import { templateSectionId } from '../../shared/model/template'
import { openPage, saveScreenshot, seriousViolations, waitUntilStill } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, facilitatorFetch, rememberFacilitatorLink, syncUrlOf } from '../helpers/server'
import { connectClient, type SyncClient } from '../server/clients'
import { cardRecord, putRecords, recordOf } from '../server/roles-fixtures'

const PURPOSE = 'Learn from each other what went wrong with street experiments.'
const CARDS = {
  'shape:card-benches': 'Who maintains the benches?',
  'shape:card-neighbours': 'How did you involve the neighbours?',
  'shape:card-permits': 'Which permits did you need?',
} as const

async function join(page: Page, name: string, where: RegExp) {
  await page.locator('#display-name').fill(name)
  await page.getByRole('radio', { name: where }).check()
  await page.getByRole('button', { name: /join the board/i }).click()
  await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
}

type Box = { x: number; y: number; width: number; height: number }

async function boxOf(page: Page, selector: string): Promise<Box | null> {
  return page.locator(selector).first().boundingBox()
}

/** Screen pixels the facilitator's controls cover at each edge of their canvas, as their presence says. */
type Insets = { top: number; right: number; bottom: number; left: number }

function facilitatorInsets(client: SyncClient): Insets | null {
  for (const state of client.provider.awareness.getStates().values()) {
    const insets = state[AWARENESS_FIELDS.viewInsets] as Insets | null | undefined
    if (insets) return insets
  }
  return null
}

/**
 * How far the stage is from showing what the facilitator sees: the part of the facilitator's
 * canvas their controls leave free, fitted into the stage's canvas. Measured on one card: where
 * the facilitator sees it, scaled by the ratio of the free area to the stage's canvas, is where the
 * stage must show it (in pixels; Infinity while not shown).
 */
async function stageMismatch(host: Page, stage: Page, card: string, insets: Insets | null): Promise<number> {
  const selector = `.tl-shape[data-shape-id="${card}"]`
  const [hostCanvas, hostCard, stageCanvas, stageCard] = await Promise.all([
    boxOf(host, '.tl-canvas'),
    boxOf(host, selector),
    boxOf(stage, '.tl-canvas'),
    boxOf(stage, selector),
  ])
  if (!insets || !hostCanvas || !hostCard || !stageCanvas || !stageCard) return Infinity
  const free = {
    x: hostCanvas.x + insets.left,
    y: hostCanvas.y + insets.top,
    width: hostCanvas.width - insets.left - insets.right,
    height: hostCanvas.height - insets.top - insets.bottom,
  }
  const ratio = Math.min(stageCanvas.width / free.width, stageCanvas.height / free.height)
  const centre = (box: Box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 })
  const [hc, hk, sc, sk] = [centre(free), centre(hostCard), centre(stageCanvas), centre(stageCard)]
  return Math.max(
    Math.abs(sc.x + (hk.x - hc.x) * ratio - sk.x),
    Math.abs(sc.y + (hk.y - hc.y) * ratio - sk.y),
    Math.abs(hostCard.width * ratio - stageCard.width),
  )
}

const timerText = (page: Page) => page.locator('[data-testid="timer-time"]').first().textContent()

describe('facilitating a hybrid meeting', () => {
  let env: BrowserEnvironment
  let seeder: SyncClient | null = null

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(async () => {
    seeder?.destroy()
    await env?.close()
  })

  it('steers the stage, the timer, raised hands and a voting round from the facilitator’s laptop', async () => {
    // The facilitator creates the board on the start page and joins it.
    const host = await openPage(env.browser, env.url)
    await host.page.goto(env.url)
    await host.page.locator('#meeting-title').fill('Street lab exchange')
    await host.page.locator('#meeting-purpose').fill(PURPOSE)
    await host.page.getByRole('button', { name: /create board/i }).click()
    await host.page.waitForURL(/\/b\/[A-Za-z0-9_-]+#k=/)
    const boardId = rememberFacilitatorLink(host.page.url())
    await join(host.page, 'Anna', /^On site$/)
    await expect.poll(() => host.page.locator('.tl-shape[data-shape-type="frame"]').count(), { timeout: 15_000 }).toBe(5)

    // Three questions arrive (as from phones), and the links come from the API.
    seeder = connectClient(syncUrlOf(env.url), boardId)
    await seeder.synced()
    const questions = templateSectionId('questions')
    putRecords(
      seeder.doc,
      Object.entries(CARDS).map(([id, text], i) => ({ ...cardRecord(id, questions, text), ...slotOrigin({ col: i, row: 0 }) })),
    )
    await expect.poll(() => host.page.locator('.tl-shape[data-shape-type="gb-card"]').count(), { timeout: 15_000 }).toBe(3)
    const { links } = (await (await facilitatorFetch(`${env.url}/api/boards/${boardId}`)).json()) as BoardAccessInfo
    expect(recordOf(seeder.doc, 'shape:card-benches')).toBeDefined()

    // The stage is opened on the projecting machine, with the stage's own link: it shows the
    // board and the join code for phones; a remote participant joins.
    const stageToken = new URL(links!.stage).hash.replace('#k=', '')
    expect(stageToken).not.toBe(new URL(links!.facilitator).hash.replace('#k=', ''))
    expect(new URL(links!.stage).pathname).toBe(`/b/${boardId}/stage`)
    const stage = await openPage(env.browser, env.url)
    await stage.page.goto(links!.stage)
    await stage.page.locator('[data-testid="stage"] .tl-canvas').waitFor()
    await expect.poll(() => stage.page.locator('[data-testid="stage"] .tl-shape[data-shape-type="gb-card"]').count(), { timeout: 15_000 }).toBe(3)
    await stage.page.getByRole('img', { name: `QR code for ${links!.join}` }).waitFor()
    expect(await stage.page.locator('.gb-stage__title').textContent()).toBe('Street lab exchange')
    const guest = await openPage(env.browser, env.url)
    await guest.page.goto(links!.participant)
    await join(guest.page, 'Ben', /^Remote$/)
    await expect.poll(() => stage.page.getByTestId('stage-counts').textContent(), { timeout: 10_000 }).toBe('1 on site · 1 remote')

    // The whole map, as the laptop opens with it, is too small for the room: the stage shows it a
    // section at a time. The facilitator shows a card, and moves on from there: the stage follows
    // their pan and zoom.
    await stage.page.getByTestId('stage-pager').waitFor()
    const card = 'shape:card-benches'
    const cardBox = (await boxOf(host.page, `.tl-shape[data-shape-id="${card}"]`))!
    await host.page.mouse.click(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2)
    await host.page.keyboard.press('Shift+2')
    await host.page.keyboard.press('Escape')
    await expect.poll(() => stage.page.getByTestId('stage-pager').count()).toBe(0)
    await waitUntilStill(host.page, `.tl-shape[data-shape-id="${card}"]`)
    await host.page.mouse.move(640, 420)
    await host.page.mouse.wheel(-40, -20)
    await expect.poll(() => stageMismatch(host.page, stage.page, card, facilitatorInsets(seeder!)), { timeout: 15_000 }).toBeLessThan(3)
    const hostCardBefore = await boxOf(host.page, `.tl-shape[data-shape-id="${card}"]`)
    await host.page.mouse.move(640, 420)
    // The map opens fitted beside the rails, the card near the left edge: pan it inwards, not off the screen.
    await host.page.mouse.wheel(-120, -80)
    await host.page.keyboard.down('Control')
    await host.page.mouse.wheel(0, -150)
    await host.page.keyboard.up('Control')
    await expect.poll(async () => (await boxOf(host.page, `.tl-shape[data-shape-id="${card}"]`))?.width).not.toBe(hostCardBefore!.width)
    await expect.poll(() => stageMismatch(host.page, stage.page, card, facilitatorInsets(seeder!)), { timeout: 15_000 }).toBeLessThan(3)

    // The facilitator switches the stage to daylight from the laptop. The panel hands out the
    // stage link, never the facilitator's own, and opens the stage with it.
    await host.page.getByTestId('facilitate').click()
    const panel = host.page.getByTestId('facilitate-panel')
    expect(await panel.getByTestId('open-stage').getAttribute('href')).toBe(links!.stage)
    expect(await panel.getByTestId('link-stage').getByRole('textbox').inputValue()).toBe(links!.stage)
    await panel.getByTestId('stage-daylight').check()
    await stage.page.locator('[data-testid="stage"][data-theme="daylight"]').waitFor()

    // Timer: the same remaining time on the laptop and on the stage.
    await panel.getByTestId('timer-minutes').fill('5')
    await panel.getByTestId('timer-start').click()
    await expect.poll(() => timerText(stage.page), { timeout: 10_000 }).toMatch(/^[45]:\d\d$/)
    const endsAt = await host.page.getByTestId('timer').first().getAttribute('data-ends-at')
    expect(await stage.page.getByTestId('timer').first().getAttribute('data-ends-at')).toBe(endsAt)
    // Read side by side until both pages are inside the same second (a read may straddle a tick).
    await expect
      .poll(async () => {
        const [onLaptop, onStage] = await Promise.all([timerText(host.page), timerText(stage.page)])
        return onLaptop === onStage ? onLaptop : `${onLaptop} ≠ ${onStage}`
      })
      .toMatch(/^[45]:\d\d$/)

    // A raised hand reaches the facilitator and the stage.
    await guest.page.getByTestId('raise-hand').click()
    await panel.getByTestId('hand-queue').getByTestId('hand').filter({ hasText: 'Ben' }).waitFor()
    await stage.page.getByTestId('hand-queue').getByTestId('hand').filter({ hasText: 'Ben' }).waitFor()

    // "Follow me": the participant follows, and steps out with Escape.
    await panel.getByTestId('follow-me').click()
    await guest.page.getByTestId('following').waitFor()
    await guest.page.keyboard.press('Escape')
    await expect.poll(() => guest.page.getByTestId('following').count()).toBe(0)

    // A voting round on the questions, counts hidden until the reveal.
    await panel.getByTestId('vote-start').click()
    await guest.page.locator('[data-testid="voting-bar"][data-state="open"]').waitFor()
    await expect.poll(() => guest.page.getByTestId('dots-left').textContent()).toBe('3 of 3 dots left')
    await guest.page.getByRole('button', { name: 'Outline', exact: true }).click()
    const outlineCard = (page: Page, text: string) => page.getByTestId('outline-card').filter({ hasText: text })
    const neighbours = outlineCard(guest.page, CARDS['shape:card-neighbours'])
    await neighbours.getByTestId('vote-add').click()
    await neighbours.getByTestId('vote-add').click()
    await outlineCard(guest.page, CARDS['shape:card-permits']).getByTestId('vote-add').click()
    await expect.poll(() => guest.page.getByTestId('dots-left').textContent()).toBe('0 of 3 dots left')
    // The facilitator is told that dots count per device, and sees devices that voted against people present.
    expect(await panel.getByTestId('vote-per-device').textContent()).toContain('counted per device')
    expect(await panel.getByTestId('vote-dots').getAttribute('aria-describedby')).toBe('gb-vote-per-device')
    await expect.poll(() => panel.getByTestId('vote-turnout').textContent()).toBe('1 device has voted · 2 people present')
    expect(await panel.getByTestId('vote-mismatch').count()).toBe(0)
    // Two more browsers on the participant's link vote without joining: more devices than people.
    const participantToken = tokenFromFragment(new URL(links!.participant).hash)!
    const others = await Promise.all(
      ['other-browser-key-0123456789a', 'third-browser-key-0123456789a'].map(async (key) => {
        const client = connectClient(syncUrlOf(env.url), boardId, { params: { [LINK_TOKEN_PARAM]: participantToken, [VOTER_KEY_PARAM]: key } })
        await client.synced()
        const access = await fetch(`${env.url}/api/boards/${boardId}`, { headers: { Authorization: `Bearer ${participantToken}`, [VOTER_KEY_HEADER]: key } })
        return { client, voterId: ((await access.json()) as BoardAccessInfo).voterId! }
      }),
    )
    for (const { client, voterId } of others) expect(placeDot(client.doc, currentRound(client.doc)!, voterId, 'shape:card-benches')).toBe(true)
    await expect.poll(() => panel.getByTestId('vote-turnout').textContent()).toBe('3 devices have voted · 2 people present')
    expect(await panel.getByTestId('vote-mismatch').textContent()).toContain('More devices have voted than people are present')
    expect(await seriousViolations(host.page)).toEqual([])
    for (const { client, voterId } of others) expect(takeDot(client.doc, currentRound(client.doc)!, voterId, 'shape:card-benches')).toBe(true)
    await expect.poll(() => panel.getByTestId('vote-turnout').textContent()).toBe('1 device has voted · 2 people present')
    expect(await panel.getByTestId('vote-mismatch').count()).toBe(0)
    for (const { client } of others) client.destroy()
    // Hidden: the facilitator sees no counts yet.
    await host.page.getByRole('button', { name: 'Outline', exact: true }).click()
    await outlineCard(host.page, CARDS['shape:card-benches']).waitFor()
    expect(await host.page.getByTestId('outline').getByTestId('vote-count').count()).toBe(0)

    await host.page.getByTestId('vote-reveal').click()
    const ranked = host.page.locator('[data-testid="outline-section"][data-section="questions"] [data-testid="outline-card"]')
    await expect
      .poll(async () => (await ranked.allTextContents()).map((text) => Object.values(CARDS).find((card) => text.includes(card))))
      .toEqual([CARDS['shape:card-neighbours'], CARDS['shape:card-permits'], CARDS['shape:card-benches']])
    expect(await outlineCard(host.page, CARDS['shape:card-neighbours']).getByTestId('vote-count').textContent()).toBe('2 dots')
    await guest.page.locator('[data-testid="voting-bar"][data-state="revealed"]').waitFor()

    // The facilitator locks the questions: the participant's drag of a card there is undone, with the reason.
    await panel.getByTestId('lock-section').first().check()
    await guest.page.getByTestId('section-lock').waitFor()
    await outlineCard(guest.page, CARDS['shape:card-benches']).getByRole('button', { name: 'Show on the board' }).click()
    await guest.page.getByTestId('outline').getByRole('button', { name: 'Close panel' }).click()
    const lockedCard = guest.page.locator('.tl-shape[data-shape-id="shape:card-benches"]')
    await waitUntilStill(guest.page, '.tl-shape[data-shape-id="shape:card-benches"]')
    const before = (await lockedCard.boundingBox())!
    await guest.page.mouse.move(before.x + before.width / 2, before.y + before.height / 2)
    await guest.page.mouse.down()
    await guest.page.mouse.move(before.x + before.width / 2 + 160, before.y + before.height / 2 + 90, { steps: 6 })
    await guest.page.mouse.up()
    await guest.page.getByTestId('facilitation-notice').filter({ hasText: 'locked this section' }).waitFor()
    expect(await lockedCard.boundingBox()).toEqual(before)
    expect(recordOf(seeder.doc, 'shape:card-benches')).toMatchObject(slotOrigin({ col: 0, row: 0 }))

    // A card written into the locked section from the outline is not added: the participant is
    // told why on the spot and keeps the text; nothing reaches the server.
    await guest.page.getByRole('button', { name: 'Outline', exact: true }).click()
    const outlineSection = (kind: string) => guest.page.locator(`[data-testid="outline-section"][data-section="${kind}"]`)
    await guest.page.getByRole('button', { name: 'Add a card to Questions' }).click()
    await outlineSection('questions').getByLabel('Your card').fill('Too late for the questions')
    await outlineSection('questions').getByRole('button', { name: /add card/i }).click()
    await outlineSection('questions').getByTestId('card-not-added').filter({ hasText: 'The facilitator has locked this section: your card was not added.' }).waitFor()
    expect(await outlineSection('questions').getByLabel('Your card').inputValue()).toBe('Too late for the questions')
    expect(await guest.page.locator('.tl-shape[data-shape-type="gb-card"]').count()).toBe(3)

    // A lock this device has not heard of yet: a card written offline reaches the server, which
    // refuses it; the participant is told why and the board loads again from the server, without it.
    await guest.context.setOffline(true)
    await guest.page.locator('[data-testid="sync-status"][data-state="offline"]').waitFor()
    await panel.getByRole('checkbox', { name: 'Lock “Ideas”' }).check()
    await expect.poll(() => readLocks(seeder!.doc).sections.has(templateSectionId('ideas'))).toBe(true)
    await guest.page.getByRole('button', { name: 'Add a card to Ideas' }).click()
    await outlineSection('ideas').getByLabel('Your card').fill('Written on the train')
    await outlineSection('ideas').getByRole('button', { name: /add card/i }).click()
    await expect.poll(() => guest.page.locator('.tl-shape[data-shape-type="gb-card"]').count()).toBe(4)
    await guest.context.setOffline(false)
    await guest.page.getByTestId('facilitation-notice').filter({ hasText: 'The facilitator has locked this section.' }).waitFor({ timeout: 15_000 })
    await guest.page.getByTestId('facilitation-notice').filter({ hasText: 'Your last change was not saved' }).waitFor({ timeout: 15_000 })
    await guest.page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    await expect.poll(() => guest.page.locator('.tl-shape[data-shape-type="gb-card"]').count()).toBe(3)
    const onServer = JSON.stringify([...readRecords(seeder.doc).values()])
    expect([onServer.includes('Too late'), onServer.includes('on the train')]).toEqual([false, false])

    // Without a valid link the board asks for one; renewing the viewer link sends its viewers there too.
    const stranger = await openPage(env.browser, env.url)
    await stranger.page.goto(`${env.url}/b/${boardId}`)
    await stranger.page.getByTestId('link-required').getByText('Ask the facilitator for a link').waitFor()
    // Only the fragment differs from the address shown: the page loads the board with it.
    await stranger.page.goto(links!.viewer)
    await stranger.page.locator('.tl-canvas').waitFor()
    await panel.getByTestId('link-viewer').getByRole('button', { name: 'Renew' }).click()
    await panel.getByTestId('renew-viewer').click()
    await stranger.page.getByTestId('link-required').getByText('The facilitator has renewed it').waitFor()
    await stranger.context.close()

    await saveScreenshot(host.page, 'facilitation-laptop')
    await saveScreenshot(stage.page, 'facilitation-stage')
    await saveScreenshot(guest.page, 'facilitation-participant')

    for (const page of [host, stage, guest]) expect(page.foreignRequests).toEqual([])
    await Promise.all([host, stage, guest].map((page) => page.context.close()))
  })

  it('gives the projector a stage link of its own, which the facilitator renews; old stage bookmarks still open', async () => {
    const board = await createBoardWithLinks(env.url)
    rememberFacilitatorLink(board.links.facilitator)
    const host = await openPage(env.browser, env.url)
    await host.page.goto(board.links.facilitator)
    await join(host.page, 'Anna', /^On site$/)
    await host.page.getByTestId('facilitate').click()
    const panel = host.page.getByTestId('facilitate-panel')
    const stageLink = () => panel.getByTestId('link-stage').getByRole('textbox').inputValue()
    expect(await stageLink()).toBe(board.links.stage)
    expect(await panel.getByTestId('open-stage').getAttribute('href')).toBe(board.links.stage)

    const stage = await openPage(env.browser, env.url)
    await stage.page.goto(board.links.stage)
    await stage.page.locator('[data-testid="stage"] .tl-canvas').waitFor()
    await stage.page.getByRole('img', { name: `QR code for ${board.links.join}` }).waitFor()

    // A snapshot's preview is fetched with the link token in a header and shown from a blob.
    await panel.getByTestId('snapshot-name').fill('Before the start')
    await panel.getByTestId('snapshot-save').click()
    await panel.getByTestId('snapshot').filter({ hasText: 'Before the start' }).getByRole('button', { name: 'Preview' }).click()
    const preview = panel.getByTestId('snapshot-preview')
    await preview.waitFor()
    expect(await preview.getAttribute('src')).toMatch(/^blob:/)
    await expect.poll(() => preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true)

    // Renewing the stage link sends the projector to the "ask for a link" page; the new link opens it again.
    await panel.getByTestId('link-stage').getByRole('button', { name: 'Renew' }).click()
    await panel.getByTestId('renew-stage').click()
    await stage.page.getByTestId('link-required').getByText('The facilitator has renewed it').waitFor()
    await expect.poll(stageLink).not.toBe(board.links.stage)
    const renewedStage = await stageLink()
    expect(await panel.getByTestId('open-stage').getAttribute('href')).toBe(renewedStage)
    await stage.page.goto(renewedStage)
    await stage.page.locator('[data-testid="stage"] .tl-canvas').waitFor()
    await stage.page.getByRole('img', { name: `QR code for ${board.links.join}` }).waitFor()

    // On the facilitator's own laptop: an old bookmark of the stage with the facilitator's token
    // still opens the stage, and "Open the stage view" opens the stage link in a new tab. Neither
    // replaces the token the board tab goes by: a bare board address still opens as facilitator.
    const bookmark = await host.context.newPage()
    await bookmark.goto(`${env.url}/b/${board.id}/stage${new URL(board.links.facilitator).hash}`)
    await bookmark.locator('[data-testid="stage"] .tl-canvas').waitFor()
    await bookmark.getByRole('img', { name: `QR code for ${board.links.join}` }).waitFor()
    const [projected] = await Promise.all([host.context.waitForEvent('page'), panel.getByTestId('open-stage').click()])
    expect(projected.url()).toBe(renewedStage)
    await projected.locator('[data-testid="stage"] .tl-canvas').waitFor()
    await host.page.goto(`${env.url}/b/${board.id}`)
    await host.page.getByTestId('facilitate').waitFor()

    for (const page of [host, stage]) expect(page.foreignRequests).toEqual([])
    await Promise.all([host, stage].map((page) => page.context.close()))
  })
})
