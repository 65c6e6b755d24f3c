/**
 * A return visit to a board opens from this device's copy at once: the app shell and code from
 * the service worker, the board from IndexedDB, what the link opens as the server last said, and
 * only then the server's answers, which still decide: a link renewed meanwhile closes the board
 * again. Shown here by holding the server's answers back on the second visit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Route } from 'playwright-core'
import { joinBoard, openPage } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, facilitatorFetch, syncUrlOf } from '../helpers/server'
import { connectSynced } from '../server/clients'
import { putRecords } from '../server/roles-fixtures'
import { card as cardShape, frame } from '../model/shape-fixtures'
import { newCardProps } from '../../shared/model/card'
import { SECTION_META_KEY } from '../../shared/model/sections'

const CARD = 'Who waters the planters in August?'

describe('a return visit to a board', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  it('opens from the copy on this device before the server answers, and the server still decides', async () => {
    const { id, links } = await createBoardWithLinks(env.url)
    const { context, page } = await openPage(env.browser, env.url)
    await joinBoard(page, links.participant, 'Ada')
    // Written as by someone else, once the board's page exists.
    const writer = await connectSynced(syncUrlOf(env.url), id)
    putRecords(writer.doc, [
      frame('shape:questions', { x: 0, y: 0, w: 900, h: 700 }, { [SECTION_META_KEY]: 'questions' }),
      cardShape('shape:card', 'shape:questions', 40, 40, { ...newCardProps({ text: CARD, kind: 'note', authorName: 'Ben', authorCity: 'Dresden', anonymous: false, createdAt: 1 }) }),
    ])
    const card = page.locator('.tl-shape[data-shape-type="gb-card"]', { hasText: CARD })
    await card.waitFor()
    // The service worker has taken the page and holds the code it loaded.
    await expect
      .poll(() => page.evaluate(async () => Boolean(navigator.serviceWorker.controller) && (await (await caches.open('gatherboard-app-v1')).keys()).length > 5), { timeout: 15_000 })
      .toBe(true)

    // Second visit, the server's answers held back: the board's info, the licence key, the sync.
    const held: Route[] = []
    await page.route(/\/api\//, (route) => void held.push(route))
    await page.routeWebSocket(/\/sync\//, () => {})
    await page.reload()
    await card.waitFor({ timeout: 3000 })
    expect(held.length).toBeGreaterThan(0)
    for (const route of held) await route.continue()

    // The facilitator renews the participant link: the next visit opens from the copy, then the
    // server's answer closes it and says why.
    const renewed = await facilitatorFetch(`${env.url}/api/boards/${id}/links/participant/renew`, { method: 'POST' })
    expect(renewed.status).toBe(200)
    await page.unrouteAll()
    await page.reload()
    await page.getByTestId('link-required').waitFor({ timeout: 15_000 })
    expect(await card.count()).toBe(0)
    await context.close()
    writer.destroy()
  })
})
