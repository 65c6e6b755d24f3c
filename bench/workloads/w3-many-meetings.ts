import { Measurement } from '../metrics/measurement'
import type { RunResult } from '../report/result'
import type { ServerDefinition } from '../servers/definitions'
import { forEachLimited } from '../util/wait'
import { type SuiteContext, withServer } from './context'
import { measurePoint } from './guard'
import { Room } from './room'
import { afterWindow, pointResult, runSteadyWindow } from './steady'

/**
 * W3, many meetings: 200 rooms × 8 clients × 1 edit/s. Before the load, idle
 * memory is measured twice: with one client per room and with all of them, so
 * the cost of a room and of a connection come out separately.
 */
export async function runManyMeetings(context: SuiteContext): Promise<RunResult[]> {
  const results: RunResult[] = []
  for (const definition of context.servers) {
    context.log(`W3 ${context.scale.w3Rooms} rooms × ${context.scale.w3ClientsPerRoom} on ${definition.id}`)
    const label = { workload: 'W3' as const, point: `${context.scale.w3Rooms}×${context.scale.w3ClientsPerRoom}`, server: definition.id }
    results.push(...(await measurePoint(context, label, () => manyMeetings(context, definition))))
  }
  return results
}

async function manyMeetings(context: SuiteContext, definition: ServerDefinition): Promise<RunResult> {
  const { scale } = context
  return withServer(context, definition, async (session) => {
    const measurement = new Measurement()
    const rooms: Room[] = []
    try {
      for (let i = 0; i < scale.w3Rooms; i++) rooms.push(await Room.open(session.server, measurement))
      // Timed from here: creating a board (ours stretches its join code) is not part of syncing.
      const started = performance.now()
      await forEachLimited(rooms, 25, async (room) => void (await room.join(1)))
      const oneEach = await session.server.memoryAfterGc()
      await forEachLimited(rooms, 5, async (room) => void (await room.join(scale.w3ClientsPerRoom - 1)))
      const syncMs = performance.now() - started
      const allIdle = await session.server.memoryAfterGc()
      const extraConnections = rooms.length * (scale.w3ClientsPerRoom - 1)
      const perConnection = (allIdle.rss - oneEach.rss) / extraConnections
      const perRoom = (oneEach.rss - session.baseline.rss - perConnection * rooms.length) / rooms.length
      const heapPerConnection = (heapAndExternal(allIdle) - heapAndExternal(oneEach)) / extraConnections

      for (const room of rooms) for (const client of room.clients) client.addCards(1, `Idea ${client.index}`)
      const spec = { editsPerSecond: scale.w3EditsPerSecond, cursorHz: 0 }
      const { usage, settled } = await runSteadyWindow(session, rooms, measurement, spec, scale)
      const { memory, checks } = await afterWindow(session, rooms, settled)
      return pointResult({
        workload: 'W3',
        point: `${scale.w3Rooms}×${scale.w3ClientsPerRoom}`,
        session,
        params: { rooms: scale.w3Rooms, clientsPerRoom: scale.w3ClientsPerRoom, ...spec },
        measurement,
        usage,
        memory,
        connections: rooms.length * scale.w3ClientsPerRoom,
        rooms: rooms.length,
        syncMs,
        checks,
        settled,
        perConnectionKb: perConnection / 1024,
        perRoomKb: perRoom / 1024,
        extra: {
          idleRssOneClientPerRoomMb: oneEach.rss / 1024 / 1024,
          idleRssAllClientsMb: allIdle.rss / 1024 / 1024,
          idleHeapPerConnectionKb: heapPerConnection / 1024,
        },
      })
    } finally {
      for (const room of rooms) room.close()
    }
  })
}

function heapAndExternal(usage: NodeJS.MemoryUsage): number {
  return usage.heapUsed + usage.external
}
