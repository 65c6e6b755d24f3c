import type { LatencySummary } from '../metrics/latency'
import type { ServerId } from '../servers/definitions'
import type { RoomCheck } from '../workloads/room'

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5'

/** Generator CPU above this share of its core makes a run invalid: it would measure the client, not the server. */
export const GENERATOR_CPU_LIMIT_PERCENT = 70

/** Did every observer get every update, and does everyone agree with the server? The rooms' checks summed up. */
export interface Correctness extends Omit<RoomCheck, 'members'> {
  /** Nothing lost, everyone converged, nothing refused: the server did its job, however slowly. */
  ok: boolean
  /** Observers caught up within the settle timeout after the load stopped (else the server fell behind). */
  settled: boolean
  /** The point overran its time limit and was abandoned (workloads/point-bound.ts): nothing of it was measured. */
  timedOut: boolean
  /** Workload-specific failures (a joiner that never synced, a board not restored after restart). */
  problems: string[]
}

/** Server memory after a forced GC. */
export interface MemoryFigures {
  /** RSS of the freshly started server, before any room. */
  baselineRssMb: number
  /** Null when the server had fallen behind and was not asked. */
  rssMb: number | null
  heapUsedMb: number | null
  externalMb: number | null
  /** (RSS - baseline) / connections. */
  perConnectionKb: number | null
  /** Only where rooms and connections were measured separately (W3). */
  perRoomKb: number | null
}

/** The figures of one measured point (one server, one workload setting). */
export interface RunResult {
  workload: WorkloadId
  /** The setting within the workload, e.g. "N=100" or "8 edits/s". */
  point: string
  server: ServerId
  params: Record<string, number | string | boolean>
  windowSeconds: number
  connections: number
  rooms: number
  latencyMs: LatencySummary
  /** Edits and cursor updates that reached an observer, per second. */
  deliveredPerSecond: number
  editDeliveriesPerSecond: number
  awarenessDeliveriesPerSecond: number
  framesPerSecond: number
  serverCpuPercent: number
  cpuMicrosPerDelivery: number | null
  memory: MemoryFigures
  /** Time until every client of the point was synced (W4: every joiner). */
  syncMs: number | null
  generatorCpuPercent: number
  generatorLoopDelayP99Ms: number
  /** Share of the window the server or generator waited for its core (other work on the machine). */
  waitPercent: number
  /** False when the generator was saturated. */
  valid: boolean
  correctness: Correctness
  extra: Record<string, number | string | boolean | null>
}

/** Folds the checks of a point's rooms into one verdict. */
export function correctnessOf(checks: RoomCheck[], settled: boolean, problems: string[] = []): Correctness {
  if (!settled) problems = [...problems, 'not checked: the server had not caught up by the end of the settle timeout']
  const sum = (pick: (check: RoomCheck) => number) => checks.reduce((total, check) => total + pick(check), 0)
  const correctness: Correctness = {
    ok: false,
    settled,
    timedOut: false,
    missingEdits: sum((check) => check.missingEdits),
    skippedEdits: sum((check) => check.skippedEdits),
    gaps: sum((check) => check.gaps),
    stateVectorMismatches: sum((check) => check.stateVectorMismatches),
    writesMissingOnServer: sum((check) => check.writesMissingOnServer),
    verifierComplete: checks.every((check) => check.verifierComplete),
    unexpectedCloses: checks.flatMap((check) => check.unexpectedCloses),
    problems,
  }
  correctness.ok =
    problems.length === 0 &&
    correctness.missingEdits === 0 &&
    correctness.gaps === 0 &&
    correctness.stateVectorMismatches === 0 &&
    correctness.writesMissingOnServer === 0 &&
    correctness.verifierComplete &&
    correctness.unexpectedCloses.length === 0
  return correctness
}
