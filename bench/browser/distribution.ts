/** Percentiles of a set of samples (ms). The server suite's recorder has no p95, which the client targets use. */
export interface Distribution {
  count: number
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

/** Nearest-rank percentiles of `samples`. */
export function distributionOf(samples: readonly number[]): Distribution {
  if (samples.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null }
  const sorted = Float64Array.from(samples).sort()
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]! }
}
