/**
 * The meeting timer: `doc.getMap('timer')`, key `state`, written by the facilitator only.
 *
 * A running timer stores when it ends in server time, never a remaining time that each client
 * would count down on its own: every client computes `endsAt - serverNow`, where `serverNow` is its
 * own clock corrected by its measured offset to the server's clock. So all screens agree to within
 * the accuracy of that offset, however late they joined or however slow their device is.
 */
import type * as Y from 'yjs'

export const TIMER_MAP = 'timer'
const STATE_KEY = 'state'

export type TimerState =
  | { phase: 'idle' }
  /** `endsAt`: server time (ms since epoch) at which the countdown reaches zero. */
  | { phase: 'running'; endsAt: number; durationMs: number }
  | { phase: 'paused'; remainingMs: number; durationMs: number }

export const IDLE_TIMER: TimerState = Object.freeze({ phase: 'idle' })

/** The longest countdown the facilitator can set: a whole meeting day. */
const MAX_TIMER_MS = 12 * 60 * 60 * 1000

function isTimerState(value: unknown): value is TimerState {
  if (typeof value !== 'object' || value === null) return false
  const state = value as Record<string, unknown>
  if (state.phase === 'idle') return true
  if (typeof state.durationMs !== 'number') return false
  if (state.phase === 'running') return typeof state.endsAt === 'number'
  return state.phase === 'paused' && typeof state.remainingMs === 'number'
}

function timerMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(TIMER_MAP)
}

export function readTimer(doc: Y.Doc): TimerState {
  const value = timerMap(doc).get(STATE_KEY)
  return isTimerState(value) ? value : IDLE_TIMER
}

export function writeTimer(doc: Y.Doc, state: TimerState, origin?: unknown): void {
  doc.transact(() => timerMap(doc).set(STATE_KEY, state), origin)
}

/** Milliseconds left at server time `serverNow` (0 once over, null when idle). */
export function remainingMs(state: TimerState, serverNow: number): number | null {
  switch (state.phase) {
    case 'idle':
      return null
    case 'running':
      return Math.max(0, state.endsAt - serverNow)
    case 'paused':
      return Math.max(0, state.remainingMs)
  }
}

const clampDuration = (ms: number) => Math.min(MAX_TIMER_MS, Math.max(0, Math.round(ms)))

/** A countdown of `durationMs` starting now. */
export function startTimer(durationMs: number, serverNow: number): TimerState {
  const duration = clampDuration(durationMs)
  return { phase: 'running', endsAt: serverNow + duration, durationMs: duration }
}

/** Stops the countdown where it is. */
export function pauseTimer(state: TimerState, serverNow: number): TimerState {
  if (state.phase !== 'running') return state
  return { phase: 'paused', remainingMs: Math.max(0, state.endsAt - serverNow), durationMs: state.durationMs }
}

/** Continues a paused countdown. */
export function resumeTimer(state: TimerState, serverNow: number): TimerState {
  if (state.phase !== 'paused') return state
  return { phase: 'running', endsAt: serverNow + state.remainingMs, durationMs: state.durationMs }
}

/** Adds time; a countdown that already ended starts again with just the added time. */
export function extendTimer(state: TimerState, byMs: number, serverNow: number): TimerState {
  switch (state.phase) {
    case 'idle':
      return startTimer(byMs, serverNow)
    case 'running': {
      const endsAt = Math.max(state.endsAt, serverNow) + byMs
      return { phase: 'running', endsAt, durationMs: clampDuration(state.durationMs + byMs) }
    }
    case 'paused':
      return { ...state, remainingMs: clampDuration(state.remainingMs + byMs), durationMs: clampDuration(state.durationMs + byMs) }
  }
}

/** `m:ss` (or `h:mm:ss`) of a remaining time, rounded up so "0:00" means really over. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}
