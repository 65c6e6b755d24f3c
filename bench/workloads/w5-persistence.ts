import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRecords } from '../../shared/model/record-log'
import type { BenchClient } from '../client/bench-client'
import { nowMicros } from '../metrics/clock'
import { Measurement } from '../metrics/measurement'
import { type UsageFigures, UsageSampler } from '../metrics/sampler'
import type { RunResult } from '../report/result'
import type { Scale } from '../scale'
import type { ServerDefinition } from '../servers/definitions'
import { RunningServer } from '../servers/launch'
import type { ServerSession, SuiteContext } from './context'
import { guarded, measurePoint } from './guard'
import { boundedMeasure } from './point-bound'
import { Room, type RoomCheck } from './room'
import { pointResult } from './steady'
import { measureStoredSize } from './stored-size'
import { meetingPoint } from './w1-meeting'

/**
 * W5, persistence (our server only): the meeting load with persistence off and
 * on, then the size of the stored board after 10,000 moves of 100 shapes,
 * compared with its final records as JSON, and whether a restarted server
 * still serves exactly those records.
 */
export async function runPersistence(context: SuiteContext): Promise<RunResult[]> {
  const ours = context.servers.find((server) => server.id === 'ours')
  if (ours === undefined) return []
  const clients = context.scale.w5Clients
  const meeting = async (persistence: boolean) => {
    const point = `persistence ${persistence ? 'on' : 'off'}`
    context.log(`W5 meeting of ${clients}, ${point}`)
    const label = { workload: 'W5' as const, point, server: ours.id }
    return measurePoint(context, label, () => meetingPoint(context, ours, clients, 'W5', point, persistence))
  }
  const off = await meeting(false)
  const on = await meeting(true)
  context.log(`W5 ${context.scale.w5Moves} moves of ${context.scale.w5Shapes} shapes, stored size`)
  const stored = await guarded(context, { workload: 'W5', point: 'stored size', server: ours.id }, async () => [
    await boundedMeasure(context, () => storedSize(context, ours)),
  ])
  return [...off, ...on, ...stored]
}

async function storedSize(context: SuiteContext, definition: ServerDefinition): Promise<RunResult> {
  const { scale } = context
  const dataDir = mkdtempSync(join(tmpdir(), 'gatherboard-bench-w5-'))
  try {
    const server = await RunningServer.launch(definition, { persistence: true, dataDir })
    let phase: MovePhase
    try {
      phase = await movePhase(server, scale)
    } finally {
      await server.stop()
    }
    const stored = measureStoredSize(dataDir)
    const restoredOk = await restoresExactly(definition, dataDir, phase.board, phase.recordsJson)
    const finalJsonBytes = Buffer.byteLength(phase.recordsJson)
    return pointResult({
      ...phase,
      workload: 'W5',
      point: 'stored size',
      params: { shapes: scale.w5Shapes, moves: scale.w5Moves, writers: scale.w5Writers, movesPerSecondPerWriter: scale.w5MovesPerSecondPerWriter },
      connections: scale.w5Writers,
      rooms: 1,
      syncMs: null,
      settled: phase.settled,
      problems: restoredOk ? [] : ['the restarted server did not serve exactly the final records'],
      extra: {
        storedBytes: stored.totalBytes,
        finalJsonBytes,
        storedToJsonRatio: stored.totalBytes / finalJsonBytes,
        liveDatabaseBytes: stored.liveDatabaseBytes,
        liveDatabaseToJsonRatio: stored.liveDatabaseBytes / finalJsonBytes,
        storedFiles: stored.files,
        storedTables: stored.tables,
        restoredAfterRestart: restoredOk,
      },
    })
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** What the move phase leaves for the figures. */
interface MovePhase {
  session: ServerSession
  board: string
  measurement: Measurement
  usage: UsageFigures
  memory: NodeJS.MemoryUsage
  settled: boolean
  checks: RoomCheck[]
  /** The writers' final records as a JSON array. */
  recordsJson: string
}

/** Writers put the shapes on a board and move them; everything is measured as one window. */
async function movePhase(server: RunningServer, scale: Scale): Promise<MovePhase> {
  const session = { server, baseline: await server.memoryAfterGc() }
  const measurement = new Measurement()
  const room = await Room.open(server, measurement)
  try {
    await room.join(scale.w5Writers)
    for (const writer of room.clients) writer.addCards(scale.w5Shapes / scale.w5Writers, `Shape of writer ${writer.index}`)
    await room.settle(scale.settleTimeoutMs)
    const sampler = new UsageSampler(server)
    sampler.start()
    measurement.open(nowMicros())
    await moveAll(room.clients, scale.w5Moves / scale.w5Writers, scale.w5MovesPerSecondPerWriter)
    measurement.close(nowMicros())
    const usage = await sampler.stop()
    const settled = await room.settle(scale.settleTimeoutMs)
    return {
      session,
      board: room.name,
      measurement,
      usage,
      memory: await server.memoryAfterGc(),
      settled,
      checks: [await room.check()],
      recordsJson: JSON.stringify(room.clients.flatMap((writer) => writer.ownCards)),
    }
  } finally {
    room.close()
  }
}

/** Every writer moves its cards round robin, `moves` times at `perSecond`. */
function moveAll(writers: readonly BenchClient[], moves: number, perSecond: number): Promise<void> {
  return Promise.all(
    writers.map(
      (writer) =>
        new Promise<void>((resolve) => {
          let done = 0
          const timer = setInterval(() => {
            writer.moveCard()
            if (++done === moves) {
              clearInterval(timer)
              resolve()
            }
          }, 1000 / perSecond)
        }),
    ),
  ).then(() => undefined)
}

/** Restarts the server on `dataDir` and checks the board folds to exactly `expectedJson`'s records. */
async function restoresExactly(definition: ServerDefinition, dataDir: string, board: string, expectedJson: string): Promise<boolean> {
  const server = await RunningServer.launch(definition, { persistence: true, dataDir })
  try {
    const doc = await Room.existing(server, board, new Measurement()).snapshot()
    if (doc === null) return false
    // Folded as every peer folds the log (shared/model/record-log.ts).
    const restored = readRecords(doc)
    const expected = JSON.parse(expectedJson) as { id: string }[]
    return restored.size === expected.length && expected.every((record) => JSON.stringify(restored.get(record.id)) === JSON.stringify(record))
  } finally {
    await server.stop()
  }
}
