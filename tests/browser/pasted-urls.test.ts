/**
 * Pasting and dropping links and foreign content on the board, in real Chromium: nothing makes any
 * browser on the board load something from another host. A pasted or dropped URL (a page, an
 * image, a video tldraw would embed) becomes its text; tldraw content from elsewhere keeps only
 * what lives on this server; files are uploaded to this board; and tldraw's UI offers no embeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { readRecords } from '../../shared/model/record-log'
import { BUNDLED_BOARD_SCHEMA } from '../../shared/model/tldraw-schema'
import { isBoardAssetPath } from '../../shared/model/asset-paths'
import { joinBoard, openPage, saveScreenshot } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, syncUrlOf } from '../helpers/server'
import { waitFor } from '../helpers/wait'
import { connectClient } from '../server/clients'

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

/** Dispatches a paste with this clipboard content at the canvas, as the browser does for Ctrl+V. */
async function paste(page: Page, items: { text?: string; html?: string; png?: string }) {
  await page.evaluate(({ text, html, png }) => {
    const data = new DataTransfer()
    if (text !== undefined) data.setData('text/plain', text)
    if (html !== undefined) data.setData('text/html', html)
    if (png !== undefined) data.items.add(new File([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], 'dot.png', { type: 'image/png' }))
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, items)
}

/** Drops a link dragged from another page onto the canvas. */
async function dropLink(page: Page, url: string) {
  await page.evaluate((link) => {
    const data = new DataTransfer()
    data.setData('text/uri-list', link)
    data.setData('text/plain', link)
    const target = document.querySelector('.tl-canvas')!
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true, clientX: 500, clientY: 350 }))
    }
  }, url)
}

/** All the text in a tldraw rich text value. */
function plainText(value: unknown): string {
  if (!value || typeof value !== 'object') return ''
  const node = value as { text?: unknown; content?: unknown }
  const own = typeof node.text === 'string' ? node.text : ''
  return own + (Array.isArray(node.content) ? node.content.map(plainText).join('') : '')
}

/** Tldraw's clipboard format (version 2, plain JSON), as another tldraw app puts it on the clipboard. */
function tldrawClipboard(content: { shapes: object[]; assets: object[] }): string {
  const data = { ...content, rootShapeIds: content.shapes.map((shape) => (shape as { id: string }).id), bindings: [], schema: BUNDLED_BOARD_SCHEMA }
  return `<div data-tldraw>${JSON.stringify({ type: 'application/tldraw', kind: 'content', version: 2, data })}</div>`
}

function shape(id: string, type: string, index: string, props: object) {
  return { id, typeName: 'shape', type, x: 0, y: 0, rotation: 0, index, parentId: 'page:elsewhere', isLocked: false, opacity: 1, props, meta: {} }
}

function imageAsset(id: string, src: string) {
  return { id, typeName: 'asset', type: 'image', props: { w: 1, h: 1, name: 'dot.png', isAnimated: false, mimeType: 'image/png', src }, meta: {} }
}

const imageProps = (assetId: string) => ({ w: 80, h: 80, playing: true, url: '', assetId, crop: null, flipX: false, flipY: false, altText: '' })

