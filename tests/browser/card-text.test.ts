import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newCardProps } from '../../shared/model/card'
import { RecordLog } from '../../shared/model/record-log'
import { joinBoard, openPage, waitUntilStill } from '../helpers/browser'
import { startBrowserEnvironment, type BrowserEnvironment } from '../helpers/browser-environment'
import { createBoardWithLinks, syncUrlOf } from '../helpers/server'
import { connectSynced } from '../server/clients'
import { cutTextLines } from '../helpers/layout'

const SHORT = 'More shade at the bus stop'
const LONG = 'Benches along the river path, '.repeat(16).trim()

function card(id: string, x: number, text: string) {
  return {
    id,
    typeName: 'shape',
    type: 'gb-card',
    parentId: 'page:page',
    x,
    y: 120,
    rotation: 0,
    index: x < 400 ? 'a8' : 'a9',
    isLocked: false,
    opacity: 1,
    props: newCardProps({ text, kind: 'note', authorName: 'Ben', authorCity: 'Dresden', anonymous: false, createdAt: 1 }),
    meta: {},
  }
}

describe('card text on the canvas', () => {
  let env: BrowserEnvironment

  beforeAll(async () => {
    env = await startBrowserEnvironment()
  })

  afterAll(() => env?.close())

  /** A new board joined in the browser as Ada, and a Node peer writing cards into its record log. */
  async function boardWithCardWriter() {
    const { id, links } = await createBoardWithLinks(env.url)
    const { context, page } = await openPage(env.browser, env.url)
    await joinBoard(page, links.participant, 'Ada')
    const peer = await connectSynced(syncUrlOf(env.url), id)
    const log = new RecordLog<ReturnType<typeof card>>(peer.doc)
    const close = async () => {
      log.dispose()
      peer.destroy()
      await context.close()
    }
    return { page, log, close }
  }

  it('is clipped only while it does not fit its card', async () => {
    const { page, log, close } = await boardWithCardWriter()
    log.put([card('shape:short', 100, SHORT), card('shape:long', 420, LONG)])
    const text = (shape: string) => page.locator(`.tl-shape[data-shape-id="${shape}"] .gb-card__text`)
    const clipped = (shape: string) => text(shape).evaluate((box) => box.classList.contains('gb-card__text--overflowing'))

    await text('shape:long').waitFor()
    await expect.poll(() => clipped('shape:long')).toBe(true)
    expect(await clipped('shape:short')).toBe(false)
    // What shows stays inside the card: the long text's box ends above the byline.
    const box = await text('shape:long').boundingBox()
    const byline = await page.locator('.tl-shape[data-shape-id="shape:long"] .gb-byline').boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(byline!.y + 0.5)

    // Edits from elsewhere swap them: the check runs again when the text changes.
    log.put([card('shape:short', 100, LONG), card('shape:long', 420, SHORT)], new Map([['shape:short', ['props.text']], ['shape:long', ['props.text']]]))
    await expect.poll(() => clipped('shape:short')).toBe(true)
    await expect.poll(() => clipped('shape:long')).toBe(false)

    await close()
  })

  it('is left out while too small to read, and back when zoomed in', async () => {
    const { page, log, close } = await boardWithCardWriter()
    log.put([card('shape:short', 100, SHORT)])
    const cardOnCanvas = page.locator('.tl-shape[data-shape-id="shape:short"] .gb-card')
    await cardOnCanvas.filter({ hasText: SHORT }).waitFor()

    // Zoomed out a step at a time (tldraw's zoom-out key) until the card is under 12 % of its size.
    const width = () => cardOnCanvas.evaluate((element) => element.getBoundingClientRect().width)
    const zoomOutOnce = async () => {
      const before = await width()
      if (before >= 0.12 * 280) await page.keyboard.press('Control+Minus')
      return before
    }
    await page.mouse.click(900, 600)
    await expect.poll(zoomOutOnce, { interval: 600, timeout: 15_000 }).toBeLessThan(0.12 * 280)
    await expect.poll(() => cardOnCanvas.locator('.gb-card__text').count()).toBe(0)
    expect(await cardOnCanvas.count()).toBe(1)
    await page.keyboard.press('Shift+0')
    await cardOnCanvas.filter({ hasText: SHORT }).waitFor()

    await close()
  })

  it('ends at a whole line, with all of it shown while the card is selected', async () => {
    const { page, log, close } = await boardWithCardWriter()
    log.put([card('shape:short', 100, SHORT), card('shape:long', 420, LONG)])
    const text = (shape: string) => page.locator(`.tl-shape[data-shape-id="${shape}"] .gb-card__text`)
    await expect.poll(() => text('shape:long').evaluate((box) => box.classList.contains('gb-card__text--overflowing'))).toBe(true)
    // At the zoom the board opens with, and further out: no line is cut through by the card's clip.
    for (const zoom of [null, 'Control+Minus']) {
      if (zoom) {
        await page.mouse.click(1000, 750)
        await page.keyboard.press(zoom)
      }
      await waitUntilStill(page, '.tl-shape[data-shape-id="shape:long"]')
      expect(await cutTextLines(page, '.tl-shape[data-shape-type="gb-card"] .gb-card__text')).toEqual([])
      // The lines shown are whole ones, and there is more than one.
      const shown = await text('shape:long').evaluate((box: HTMLElement) => ({ height: box.getBoundingClientRect().height, line: parseFloat(getComputedStyle(box).lineHeight) * (box.getBoundingClientRect().height / box.offsetHeight) }))
      expect(Math.abs(shown.height / shown.line - Math.round(shown.height / shown.line))).toBeLessThan(0.05)
      expect(Math.round(shown.height / shown.line)).toBeGreaterThanOrEqual(2)
    }

    // Selected, the card shows its whole text over it, at least 16 px high; a card that fits shows none.
    const select = async (shape: string) => {
      const box = (await page.locator(`.tl-shape[data-shape-id="${shape}"]`).boundingBox())!
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    }
    await select('shape:long')
    const full = page.getByTestId('card-full-text')
    await expect.poll(() => full.textContent()).toBe(LONG)
    const reading = await full.evaluate((element) => ({ whole: element.scrollHeight <= element.clientHeight, size: parseFloat(getComputedStyle(element).fontSize), bottom: element.getBoundingClientRect().bottom }))
    expect(reading.whole).toBe(true)
    expect(reading.size).toBeGreaterThanOrEqual(16)
    const cardBox = (await page.locator('.tl-shape[data-shape-id="shape:long"]').boundingBox())!
    expect(reading.bottom).toBeGreaterThan(cardBox.y + cardBox.height)
    await select('shape:short')
    await expect.poll(() => full.count()).toBe(0)
    await page.keyboard.press('Escape')

    await close()
  })
})
