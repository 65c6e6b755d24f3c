import type { BenchClient } from '../client/bench-client'

/** The stop functions of the loads running now. */
const runningLoads = new Set<() => void>()

/** Per-client rates of a steady load. */
export interface LoadSpec {
  /** Card moves per second per client. */
  editsPerSecond: number
  /** Cursor (awareness) updates per second per client. */
  cursorHz: number
}

/**
 * Drives `clients` at the given rates until the returned function is called.
 * Each client gets its own timers with a random phase, so sends spread evenly
 * over time the way independent people's do, instead of arriving in bursts.
 */
export function startLoad(clients: readonly BenchClient[], spec: LoadSpec): () => void {
  const timers: NodeJS.Timeout[] = []
  const every = (rate: number, action: () => void) => {
    if (rate <= 0) return
    const period = 1000 / rate
    timers.push(
      setTimeout(() => {
        action()
        timers.push(setInterval(action, period))
      }, Math.random() * period),
    )
  }
  for (const client of clients) {
    every(spec.editsPerSecond, () => client.moveCard())
    every(spec.cursorHz, () => client.sendCursor())
  }
  const stop = () => {
    for (const timer of timers) clearTimeout(timer)
    runningLoads.delete(stop)
  }
  runningLoads.add(stop)
  return stop
}

/** Stops every load still running (one a point that overran its time limit left behind). */
export function stopAllLoads(): void {
  for (const stop of [...runningLoads]) stop()
}
