import { RunningServer } from '../servers/launch'
import { withTimeLimit } from '../util/time-limit'
import type { SuiteContext } from './context'
import { stopAllLoads } from './load'

/**
 * Runs one measurement with the scale's time limit for a point. A server that hangs (a reference
 * server that stops answering at some client count, so that neither its sockets nor its IPC reply
 * ever come) would otherwise hold up the whole run: past the limit the load is stopped, every
 * server child is killed, and the point ends with `TimeLimitExceeded`, which `guarded` reports
 * as timed out before the run goes on with the next point.
 */
export function boundedMeasure<T>(context: SuiteContext, measure: () => Promise<T>): Promise<T> {
  return withTimeLimit(context.scale.pointTimeLimitMs, measure, abandonPoint)
}

async function abandonPoint(): Promise<void> {
  stopAllLoads()
  await RunningServer.killAll()
}
