/**
 * What one client address may do, and why these defaults.
 *
 * - Board creation: a burst of 20, then 60 an hour (one a minute). A facilitator preparing a
 *   series of meetings, or a training room of twenty behind one city network, creates a handful
 *   at once; nobody legitimately creates more than one a minute for long. A script is held to
 *   1,440 boards a day per address instead of the ~400 a second it could create before.
 * - Sync connection attempts: a burst of 200, then 20 a second. Sixty phones on one venue Wi-Fi
 *   (one address behind NAT) open a board, its capture page and reconnects at once, each a few
 *   sockets; a reconnect storm after a Wi-Fi drop must not lock them out. A loop connecting and
 *   dropping is held to 20 a second (and no longer reloads the board each time: an empty room
 *   stays loaded for `ROOM_IDLE_MS`, see sync/rooms.ts).
 * - Join codes: 10 failed tries a minute (the burst is the same 10). A code has ~40 bits, safe
 *   only while guessing is slow: one address guessing day and night (14,400 tries a day) hits
 *   one of a thousand boards' codes once in about 160 years (31^8 ≈ 8.5 × 10^11 codes). A person mistypes a few times; a try that finds a board
 *   does not count, so sixty phones behind one venue address that type the right code are never
 *   held up. See features/access/join-code-api.ts and docs/security.md.
 */
export interface RateLimits {
  /** Boards one address may create at once, then `boardsPerIpPerHour`. */
  boardsPerIpBurst: number
  boardsPerIpPerHour: number
  /** Sync connection attempts one address may make at once, then `connectsPerIpPerSecond`. */
  connectsPerIpBurst: number
  connectsPerIpPerSecond: number
  /** Join codes one address may try and get wrong per minute (also the burst). */
  joinCodeTriesPerMinute: number
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  boardsPerIpBurst: 20,
  boardsPerIpPerHour: 60,
  connectsPerIpBurst: 200,
  connectsPerIpPerSecond: 20,
  joinCodeTriesPerMinute: 10,
}

/** `Retry-After` in whole seconds (at least 1) for a wait in milliseconds. */
export function retryAfterSeconds(waitMs: number): string {
  return String(Math.max(1, Math.ceil(waitMs / 1000)))
}