describe('links and foreign content on the board', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  it('become text or stay on this server: no request to another host, no embed or bookmark, nothing refused', async () => {
    const { id: boardId, links } = await createBoardWithLinks(env.url)
    const { page, context, foreignRequests } = await openPage(env.browser, env.url)
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await joinBoard(page, links.participant, 'Pia')
    // Focus the canvas (tldraw handles pastes only while it has the focus).
    await page.mouse.click(640, 420)
    await page.keyboard.press('Escape')

    const reader = connectClient(syncUrlOf(env.url), boardId)
    await reader.synced()
    type Stored = { typeName?: string; type: string; props: Record<string, unknown> }
    const records = () => [...readRecords(reader.doc).values()] as unknown as Stored[]
    const shapes = () => records().filter((record) => record.typeName === 'shape')
    const texts = () => shapes().filter((s) => s.type === 'text').map((s) => plainText(s.props.richText))

    // A video tldraw would embed, a page it would unfurl as a bookmark, an image on another host.
    const pasted = ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://example.org/street-lab/report', 'https://images.example.net/bench.jpg']
    for (const url of pasted) {
      await paste(page, { text: url })
      await waitFor(() => texts().includes(url), { message: `${url} as text on the board` })
    }
    // Two links copied together stay together.
    await paste(page, { text: 'https://a.example.com/one https://b.example.com/two' })
    await waitFor(() => texts().includes('https://a.example.com/one https://b.example.com/two'), { message: 'the pasted list as one text' })
    // Embed code from a video site, and a link dropped from another browser window.
    await paste(page, { html: '<iframe src="https://player.vimeo.com/video/76979871" width="640" height="360"></iframe>' })
    await waitFor(() => texts().includes('https://player.vimeo.com/video/76979871'), { message: 'the embed code as its URL' })
    await dropLink(page, 'https://maps.example.com/place/park')
    await waitFor(() => texts().includes('https://maps.example.com/place/park'), { message: 'the dropped link as text' })

    // Shapes copied from another tldraw app: an embed, an image whose file is on another host, and
    // an image that comes with its file (a data URL), which is uploaded to this board.
    await paste(page, {
      text: ' ',
      html: tldrawClipboard({
        shapes: [
          shape('shape:video', 'embed', 'a1', { w: 320, h: 180, url: 'https://www.youtube.com/embed/dQw4w9WgXcQ' }),
          shape('shape:tracker', 'image', 'a2', imageProps('asset:tracker')),
          shape('shape:dot', 'image', 'a3', imageProps('asset:dot')),
        ],
        assets: [imageAsset('asset:tracker', 'https://tracker.example/pixel.png'), imageAsset('asset:dot', `data:image/png;base64,${PNG}`)],
      }),
    })
    await page.locator('[data-testid="paste-left-out"]').waitFor()
    expect(await page.locator('[data-testid="paste-left-out"]').textContent()).toMatch(/other websites was left out/)
    // A pasted image file is uploaded to this board as before.
    await paste(page, { png: PNG })
    await waitFor(() => shapes().filter((s) => s.type === 'image').length === 2, { message: 'the pasted images' })
    const assetSources = () => records().filter((record) => record.typeName === 'asset').map((asset) => asset.props.src)
    await waitFor(() => assetSources().length === 2 && assetSources().every((src) => isBoardAssetPath(boardId, src)), {
      timeout: 15_000,
      message: 'both images uploaded to this board',
    })
    await page.locator('.tl-shape[data-shape-type="image"] img').first().waitFor()
    await saveScreenshot(page, 'pasted-urls')

    // Nothing of another site on the board, and every request went to our server.
    expect(shapes().filter((s) => s.type === 'embed' || s.type === 'bookmark')).toEqual([])
    expect(await page.locator('.tl-shape[data-shape-type="embed"], .tl-shape[data-shape-type="bookmark"], iframe').count()).toBe(0)
    expect(requests.filter((url) => url.includes(`/api/boards/${boardId}/assets`)).length).toBeGreaterThanOrEqual(2)
    expect(foreignRequests).toEqual([])
    const origin = new URL(env.url)
    const elsewhere = requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).host !== origin.host)
    expect(elsewhere).toEqual([])
    // The server refused nothing (the client never wrote what it would refuse).
    expect(await page.locator('[data-testid="facilitation-notice"]').count()).toBe(0)
    expect(env.server.logs.filter((line) => line.includes('room.update_refused'))).toEqual([])

    reader.destroy()
    await context.close()
  })

  it('offers no way to embed another site', async () => {
    const { links } = await createBoardWithLinks(env.url)
    const { page, context } = await openPage(env.browser, env.url)
    await joinBoard(page, links.facilitator, 'Anna')
    await page.mouse.click(640, 420)
    // tldraw's shortcut for "Insert embed…" opens nothing.
    await page.keyboard.press('Control+i')
    expect(await page.getByRole('dialog').count()).toBe(0)
    await page.getByTestId('main-menu.button').click()
    // The menu lists tldraw's other insert action, so this looks at the right menu...
    await page.getByTestId('main-menu.insert-media').waitFor()
    // ...and embedding is not offered.
    expect(await page.getByTestId('main-menu.insert-embed').count()).toBe(0)
    expect(await page.getByRole('menuitem', { name: /embed/i }).count()).toBe(0)
    await context.close()
  })
})
