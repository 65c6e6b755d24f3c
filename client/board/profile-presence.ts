import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import {
  PROFILE_AWARENESS_FIELD,
  recordParticipant,
  type AwarenessProfile,
  type ParticipantProfile,
  type Role,
} from '../../shared/model/participant'

/**
 * Makes this session count as present with `profile` (awareness) and records the person in the
 * board's participants map for the minutes. Returns the function that withdraws the presence.
 */
export function publishProfile(
  awareness: Awareness,
  doc: Y.Doc,
  userId: string,
  profile: ParticipantProfile,
  role: Role,
): () => void {
  const published: AwarenessProfile = { ...profile, userId }
  awareness.setLocalStateField(PROFILE_AWARENESS_FIELD, published)
  recordParticipant(doc, userId, profile, role)
  return () => awareness.setLocalStateField(PROFILE_AWARENESS_FIELD, null)
}
