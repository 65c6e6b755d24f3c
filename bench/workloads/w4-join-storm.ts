import * as Y from 'yjs'
import { nowMicros } from '../metrics/clock'
import { Measurement } from '../metrics/measurement'
import { UsageSampler } from '../metrics/sampler'
import type { RunResult } from '../report/result'
import type { ServerDefinition } from '../servers/definitions'
import { sleep } from '../util/wait'
import { type SuiteContext, withServer } from './context'
import { measurePoint } from './guard'
import { startLoad } from './load'
import { Room } from './room'
import { afterWindow, pointResult, settleAll } from './steady'

/** Cards are added to the big board this many per update, as a large paste would. */
const CARDS_PER_UPDATE = 100
/** Roughly 2 KB of text per card. */
const CARD_TEXT = makeText(2000)

/**
 * W4, join storm: 100 clients join a board holding 5 MB within one second,
 * while a small meeting in another room goes on; reports the time until every
 * joiner is synced and that meeting's latency during the storm.
 */
export async function runJoinStorm(context: SuiteContext): Promise<RunResult[]> {
  const results: RunResult[] = []
  for (const definition of context.servers) {
    context.log(`W4 join storm on ${definition.id}`)
    const label = { workload: 'W4' as const, point: `${context.scale.w4Joiners} joiners`, server: definition.id }
    results.push(...(await measurePoint(context, label, () => joinStorm(context, definition))))
  }
  return results
}

async function joinStorm(context: SuiteContext, definition: ServerDefinition): Promise<RunResult> {
  const { scale } = context
  return withServer(context, definition, async (session) => {
    const board = await Room.open(session.server, new Measurement())
    const measurement = new Measurement()
    const meeting = await Room.open(session.server, measurement)
    try {
      const boardBytes = await seed(board, scale.w4BoardBytes)
      await meeting.join(scale.w4OtherRoomClients)
      for (const client of meeting.clients) client.addCards(1, `Idea ${client.index}`)
      await settleAll([board, meeting], scale.settleTimeoutMs)

      const spec = { editsPerSecond: scale.w1EditsPerSecond, cursorHz: scale.w1CursorHz }
      const stopLoad = startLoad(meeting.clients, spec)
      await sleep(scale.warmupMs)
      const sampler = new UsageSampler(session.server)
      sampler.start()
      measurement.open(nowMicros())
      const syncTimes = await storm(board, scale.w4Joiners, scale.w4JoinSpreadMs)
      await sleep(1000)
      measurement.close(nowMicros())
      const usage = await sampler.stop()
      stopLoad()
      const settled = await settleAll([board, meeting], scale.settleTimeoutMs)
      const { memory, checks } = await afterWindow(session, [board, meeting], settled)
      const allSyncedMs = syncTimes.length === scale.w4Joiners ? Math.max(...syncTimes) : null
      return pointResult({
        workload: 'W4',
        point: `${scale.w4Joiners} joiners`,
        session,
        params: { joiners: scale.w4Joiners, boardBytes, joinSpreadMs: scale.w4JoinSpreadMs, otherRoomClients: scale.w4OtherRoomClients },
        measurement,
        usage,
        memory,
        connections: board.clients.length + meeting.clients.length,
        rooms: 2,
        syncMs: allSyncedMs,
        checks,
        settled,
        problems: allSyncedMs === null ? [`${scale.w4Joiners - syncTimes.length} joiners never synced`] : [],
        extra: {
          boardBytes,
          joinersSynced: syncTimes.length,
          medianJoinerSyncMs: median(syncTimes),
        },
      })
    } finally {
      board.close()
      meeting.close()
    }
  })
}

/** Fills `room` with cards until the board encodes to `targetBytes`; returns its encoded size. */
async function seed(room: Room, targetBytes: number): Promise<number> {
  await room.join(1)
  const seeder = room.clients[0]!
  let size = 0
  while (size < targetBytes) {
    seeder.addCards(CARDS_PER_UPDATE, CARD_TEXT)
    size = Y.encodeStateAsUpdate(seeder.doc).length
    await sleep(20)
  }
  // A second client that has caught up proves the server holds the whole board before the storm.
  await room.join(1)
  return size
}

/**
 * Starts `joiners` clients spread evenly over `spreadMs`; resolves with each
 * one's time from the storm's start until it was synced.
 */
async function storm(room: Room, joiners: number, spreadMs: number): Promise<number[]> {
  const started = performance.now()
  const clients = Array.from({ length: joiners }, () => room.newClient())
  const times: number[] = []
  await Promise.all(
    clients.map(async (client, i) => {
      await sleep((i * spreadMs) / joiners)
      try {
        await client.connect()
        times.push(performance.now() - started)
      } catch {
        // A joiner that never syncs shows up as a missing sync time and a failed check.
      }
    }),
  )
  return times
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function makeText(length: number): string {
  const words = ['budget', 'park', 'school', 'traffic', 'housing', 'library', 'bridge', 'market', 'square', 'river']
  const parts: string[] = []
  let total = 0
  for (let i = 0; total < length; i++) {
    const word = words[(i * 7 + (i >> 3)) % words.length]!
    parts.push(word)
    total += word.length + 1
  }
  return parts.join(' ')
}
