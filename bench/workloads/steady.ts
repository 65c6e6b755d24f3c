import { nowMicros } from '../metrics/clock'
import type { Measurement } from '../metrics/measurement'
import { type UsageFigures, UsageSampler } from '../metrics/sampler'
import { correctnessOf, GENERATOR_CPU_LIMIT_PERCENT, type RunResult, type WorkloadId } from '../report/result'
import type { Scale } from '../scale'
import { sleep } from '../util/wait'
import type { ServerSession } from './context'
import { type LoadSpec, startLoad } from './load'
import type { Room, RoomCheck } from './room'

/** What a steady window produced. */
export interface SteadyWindow {
  usage: UsageFigures
  /** Whether all rooms caught up after the load stopped. */
  settled: boolean
}

/**
 * Puts `spec` on every client of `rooms`, warms up, measures one window
 * (observers report into `measurement`), stops the load and waits for every
 * observer to catch up.
 */
export async function runSteadyWindow(
  session: ServerSession,
  rooms: readonly Room[],
  measurement: Measurement,
  spec: LoadSpec,
  scale: Scale,
): Promise<SteadyWindow> {
  const stop = startLoad(
    rooms.flatMap((room) => room.clients),
    spec,
  )
  const sampler = new UsageSampler(session.server)
  await sleep(scale.warmupMs)
  sampler.start()
  measurement.open(nowMicros())
  await sleep(scale.windowMs)
  measurement.close(nowMicros())
  const usage = await sampler.stop()
  stop()
  const settled = await settleAll(rooms, scale.settleTimeoutMs)
  return { usage, settled }
}

/** What is measured once the load has stopped. */
export interface Aftermath {
  /** Server memory after a forced GC; null when the server had fallen behind. */
  memory: NodeJS.MemoryUsage | null
  checks: RoomCheck[]
}

/**
 * Measures memory and checks every room, if the rooms caught up. A server
 * that fell behind would answer the GC request and serve the checking client
 * only after its whole backlog, which can take minutes: it is left unchecked
 * (reported as SLOW) and killed afterwards.
 */
export async function afterWindow(session: ServerSession, rooms: readonly Room[], settled: boolean): Promise<Aftermath> {
  if (!settled) {
    session.overloaded = true
    return { memory: null, checks: [] }
  }
  const memory = await session.server.memoryAfterGc()
  const checks: RoomCheck[] = []
  for (const room of rooms) checks.push(await room.check())
  return { memory, checks }
}

/** Waits for every room to catch up, with one shared deadline. */
export async function settleAll(rooms: readonly Room[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (const room of rooms) {
    if (!(await room.settle(Math.max(0, deadline - Date.now())))) return false
  }
  return true
}

/** Everything a point's figures are computed from. */
export interface PointInputs {
  workload: WorkloadId
  point: string
  session: ServerSession
  params: Record<string, number | string | boolean>
  measurement: Measurement
  usage: UsageFigures
  memory: NodeJS.MemoryUsage | null
  connections: number
  rooms: number
  syncMs: number | null
  checks: RoomCheck[]
  settled: boolean
  problems?: string[]
  perRoomKb?: number | null
  perConnectionKb?: number | null
  /**
   * Set where passive members joined: how many of the `connections` observe. Every member
   * receives the same stream, so deliveries to all members are the observers' deliveries
   * × connections / observers; frames and bytes to passive members are counted exactly.
   */
  observers?: number
  extra?: Record<string, number | string | boolean | null>
}

const MB = 1024 * 1024

/** Computes the reported figures of a point. */
export function pointResult(inputs: PointInputs): RunResult {
  const { measurement, usage, memory, session } = inputs
  const seconds = measurement.seconds
  const observers = inputs.observers ?? inputs.connections
  const deliveryScale = observers > 0 ? inputs.connections / observers : 1
  const editDeliveries = measurement.editDeliveries * deliveryScale
  const awarenessDeliveries = measurement.awarenessDeliveries * deliveryScale
  const delivered = editDeliveries + awarenessDeliveries
  const perConnectionKb =
    inputs.perConnectionKb !== undefined
      ? inputs.perConnectionKb
      : memory !== null && inputs.connections > 0
        ? (memory.rss - session.baseline.rss) / inputs.connections / 1024
        : null
  const mb = (bytes: number | undefined) => (bytes === undefined ? null : bytes / MB)
  return {
    workload: inputs.workload,
    point: inputs.point,
    server: session.server.definition.id,
    params: inputs.params,
    windowSeconds: seconds,
    connections: inputs.connections,
    rooms: inputs.rooms,
    latencyMs: measurement.latency.summary(),
    deliveredPerSecond: delivered / seconds,
    editDeliveriesPerSecond: editDeliveries / seconds,
    awarenessDeliveriesPerSecond: awarenessDeliveries / seconds,
    framesPerSecond: (measurement.frames + measurement.passiveFrames) / seconds,
    serverCpuPercent: usage.serverCpuPercent,
    // CPU over the sampler's wall time, deliveries over the window: both span the same interval.
    cpuMicrosPerDelivery: delivered > 0 ? usage.serverCpuMicros / delivered : null,
    memory: {
      baselineRssMb: session.baseline.rss / MB,
      rssMb: mb(memory?.rss),
      heapUsedMb: mb(memory?.heapUsed),
      externalMb: mb(memory?.external),
      perConnectionKb,
      perRoomKb: inputs.perRoomKb ?? null,
    },
    syncMs: inputs.syncMs,
    generatorCpuPercent: usage.generatorCpuPercent,
    generatorLoopDelayP99Ms: usage.generatorLoopDelayP99Ms,
    waitPercent: usage.waitPercent,
    valid: usage.generatorCpuPercent <= GENERATOR_CPU_LIMIT_PERCENT,
    correctness: correctnessOf(inputs.checks, inputs.settled, inputs.problems),
    extra: {
      serverWaitPercent: usage.serverWaitPercent,
      generatorWaitPercent: usage.generatorWaitPercent,
      generatorSystemPercent: usage.generatorSystemPercent,
      serverLoopDelayP99Ms: usage.serverLoopDelayP99Ms,
      serverLoopDelayMaxMs: usage.serverLoopDelayMaxMs,
      ...(inputs.observers === undefined ? {} : passiveFigures(measurement, observers, inputs.connections - observers)),
      ...inputs.extra,
    },
  }
}

/**
 * What observers and passive members received, side by side: per member and second, the
 * messages and bytes should match (a passive member gets what an observer gets), which is what
 * scaling the observers' deliveries up to all members rests on.
 */
function passiveFigures(measurement: Measurement, observers: number, passive: number): Record<string, number> {
  const perMemberSecond = (count: number, members: number) => (members > 0 ? count / members / measurement.seconds : 0)
  return {
    observers,
    passiveMembers: passive,
    observedDeliveriesPerSecond: (measurement.editDeliveries + measurement.awarenessDeliveries) / measurement.seconds,
    observerFramesPerMemberSecond: perMemberSecond(measurement.frames, observers),
    passiveFramesPerMemberSecond: perMemberSecond(measurement.passiveFrames, passive),
    observerBytesPerMemberSecond: perMemberSecond(measurement.bytes, observers),
    passiveBytesPerMemberSecond: perMemberSecond(measurement.passiveBytes, passive),
  }
}
