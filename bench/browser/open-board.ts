import type { Browser, BrowserContext, Page } from 'playwright-core'
import { openPage } from '../../tests/helpers/browser'
import { probeScript, type ProbeState } from './page-probe'

/** One opening of the board page. */
export interface OpenMeasurement {
  /** From navigation start until every card was rendered (see page-probe.ts). */
  openMs: number
  /** Main-thread tasks over 50 ms before that moment: how many, and the longest. */
  longTasks: number
  longestTaskMs: number
}

/** A board page that has opened, with the probe installed. */
export interface OpenBoardPage {
  context: BrowserContext
  page: Page
  foreignRequests: string[]
}

declare const window: { __benchProbe: ProbeState }

/** Waits for the probe to see every card rendered, and reads what the opening cost. */
async function opened(page: Page, timeoutMs: number): Promise<OpenMeasurement> {
  await page.waitForFunction(() => window.__benchProbe?.openedAt != null, undefined, { timeout: timeoutMs, polling: 50 })
  const { openedAt, longTasks } = await page.evaluate(() => ({
    openedAt: window.__benchProbe.openedAt!,
    longTasks: window.__benchProbe.longTasks,
  }))
  const before = longTasks.filter((task) => task.start < openedAt)
  return {
    openMs: openedAt,
    longTasks: before.length,
    longestTaskMs: before.reduce((longest, task) => Math.max(longest, task.duration), 0),
  }
}

/**
 * Opens `link` as a first-time visitor: a fresh browser context, so no cached build, no service
 * worker and no local copy of the board.
 */
export async function openCold(
  browser: Browser,
  origin: string,
  link: string,
  cards: number,
  options: { viewport: { width: number; height: number }; timeoutMs: number },
): Promise<OpenBoardPage & { measurement: OpenMeasurement }> {
  const { context, page, foreignRequests } = await openPage(browser, origin, { viewport: options.viewport })
  await page.addInitScript({ content: probeScript(cards) })
  await page.goto(link, { waitUntil: 'commit' })
  return { context, page, foreignRequests, measurement: await opened(page, options.timeoutMs) }
}

/** Reloads an open board page: the build now comes from the service worker, the board from IndexedDB and the server. */
export async function reopen(page: Page, timeoutMs: number): Promise<OpenMeasurement> {
  await page.reload({ waitUntil: 'commit' })
  return opened(page, timeoutMs)
}
