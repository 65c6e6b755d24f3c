import type * as Y from 'yjs'
import { TIMER_MAP, readTimer, type TimerState } from '../../shared/model/timer'
import { useYjsValue } from '../sync/use-yjs-value'

/** The meeting's countdown as the facilitator set it (shared/model/timer.ts). */
export function useTimer(doc: Y.Doc): TimerState {
  return useYjsValue(doc, [TIMER_MAP], readTimer)
}
