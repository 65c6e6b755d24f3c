import { monitorEventLoopDelay } from 'node:perf_hooks'

const RESOLUTION_MS = 10

/** How late this process' event loop ran, p99 and max, in ms. */
export interface LoopDelay {
  p99Ms: number
  maxMs: number
}

/**
 * Times this process' event loop between `start()` and `stop()`. Node's
 * histogram records whole sampling intervals; the delay is what exceeds the
 * interval, so that is what is reported.
 */
export class LoopDelayMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS })

  start(): void {
    this.histogram.reset()
    this.histogram.enable()
  }

  stop(): LoopDelay {
    this.histogram.disable()
    const excess = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS)
    return { p99Ms: excess(this.histogram.percentile(99)), maxMs: excess(this.histogram.max) }
  }
}
