/** Sizes of the client benchmark; `--quick` shrinks them to a correctness smoke test. */
export interface ClientScale {
  quick: boolean
  /** Cards on the big board, spread evenly over the question map's five sections. */
  cards: number
  /** Cold opens measured, each in a fresh browser context (no cache, no local copy). */
  coldOpens: number
  /** Card moves the headless peer sends per second, and in how many updates (its "frames"). */
  movesPerSecond: number
  moveTicksPerSecond: number
  /** Length of the measured window of live moves. */
  moveSeconds: number
  /** Length of the second, profiled window (CPU profile and performance trace). */
  profileSeconds: number
  /** How long renders may trail the last move before a move counts as never rendered. */
  settleMs: number
  /** How long opening may take before the run gives up on it. */
  openTimeoutMs: number
  viewport: { width: number; height: number }
}

/** Issue 6: 2,000 cards; 500 card moves per second for 10 s. */
export const CLIENT_FULL: ClientScale = {
  quick: false,
  cards: 2000,
  coldOpens: 3,
  movesPerSecond: 500,
  moveTicksPerSecond: 50,
  moveSeconds: 10,
  profileSeconds: 4,
  settleMs: 5000,
  openTimeoutMs: 60_000,
  viewport: { width: 1280, height: 800 },
}

/** Correctness only: every step runs, on a board small enough to take seconds. */
export const CLIENT_QUICK: ClientScale = {
  ...CLIENT_FULL,
  quick: true,
  cards: 100,
  coldOpens: 1,
  moveSeconds: 1,
  profileSeconds: 1,
}
