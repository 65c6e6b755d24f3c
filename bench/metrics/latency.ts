/** Percentiles of a set of latencies, in milliseconds. */
export interface LatencySummary {
  count: number
  p50: number | null
  p99: number | null
  max: number | null
}

/** Collects latency samples (ms) in a growable typed array. */
export class LatencyRecorder {
  private samples = new Float64Array(1024)
  private size = 0

  add(ms: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2)
      grown.set(this.samples)
      this.samples = grown
    }
    this.samples[this.size++] = ms
  }

  get count(): number {
    return this.size
  }

  summary(): LatencySummary {
    if (this.size === 0) return { count: 0, p50: null, p99: null, max: null }
    const sorted = this.samples.slice(0, this.size).sort()
    return {
      count: this.size,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1]!,
    }
  }
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: Float64Array, q: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}
