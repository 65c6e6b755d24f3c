/** Sizes and durations of every workload; `--quick` shrinks them to a correctness smoke test. */
export interface Scale {
  quick: boolean
  /** Load before the measurement window starts. */
  warmupMs: number
  /** Length of a measurement window. */
  windowMs: number
  /** How long observers may take to catch up after the load stops. */
  settleTimeoutMs: number
  /** A point (one attempt, one ramp step) still running after this long is abandoned as timed out. */
  pointTimeLimitMs: number
  /** How often a point is measured again when other processes disturbed the server's core. */
  noiseRetries: number
  w1Clients: number[]
  w1EditsPerSecond: number
  w1CursorHz: number
  w2Clients: number
  /** Of the W2 clients, how many observe (the rest are passive members, see README). */
  w2Observers: number
  /** Per-client edit rates of the ramp, stepped up until p99 reaches the limit. */
  w2Rates: number[]
  w2P99LimitMs: number
  w3Rooms: number
  w3ClientsPerRoom: number
  w3EditsPerSecond: number
  w4Joiners: number
  w4BoardBytes: number
  w4JoinSpreadMs: number
  w4OtherRoomClients: number
  w5Clients: number
  w5Shapes: number
  w5Moves: number
  w5Writers: number
  w5MovesPerSecondPerWriter: number
}

/** The full suite: well under 30 minutes for three servers on two cores. */
export const FULL: Scale = {
  quick: false,
  warmupMs: 3000,
  windowMs: 10_000,
  settleTimeoutMs: 30_000,
  // Several times the longest point seen on a loaded machine (W4 and W5's stored size, ~1 min).
  pointTimeLimitMs: 300_000,
  noiseRetries: 1,
  w1Clients: [25, 50, 100, 150],
  w1EditsPerSecond: 2,
  w1CursorHz: 10,
  w2Clients: 100,
  w2Observers: 5,
  w2Rates: [1, 2, 4, 6, 8, 12, 16, 20, 24, 32, 48, 64, 96],
  w2P99LimitMs: 50,
  w3Rooms: 200,
  w3ClientsPerRoom: 8,
  w3EditsPerSecond: 1,
  w4Joiners: 100,
  w4BoardBytes: 5 * 1024 * 1024,
  w4JoinSpreadMs: 1000,
  w4OtherRoomClients: 10,
  w5Clients: 100,
  w5Shapes: 100,
  w5Moves: 10_000,
  w5Writers: 10,
  w5MovesPerSecondPerWriter: 50,
}

/** Every workload tiny: checks correctness against all servers in well under two minutes. */
export const QUICK: Scale = {
  quick: true,
  warmupMs: 300,
  windowMs: 1000,
  settleTimeoutMs: 10_000,
  pointTimeLimitMs: 120_000,
  noiseRetries: 0,
  w1Clients: [4],
  w1EditsPerSecond: 2,
  w1CursorHz: 10,
  w2Clients: 5,
  w2Observers: 3,
  w2Rates: [2, 8],
  w2P99LimitMs: 50,
  w3Rooms: 4,
  w3ClientsPerRoom: 3,
  w3EditsPerSecond: 2,
  w4Joiners: 5,
  w4BoardBytes: 200 * 1024,
  w4JoinSpreadMs: 200,
  w4OtherRoomClients: 3,
  w5Clients: 4,
  w5Shapes: 10,
  w5Moves: 200,
  w5Writers: 2,
  w5MovesPerSecondPerWriter: 100,
}
