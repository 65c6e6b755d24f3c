/**
 * A participant's unsent offline edits survive a reload and reach the server intact, in real
 * Chromium against the real (strict) server: the page edits a card and adds an anonymous one (a
 * Yjs client id of its own) while the network is gone, is reloaded while still offline (the board
 * comes from the service worker's app shell and y-indexeddb, the edits now belong to a Yjs client
 * id of the previous page), and comes back online. Everything arrives and nothing is refused:
 * the ids are bound to the device, not to the connection. Run with the room unloaded while
 * nobody is connected (it is loaded from storage again on reconnect) and with it kept loaded
 * through the grace period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { CARD_SHAPE_TYPE, newCardProps } from '../../shared/model/card'
import { SECTION_META_KEY } from '../../shared/model/sections'
import { readRecords } from '../../shared/model/record-log'
import { joinBoard, openPage, saveScreenshot } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, syncUrlOf } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient, connectSynced } from '../server/clients'
import { card, frame } from '../model/shape-fixtures'
import { PAGE_ID, putRecords } from '../server/roles-fixtures'

const BEFORE = 'More benches'
const EDITED = 'More benches in the shade, please'
const EDITED_AFTER_RELOAD = 'More benches in the shade, and water'
const ANONYMOUS = 'Who waters the planters in August?'

/** How many updates y-indexeddb holds for the board in this page (it stores each one as it happens). */
function storedUpdates(page: Page, boardId: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const count = db.transaction('updates').objectStore('updates').count()
          count.onsuccess = () => {
            resolve(count.result)
            db.close()
          }
          count.onerror = () => reject(count.error)
        }
      }),
    `gatherboard-${boardId}`,
  )
}

const cardOnCanvas = (page: Page, text: string) => page.locator('.tl-shape[data-shape-type="gb-card"] .gb-card', { hasText: text })

describe.each([
  ['the room unloaded while nobody is connected', 0],
  ['the room kept loaded for its grace period', 30_000],
])('offline edits across a reload (%s)', (_, roomIdleMs) => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment({ roomIdleMs })
  })

  afterAll(() => env?.close())

  it('reach the server after the page was reloaded offline, and nothing is refused', async () => {
    const { id: boardId, links } = await createBoardWithLinks(env.url)
    const seeder = await connectSynced(syncUrlOf(env.url), boardId)
    putRecords(seeder.doc, [
      { id: PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as { id: string },
      frame('shape:questions', { x: 0, y: 0, w: 900, h: 700 }, { [SECTION_META_KEY]: 'questions' }),
      card('shape:bench', 'shape:questions', 40, 60, {
        ...newCardProps({ text: BEFORE, kind: 'note', authorName: 'Ben', authorCity: 'Dresden', anonymous: false, createdAt: 1 }),
      }),
    ])
    const check = await connectSynced(syncUrlOf(env.url), boardId)
    await waitFor(() => readRecords(check.doc).has('shape:bench'), { message: 'the card on the server' })
    check.destroy()
    seeder.destroy()

    const { page, context } = await openPage(env.browser, env.url)
    const reloads: string[] = []
    page.on('load', () => reloads.push(page.url()))
    await joinBoard(page, links.participant, 'Pia')
    await cardOnCanvas(page, BEFORE).waitFor()
    // The app shell is cached, so the page also opens without a network.
    await page.waitForFunction(async () => Boolean(navigator.serviceWorker.controller && (await caches.match('/index.html'))))

    // The network goes; the participant edits the card and adds an anonymous one.
    await context.setOffline(true)
    await page.locator('[data-testid="sync-status"][data-state="offline"]').waitFor()
    const storedBefore = await storedUpdates(page, boardId)
    const box = (await cardOnCanvas(page, BEFORE).boundingBox())!
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2)
    await page.getByLabel('Text of the card').fill(EDITED)
    await page.keyboard.press('Escape')
    await cardOnCanvas(page, EDITED).waitFor()
    await page.getByRole('button', { name: 'Add card' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Section').selectOption({ label: 'Questions' })
    await dialog.getByLabel('Your card').fill(ANONYMOUS)
    await dialog.getByLabel('Post anonymously').check()
    await dialog.getByRole('button', { name: 'Add card' }).click()
    await cardOnCanvas(page, ANONYMOUS).waitFor({ state: 'attached' })
    await page.locator('[data-testid="sync-unsent"]').waitFor()
    // Both changes are in this device's copy before the page goes away.
    await waitFor(async () => (await storedUpdates(page, boardId)) >= storedBefore + 2, { message: 'the edits in IndexedDB' })

    // Reloaded while still offline: the board and the edits come from this device.
    await page.reload()
    await page.locator('.tl-canvas').waitFor()
    await cardOnCanvas(page, EDITED).waitFor({ state: 'attached' })
    await cardOnCanvas(page, ANONYMOUS).waitFor({ state: 'attached' })
    expect(await page.locator('[data-testid="sync-status"]').getAttribute('data-state')).toBe('offline')
    await saveScreenshot(page, `offline-reload-${roomIdleMs}`)
    // One more edit, now as this page's own (new, never announced) Yjs client id: the update that
    // goes out carries both ids.
    const edited = (await cardOnCanvas(page, EDITED).boundingBox())!
    await page.mouse.dblclick(edited.x + edited.width / 2, edited.y + edited.height / 2)
    await page.getByLabel('Text of the card').fill(EDITED_AFTER_RELOAD)
    await page.keyboard.press('Escape')
    await cardOnCanvas(page, EDITED_AFTER_RELOAD).waitFor()

    // Back online: the server gets both, as the person wrote them.
    await context.setOffline(false)
    await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor({ timeout: 20_000 })
    const reader = connectClient(syncUrlOf(env.url), boardId)
    try {
      await reader.synced()
      const cards = () =>
        ([...readRecords(reader.doc).values()] as unknown as { type?: string; props: { text: string; anonymous: boolean; authorName: string } }[]).filter(
          (record) => record.type === CARD_SHAPE_TYPE,
        )
      await waitFor(() => cards().some((c) => c.props.text === EDITED_AFTER_RELOAD) && cards().some((c) => c.props.text === ANONYMOUS), {
        timeout: 15_000,
        message: 'the offline edits on the server',
      })
      const anonymous = cards().find((c) => c.props.text === ANONYMOUS)!
      expect(anonymous.props.anonymous).toBe(true)
      expect(cards().filter((c) => [BEFORE, EDITED].includes(c.props.text))).toEqual([])
    } finally {
      reader.destroy()
    }

    // Nothing was refused: no refusal in the server's log, no notice, and the page did not reload
    // itself to drop its copy (which is what a refusal makes it do).
    expect(env.server.logs.filter((line) => line.includes('room.update_refused'))).toEqual([])
    expect(await page.locator('[data-testid="facilitation-notice"]').count()).toBe(0)
    expect(reloads).toHaveLength(2)
    await cardOnCanvas(page, EDITED_AFTER_RELOAD).waitFor()
    await context.close()
  })
})
