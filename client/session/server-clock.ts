/**
 * The server's clock as seen from this device, so that countdowns and hand-raising order agree
 * across screens whatever their own clocks say. The offset is measured NTP-style: for each
 * `GET /api/time` the server's reading is taken to be the middle of the round trip, and of a few
 * samples the one with the shortest round trip wins (its error is at most half that trip).
 */
import { requestJson } from './api'

const SAMPLES = 5
/** Clocks drift and laptops sleep: measure again after this long. */
const REMEASURE_MS = 5 * 60_000

let offsetMs = 0
let measuredAt = 0
let measuring: Promise<number> | null = null
const listeners = new Set<() => void>()

async function sample(): Promise<{ offset: number; roundTrip: number }> {
  const sent = Date.now()
  const { now } = await requestJson<{ now: number }>('/api/time')
  const received = Date.now()
  return { offset: now - (sent + received) / 2, roundTrip: received - sent }
}

/** Measures the offset (again when it is old); resolves with it. Offline keeps the last one. */
export function syncServerClock(): Promise<number> {
  if (measuring) return measuring
  if (measuredAt !== 0 && Date.now() - measuredAt < REMEASURE_MS) return Promise.resolve(offsetMs)
  measuring = (async () => {
    try {
      let best: { offset: number; roundTrip: number } | null = null
      for (let i = 0; i < SAMPLES; i++) {
        const next = await sample()
        if (!best || next.roundTrip < best.roundTrip) best = next
      }
      offsetMs = best!.offset
      measuredAt = Date.now()
      for (const listener of listeners) listener()
    } catch {
      // offline: the last offset (or none) it is
    } finally {
      measuring = null
    }
    return offsetMs
  })()
  return measuring
}

/** The server's time now, as well as this device knows it. */
export function serverNow(): number {
  return Date.now() + offsetMs
}

/** Calls `listener` when a new offset was measured; returns the unsubscribe. */
export function onServerClock(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
