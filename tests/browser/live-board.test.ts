import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../../server/app'
import { launchBrowser, openPage, saveScreenshot } from '../helpers/browser'

/** Opens a board as a new person: a fresh browser context, so a fresh identity and local copy. */
async function joinBoard(page: Page, boardUrl: string, name: string) {
  await page.goto(boardUrl)
  await page.getByLabel(/display name/i).fill(name)
  await page.getByRole('button', { name: /join the board/i }).click()
  await page.locator('.tl-canvas').waitFor()
  await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
}

async function drawRectangle(page: Page, from: { x: number; y: number }) {
  await page.locator('.tl-canvas').click({ position: { x: 20, y: 400 } }) // focus the canvas
  await page.keyboard.press('r')
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 120, from.y + 90, { steps: 8 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

const rectangles = (page: Page) => page.locator('.tl-shape[data-shape-type="geo"]')

describe('the live board in two browsers', () => {
  let server: RunningServer
  let browser: Browser
  let dataDir: string

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatherboard-browser-'))
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('shares drawings and cursors, and carries offline edits over a lost connection', async () => {
    const created = await fetch(`${server.url}/api/boards`, { method: 'POST' })
    const { id } = (await created.json()) as { id: string }
    const boardUrl = `${server.url}/b/${id}`

    const a = await openPage(browser, server.url)
    const b = await openPage(browser, server.url)
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

    // Nothing left for another host: fonts, icons and translations all come from our server.
    expect(a.foreignRequests).toEqual([])
    expect(b.foreignRequests).toEqual([])

    await a.context.close()
    await b.context.close()
  })
})
