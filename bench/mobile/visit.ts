import type { Browser, Page } from 'playwright-core'
import { openPage } from '../../tests/helpers/browser'
import { PURPOSE_SHAPE_TYPE } from '../../shared/model/template'
import type { SeededBoard } from '../browser/seed'
import type { MobilePage, MobilePageId } from './pages'
import { throttle, type LoggedRequest, type SLOW_MOBILE } from './slow-network'

/** One visit: from navigation start until the page was usable, and what crossed the network meanwhile. */
export interface VisitMeasurement {
  usableMs: number
  transferredBytes: number
  requests: LoggedRequest[]
}

/** A page opened by a first-time visitor, then again from the service worker's cache. */
export interface PageMeasurement {
  page: MobilePageId
  first: VisitMeasurement
  second: VisitMeasurement
  /** Until the service worker held every build file the first visit loaded. */
  serviceWorkerFilledMs: number
  foreignRequests: string[]
}

/** Run in the page (see MobilePage.usable): whether the service worker controls it and holds every build and tldraw file it loaded. */
async function serviceWorkerHoldsLoadedFiles(): Promise<boolean> {
  if (!navigator.serviceWorker?.controller) return false
  const loaded = performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && /^\/(assets|tldraw-assets)\//.test(url.pathname))
  const held = await Promise.all(loaded.map((url) => caches.match(url.href)))
  return held.every(Boolean)
}

async function untilUsable(page: Page, target: MobilePage, timeoutMs: number): Promise<number> {
  const at = await page.waitForFunction(target.usable, PURPOSE_SHAPE_TYPE, { polling: 'raf', timeout: timeoutMs })
  return (await at.jsonValue()) as number
}

function visit(usableMs: number, requests: LoggedRequest[]): VisitMeasurement {
  return { usableMs, requests, transferredBytes: requests.reduce((sum, request) => sum + request.transferredBytes, 0) }
}

/**
 * Opens `target` in a fresh browser context (no cache, no service worker, no local copy) on the
 * throttled network (none for null), waits until it is usable, waits until the service worker
 * has cached the build files, and reloads it: the second visit, network still throttled.
 */
export async function measurePage(
  browser: Browser,
  origin: string,
  target: MobilePage,
  board: SeededBoard,
  network: typeof SLOW_MOBILE | null,
  timeoutMs: number,
): Promise<PageMeasurement> {
  const { context, page, foreignRequests } = await openPage(browser, origin, { viewport: target.viewport })
  try {
    const log = await throttle(page, network)
    await page.goto(`${origin}${target.path(board)}`, { waitUntil: 'commit' })
    const firstMs = await untilUsable(page, target, timeoutMs)
    const first = visit(firstMs, log.requests())
    const filledFrom = performance.now()
    await page.waitForFunction(serviceWorkerHoldsLoadedFiles, undefined, { polling: 250, timeout: timeoutMs })
    const serviceWorkerFilledMs = performance.now() - filledFrom
    const before = log.requests().length
    await page.reload({ waitUntil: 'commit' })
    const secondMs = await untilUsable(page, target, timeoutMs)
    return {
      page: target.id,
      first,
      second: visit(secondMs, log.requests().slice(before)),
      serviceWorkerFilledMs,
      foreignRequests: [...foreignRequests],
    }
  } finally {
    await context.close()
  }
}
