import { performance } from 'node:perf_hooks'

/** Microseconds on this process' monotonic clock; senders and observers share it. */
export function nowMicros(): number {
  return performance.now() * 1000
}
