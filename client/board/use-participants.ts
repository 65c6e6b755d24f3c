import { useSyncExternalStore } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { presentParticipants, type PresentParticipant } from '../../shared/model/participant'
import { useBoard } from './board-context'

const cache = new WeakMap<Awareness, { key: string; people: PresentParticipant[] }>()

/**
 * Everyone present now (awareness), re-rendering only when someone arrives, leaves or changes
 * their profile, not on every cursor move.
 */
function usePresentParticipantsOf(awareness: Awareness): PresentParticipant[] {
  return useSyncExternalStore(
    (onChange) => {
      awareness.on('change', onChange)
      return () => awareness.off('change', onChange)
    },
    () => {
      const people = presentParticipants(awareness.getStates() as Map<number, Record<string, unknown>>)
      const key = JSON.stringify(people)
      const cached = cache.get(awareness)
      if (cached?.key === key) return cached.people
      cache.set(awareness, { key, people })
      return people
    },
  )
}

export function usePresentParticipants(): PresentParticipant[] {
  return usePresentParticipantsOf(useBoard().awareness)
}
