/**
 * Geometry read from a page in the browser, for layout tests: the boxes of what shows, whether two
 * cover each other, and buttons whose label does not sit on one line.
 */
import type { Page } from 'playwright-core'

/** A box on the screen (CSS pixels of the viewport), named for a failure message. */
export interface Box {
  what: string
  left: number
  top: number
  right: number
  bottom: number
}

/** Boxes of the displayed elements matching `selector`, each named `what` and its text's start. */
export function boxesOf(page: Page, selector: string, what: string): Promise<Box[]> {
  return page.evaluate(
    ({ selector, what }) =>
      [...document.querySelectorAll(selector)].flatMap((element) => {
        const r = element.getBoundingClientRect()
        return r.width > 0 && r.height > 0 ? [{ what: `${what}: ${(element.textContent ?? '').trim().slice(0, 30)}`, left: r.left, top: r.top, right: r.right, bottom: r.bottom }] : []
      }),
    { selector, what },
  )
}

export const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

/** Whether `box` lies within `area` (one pixel of rounding allowed). */
export const inside = (box: Box, area: Box) => box.left >= area.left - 1 && box.right <= area.right + 1 && box.top >= area.top - 1 && box.bottom <= area.bottom + 1

/**
 * Our buttons on the page (tldraw's own are left out) whose label breaks onto a second line, is
 * cut off by the button, or which reach past the side of the screen, described as `label: N
 * lines` / `label: cut off` / `label: beyond the screen's side`. Lines are counted from
 * the text's own line boxes, so an icon beside the label does not count as one.
 */
export function brokenButtonLabels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a.button, label.button, [role="button"]')].flatMap((button) => {
      // tldraw's own buttons and its licence notice are tldraw's to lay out.
      if (button.closest('.tlui-button, [class*="tl-watermark"]')) return []
      if (button.getClientRects().length === 0) return []
      const label = (button.textContent ?? '').trim()
      if (!label) return []
      const lines: number[] = []
      const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT)
      const range = document.createRange()
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim()) continue
        range.selectNodeContents(node)
        for (const rect of range.getClientRects()) {
          if (rect.width < 1) continue
          const middle = rect.top + rect.height / 2
          if (!lines.some((line) => Math.abs(line - middle) < rect.height / 2)) lines.push(middle)
        }
      }
      const problems = []
      if (lines.length > 1) problems.push(`${label}: ${lines.length} lines`)
      if (button.scrollWidth > button.clientWidth + 1) problems.push(`${label}: cut off`)
      // What moves with the canvas (a card's dot buttons) may lie outside the view; our controls may not.
      const box = button.getBoundingClientRect()
      if (!button.closest('.tl-canvas, .tl-canvas__in-front') && (box.left < -1 || box.right > document.documentElement.clientWidth + 1)) problems.push(`${label}: beyond the screen's side`)
      return problems
    }),
  )
}

/**
 * Lines of text cut through by the bottom of their box (the elements matching `selector`): a line
 * shown in part reads as another word, or as nothing. Described as the box's text start.
 */
export function cutTextLines(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const range = document.createRange()
    return [...document.querySelectorAll<HTMLElement>(selector)].flatMap((element) => {
      const box = element.getBoundingClientRect()
      if (box.height === 0) return []
      range.selectNodeContents(element)
      const cut = [...range.getClientRects()].some((line) => line.width > 0 && line.top < box.bottom - 0.5 && line.bottom > box.bottom + 0.5)
      return cut ? [(element.textContent ?? '').slice(0, 30)] : []
    })
  }, selector)
}
