import { Measurement } from '../metrics/measurement'
import type { RunResult } from '../report/result'
import { isOurs, type ServerDefinition } from '../servers/definitions'
import { type SuiteContext, withServer } from './context'
import { measurePoint } from './guard'
import { Room } from './room'
import { afterWindow, pointResult, runSteadyWindow } from './steady'

/**
 * W1, one meeting: one room of N clients, each moving its cursor at 10 Hz and
 * a card twice a second. Servers alternate per N so background noise on the
 * shared machine hits them alike.
 */
export async function runMeeting(context: SuiteContext): Promise<RunResult[]> {
  const results: RunResult[] = []
  for (const clients of context.scale.w1Clients) {
    for (const definition of context.servers) {
      context.log(`W1 N=${clients} on ${definition.id}`)
      const label = { workload: 'W1' as const, point: `N=${clients}`, server: definition.id }
      results.push(...(await measurePoint(context, label, () => meetingPoint(context, definition, clients, 'W1', label.point))))
    }
  }
  return results
}

/** One measured meeting of `clients` people (also W5's load). */
export function meetingPoint(
  context: SuiteContext,
  definition: ServerDefinition,
  clients: number,
  workload: 'W1' | 'W5',
  point: string,
  persistence = context.oursPersistence,
): Promise<RunResult> {
  const { scale } = context
  return withServer(
    context,
    definition,
    async (session) => {
      const measurement = new Measurement()
      const room = await Room.open(session.server, measurement)
      try {
        const syncMs = await room.join(clients)
        for (const client of room.clients) client.addCards(1, `Idea ${client.index}`)
        await room.settle(scale.settleTimeoutMs)
        const spec = { editsPerSecond: scale.w1EditsPerSecond, cursorHz: scale.w1CursorHz }
        const { usage, settled } = await runSteadyWindow(session, [room], measurement, spec, scale)
        const { memory, checks } = await afterWindow(session, [room], settled)
        return pointResult({
          workload,
          point,
          session,
          params: { clients, ...spec, persistence: isOurs(definition.id) ? persistence : false },
          measurement,
          usage,
          memory,
          connections: clients,
          rooms: 1,
          syncMs,
          checks,
          settled,
        })
      } finally {
        room.close()
      }
    },
    persistence,
  )
}
