/** Messages between the generator and a server child over the IPC channel. */

/** Sent by the child once it listens. */
export interface ReadyMessage {
  type: 'ready'
  /** http:// origin the server listens on. */
  url: string
  /** Where clients open their sockets, when not at `url` (a cluster's forwarding server). */
  socketUrl?: string
  pid: number
}

/** Sent by the child in answer to a `gc` request. */
export interface MemoryMessage {
  type: 'memory'
  usage: NodeJS.MemoryUsage
}

/** Sent by the child at the end of a measurement window: its own event-loop delay during it. */
export interface WindowMessage {
  type: 'window'
  loopDelayP99Ms: number
  loopDelayMaxMs: number
}

/** Sent by the child when starting failed. */
export interface FailedMessage {
  type: 'failed'
  error: string
}

export type ChildMessage = ReadyMessage | MemoryMessage | WindowMessage | FailedMessage

/**
 * `gc`: collect garbage and report memory; `stop`: close the server and exit;
 * `window-start` / `window-end`: a measurement window begins or ends (the child measures its
 * event-loop delay in between, answers `window-end` with it, and marks its profile).
 */
export interface ParentMessage {
  type: 'gc' | 'stop' | 'window-start' | 'window-end'
}

/**
 * Set when the child runs with --cpu-prof: it then keeps `marks-<pid>.json` there with the
 * measurement windows on the profile's clock, so that start-up, forced GCs and set-up can be
 * left out of the hot list.
 */
export const PROFILE_DIR_ENV = 'BENCH_CPU_PROFILE_DIR'

/** Contents of the marks file: [start, end] pairs in µs of the monotonic clock V8 profiles use. */
export interface ProfileMarks {
  windows: [number, number][]
}
