/**
 * The phone page has a build and an app shell of its own (Preact in place of React for phones on
 * mobile data, scripts/phone-build.ts), which opens nothing but the phone page. The service worker
 * keeps it apart from the shell every other page shares (public/sw.js): the phone page opens
 * offline after one visit, from its own shell, and a board opened after it on the same phone gets
 * the board's shell, not the phone page's it saw last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { answerProfile, openPage, saveScreenshot } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks } from '../helpers/server'

const PHONE = { width: 360, height: 740 }

/** The file names of the scripts the page's document loads. */
const documentScripts = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((script) => new URL(script.src).pathname.split('/').pop()!))

describe('the phone page\'s own app shell', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  it('opens the phone page offline from its own shell, and a board after it from the board\'s', async () => {
    const board = await createBoardWithLinks(env.url)
    const { context, page } = await openPage(env.browser, env.url, { viewport: PHONE })
    const sockets: string[] = []
    page.on('websocket', (socket) => sockets.push(socket.url()))
    await page.goto(`${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`)
    await answerProfile(page, { name: 'Ada', where: /^On site$/, city: 'Leipzig' })
    const composer = page.locator('.composer textarea')
    await composer.waitFor()
    await page.locator('[data-testid="sync-status"][data-state="connected"]').waitFor()
    // The phone build's two scripts: the one that opens the sync socket early, then the page's.
    // The page took that socket over rather than opening another.
    const phoneScripts = await documentScripts(page)
    expect(phoneScripts).toEqual([expect.stringMatching(/^capture-[\w-]+\.js$/), expect.stringMatching(/^capture-[\w-]+\.js$/)])
    const phoneScript = phoneScripts[1]!
    expect(sockets).toHaveLength(1)
    // The worker took the page and holds both shells and the phone page's code.
    await expect
      .poll(
        () =>
          page.evaluate(
            async (script) =>
              Boolean(navigator.serviceWorker.controller) &&
              (await Promise.all(['/index.html', '/pages/capture.html', `/assets/${script}`].map((url) => caches.match(url)))).every(Boolean),
            phoneScript!,
          ),
        { timeout: 15_000 },
      )
      .toBe(true)

    // Offline, the phone page opens again: its own shell and code, the board from this phone's copy.
    await context.setOffline(true)
    await page.reload()
    await composer.waitFor()
    expect(await documentScripts(page)).toEqual(phoneScripts)
    expect(await page.getByTestId('capture-offline').isVisible()).toBe(true)
    await saveScreenshot(page, 'phone-shell-offline')

    // Online again, the phone page once more through the worker, then the board on the same phone:
    // the board's shell, with the canvas.
    await context.setOffline(false)
    await page.reload()
    await composer.waitFor()
    await page.goto(`${env.url}/b/${board.id}#k=${board.tokens.participant}`)
    await page.locator('.tl-canvas').waitFor()
    const boardScripts = await documentScripts(page)
    expect(boardScripts).toEqual([expect.stringMatching(/^index-[\w-]+\.js$/)])
    await context.close()
  })
})
