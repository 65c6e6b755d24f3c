import type { Page } from 'playwright-core'

/** Epoch milliseconds with sub-millisecond resolution, as the page probe takes them. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * How far the page's clock is ahead of this process's (ms): both read the system clock, but each
 * fixes `timeOrigin` at its own start. Of several round trips the shortest is trusted, and the
 * page's reading is taken to be from its middle.
 */
export async function measureClockOffset(page: Page, rounds = 15): Promise<{ offsetMs: number; roundTripMs: number }> {
  let best = { offsetMs: 0, roundTripMs: Infinity }
  for (let i = 0; i < rounds; i++) {
    const before = epochNow()
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now())
    const after = epochNow()
    if (after - before < best.roundTripMs) best = { offsetMs: pageTime - (before + after) / 2, roundTripMs: after - before }
  }
  return best
}
