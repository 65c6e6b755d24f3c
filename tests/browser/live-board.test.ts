import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { joinBoard, openPage, saveScreenshot } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks } from '../helpers/server'

async function drawRectangle(page: Page, from: { x: number; y: number }) {
  await page.keyboard.press('Escape')
  await page.mouse.click(from.x - 40, from.y - 40) // focus the canvas on an empty spot
  await page.keyboard.press('r')
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 120, from.y + 90, { steps: 8 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

const rectangles = (page: Page) => page.locator('.tl-shape[data-shape-type="geo"]')

describe('the live board in two browsers', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  it('shares drawings and cursors, carries offline edits over a lost connection, and reopens offline', async () => {
    const boardUrl = (await createBoardWithLinks(env.url)).links.participant
    const a = await openPage(env.browser, env.url)
    const b = await openPage(env.browser, env.url)
    await joinBoard(a.page, boardUrl, 'Alice')
    await joinBoard(b.page, boardUrl, 'Bob')

    // A rectangle drawn by Alice appears for Bob.
    await drawRectangle(a.page, { x: 300, y: 250 })
    await expect.poll(() => rectangles(b.page).count(), { timeout: 10_000 }).toBe(1)

    // Alice's cursor, with her name, is visible to Bob.
    await a.page.mouse.move(600, 300)
    await a.page.mouse.move(620, 320, { steps: 4 })
    await b.page.locator('.tl-nametag', { hasText: 'Alice' }).waitFor({ timeout: 10_000 })

    // Bob loses the network, keeps working, and the board says what is waiting.
    await b.context.setOffline(true)
    await b.page.locator('[data-testid="sync-status"][data-state="offline"]').waitFor()
    await drawRectangle(b.page, { x: 500, y: 450 })
    await b.page.locator('[data-testid="sync-unsent"]').waitFor()
    expect(await rectangles(a.page).count()).toBe(1)

    // Back online: Alice receives Bob's offline rectangle.
    await b.context.setOffline(false)
    await b.page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => rectangles(a.page).count(), { timeout: 15_000 }).toBe(2)

    await saveScreenshot(a.page, 'live-board-alice')
    await saveScreenshot(b.page, 'live-board-bob')

    // The server goes away entirely (the park's Wi-Fi is gone): a reload still shows the board,
    // from the cached app and this device's copy, and an edit made now arrives once it is back.
    await b.page.waitForFunction(async () => {
      if (!navigator.serviceWorker.controller) return false
      return Boolean(await caches.match('/index.html'))
    })
    await env.server.stop()
    await b.page.reload()
    await b.page.locator('.tl-canvas').waitFor()
    await expect.poll(() => rectangles(b.page).count(), { timeout: 10_000 }).toBe(2)
    await drawRectangle(b.page, { x: 300, y: 500 })
    await expect.poll(() => rectangles(b.page).count()).toBe(3)
    await env.server.resume()
    await expect.poll(() => rectangles(a.page).count(), { timeout: 20_000 }).toBe(3)

    // Nothing went to another host: fonts, icons and translations all come from our server.
    expect(a.foreignRequests).toEqual([])
    expect(b.foreignRequests).toEqual([])

    await a.context.close()
    await b.context.close()
  })

  it('uploads a dropped image to our server and shares it by URL, not inline', async () => {
    const { id: boardId, links } = await createBoardWithLinks(env.url)
    const boardUrl = links.participant
    const a = await openPage(env.browser, env.url)
    const b = await openPage(env.browser, env.url)
    await joinBoard(a.page, boardUrl, 'Alice')
    await joinBoard(b.page, boardUrl, 'Bob')

    // A real 1x1 PNG, dropped onto Alice's canvas as a file.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
    await a.page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const file = new File([bytes], 'dot.png', { type: 'image/png' })
      const transfer = new DataTransfer()
      transfer.items.add(file)
      const target = document.querySelector('.tl-canvas')!
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, clientX: 400, clientY: 300 }))
      }
    }, png)

    const image = b.page.locator('.tl-shape[data-shape-type="image"] img')
    await image.waitFor({ timeout: 15_000 })
    const src = await image.getAttribute('src')
    expect(src).toMatch(new RegExp(`/api/boards/${boardId}/assets/`))
    const served = await fetch(new URL(src!, env.url))
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')

    await a.context.close()
    await b.context.close()
  })
})
