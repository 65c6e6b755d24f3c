import { Measurement } from '../metrics/measurement'
import type { RunResult } from '../report/result'
import type { ServerDefinition } from '../servers/definitions'
import { type SuiteContext, withServer } from './context'
import { failedPoint, guarded } from './guard'
import { leastNoisy, NOISE_LIMIT_PERCENT } from './noise'
import { Room } from './room'
import { TimeLimitExceeded } from '../util/time-limit'
import { afterWindow, pointResult, runSteadyWindow } from './steady'

/** Noisy steps over the limit a ramp lets pass before it stops. */
const MAX_NOISY_MISSES = 3

/**
 * W2, ramp: one room of 100 clients, most of them passive members (they send
 * like the others but do not read what they receive, so the generator can
 * drive rates the servers cannot keep up with); the per-client edit rate steps up until
 * p99 misses the limit in two quiet steps in a row (or the server stops
 * keeping up, or the generator saturates). The highest step under the limit is the
 * server's sustained rate.
 */
export async function runRamp(context: SuiteContext): Promise<RunResult[]> {
  const results: RunResult[] = []
  for (const definition of context.servers) {
    context.log(`W2 ramp on ${definition.id}`)
    results.push(...(await guarded(context, { workload: 'W2', point: 'ramp', server: definition.id }, () => ramp(context, definition))))
  }
  return results
}

async function ramp(context: SuiteContext, definition: ServerDefinition): Promise<RunResult[]> {
  const { scale } = context
  return withServer(context, definition, async (session) => {
    const room = await Room.open(session.server, new Measurement())
    const steps: RunResult[] = []
    try {
      const syncMs = (await room.join(scale.w2Observers)) + (await room.join(scale.w2Clients - scale.w2Observers, { passive: true }))
      for (const client of room.clients) client.addCards(1, `Idea ${client.index}`)
      await room.settle(scale.settleTimeoutMs)
      let misses = 0
      let noisyMisses = 0
      for (const rate of scale.w2Rates) {
        const spec = { editsPerSecond: rate, cursorHz: 0 }
        const point = `${rate} edits/s`
        const measured = leastNoisy(context, async () => {
          const measurement = new Measurement()
          room.ledger.measurement = measurement
          const { usage, settled } = await runSteadyWindow(session, [room], measurement, spec, scale)
          const { memory, checks } = await afterWindow(session, [room], settled)
          return pointResult({
            workload: 'W2',
            point,
            session,
            params: { clients: scale.w2Clients, observers: scale.w2Observers, ...spec },
            measurement,
            usage,
            memory,
            connections: scale.w2Clients,
            rooms: 1,
            observers: scale.w2Observers,
            syncMs: steps.length === 0 ? syncMs : null,
            checks,
            settled,
          })
        })
        // A step that hung keeps the steps before it; its server is gone, so the ramp ends.
        const result = await measured.catch((error: unknown) => {
          if (!(error instanceof TimeLimitExceeded)) throw error
          return failedPoint(context, { workload: 'W2', point, server: definition.id }, error)
        })
        steps.push(result)
        if (result.correctness.timedOut) break
        context.log(`  ${rate}/s: p99 ${result.latencyMs.p99?.toFixed(1)} ms, generator ${result.generatorCpuPercent.toFixed(0)}% (system ${Number(result.extra.generatorSystemPercent).toFixed(0)}%)`)
        if (sustained(result, scale.w2P99LimitMs)) {
          misses = 0
          continue
        }
        // Falling behind, losing updates or saturating the generator ends the ramp at once. A p99
        // over the limit ends it on the second miss in a row; a miss while other work kept server
        // or generator off their cores (NOISY) says little, so up to three of those are let pass.
        const hardStop = !result.correctness.ok || !result.correctness.settled || !result.valid
        const noisy = result.waitPercent > NOISE_LIMIT_PERCENT
        if (hardStop || (noisy ? ++noisyMisses > MAX_NOISY_MISSES : ++misses >= 2)) break
      }
      return steps
    } finally {
      room.close()
    }
  })
}

/** Whether a ramp step held: p99 under the limit, everyone caught up, nothing lost, a valid measurement. */
export function sustained(step: RunResult, p99LimitMs: number): boolean {
  const { correctness, latencyMs } = step
  return step.valid && correctness.ok && correctness.settled && latencyMs.p99 !== null && latencyMs.p99 < p99LimitMs
}
