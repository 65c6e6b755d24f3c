import type { Awareness } from 'y-protocols/awareness'
import { presentParticipants, type PresentParticipant } from '../../shared/model/participant'
import { useYjsValue } from './use-yjs-value'

/**
 * Everyone present now (awareness), re-rendering only when someone arrives, leaves or changes
 * their profile, not on every cursor move.
 */
export function usePresentParticipants(awareness: Awareness): PresentParticipant[] {
  return useYjsValue(awareness, presentParticipants)
}
