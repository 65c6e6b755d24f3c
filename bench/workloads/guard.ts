import type { RunResult, WorkloadId } from '../report/result'
import type { ServerId } from '../servers/definitions'
import { TimeLimitExceeded } from '../util/time-limit'
import type { SuiteContext } from './context'
import { leastNoisy } from './noise'

/** Which point a guarded run measures. */
export interface PointLabel {
  workload: WorkloadId
  point: string
  server: ServerId
}

/**
 * Runs one point (or a server's whole ramp); if it throws (a server that
 * refuses to start, an API error) or overruns its time limit (point-bound.ts),
 * the run goes on and the point is reported as a correctness failure carrying
 * the error, or as timed out, instead of ending a 20-minute run.
 */
export async function guarded(context: SuiteContext, label: PointLabel, run: () => Promise<RunResult[]>): Promise<RunResult[]> {
  try {
    return await run()
  } catch (error) {
    return [failedPoint(context, label, error)]
  }
}

/** A point measured in the usual way: guarded against errors, repeated when noisy. */
export function measurePoint(context: SuiteContext, label: PointLabel, measure: () => Promise<RunResult>): Promise<RunResult[]> {
  return guarded(context, label, async () => [await leastNoisy(context, measure)])
}

/** The result of a point that threw or timed out, logged as such. */
export function failedPoint(context: SuiteContext, label: PointLabel, error: unknown): RunResult {
  const timedOut = error instanceof TimeLimitExceeded
  const message = error instanceof Error ? error.message : String(error)
  context.log(`  ${timedOut ? 'TIMED OUT' : 'ERROR'} in ${label.workload} ${label.point} on ${label.server}: ${message}`)
  return {
    ...label,
    params: {},
    windowSeconds: 0,
    connections: 0,
    rooms: 0,
    latencyMs: { count: 0, p50: null, p99: null, max: null },
    deliveredPerSecond: 0,
    editDeliveriesPerSecond: 0,
    awarenessDeliveriesPerSecond: 0,
    framesPerSecond: 0,
    serverCpuPercent: 0,
    cpuMicrosPerDelivery: null,
    memory: { baselineRssMb: 0, rssMb: 0, heapUsedMb: 0, externalMb: 0, perConnectionKb: null, perRoomKb: null },
    syncMs: null,
    generatorCpuPercent: 0,
    generatorLoopDelayP99Ms: 0,
    waitPercent: 0,
    valid: false,
    correctness: {
      ok: false,
      settled: false,
      timedOut,
      missingEdits: 0,
      skippedEdits: 0,
      gaps: 0,
      stateVectorMismatches: 0,
      writesMissingOnServer: 0,
      verifierComplete: false,
      unexpectedCloses: [],
      problems: [timedOut ? `timed out: ${message}` : `error: ${message}`],
    },
    extra: {},
  }
}
