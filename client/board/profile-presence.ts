import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import {
  PROFILE_AWARENESS_FIELD,
  recordParticipant,
  type AwarenessProfile,
  type ParticipantProfile,
  type Role,
} from '../../shared/model/participant'

/** The part of y-websocket's provider this needs: its connection status events. */
interface StatusSource {
  on(event: 'status', listener: (event: { status: string }) => void): void
  off(event: 'status', listener: (event: { status: string }) => void): void
}

/**
 * Makes this session count as present with `profile` (awareness) and records the person in the
 * board's participants map for the minutes. Returns the function that withdraws the presence.
 *
 * After a lost connection the others have marked this session gone at its last awareness clock,
 * and a state re-sent with that same clock is ignored; so on every reconnect the profile is
 * published anew, which moves the clock on and makes the person present again at once.
 */
export function publishProfile(
  awareness: Awareness,
  doc: Y.Doc,
  provider: StatusSource,
  userId: string,
  profile: ParticipantProfile,
  role: Role,
): () => void {
  const published: AwarenessProfile = { ...profile, userId }
  const publish = () => awareness.setLocalStateField(PROFILE_AWARENESS_FIELD, { ...published })
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') publish()
  }
  publish()
  provider.on('status', onStatus)
  recordParticipant(doc, userId, profile, role)
  return () => {
    provider.off('status', onStatus)
    awareness.setLocalStateField(PROFILE_AWARENESS_FIELD, null)
  }
}
