import type { Awareness } from 'y-protocols/awareness'
import { presentParticipants, type PresentParticipant } from '../../shared/model/participant'
import { useAwarenessValue } from './use-awareness-value'

/**
 * Everyone present now (awareness), re-rendering only when someone arrives, leaves or changes
 * their profile, not on every cursor move.
 */
export function usePresentParticipants(awareness: Awareness): PresentParticipant[] {
  return useAwarenessValue(awareness, presentParticipants)
}
