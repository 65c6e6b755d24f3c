import type { Page } from 'playwright-core'
import { sleep } from '../util/wait'
import type { CardMover } from './card-mover'
import { measureClockOffset } from './clock-offset'
import { distributionOf, type Distribution } from './distribution'
import type { ProbeState } from './page-probe'
import { matchRenders, type RenderLog } from './render-lag'

/** Main-thread tasks over 50 ms during a measurement, and the longest of them. */
export interface LongTaskFigures {
  longTasks: number
  longestTaskMs: number
}

/** The long tasks of `tasks` (the page probe's) that were still running at or after `since` (page ms). */
function longTasksSince(tasks: ProbeState['longTasks'], since: number): LongTaskFigures {
  const during = tasks.filter((task) => task.start + task.duration >= since)
  return { longTasks: during.length, longestTaskMs: during.reduce((longest, task) => Math.max(longest, task.duration), 0) }
}

/** The long tasks the page's probe saw that were still running at or after `since` (page ms). */
export async function pageLongTasksSince(page: Page, since: number): Promise<LongTaskFigures> {
  return longTasksSince(await page.evaluate(() => window.__benchProbe.longTasks), since)
}

/** What the page did while a peer moved its cards; long tasks from the first move until everything was rendered. */
export interface MovesMeasurement extends LongTaskFigures {
  sentMoves: number
  sentPerSecond: number
  /** Send-to-render lag of the rendered moves (ms). */
  lagMs: Distribution
  /** Moves whose position never showed within the settle time. */
  missingRenders: number
  /** Animation frames per second over the window, and the longest gap between two frames. */
  framesPerSecond: number
  longestFrameGapMs: number
  clockRoundTripMs: number
}

declare const window: { __benchProbe: ProbeState }

/** Lets the page settle after earlier work, so the window starts from a quiet page. */
const QUIET_MS = 1000

/**
 * Runs `mover` against the open board `page` for `seconds` and measures, on the page, when each
 * moved card showed at its new place, the long tasks and the frames meanwhile.
 */
export async function measureMoves(
  page: Page,
  mover: CardMover,
  rate: { movesPerSecond: number; ticksPerSecond: number; seconds: number; settleMs: number },
): Promise<MovesMeasurement> {
  await sleep(QUIET_MS)
  const clock = await measureClockOffset(page)
  const windowStart = await page.evaluate(() => {
    window.__benchProbe.watch(true)
    return performance.now()
  })
  const sent = await mover.run(rate.movesPerSecond, rate.ticksPerSecond, rate.seconds)
  const deadline = Date.now() + rate.settleMs
  while (Date.now() < deadline && (await page.evaluate(() => window.__benchProbe.renderIds.length)) < sent.length) await sleep(50)
  const { renders, longTasks, frames } = await page.evaluate(() => {
    const probe = window.__benchProbe
    probe.watch(false)
    const renders: RenderLog = { renderIds: probe.renderIds, renderX: probe.renderX, renderY: probe.renderY, renderAt: probe.renderAt }
    const result = { renders: structuredClone(renders), longTasks: probe.longTasks, frames: probe.frames }
    probe.renderIds = []
    probe.renderX = []
    probe.renderY = []
    probe.renderAt = []
    probe.frames = []
    return result
  })
  const lag = matchRenders(sent, renders, clock.offsetMs)
  const gaps = frames.slice(1).map((at, i) => at - frames[i]!)
  const sentSpan = sent.length > 1 ? (sent[sent.length - 1]!.sentAt - sent[0]!.sentAt) / 1000 : rate.seconds
  const frameSpan = frames.length > 1 ? (frames[frames.length - 1]! - frames[0]!) / 1000 : 0
  return {
    sentMoves: sent.length,
    sentPerSecond: sent.length / Math.max(sentSpan, 1e-3),
    lagMs: distributionOf(lag.lagsMs),
    missingRenders: lag.missing,
    ...longTasksSince(longTasks, windowStart),
    framesPerSecond: frameSpan > 0 ? (frames.length - 1) / frameSpan : 0,
    longestFrameGapMs: gaps.reduce((longest, gap) => Math.max(longest, gap), 0),
    clockRoundTripMs: clock.roundTripMs,
  }
}
