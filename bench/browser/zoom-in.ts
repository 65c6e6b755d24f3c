import type { Page } from 'playwright-core'
import { CARD_SIZE } from '../../shared/model/card'
import { type LongTaskFigures, pageLongTasksSince } from './live-moves'

/** What zooming in from the whole map to a readable zoom cost; long tasks from the first key press until all texts showed. */
export interface ZoomInMeasurement extends LongTaskFigures {
  /** The zoom reached, in percent. */
  zoomPercent: number
  /** Cards in view at that zoom, and how long after the last key press all of them showed their text (tldraw's zoom animation included). */
  cardsInView: number
  textShownMs: number
  /** How long after the last key press every card on the board had its text, those out of view rendered in the background. */
  allTextMs: number
}

/** Zoomed in until at least this, from the fitted map of the full board (6 %): tldraw's steps 10 %, 25 %. */
const READABLE_ZOOM = 0.2

/** The zoom once the camera has stopped: a shown card's width on screen, the same two frames running. */
async function settledZoom(page: Page): Promise<number> {
  const width = await page.waitForFunction(
    () => {
      const probe = window as unknown as { __benchCardWidth?: number }
      const width = Math.max(0, ...[...document.getElementsByClassName('gb-card')].map((card) => card.getBoundingClientRect().width))
      const same = width === probe.__benchCardWidth
      probe.__benchCardWidth = width
      return same && width
    },
    undefined,
    { polling: 'raf', timeout: 10_000 },
  )
  return ((await width.jsonValue()) as number) / CARD_SIZE.w
}

/**
 * Zooms the open board in with tldraw's keyboard shortcut, a step at a time, until cards are
 * readable. Cards show only their tinted block below 12 % (client/board/shapes/card/card-detail.ts), so
 * this is where the texts that opening did not render are paid for.
 */
export async function measureZoomIn(page: Page, cards: number): Promise<ZoomInMeasurement> {
  const start = await page.evaluate(() => performance.now())
  await page.mouse.move(640, 400)
  let zoom = await settledZoom(page)
  let pressed = start
  while (zoom < READABLE_ZOOM) {
    pressed = await page.evaluate(() => performance.now())
    await page.keyboard.press('Control+Equal')
    zoom = await settledZoom(page)
  }
  const shown = await page.waitForFunction(
    () => {
      const inView = [...document.querySelectorAll<HTMLElement>('.tl-shape[data-shape-type="gb-card"]')].filter((shape) => shape.style.display !== 'none')
      return inView.length > 0 && inView.every((shape) => shape.querySelector('.gb-card__text')) ? { at: performance.now(), inView: inView.length } : null
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  )
  const { at, inView } = (await shown.jsonValue())!
  const all = await page.waitForFunction(
    (expected) => document.getElementsByClassName('gb-card__text').length >= expected && performance.now(),
    cards,
    { polling: 'raf', timeout: 60_000 },
  )
  const allAt = (await all.jsonValue()) as number
  const longTasks = await pageLongTasksSince(page, start)
  return {
    zoomPercent: Math.round(zoom * 100),
    cardsInView: inView,
    textShownMs: Math.max(0, at - pressed),
    allTextMs: Math.max(0, allAt - pressed),
    ...longTasks,
  }
}
