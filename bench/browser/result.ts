import type { ProfileSummary } from '../profile/hot-functions'
import type { Machine } from '../report/machine'
import type { BundleReport } from './bundle'
import type { MovesMeasurement } from './live-moves'
import type { MainThreadBreakdown } from './main-thread-trace'
import type { OpenMeasurement } from './open-board'
import type { ClientScale } from './scale'
import type { ZoomInMeasurement } from './zoom-in'

/** Issue 6's targets for the client on big boards. */
export const CLIENT_TARGETS = { openMs: 2500, lagP95Ms: 200, longestTaskMs: 200 } as const

/** Everything one run of the client benchmark measured (written as JSON to results/runs/<time>/client.json). */
export interface ClientResult {
  quick: boolean
  machine: Machine
  scale: ClientScale
  /** Time to create and fill the board through the server. */
  seedMs: number
  /** First visits, each in a fresh browser context. */
  coldOpens: OpenMeasurement[]
  /** A returning visitor reloading the board (build from the service worker, board from IndexedDB). */
  warmOpen: OpenMeasurement
  /** Live moves, measured without a profiler attached. */
  moves: MovesMeasurement
  /** A second, shorter window of moves with the CPU profiler and the performance trace on. */
  profiled: {
    moves: MovesMeasurement
    cpu: ProfileSummary
    mainThread: MainThreadBreakdown
    /** Where the raw profile (.cpuprofile) and trace (.json, for DevTools) were written. */
    files: { cpuProfile: string; trace: string }
  }
  /** Zooming in from the whole map until cards show their text (they don't below 12 %). */
  zoomIn: ZoomInMeasurement
  bundle: BundleReport
  /** Busy share of all cores by other processes than this benchmark (and by it) during the moves window. */
  load: { othersPercent: number; oursPercent: number }
  correctness: { ok: boolean; problems: string[] }
}

/** One target and how the run did. */
export interface ClientTargetCheck {
  target: string
  measured: string
  met: boolean
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!

/** The median of the first-visit opens: the figure the open target is judged on. */
export function coldOpenMedianMs(result: ClientResult): number {
  return median(result.coldOpens.map((open) => open.openMs))
}

/** Checks the targets against a run. */
export function checkClientTargets(result: ClientResult): ClientTargetCheck[] {
  const open = coldOpenMedianMs(result)
  const p95 = result.moves.lagMs.p95
  const longest = result.moves.longestTaskMs
  return [
    {
      target: `open ${result.scale.cards.toLocaleString('en-US')} cards < ${CLIENT_TARGETS.openMs} ms`,
      measured: `${open.toFixed(0)} ms (median of ${result.coldOpens.length} first visits; returning ${result.warmOpen.openMs.toFixed(0)} ms)`,
      met: open < CLIENT_TARGETS.openMs,
    },
    {
      target: `send-to-render lag p95 < ${CLIENT_TARGETS.lagP95Ms} ms`,
      measured: p95 === null ? 'n/a' : `${p95.toFixed(0)} ms`,
      met: p95 !== null && p95 < CLIENT_TARGETS.lagP95Ms && result.moves.missingRenders === 0,
    },
    {
      target: `no main-thread task > ${CLIENT_TARGETS.longestTaskMs} ms during moves`,
      measured: `longest ${longest.toFixed(0)} ms`,
      met: longest <= CLIENT_TARGETS.longestTaskMs,
    },
    {
      target: 'board route split from the start page',
      measured: result.bundle.startPage.tldrawLoaded ? 'start page loads tldraw' : 'start page loads no tldraw',
      met: result.bundle.boardSplitFromStart,
    },
  ]
}
