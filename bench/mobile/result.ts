import type { Machine } from '../report/machine'
import type { MobilePageId } from './pages'
import type { SLOW_MOBILE } from './slow-network'
import type { PageMeasurement } from './visit'

/** Issue 12's targets on the slow mobile profile, in ms until usable. */
export const MOBILE_TARGETS = { phoneMs: 4000, boardMs: 15_000, secondVisitMs: 1000 } as const

/** One server's pages. */
export interface ServerRun {
  /** "this checkout", or the other checkout's directory. */
  name: string
  pages: PageMeasurement[]
}

/** Everything one run of the mobile benchmark measured (results/runs/<time>/mobile.json). */
export interface MobileResult {
  quick: boolean
  machine: Machine
  /** The emulated network; null in a quick run (not throttled, correctness only). */
  network: typeof SLOW_MOBILE | null
  servers: ServerRun[]
  correctness: { ok: boolean; problems: string[] }
}

export interface MobileTargetCheck {
  target: string
  measured: string
  met: boolean
}

const pageOf = (run: ServerRun, id: MobilePageId) => run.pages.find((page) => page.page === id)!

/** The targets, judged on the first server of the run (this checkout). */
export function checkMobileTargets(result: MobileResult): MobileTargetCheck[] {
  const run = result.servers[0]!
  const phone = pageOf(run, 'phone').first.usableMs
  const board = pageOf(run, 'board').first.usableMs
  const slowestSecond = run.pages.reduce((slowest, page) => (page.second.usableMs > slowest.second.usableMs ? page : slowest))
  return [
    { target: `phone page usable < ${MOBILE_TARGETS.phoneMs} ms`, measured: `${phone.toFixed(0)} ms`, met: phone < MOBILE_TARGETS.phoneMs },
    { target: `board usable < ${MOBILE_TARGETS.boardMs} ms`, measured: `${board.toFixed(0)} ms`, met: board < MOBILE_TARGETS.boardMs },
    {
      target: `second visit (service worker's cache) < ${MOBILE_TARGETS.secondVisitMs} ms, every page`,
      measured: `slowest: ${slowestSecond.page} ${slowestSecond.second.usableMs.toFixed(0)} ms`,
      met: slowestSecond.second.usableMs < MOBILE_TARGETS.secondVisitMs,
    },
  ]
}
