/**
 * The pages a phone opens first must not download tldraw's editor (about 1.8 MB of JavaScript):
 * the capture page (the join QR code opens it, often on mobile data outdoors), the join code page
 * that leads there for those who cannot scan, and the start page.
 * Loaded in real Chromium from the production build, every JavaScript file each page fetches is
 * recorded and checked:
 *
 * - none holds the editor's code. The signal is the text `@tldraw/editor`: the editor registers its
 *   version under that name when its module runs (`registerTldrawLibraryVersion`), a call a bundler
 *   must keep, so the chunk holding the editor always contains the name. The board page is loaded
 *   too, to show the signal is there when the editor is;
 * - all of it together stays under a bound far below the editor alone, so a heavy dependency that
 *   creeps in another way is caught as well (about 440 kB in total when this was written);
 * - the capture page, built on its own with Preact (scripts/phone-build.ts), loads no React DOM
 *   either: React DOM registers with React's developer tools under `__REACT_DEVTOOLS_GLOBAL_HOOK__`,
 *   a name its production build keeps; the start page shows the signal is there when React DOM is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { openPage } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks } from '../helpers/server'

/** The editor's name, which its chunk always carries (see above). */
const EDITOR_SIGNAL = '@tldraw/editor'
/** Most JavaScript a phone page may load, in bytes as served (the editor alone is over 1.7 MB). */
const PHONE_PAGE_JS_LIMIT = 800_000
/** React DOM's name for React's developer tools, which its production build always carries (see above). */
const REACT_DOM_SIGNAL = '__REACT_DEVTOOLS_GLOBAL_HOOK__'

interface LoadedScript {
  url: string
  body: string
}

/** Opens `url` and collects the JavaScript the page loaded once `ready` holds and the network is idle. */
async function scriptsOf(browser: Browser, origin: string, url: string, ready: (page: Page) => Promise<unknown>): Promise<LoadedScript[]> {
  const { context, page } = await openPage(browser, origin)
  const pending: Promise<LoadedScript>[] = []
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) pending.push(response.text().then((body) => ({ url: response.url(), body })))
  })
  await page.goto(url)
  await ready(page)
  await page.waitForLoadState('networkidle')
  const scripts = await Promise.all(pending)
  await context.close()
  return scripts
}

const carrying = (signal: string) => (scripts: LoadedScript[]) => scripts.filter((script) => script.body.includes(signal)).map((script) => script.url)
const withEditor = carrying(EDITOR_SIGNAL)
const withReactDom = carrying(REACT_DOM_SIGNAL)
const totalBytes = (scripts: LoadedScript[]) => scripts.reduce((sum, script) => sum + Buffer.byteLength(script.body), 0)

describe('pages for phones load without the canvas', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  it('the capture page, the join code page and the start page fetch no editor code and stay small, the capture page no React DOM either; the board page does load the editor', async () => {
    const board = await createBoardWithLinks(env.url)
    const capture = await scriptsOf(env.browser, env.url, `${env.url}/b/${board.id}/capture#k=${board.tokens.participant}`, (page) =>
      page.locator('#display-name').waitFor(),
    )
    const join = await scriptsOf(env.browser, env.url, `${env.url}/j`, (page) => page.locator('#join-code').waitFor())
    const start = await scriptsOf(env.browser, env.url, env.url, (page) => page.locator('#meeting-title').waitFor())
    const canvas = await scriptsOf(env.browser, env.url, `${env.url}/b/${board.id}#k=${board.tokens.participant}`, (page) =>
      page.locator('.tl-canvas').waitFor(),
    )

    expect(capture.length).toBeGreaterThan(0)
    expect(withEditor(capture)).toEqual([])
    expect(withReactDom(capture)).toEqual([])
    expect(totalBytes(capture)).toBeLessThan(PHONE_PAGE_JS_LIMIT)
    expect(withEditor(join)).toEqual([])
    expect(totalBytes(join)).toBeLessThan(PHONE_PAGE_JS_LIMIT)
    expect(withEditor(start)).toEqual([])
    expect(withReactDom(start)).toHaveLength(1)
    expect(totalBytes(start)).toBeLessThan(PHONE_PAGE_JS_LIMIT)
    expect(withEditor(canvas)).toHaveLength(1)
  })

  it('the series page and the commitment owner’s phone page fetch no editor code and stay small', async () => {
    const created = (await (await fetch(`${env.url}/api/series`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Split' }) })).json()) as {
      links: { read: string }
    }
    const series = await scriptsOf(env.browser, env.url, created.links.read, (page) => page.getByTestId('series-meetings').or(page.getByText('No meetings yet.')).waitFor())
    const commitment = await scriptsOf(env.browser, env.url, `${env.url}/c/AAAAAAAAAAAAAAAAAAAAAA#k=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, (page) =>
      page.getByTestId('commitment-page').getByRole('heading').waitFor(),
    )
    for (const scripts of [series, commitment]) {
      expect(scripts.length).toBeGreaterThan(1)
      expect(withEditor(scripts)).toEqual([])
      expect(totalBytes(scripts)).toBeLessThan(PHONE_PAGE_JS_LIMIT)
    }
  })
})
