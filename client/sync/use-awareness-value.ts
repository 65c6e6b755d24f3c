import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { jsonEqual } from '../../shared/model/json-equal'

/** Every present awareness state (client id -> state), as y-protocols keeps them. */
export type AwarenessStates = ReadonlyMap<number, Record<string, unknown>>

/**
 * A value derived from everyone's presence, re-rendering only when it changes (not on every
 * cursor move of someone else).
 */
export function useAwarenessValue<T>(awareness: Awareness, select: (states: AwarenessStates) => T): T {
  const cached = useRef<{ value: T } | null>(null)
  const selectRef = useRef(select)
  selectRef.current = select
  const subscribe = useCallback(
    (onChange: () => void) => {
      awareness.on('change', onChange)
      return () => awareness.off('change', onChange)
    },
    [awareness],
  )
  return useSyncExternalStore(subscribe, () => {
    const fresh = selectRef.current(awareness.getStates() as AwarenessStates)
    if (cached.current && jsonEqual(cached.current.value, fresh)) return cached.current.value
    cached.current = { value: fresh }
    return fresh
  })
}
