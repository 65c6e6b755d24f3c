import type { Awareness } from 'y-protocols/awareness'
import { type AwarenessProfile, type ParticipantProfile } from '../../shared/model/participant'
import { AWARENESS_FIELDS } from '../../shared/model/awareness'

/** The part of y-websocket's provider this needs: its connection status. */
interface ProviderEvents {
  on(event: 'status', listener: (event: { status: string }) => void): void
  off(event: 'status', listener: (event: { status: string }) => void): void
}

/**
 * Makes this session count as present with `profile` (awareness). The server records the device in
 * the board's attendance from this announcement (server/features/attendance.ts), with the role of
 * the link it connected with; the page itself writes nothing for it. Returns the function that
 * withdraws the presence.
 *
 * After a lost connection the others have marked this session gone at its last awareness clock,
 * and a state re-sent with that same clock is ignored; so on every reconnect the profile is
 * published anew, which moves the clock on and makes the person present again at once.
 */
export function publishProfile(awareness: Awareness, provider: ProviderEvents, userId: string, profile: ParticipantProfile): () => void {
  const published: AwarenessProfile = { ...profile, userId }
  const publish = () => awareness.setLocalStateField(AWARENESS_FIELDS.profile, { ...published })
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') publish()
  }
  publish()
  provider.on('status', onStatus)
  return () => {
    provider.off('status', onStatus)
    awareness.setLocalStateField(AWARENESS_FIELDS.profile, null)
  }
}
